// The recommendation engine's signal diagnostics on hand-built histories: creative fatigue,
// audience saturation, bid-strategy fit, day of week, anomalies and the A/B tests to run next.
// Expected figures are computed from the constructed days (sums over the stated periods), not
// read back from the engine. Absence on a healthy history is in recommendations_test.cpp
// (HealthyHistory, one case per kind); the near-misses here show what each rule does not fire on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "optimize/campaign_builder.h"
#include "optimize/recommendation_helpers.h"
#include "optimize/recommendations.h"

using optimize::CampaignDay;
using optimize::CampaignHistory;
using optimize::CampaignMetric;
using optimize::CheckOutcome;
using optimize::RecommendationKind;
using namespace optimize_test;

namespace {

constexpr int kWindowStart = kHistoryDays - 28;  // index of the window's first day

struct Sums {
  double impressions = 0, clicks = 0, spend = 0, conversions = 0, frequency = 0, reach = 0;
  int days = 0;
};

// Sums over days [from, to) of the history (indices).
Sums sums(const CampaignHistory& c, int from, int to) {
  Sums s;
  for (int i = from; i < to; ++i) {
    const CampaignDay& d = c.days[static_cast<std::size_t>(i)];
    s.impressions += d.impressions;
    s.clicks += d.clicks;
    s.spend += d.spend;
    s.conversions += d.conversions;
    s.frequency += d.frequency.value_or(0);
    s.reach += d.reach.value_or(0);
    s.days += 1;
  }
  return s;
}

// A Meta campaign whose CTR falls 1.5% a day through the window (≈ −10% a week) while its
// daily frequency climbs from 1.5 to 2.5; spend and CPM steady, 5% of clicks convert.
CampaignHistory tiring_creative(bool frequency_rises = true) {
  auto w = std::make_shared<Wobble>(5, 0.02);
  CampaignHistory c = campaign("tired", kHistoryDays, [=](int i) {
    const int t = std::max(0, i - kWindowStart);
    CampaignDay d;
    d.spend = 300 * (*w)();
    d.impressions = d.spend / 300 * 20000;
    d.clicks = d.impressions * 0.02 * std::exp(-0.015 * t) * (*w)();
    d.conversions = d.clicks * 0.05;
    d.frequency = (frequency_rises ? 1.5 + t / 27.0 : 1.5) * (*w)();
    d.reach = d.impressions / *d.frequency;
    return d;
  });
  c.platform = core::Platform::meta_ads;
  return c;
}

// A Meta campaign whose audience runs out through the window: daily frequency 2 → 3, CPM
// 10 → 14, so reach falls; CTR and conversion rate steady.
CampaignHistory saturating_audience(double cpm_rise = 0.4) {
  auto w = std::make_shared<Wobble>(9, 0.02);
  CampaignHistory c = campaign("saturated", kHistoryDays, [=](int i) {
    const double t = std::max(0, i - kWindowStart) / 27.0;
    CampaignDay d;
    d.spend = 200 * (*w)();
    d.impressions = d.spend * 1000 / (10 * (1 + cpm_rise * t) * (*w)());
    d.clicks = d.impressions * 0.015 * (*w)();
    d.conversions = d.clicks * 0.05;
    d.frequency = (2 + t) * (*w)();
    d.reach = d.impressions / *d.frequency;
    return d;
  });
  c.platform = core::Platform::meta_ads;
  return c;
}

CampaignHistory with_strategy(CampaignHistory c, core::Platform platform, std::string strategy) {
  c.platform = platform;
  c.bid_strategy = std::move(strategy);
  return c;
}

}  // namespace

TEST(CreativeFatigue, FallingCtrWithRisingFrequencyAsksForNewCreatives) {
  const CampaignHistory c = tiring_creative();
  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::creative_fatigue);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->changes[0].field, "creative");
  const Sums first = sums(c, kWindowStart, kWindowStart + 7),
             last = sums(c, kHistoryDays - 7, kHistoryDays);
  const auto* ctr = evidence(*r, "ctr");
  EXPECT_DOUBLE_EQ(*ctr->value, last.clicks / last.impressions);
  EXPECT_DOUBLE_EQ(*ctr->comparison, first.clicks / first.impressions);
  EXPECT_EQ(ctr->period.first, kToday - 7);
  EXPECT_EQ(ctr->comparison_period->first, kToday - 28);
  EXPECT_NEAR(*evidence(*r, "ctr_trend_per_week")->value, std::expm1(-0.105), 0.01);
  EXPECT_NEAR(*evidence(*r, "frequency")->value, last.frequency / 7, 1e-12);
  EXPECT_NEAR(*evidence(*r, "frequency")->comparison, first.frequency / 7, 1e-12);
  // Half of the CTR lost since the first week comes back on the next 28 days' impressions.
  const Sums window = sums(c, kWindowStart, kHistoryDays);
  const double full = last.impressions / 7 * 28 *
                      (first.clicks / first.impressions - last.clicks / last.impressions) *
                      (window.conversions / window.clicks);
  const auto* conversions = impact(*r, CampaignMetric::conversions);
  EXPECT_NEAR(conversions->change, full / 2, 1e-9);
  EXPECT_DOUBLE_EQ(*conversions->low, 0);
  EXPECT_NEAR(*conversions->high, full, 1e-9);
  // Not saturation: CPM is steady.
  EXPECT_TRUE(of_kind(report, RecommendationKind::audience_saturation).empty());
}

TEST(CreativeFatigue, FallingCtrWithoutRisingFrequencyIsNotFatigue) {
  const auto report = optimize::analyse({tiring_creative(false)}, options());
  EXPECT_TRUE(of_kind(report, RecommendationKind::creative_fatigue).empty());
  EXPECT_EQ(check(report, "tired", RecommendationKind::creative_fatigue)->outcome,
            CheckOutcome::passed);
}

TEST(AudienceSaturation, HighFrequencyRisingCpmAndFlatReachAskToBroadenTheAudience) {
  const CampaignHistory c = saturating_audience();
  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::audience_saturation);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->changes[0].field, "audience");
  const Sums first = sums(c, kWindowStart, kWindowStart + 7),
             last = sums(c, kHistoryDays - 7, kHistoryDays);
  const double cpm_first = 1000 * first.spend / first.impressions,
               cpm_last = 1000 * last.spend / last.impressions;
  EXPECT_NEAR(*evidence(*r, "cpm")->value, cpm_last, 1e-9);
  EXPECT_NEAR(*evidence(*r, "cpm")->comparison, cpm_first, 1e-9);
  EXPECT_NEAR(*evidence(*r, "frequency")->value, last.frequency / 7, 1e-12);
  EXPECT_DOUBLE_EQ(*evidence(*r, "frequency")->comparison, 2.0);
  EXPECT_LT(*evidence(*r, "reach")->value, *evidence(*r, "reach")->comparison);
  const Sums window = sums(c, kWindowStart, kHistoryDays);
  const double full = last.spend / 7 * 28 * 1000 * (1 / cpm_first - 1 / cpm_last) *
                      (window.conversions / window.impressions);
  EXPECT_NEAR(impact(*r, CampaignMetric::conversions)->change, full / 2, 1e-9);
  // Not fatigue: CTR is steady although frequency rises.
  EXPECT_TRUE(of_kind(report, RecommendationKind::creative_fatigue).empty());
}

TEST(AudienceSaturation, HighFrequencyAtASteadyCpmIsNotSaturation) {
  const auto report = optimize::analyse({saturating_audience(0.0)}, options());
  EXPECT_TRUE(of_kind(report, RecommendationKind::audience_saturation).empty());
  EXPECT_EQ(check(report, "saturated", RecommendationKind::audience_saturation)->outcome,
            CheckOutcome::passed);
}

TEST(BidStrategyFit, TargetCpaWithTooFewConversionsSwitchesToMaximizeConversions) {
  const auto c =
      with_strategy(constant("thin", 50, 20 / 30.0), core::Platform::google_ads, "TARGET_CPA");
  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::bid_strategy_fit);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->changes[0].field, "bid_strategy");
  EXPECT_EQ(r->changes[0].from_text, "TARGET_CPA");
  EXPECT_EQ(r->changes[0].to_text, "maximize_conversions");
  EXPECT_NEAR(*evidence(*r, "conversions")->value, 20, 1e-9);
  EXPECT_DOUBLE_EQ(*evidence(*r, "conversions")->comparison, 30);
  EXPECT_EQ(evidence(*r, "conversions")->period.first, kToday - 30);
  // P(X <= 20 | 30) = 0.03532: the true rate is very likely below 30.
  EXPECT_NEAR(r->confidence, (1 - 0.035328) * 0.8, 1e-4);
}

TEST(BidStrategyFit, LearningLimitedMetaCampaignRaisesTheBudgetToFiftyAWeek) {
  auto c = with_strategy(constant("learning", 100, 6), core::Platform::meta_ads, "");
  c.daily_budget = 100;
  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::bid_strategy_fit);
  ASSERT_NE(r, nullptr);
  // y(s) = 50/7 a day on the prior through (100, 6): s = (50/7) K 100 / (6 (1 + K) − 50/7)
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 129.63);
  EXPECT_NEAR(*evidence(*r, "conversions")->value, 180, 1e-9);
  EXPECT_NEAR(*evidence(*r, "conversions")->comparison, 50 * 30 / 7.0, 1e-9);
  EXPECT_NEAR(impact(*r, CampaignMetric::conversions)->expected, 200, 0.01);  // 50 a week
}

TEST(BidStrategyFit, LearningLimitedBeyondTheBudgetStepChangesTheOptimisationEvent) {
  auto c = with_strategy(constant("starved", 100, 4), core::Platform::meta_ads, "");
  const auto report = optimize::analyse({c}, options());
  const auto* r = only(report, RecommendationKind::bid_strategy_fit);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->changes[0].field, "optimization_event");  // 269.23 a day needed, > +50%
}

TEST(BidStrategyFit, ManualBiddingWithVolumeTriesTargetCpaAtTheCurrentCpa) {
  const auto c =
      with_strategy(constant("manual", 100, 2), core::Platform::google_ads, "Manual CPC");
  const auto report = optimize::analyse({c}, options());
  const auto* r = only(report, RecommendationKind::bid_strategy_fit);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->changes[0].to_text, "target_cpa");
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 50);
}

TEST(BidStrategyFit, TargetCpaWithEnoughConversionsFits) {
  const auto c = with_strategy(constant("fits", 100, 2), core::Platform::google_ads, "target_cpa");
  const auto report = optimize::analyse({c}, options());
  EXPECT_TRUE(of_kind(report, RecommendationKind::bid_strategy_fit).empty());
  EXPECT_EQ(check(report, "fits", RecommendationKind::bid_strategy_fit)->outcome,
            CheckOutcome::passed);
}

TEST(DayOfWeek, AWeekdayThatConvertsAQuarterAsWellGetsALowerBid) {
  // 100 a day; Mondays 1 conversion, other days 4: over 8 weeks 8 against 28.57 expected.
  const auto c = campaign("weekday", kHistoryDays, [](int i) {
    CampaignDay d;
    d.spend = 100;
    d.impressions = 5000;
    d.clicks = 150;
    d.conversions = core::iso_weekday(kToday - (kHistoryDays - i)) == 1 ? 1 : 4;
    return d;
  });
  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::day_of_week);
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->changes.size(), 1u);
  EXPECT_EQ(r->changes[0].field, "bid_adjustment.monday");
  EXPECT_DOUBLE_EQ(*r->changes[0].from, 0);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, -50);  // rate ratio 0.25, clamped to −50%
  EXPECT_DOUBLE_EQ(*evidence(*r, "cpa.monday")->value, 100);
  EXPECT_DOUBLE_EQ(*evidence(*r, "cpa.monday")->comparison, 25);
  EXPECT_NEAR(*evidence(*r, "conversions.monday")->comparison, 200 / 7.0, 1e-12);
  EXPECT_EQ(evidence(*r, "cpa.monday")->period.first, kToday - 56);
  // Half of the horizon's 400 of Monday spend moves to days converting 0.04 instead of 0.01.
  const auto& gain = r->impacts.front();
  EXPECT_NEAR(gain.change, 200 * (0.04 - 0.01), 1e-12);
  // Byar's 95% interval for 8 events: [3.4446, 15.764].
  const double z = 1.959964;
  const double low8 = 8 * std::pow(1 - 1 / 72.0 - z / (3 * std::sqrt(8.0)), 3);
  const double high8 = 9 * std::pow(1 - 1 / 81.0 + z / 9, 3);
  EXPECT_NEAR(*gain.low, 200 * (0.04 - high8 / 800), 1e-5);
  EXPECT_NEAR(*gain.high, 200 * (0.04 - low8 / 800), 1e-5);
}

TEST(DayOfWeek, EvenWeekdaysAreLeftAlone) {
  const auto report = optimize::analyse({constant("even", 100, 4)}, options());
  EXPECT_TRUE(of_kind(report, RecommendationKind::day_of_week).empty());
  EXPECT_EQ(check(report, "even", RecommendationKind::day_of_week)->outcome, CheckOutcome::passed);
}

TEST(Anomaly, ASpendSpikeYesterdayAsksForAReviewWithTheDayAndItsExpectation) {
  CampaignHistory c = healthy_search();
  const double normal = c.days.back().spend;
  c.days.back().spend = 3 * normal;
  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::anomaly);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->changes[0].field, "review");
  EXPECT_THAT(r->changes[0].to_text, testing::HasSubstr("budget and bid changes"));
  const auto* spend = evidence(*r, "spend");
  EXPECT_DOUBLE_EQ(*spend->value, 3 * normal);
  EXPECT_EQ(spend->period.first, kToday - 1);
  EXPECT_NEAR(*spend->comparison, 97, 97 * 0.05);
  EXPECT_THAT(r->title, testing::StartsWith("Anomaly: spend up"));
  EXPECT_THAT(r->title, testing::EndsWith("on 2024-06-02"));
  const auto* observed = impact(*r, CampaignMetric::spend);
  EXPECT_DOUBLE_EQ(observed->expected, 3 * normal);
  EXPECT_EQ(observed->horizon_days, 0);
  EXPECT_NEAR(r->value_at_stake - 2 * normal, 0, 97 * 0.1);  // the excess spend, and CPC's share
}

TEST(AbTest, CreativeFatigueProposesACreativeTestSizedToTheTraffic) {
  const CampaignHistory c = tiring_creative();
  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::ab_test);
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->test.has_value());
  const auto& plan = *r->test;
  EXPECT_EQ(plan.primary_metric, CampaignMetric::ctr);
  EXPECT_EQ(plan.unit, "impressions");
  const Sums window = sums(c, kWindowStart, kHistoryDays);
  const double p1 = window.clicks / window.impressions, p2 = p1 * 1.2;
  const double z = 1.959964 + 0.841621;  // two-sided 5%, power 80%
  const double n = std::ceil(z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / ((p2 - p1) * (p2 - p1)));
  EXPECT_NEAR(plan.baseline, p1, 1e-15);
  EXPECT_NEAR(plan.sample_per_arm, n, 1);  // z to six digits
  EXPECT_EQ(plan.days_needed,
            static_cast<int>(std::ceil(2 * plan.sample_per_arm / (window.impressions / 28))));
  EXPECT_EQ(r->changes[0].field, "experiment");
  EXPECT_THAT(r->changes[0].to_text, testing::HasSubstr("new creatives vs current, 50/50"));
}

TEST(AbTest, ATestTooSlowForTheTrafficIsNotProposed) {
  auto o = options();
  o.target_cpa = 50;
  const auto report = optimize::analyse({constant("costly", 570, 10)}, o);
  EXPECT_TRUE(of_kind(report, RecommendationKind::ab_test).empty());
  const auto* k = check(report, "costly", RecommendationKind::ab_test);
  EXPECT_EQ(k->outcome, CheckOutcome::skipped);
  EXPECT_THAT(k->detail, testing::HasSubstr("landing page or offer variant would need"));
}
