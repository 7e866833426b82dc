// The rules engine judged against firings computed by hand on small histories.
#include "optimize/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "optimize/rules_fixtures.h"

using namespace rules_test;
using rules::Comparison;
using rules::ConditionStatus;
using rules::Metric;
using rules::Outcome;
using testing::ElementsAre;

namespace {

// CPA over the last 3 days (spend 100 a day): Σconversions < 6 puts it above 50. Windows ending
// on days 1…10 hold 2, 4, 6, 6, 6, 6, 5, 6, 5, 8 conversions: CPA 50, 50, 50, 50, 50, 50, 60, 50,
// 60, 37.5 — above 50 on exactly days 7 and 9 (50 itself is not above 50).
const std::vector<double> kCrossesOnDays7And9 = {2, 2, 2, 2, 2, 2, 1, 3, 1, 4};

rules::Rule cpa_over_50_in_3_days(int cooldown_days) {
  return rule_with({condition(Metric::cpa, 3, Comparison::greater, 50)}, cooldown_days);
}

}  // namespace

TEST(RuleDryRun, ThreeDayCpaAboveFiftyFiresOnExactlyTheDaysItCrosses) {
  const std::vector campaigns = {campaign("c1", spend_100_with_conversions(kCrossesOnDays7And9))};

  const auto report = rules::dry_run(cpa_over_50_in_3_days(1), campaigns, day(1), day(10));

  EXPECT_THAT(firing_dates(report), ElementsAre(day(7), day(9))) << report.summary();
  EXPECT_EQ(report.days_replayed, 10);
  EXPECT_EQ(report.days_due, 10);
  ASSERT_EQ(report.evaluations.size(), 10u);
  const auto on_day = [&](int n) { return report.conditions(report.evaluations[n - 1])[0]; };
  EXPECT_DOUBLE_EQ(*on_day(7).observed, 60.0);
  EXPECT_EQ(on_day(7).status, ConditionStatus::held);
  EXPECT_DOUBLE_EQ(*on_day(8).observed, 50.0);  // exactly on the line: not above it
  EXPECT_EQ(on_day(8).status, ConditionStatus::not_held);
  EXPECT_DOUBLE_EQ(*on_day(10).observed, 37.5);
  EXPECT_EQ(report.count(Outcome::fired), 2u);
  EXPECT_EQ(report.count(Outcome::conditions_not_met), 8u);
  EXPECT_EQ(report.summary(),
            "rule rule-1, 2024-03-01..2024-03-10: 10 days (10 due), 2 firings on 1 of 1 "
            "campaigns, spend affected 200.00, 2 fired, 8 conditions not met");
}

TEST(RuleDryRun, CooldownSkipsAFiringTooSoonAfterThePreviousOne) {
  const std::vector campaigns = {campaign("c1", spend_100_with_conversions(kCrossesOnDays7And9))};

  const auto two_days = rules::dry_run(cpa_over_50_in_3_days(2), campaigns, day(1), day(10));
  const auto three_days = rules::dry_run(cpa_over_50_in_3_days(3), campaigns, day(1), day(10));

  EXPECT_THAT(firing_dates(two_days), ElementsAre(day(7), day(9)));  // 9 >= 7 + 2
  EXPECT_THAT(firing_dates(three_days), ElementsAre(day(7)));       // 9 < 7 + 3
  EXPECT_EQ(three_days.evaluations[8].outcome, Outcome::in_cooldown);
}

TEST(RuleDryRun, SpendAffectedRunsUntilTheNextFiringOrTheEnd) {
  std::vector<DayValues> values = spend_100_with_conversions(kCrossesOnDays7And9);
  values[9].spend = 40;   // day 10: CPA over days 8-10 is 240 / 8 = 30, still not firing
  const std::vector campaigns = {campaign("c1", values)};

  const auto report = rules::dry_run(cpa_over_50_in_3_days(1), campaigns, day(1), day(10));

  ASSERT_EQ(report.campaigns.size(), 1u);
  const auto& firings = report.campaigns[0].firings;
  ASSERT_EQ(firings.size(), 2u);
  EXPECT_DOUBLE_EQ(firings[0].spend_affected, 100.0);  // day 8, then day 9 fires again
  EXPECT_DOUBLE_EQ(firings[1].spend_affected, 40.0);   // day 10
  EXPECT_DOUBLE_EQ(report.spend_affected, 140.0);
}

TEST(RuleEvaluation, SpendTodayAbove120PercentOfTheDailyBudget) {
  // Budget 100; today's spend on days 1-4: 110, 121, 120, 150.
  const std::vector campaigns = {campaign("c1", {{110}, {121}, {120}, {150}})};
  const auto rule =
      rule_with({condition(Metric::spend_vs_daily_budget, 1, Comparison::greater, 1.2)});

  const auto report = rules::dry_run(rule, campaigns, day(1), day(5));

  EXPECT_THAT(firing_dates(report), ElementsAre(day(2), day(4)));
  EXPECT_DOUBLE_EQ(*report.conditions(report.evaluations[1])[0].observed, 1.21);
  EXPECT_DOUBLE_EQ(*report.conditions(report.evaluations[2])[0].observed, 1.2);
  EXPECT_EQ(report.conditions(report.evaluations[4])[0].status, ConditionStatus::no_data);
  EXPECT_EQ(report.evaluations[4].outcome, Outcome::not_evaluable);  // no row for day 5 yet
}

TEST(RuleEvaluation, SpendVsBudgetCannotBeJudgedWithoutADailyBudget) {
  const std::vector campaigns = {campaign("c1", {{500}}, std::nullopt)};
  const std::vector rules_ = {
      rule_with({condition(Metric::spend_vs_daily_budget, 1, Comparison::greater, 1.2)})};

  const auto report = rules::evaluate(rules_, campaigns, day(1), {});

  ASSERT_EQ(report.evaluations.size(), 1u);
  EXPECT_EQ(report.conditions(report.evaluations[0])[0].status, ConditionStatus::no_daily_budget);
  EXPECT_EQ(report.evaluations[0].outcome, Outcome::not_evaluable);
}

TEST(RuleEvaluation, SevenDayRoasBelowTwoEndingYesterdayIgnoresToday) {
  // Days 1-7: spend 100 a day. c1 returns 1300 in value (ROAS 1.857), c2 1400 (exactly 2).
  // Day 8 (today) returns 10,000 for both, which a window ending yesterday must not see.
  std::vector<DayValues> low(8, DayValues{100, 1, 200}), even(8, DayValues{100, 1, 200});
  low[0].conversion_value = 100;
  low[7].conversion_value = 10000;
  even[7].conversion_value = 10000;
  const std::vector campaigns = {campaign("c1", low), campaign("c2", even)};
  const std::vector rules_ = {rule_with(
      {condition(Metric::roas, 7, Comparison::less, 2, rules::WindowEnd::yesterday)})};

  const auto report = rules::evaluate(rules_, campaigns, day(8), {});

  ASSERT_EQ(report.evaluations.size(), 2u);
  EXPECT_NEAR(*report.conditions(report.evaluations[0])[0].observed, 1300.0 / 700, 1e-12);
  EXPECT_EQ(report.evaluations[0].outcome, Outcome::fired);
  EXPECT_DOUBLE_EQ(*report.conditions(report.evaluations[1])[0].observed, 2.0);
  EXPECT_EQ(report.evaluations[1].outcome, Outcome::conditions_not_met);
  ASSERT_EQ(report.firings.size(), 1u);
  EXPECT_EQ(report.firings[0].campaign_id, "c1");
  const auto w = rules::window(rules_[0].conditions[0], day(8));
  EXPECT_EQ(w.first, day(1));
  EXPECT_EQ(w.last, day(7));
}

TEST(RuleEvaluation, CpaRoseMoreThan20PercentVsThePrevious7Days) {
  // Spend 100 a day. Days 1-7: 14 conversions (CPA 50). Days 8-14: c1 11 (CPA 63.64, +27.3%),
  // c2 12 (CPA 58.33, +16.7%).
  std::vector<double> rising(14, 2), milder(14, 2);
  rising[7] = 0;  // days 8-14 sum to 11
  rising[8] = 1;
  milder[7] = 0;  // days 8-14 sum to 12
  const std::vector campaigns = {campaign("c1", spend_100_with_conversions(rising)),
                                 campaign("c2", spend_100_with_conversions(milder))};
  auto rose = condition(Metric::cpa, 7, Comparison::greater, 20);
  rose.measure = rules::Measure::change_percent;
  const std::vector rules_ = {rule_with({rose})};

  const auto report = rules::evaluate(rules_, campaigns, day(14), {});

  const auto c1 = report.conditions(report.evaluations[0])[0];
  EXPECT_NEAR(*c1.current, 700.0 / 11, 1e-12);
  EXPECT_DOUBLE_EQ(*c1.previous, 50.0);
  EXPECT_NEAR(*c1.observed, (700.0 / 11 - 50) / 50 * 100, 1e-9);
  EXPECT_EQ(report.evaluations[0].outcome, Outcome::fired);
  EXPECT_NEAR(*report.conditions(report.evaluations[1])[0].observed, (700.0 / 12 - 50) / 50 * 100,
              1e-9);
  EXPECT_EQ(report.evaluations[1].outcome, Outcome::conditions_not_met);
}

TEST(RuleEvaluation, ChangeAgainstAnUndefinedOrZeroPreviousWindowIsNotEvaluable) {
  // CPA: the previous 2 days have no conversions. Spend: the previous 2 days spent nothing.
  const std::vector campaigns = {campaign("c1", {{100, 0}, {100, 0}, {100, 2}, {100, 2}}),
                                 campaign("c2", {{0, 0}, {0, 0}, {100, 2}, {100, 2}})};
  auto cpa = condition(Metric::cpa, 2, Comparison::greater, 20);
  cpa.measure = rules::Measure::change_percent;
  auto spend = condition(Metric::spend, 2, Comparison::greater, 20);
  spend.measure = rules::Measure::change_percent;
  auto cpa_rule = rule_with({cpa}), spend_rule = rule_with({spend});
  spend_rule.id = "rule-2";
  const std::vector rules_ = {cpa_rule, spend_rule};

  const auto report = rules::evaluate(rules_, campaigns, day(4), {});

  ASSERT_EQ(report.evaluations.size(), 4u);
  const auto cpa_c1 = report.conditions(report.evaluations[0])[0];
  EXPECT_EQ(cpa_c1.status, ConditionStatus::undefined);
  EXPECT_DOUBLE_EQ(*cpa_c1.current, 50.0);
  EXPECT_FALSE(cpa_c1.previous.has_value());
  const auto spend_c2 = report.conditions(report.evaluations[3])[0];
  EXPECT_EQ(spend_c2.status, ConditionStatus::undefined);  // from 0 to 200 has no percentage
  EXPECT_DOUBLE_EQ(*spend_c2.previous, 0.0);
  EXPECT_EQ(report.count(Outcome::not_evaluable), 3u);  // c2's previous CPA is undefined too
  EXPECT_TRUE(report.firings.empty());
}

TEST(RuleEvaluation, ZeroConversionsMakeCpaUndefinedNotZero) {
  const std::vector campaigns = {campaign("c1", {{300, 0}})};
  const std::vector rules_ = {rule_with({condition(Metric::cpa, 1, Comparison::greater, 50)})};

  const auto report = rules::evaluate(rules_, campaigns, day(1), {});

  const auto outcome = report.conditions(report.evaluations[0])[0];
  EXPECT_EQ(outcome.status, ConditionStatus::undefined);
  EXPECT_FALSE(outcome.observed.has_value());
  EXPECT_EQ(report.evaluations[0].outcome, Outcome::not_evaluable);
  EXPECT_TRUE(report.firings.empty());
}

TEST(RuleEvaluation, SpendWithNoConversionsIsCaughtWithAnEqualityCondition) {
  const std::vector campaigns = {campaign("c1", {{150, 0}, {150, 0}}),
                                 campaign("c2", {{150, 0}, {150, 1}})};
  const std::vector rules_ = {rule_with({condition(Metric::spend, 2, Comparison::greater, 200),
                                         condition(Metric::conversions, 2, Comparison::equal, 0)})};

  const auto report = rules::evaluate(rules_, campaigns, day(2), {});

  ASSERT_EQ(report.firings.size(), 1u);
  EXPECT_EQ(report.firings[0].campaign_id, "c1");
}

TEST(RuleEvaluation, MinimumDataGuardsHoldBackThinWindows) {
  // 3 days, spend 300, 2 conversions: CPA 150 — but 2 conversions is noise under a guard of 5.
  const std::vector campaigns = {campaign("c1", spend_100_with_conversions({1, 0, 1}))};
  auto guarded = condition(Metric::cpa, 3, Comparison::greater, 50);
  guarded.guard.min_conversions = 5;
  auto spend_guard = condition(Metric::cpa, 3, Comparison::greater, 50);
  spend_guard.guard.min_spend = 300;  // exactly the window's spend: passes
  auto r2 = rule_with({spend_guard});
  r2.id = "rule-2";
  const std::vector rules_ = {rule_with({guarded}), r2};

  const auto report = rules::evaluate(rules_, campaigns, day(3), {});

  const auto held_back = report.conditions(report.evaluations[0])[0];
  EXPECT_EQ(held_back.status, ConditionStatus::insufficient_data);
  EXPECT_FALSE(held_back.observed.has_value());
  EXPECT_EQ(report.evaluations[0].outcome, Outcome::insufficient_data);
  EXPECT_EQ(report.evaluations[1].outcome, Outcome::fired);
  EXPECT_DOUBLE_EQ(*report.conditions(report.evaluations[1])[0].observed, 150.0);
}

TEST(RuleEvaluation, MatchAnyFiresWhenOneConditionHolds) {
  const std::vector campaigns = {campaign("c1", {{300, 0, 0, 10, 1000}})};
  auto rule = rule_with({condition(Metric::cpa, 1, Comparison::greater, 50),   // undefined
                         condition(Metric::ctr, 1, Comparison::less, 0.02)});  // 0.01: holds
  rule.match = rules::Match::any;
  const std::vector rules_ = {rule};

  const auto report = rules::evaluate(rules_, campaigns, day(1), {});

  EXPECT_EQ(report.evaluations[0].outcome, Outcome::fired);
  rule.match = rules::Match::all;
  const std::vector all_rules = {rule};
  EXPECT_EQ(rules::evaluate(all_rules, campaigns, day(1), {}).evaluations[0].outcome,
            Outcome::not_evaluable);
}

TEST(RuleEvaluation, FrequencyIsImpressionsOverReachOnDaysThatReportReach) {
  auto c = campaign("c1", {{10, 0, 0, 0, 1000}, {10, 0, 0, 0, 3000}, {10, 0, 0, 0, 500}});
  c.days[0].reach = 500;      // frequency 2
  c.days[1].frequency = 3.0;  // reach 1000 from impressions / frequency
  // day 3 reports neither: left out of both sums
  const std::vector campaigns = {c};
  const std::vector rules_ = {
      rule_with({condition(Metric::frequency, 3, Comparison::greater, 2.5)})};

  const auto report = rules::evaluate(rules_, campaigns, day(3), {});

  EXPECT_DOUBLE_EQ(*report.conditions(report.evaluations[0])[0].observed, 4000.0 / 1500);
  EXPECT_EQ(report.evaluations[0].outcome, Outcome::fired);
}

TEST(RuleEvaluation, BadDailyValuesAreIgnoredAndCounted) {
  auto c = campaign("c1", {{100, 2}, {100, 2}});
  c.days[1].spend = std::numeric_limits<double>::quiet_NaN();
  c.days[1].clicks = -5;
  const std::vector campaigns = {c};
  const std::vector rules_ = {rule_with({condition(Metric::spend, 2, Comparison::greater, 150)})};

  const auto report = rules::evaluate(rules_, campaigns, day(2), {});

  EXPECT_DOUBLE_EQ(*report.conditions(report.evaluations[0])[0].observed, 100.0);
  EXPECT_EQ(report.values_ignored, 2u);
}
