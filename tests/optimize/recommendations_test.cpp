// The recommendation engine on hand-built histories: budget pacing, CPA and ROAS against
// target, reallocation, ranking, the healthy baseline and the options. The signal-type
// diagnostics (fatigue, bidding, saturation, weekdays, anomalies, tests) are in
// recommendations_signals_test.cpp. Figures are hand-computed from the documented models:
// the response-curve prior y(s) = c0 (1 + K) s / (K s0 + s), K = e / (1 − e) (K = 7/3 at 0.7).
#include "optimize/recommendations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "budget/allocator.h"
#include "optimize/campaign_builder.h"
#include "optimize/recommendation_helpers.h"

using optimize::CampaignMetric;
using optimize::CheckOutcome;
using optimize::RecommendationKind;
using namespace optimize_test;

namespace {

constexpr double K = 7.0 / 3.0;  // elasticity 0.7

// The documented prior through (s0, c0) at elasticity e, evaluated at s.
double prior(double s0, double c0, double s, double e = 0.7) {
  const double k = e / (1 - e);
  return c0 * (1 + k) * s / (k * s0 + s);
}

// P(X <= k) for a Poisson mean, summed term by term: an independent check of the engine's tail.
double poisson_cdf_by_sum(int k, double lambda) {
  double sum = 0;
  for (int i = 0; i <= k; ++i)
    sum += std::exp(i * std::log(lambda) - lambda - std::lgamma(i + 1.0));
  return sum;
}

}  // namespace

TEST(BudgetPacing, OverspendingADailyBudgetLowersItSoSpendReturnsToPlan) {
  auto c = constant("over", 125, 2.5);
  c.daily_budget = 100;

  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::budget_pacing);
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->changes.size(), 1u);
  EXPECT_EQ(r->changes[0].field, "daily_budget");
  EXPECT_DOUBLE_EQ(*r->changes[0].from, 100);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 80);  // 100 · 100 / 125
  EXPECT_EQ(r->changes[0].description, "lower the daily budget from 100.00 to 80.00");
  const auto* spend = evidence(*r, "mean_daily_spend");
  EXPECT_DOUBLE_EQ(*spend->value, 125);
  EXPECT_DOUBLE_EQ(*spend->comparison, 100);
  EXPECT_EQ(spend->period.first, kToday - 28);
  EXPECT_EQ(spend->period.last, kToday - 1);
  EXPECT_DOUBLE_EQ(*evidence(*r, "share_of_days_over_budget")->value, 1);
  const auto& primary = r->impacts.front();
  EXPECT_EQ(primary.metric, CampaignMetric::spend);
  EXPECT_DOUBLE_EQ(primary.change, -700);  // (80 would spend 100) − 125, for 28 days
  EXPECT_NEAR(impact(*r, CampaignMetric::conversions)->expected, prior(125, 2.5, 100) * 28, 1e-9);
  EXPECT_DOUBLE_EQ(r->value_at_stake, 70);  // unmodelled share 10% of 700
  EXPECT_DOUBLE_EQ(r->confidence, 1);
  EXPECT_EQ(check(report, "over", RecommendationKind::budget_pacing)->outcome,
            CheckOutcome::triggered);
}

TEST(BudgetPacing, UnderDeliveryReleasesTheBudgetItCannotSpend) {
  auto c = constant("under", 60, 1.2);
  c.daily_budget = 100;

  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::budget_pacing);
  ASSERT_NE(r, nullptr);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 66);  // spend plus 10% headroom
  EXPECT_EQ(r->impacts.front().metric, CampaignMetric::budget);
  EXPECT_DOUBLE_EQ(r->impacts.front().baseline, 2800);
  EXPECT_DOUBLE_EQ(r->impacts.front().expected, 1848);
  EXPECT_DOUBLE_EQ(*evidence(*r, "share_of_days_under_budget")->value, 1);
}

TEST(BudgetPacing, UnderPacingALifetimeBudgetRaisesSpendToLandOnItByTheEndDate) {
  auto c = constant("flight", 100, 2, 40);
  c.lifetime_budget = 10000;
  c.start_date = kToday - 40;
  c.end_date = kToday + 19;  // 20 days left, today included

  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::budget_pacing);
  ASSERT_NE(r, nullptr);
  EXPECT_DOUBLE_EQ(*r->changes[0].from, 100);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 300);  // (10000 − 4000) / 20
  EXPECT_DOUBLE_EQ(*evidence(*r, "projected_spend")->value, 6000);
  EXPECT_DOUBLE_EQ(*evidence(*r, "projected_spend")->comparison, 10000);
  EXPECT_DOUBLE_EQ(*evidence(*r, "spend_to_date")->value, 4000);
  const auto* conversions = impact(*r, CampaignMetric::conversions);
  EXPECT_EQ(conversions->horizon_days, 20);
  EXPECT_NEAR(conversions->baseline, 40, 1e-9);
  EXPECT_NEAR(conversions->change, 35, 1e-9);  // 20 · (3.75 − 2)
  EXPECT_NEAR(*conversions->low, 20, 1e-9);    // elasticity 0.5: y(300) = 3
  EXPECT_NEAR(*conversions->high, 60, 1e-9);   // elasticity 0.9: y(300) = 5
  EXPECT_DOUBLE_EQ(impact(*r, CampaignMetric::spend)->expected, 6000);
}

TEST(BudgetPacing, OverPacingSpreadsTheRestOverTheFlightInsteadOfRunningOutEarly) {
  auto c = constant("fast", 300, 3, 40);
  c.lifetime_budget = 15000;
  c.start_date = kToday - 40;
  c.end_date = kToday + 19;

  const auto report = optimize::analyse({c}, options());

  const auto* r = only(report, RecommendationKind::budget_pacing);
  ASSERT_NE(r, nullptr);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 150);  // 3000 left over 20 days
  // At 300 a day the 3000 last 10 days; at 150 all 20, and the curve is concave.
  const auto* conversions = impact(*r, CampaignMetric::conversions);
  EXPECT_NEAR(conversions->baseline, 30, 1e-9);
  EXPECT_NEAR(conversions->expected, prior(300, 3, 150) * 20, 1e-9);
  EXPECT_GT(conversions->change, 5);
}

TEST(BudgetPacing, IsAbsentWhenSpendIsWithinTheTolerance) {
  const auto report = optimize::analyse({healthy_search()}, options());
  EXPECT_TRUE(of_kind(report, RecommendationKind::budget_pacing).empty());
  EXPECT_EQ(check(report, "search", RecommendationKind::budget_pacing)->outcome,
            CheckOutcome::passed);
}

TEST(CpaVsTarget, OverTargetCutsSpendToWhereTheAverageCpaMeetsIt) {
  auto o = options();
  o.target_cpa = 50;

  const auto report = optimize::analyse({constant("costly", 570, 10)}, o);

  const auto* r = only(report, RecommendationKind::cpa_vs_target);
  ASSERT_NE(r, nullptr);
  // CPA(s) = (K s0 + s) / (c0 (1 + K)) = 50  ⇒  s = 50 · 10 · 10/3 − 7/3 · 570 = 336.67
  EXPECT_DOUBLE_EQ(*r->changes[0].from, 570);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 336.67);
  EXPECT_DOUBLE_EQ(*evidence(*r, "cpa")->value, 57);
  EXPECT_DOUBLE_EQ(*evidence(*r, "cpa")->comparison, 50);
  EXPECT_DOUBLE_EQ(*evidence(*r, "conversions")->value, 280);
  EXPECT_DOUBLE_EQ(*evidence(*r, "conversions")->comparison, 319.2);  // 15960 / 50
  EXPECT_EQ(r->impacts.front().metric, CampaignMetric::cpa);
  EXPECT_DOUBLE_EQ(r->impacts.front().baseline, 57);
  EXPECT_NEAR(r->impacts.front().expected, 50, 1e-3);
  const double conversions_after = prior(570, 10, 336.67) * 28;
  EXPECT_NEAR(impact(*r, CampaignMetric::conversions)->expected, conversions_after, 1e-9);
  EXPECT_NEAR(r->value_at_stake, (570 - 336.67) * 28 - (280 - conversions_after) * 50, 1e-6);
  const double p = poisson_cdf_by_sum(280, 319.2);
  EXPECT_LT(p, 0.05);
  EXPECT_NEAR(r->confidence, (1 - p) * 0.8, 1e-9);
}

TEST(CpaVsTarget, WellUnderTargetAndBudgetLimitedRaisesTheBudgetByAtMostHalf) {
  auto c = constant("cheap", 100, 100 / 35.0);
  c.daily_budget = 100;
  auto o = options();
  o.target_cpa = 50;

  const auto report = optimize::analyse({c}, o);

  const auto* r = only(report, RecommendationKind::cpa_vs_target);
  ASSERT_NE(r, nullptr);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 150);  // 242.86 wanted, capped at +50%
  EXPECT_EQ(r->impacts.front().metric, CampaignMetric::conversions);
  EXPECT_NEAR(r->impacts.front().expected, prior(100, 100 / 35.0, 150) * 28, 1e-9);
  EXPECT_THAT(r->explanation, testing::HasSubstr("largest step allowed"));
}

TEST(CpaVsTarget, WellUnderTargetButNotSpendingItsBudgetIsNotRaised) {
  auto c = constant("idle", 100, 100 / 35.0);
  c.daily_budget = 200;
  auto o = options();
  o.target_cpa = 50;

  const auto report = optimize::analyse({c}, o);

  EXPECT_TRUE(of_kind(report, RecommendationKind::cpa_vs_target).empty());
  EXPECT_EQ(check(report, "idle", RecommendationKind::cpa_vs_target)->outcome,
            CheckOutcome::passed);
}

TEST(RoasVsTarget, UnderTargetCutsSpendToWhereTheAverageRoasMeetsIt) {
  auto c = campaign("low-roas", kHistoryDays, [](int) {
    optimize::CampaignDay d;
    d.spend = 570;
    d.impressions = 30000;
    d.clicks = 900;
    d.conversions = 10;
    d.conversion_value = 2000;
    return d;
  });
  auto o = options();
  o.target_roas = 4;

  const auto report = optimize::analyse({c}, o);

  const auto* r = only(report, RecommendationKind::roas_vs_target);
  ASSERT_NE(r, nullptr);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 336.67);  // 0.25 · 2000 · 10/3 − 7/3 · 570
  EXPECT_NEAR(*evidence(*r, "roas")->value, 2000 / 570.0, 1e-12);
  EXPECT_DOUBLE_EQ(*evidence(*r, "roas")->comparison, 4);
  EXPECT_EQ(r->impacts.front().metric, CampaignMetric::roas);
  EXPECT_NEAR(r->impacts.front().expected, 4, 1e-3);
  EXPECT_NEAR(impact(*r, CampaignMetric::conversion_value)->expected, prior(570, 2000, 336.67) * 28,
              1e-6);
}

TEST(TargetChecks, AreAbsentOnTargetAndSkippedWithoutATarget) {
  auto o = options();
  o.target_cpa = 50;
  o.target_roas = 4;
  const auto on_target = optimize::analyse({healthy_search()}, o);
  EXPECT_TRUE(of_kind(on_target, RecommendationKind::cpa_vs_target).empty());
  EXPECT_TRUE(of_kind(on_target, RecommendationKind::roas_vs_target).empty());
  EXPECT_EQ(check(on_target, "search", RecommendationKind::cpa_vs_target)->outcome,
            CheckOutcome::passed);
  EXPECT_EQ(check(on_target, "search", RecommendationKind::roas_vs_target)->outcome,
            CheckOutcome::passed);

  const auto no_target = optimize::analyse({constant("costly", 570, 10)}, options());
  EXPECT_EQ(check(no_target, "costly", RecommendationKind::cpa_vs_target)->outcome,
            CheckOutcome::skipped);
}

TEST(BudgetReallocation, MovesBudgetToTheCampaignWithTheHigherMarginalReturn) {
  // Same spend; B converts twice as well, so its marginal return 0.7 · 4 / 100 is twice A's.
  const auto report = optimize::analyse({constant("a", 100, 2), constant("b", 100, 4)}, options());

  const auto* r = only(report, RecommendationKind::budget_reallocation);
  ASSERT_NE(r, nullptr);
  EXPECT_THAT(r->campaign_ids, testing::ElementsAre("a", "b"));
  ASSERT_EQ(r->changes.size(), 2u);
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 50);   // down to its one-step floor
  EXPECT_DOUBLE_EQ(*r->changes[1].to, 150);  // up to its one-step ceiling
  // The equal-marginal point (A at 42.81) is below A's floor, so both bounds bind.
  const double gain_per_day = prior(100, 2, 50) + prior(100, 4, 150) - 6;
  const auto& primary = r->impacts.front();
  EXPECT_EQ(primary.metric, CampaignMetric::conversions);
  EXPECT_NEAR(primary.change, gain_per_day * 28, 1e-6);
  EXPECT_NEAR(*primary.low, (prior(100, 2, 50, 0.5) + prior(100, 4, 150, 0.5) - 6) * 28, 1e-6);
  EXPECT_NEAR(*primary.high, (prior(100, 2, 50, 0.9) + prior(100, 4, 150, 0.9) - 6) * 28, 1e-6);
  EXPECT_NEAR(*evidence(*r, "marginal_cpa")->value, 100 / (0.7 * 2), 1e-6);  // A's, listed first
}

TEST(BudgetReallocation, ExpectedGainIsTheAllocatorsOutcomeGain) {
  const auto report = optimize::analyse(
      {constant("a", 120, 2), constant("b", 80, 3), constant("c", 150, 2.5)}, options());
  const auto* r = only(report, RecommendationKind::budget_reallocation);
  ASSERT_NE(r, nullptr);

  // The allocator called directly on the documented curves.
  std::vector<budget::Channel> channels;
  for (auto [name, s0, c0] : {std::tuple{"a", 120.0, 2.0}, {"b", 80.0, 3.0}, {"c", 150.0, 2.5}}) {
    budget::Channel ch;
    ch.name = name;
    ch.curve.adstock.alpha = 0;
    ch.curve.adstock.window = 1;
    ch.curve.saturation.half_saturation = K;
    ch.curve.scale = s0;
    ch.curve.beta = c0 * (1 + K);
    ch.current = s0;
    ch.lower_multiple = 0.5;
    ch.upper_multiple = 1.5;
    channels.push_back(ch);
  }
  budget::AllocationOptions ao;
  ao.budget = 350;
  const auto plan = budget::allocate(channels, ao);
  ASSERT_TRUE(plan.improved);
  EXPECT_NEAR(r->impacts.front().change, plan.outcome_gain * 28, 1e-9);
  EXPECT_NEAR(r->impacts.front().baseline, plan.reference.outcome * 28, 1e-9);
  // The cheapest campaign (b, CPA 26.67) receives, the dearest (c, CPA 60) gives.
  for (const auto& change : r->changes) {
    if (change.campaign_id == "b") {
      EXPECT_GT(*change.to, *change.from);
    }
    if (change.campaign_id == "c") {
      EXPECT_LT(*change.to, *change.from);
    }
  }
}

TEST(BudgetReallocation, SplitsAGivenTotalDailyBudget) {
  auto o = options();
  o.total_daily_budget = 250;

  const auto report = optimize::analyse({constant("a", 100, 2), constant("b", 100, 4)}, o);

  const auto* r = only(report, RecommendationKind::budget_reallocation);
  ASSERT_NE(r, nullptr);
  // The reference is the current split scaled to 250 (125 each); the optimum puts b at its
  // ceiling of 150 and leaves a at 100, unchanged and so not listed.
  ASSERT_EQ(r->changes.size(), 1u);
  EXPECT_EQ(r->changes[0].campaign_id, "b");
  EXPECT_DOUBLE_EQ(*r->changes[0].to, 150);
  const double reference = prior(100, 2, 125) + prior(100, 4, 125);
  EXPECT_NEAR(r->impacts.front().baseline, reference * 28, 1e-6);
  EXPECT_NEAR(r->impacts.front().change, (prior(100, 2, 100) + prior(100, 4, 150) - reference) * 28,
              1e-6);
  EXPECT_THAT(r->explanation, testing::HasSubstr("at a total of 250.00 a day"));
}

TEST(BudgetReallocation, KeepsEachClientsBudgetWithinTheClient) {
  auto o = options();
  o.total_daily_budget = 250;
  auto other = constant("c", 100, 4);
  other.client_id = "client-2";

  const auto report = optimize::analyse({constant("a", 100, 2), constant("b", 100, 4), other}, o);

  const auto* r = only(report, RecommendationKind::budget_reallocation);
  ASSERT_NE(r, nullptr);
  EXPECT_THAT(r->campaign_ids, testing::ElementsAre("a", "b"));
  EXPECT_THAT(report.notes, testing::Contains(testing::StartsWith("total_daily_budget ignored")));
  EXPECT_EQ(check(report, "c", RecommendationKind::budget_reallocation)->outcome,
            CheckOutcome::skipped);
}

TEST(BudgetReallocation, IsAbsentWhenMarginalReturnsAreAlreadyEqual) {
  const auto report = optimize::analyse({healthy_search(), healthy_social()}, options());
  EXPECT_TRUE(of_kind(report, RecommendationKind::budget_reallocation).empty());
  EXPECT_EQ(check(report, "search", RecommendationKind::budget_reallocation)->outcome,
            CheckOutcome::passed);
}

TEST(Ranking, OrdersByConfidenceTimesValueAtStakeOverTheHorizonSpend) {
  auto small = constant("small", 60, 1.2);
  small.daily_budget = 100;  // under-delivers: little at stake
  auto o = options();
  o.target_cpa = 50;

  const auto report = optimize::analyse({small, constant("costly", 570, 10)}, o);

  ASSERT_GE(report.recommendations.size(), 2u);
  EXPECT_EQ(report.recommendations.front().kind, RecommendationKind::cpa_vs_target);
  EXPECT_DOUBLE_EQ(report.horizon_spend, (60 + 570) * 28.0);
  for (std::size_t i = 0; i < report.recommendations.size(); ++i) {
    const auto& r = report.recommendations[i];
    EXPECT_NEAR(r.priority, r.confidence * r.value_at_stake / report.horizon_spend, 1e-12);
    if (i > 0) {
      EXPECT_GE(report.recommendations[i - 1].priority, r.priority);
    }
  }
  const auto pacing = of_kind(report, RecommendationKind::budget_pacing);
  ASSERT_EQ(pacing.size(), 1u);
  EXPECT_GT(report.recommendations.front().priority, pacing.front()->priority);
}

class HealthyHistory : public testing::TestWithParam<RecommendationKind> {};

// A search and a Meta campaign on target (CPA 50, ROAS 4), spending their budgets, with steady
// CTR, CPM, frequency and reach and enough conversions for their bid strategies: no check fires.
TEST_P(HealthyHistory, TriggersNoRecommendationOfThisKind) {
  auto o = options();
  o.target_cpa = 50;
  o.target_roas = 4;
  const auto report = optimize::analyse({healthy_search(), healthy_social()}, o);

  EXPECT_TRUE(of_kind(report, GetParam()).empty()) << report.summary();
  for (const char* id : {"search", "social"}) {
    const auto* c = check(report, id, GetParam());
    ASSERT_NE(c, nullptr);
    EXPECT_NE(c->outcome, CheckOutcome::triggered) << id << ": " << c->detail;
  }
  // On the Meta campaign every check ran; the search one reports no frequency.
  EXPECT_EQ(check(report, "social", GetParam())->outcome, CheckOutcome::passed)
      << check(report, "social", GetParam())->detail;
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, HealthyHistory,
    testing::Values(RecommendationKind::budget_pacing, RecommendationKind::cpa_vs_target,
                    RecommendationKind::roas_vs_target, RecommendationKind::budget_reallocation,
                    RecommendationKind::creative_fatigue, RecommendationKind::bid_strategy_fit,
                    RecommendationKind::audience_saturation, RecommendationKind::day_of_week,
                    RecommendationKind::anomaly, RecommendationKind::ab_test),
    [](const auto& info) { return std::string(optimize::to_string(info.param)); });

TEST(Options, AnOutOfRangeFieldIsNamedAndNothingIsAnalysed) {
  auto o = options();
  o.window_days = 3;
  const auto report = optimize::analyse({healthy_search()}, o);
  EXPECT_EQ(report.status, optimize::RecommendationStatus::invalid_options);
  EXPECT_THAT(report.reason, testing::StartsWith("window_days:"));
  EXPECT_TRUE(report.campaigns.empty());

  o = options();
  o.target_cpa = -5;
  EXPECT_THAT(optimize::analyse({}, o).reason, testing::StartsWith("target_cpa:"));
}

TEST(Options, InactiveShortAndMalformedCampaignsAreListedButNotAnalysed) {
  auto paused = healthy_search("paused");
  paused.status = core::CampaignStatus::paused;
  auto young = constant("young", 100, 2, 5);
  auto shuffled = healthy_search("shuffled");
  std::swap(shuffled.days[3], shuffled.days[4]);

  const auto report = optimize::analyse({paused, young, shuffled}, options());

  ASSERT_EQ(report.campaigns.size(), 3u);
  for (const auto& c : report.campaigns) EXPECT_FALSE(c.analysed) << c.campaign_id;
  EXPECT_TRUE(report.recommendations.empty());
  ASSERT_EQ(report.notes.size(), 3u);
  EXPECT_THAT(report.notes[0], testing::HasSubstr("not active (status paused)"));
  EXPECT_THAT(report.notes[1], testing::HasSubstr("5 days with data"));
  EXPECT_THAT(report.notes[2], testing::HasSubstr("oldest first"));
}

TEST(Report, SummaryNamesTheTopRecommendation) {
  auto c = constant("over", 125, 2.5);
  c.daily_budget = 100;
  const auto report = optimize::analyse({c}, options());
  EXPECT_THAT(report.summary(),
              testing::HasSubstr("for 1 of 1 campaigns (window 2024-05-06..2024-06-02)"));
  EXPECT_THAT(report.summary(), testing::HasSubstr("top: Overspending its daily budget"));
}
