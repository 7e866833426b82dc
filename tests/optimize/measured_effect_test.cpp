// measure_effect: the N days before an applied change against the N days after, with an
// interval from day-to-day variation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "optimize/campaign_builder.h"
#include "optimize/recommendations.h"

using optimize::CampaignMetric;
using optimize::EffectStatus;
using optimize::EffectVerdict;
using optimize_test::campaign;
using optimize_test::kToday;

namespace {

const core::Date kApplied = kToday - 15;  // after = the 14 days to yesterday

// 100 spend a day; conversions alternate around `before` until the change and around `after`
// from the day after; the day of the change itself is wild (it must be left out).
optimize::CampaignHistory step(double before, double after, int days = 40) {
  return campaign("step", days, [=](int i) {
    const core::Date date = kToday - (days - i);
    optimize::CampaignDay d;
    d.spend = 100;
    d.impressions = 4000;
    d.clicks = 120;
    const double level = date < kApplied ? before : after;
    d.conversions = date == kApplied ? 100 : level + (i % 2 == 0 ? -1 : 1);
    return d;
  });
}

}  // namespace

TEST(MeasuredEffect, AStepInDailyConversionsIsMeasuredWithAWelchInterval) {
  optimize::EffectOptions o;
  optimize::ExpectedImpact expected;
  expected.metric = CampaignMetric::conversions;
  expected.change = 140;  // over 28 days: 5 a day
  expected.horizon_days = 28;
  o.expected = expected;

  const auto e =
      optimize::measure_effect(step(10, 15), kApplied, CampaignMetric::conversions, 14, o);

  ASSERT_EQ(e.status, EffectStatus::ok) << e.reason;
  EXPECT_EQ(e.before.first, kApplied - 14);
  EXPECT_EQ(e.after.first, kApplied + 1);
  EXPECT_EQ(e.after.last, kToday - 1);
  EXPECT_EQ(e.days_before, 14);
  EXPECT_EQ(e.days_after, 14);
  EXPECT_DOUBLE_EQ(*e.before_value, 10);
  EXPECT_DOUBLE_EQ(*e.after_value, 15);
  EXPECT_DOUBLE_EQ(*e.change, 5);
  // Each side: s² = 14/13, variance of the mean 1/13; Welch df = 26, t(0.975, 26) = 2.055529.
  const double half = 2.055529 * std::sqrt(2.0 / 13);
  EXPECT_NEAR(*e.change_low, 5 - half, 1e-3);
  EXPECT_NEAR(*e.change_high, 5 + half, 1e-3);
  EXPECT_DOUBLE_EQ(*e.relative_change, 0.5);
  EXPECT_EQ(e.verdict, EffectVerdict::increased);
  EXPECT_EQ(e.favourable, true);
  EXPECT_DOUBLE_EQ(*e.expected_change, 5);
  EXPECT_EQ(e.expected_within_interval, true);
  EXPECT_THAT(e.note, testing::StartsWith("Observational"));
  EXPECT_THAT(e.summary(), testing::HasSubstr("increased (favourable)"));
}

TEST(MeasuredEffect, CpaIsComparedAsRatiosOfSums) {
  const auto e = optimize::measure_effect(step(10, 15), kApplied, CampaignMetric::cpa, 14);
  ASSERT_EQ(e.status, EffectStatus::ok) << e.reason;
  EXPECT_DOUBLE_EQ(*e.before_value, 1400.0 / 140);
  EXPECT_DOUBLE_EQ(*e.after_value, 1400.0 / 210);
  EXPECT_EQ(e.verdict, EffectVerdict::decreased);
  EXPECT_EQ(e.favourable, true);  // a lower CPA is better
  EXPECT_LT(*e.change_low, *e.change);
  EXPECT_LT(*e.change_high, 0);
}

TEST(MeasuredEffect, NoStepGivesNoClearChangeAndAnExpectationOutsideTheInterval) {
  optimize::EffectOptions o;
  optimize::ExpectedImpact expected;
  expected.metric = CampaignMetric::conversions;
  expected.change = 140;
  expected.horizon_days = 28;
  o.expected = expected;
  const auto e =
      optimize::measure_effect(step(10, 10), kApplied, CampaignMetric::conversions, 14, o);
  ASSERT_EQ(e.status, EffectStatus::ok);
  EXPECT_EQ(e.verdict, EffectVerdict::no_clear_change);
  EXPECT_FALSE(e.favourable.has_value());
  EXPECT_EQ(e.expected_within_interval, false);
}

TEST(MeasuredEffect, TooFewDaysAfterTheChangeIsInsufficientData) {
  const auto e =
      optimize::measure_effect(step(10, 15), kToday - 3, CampaignMetric::conversions, 14);
  EXPECT_EQ(e.status, EffectStatus::insufficient_data);
  EXPECT_THAT(e.reason, testing::HasSubstr("2 after"));
}

TEST(MeasuredEffect, BadArgumentsAreNamed) {
  const auto history = step(10, 15);
  EXPECT_THAT(optimize::measure_effect(history, kApplied, CampaignMetric::cpa, 1).reason,
              testing::StartsWith("days:"));
  EXPECT_THAT(optimize::measure_effect(history, kApplied, CampaignMetric::budget, 14).reason,
              testing::StartsWith("metric:"));
  optimize::EffectOptions o;
  o.expected = optimize::ExpectedImpact{};
  o.expected->metric = CampaignMetric::spend;
  const auto e = optimize::measure_effect(history, kApplied, CampaignMetric::cpa, 14, o);
  EXPECT_EQ(e.status, EffectStatus::invalid_arguments);
  EXPECT_THAT(e.reason, testing::StartsWith("expected.metric:"));
}
