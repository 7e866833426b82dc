// What rules do once their conditions hold: budget changes and caps, pauses, cooldowns carried in
// RuleState, scopes, and how evaluate() treats bad rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "optimize/rules.h"
#include "optimize/rules_fixtures.h"

using namespace rules_test;
using rules::ActionKind;
using rules::Comparison;
using rules::Metric;
using rules::Outcome;
using testing::ElementsAre;

namespace {

// Holds whenever the campaign spent anything today.
rules::Rule spent_today(rules::Action action, int cooldown_days = 1) {
  auto rule = rule_with({condition(Metric::spend, 1, Comparison::greater, 0)}, cooldown_days);
  rule.action = action;
  return rule;
}

rules::EvaluationReport evaluate_one(const rules::Rule& rule, const optimize::CampaignHistory& c) {
  const std::vector rules_ = {rule};
  const std::vector campaigns = {c};
  return rules::evaluate(rules_, campaigns, day(1), {});
}

std::vector<std::string> evaluated_ids(const rules::EvaluationReport& report,
                                       const std::vector<optimize::CampaignHistory>& campaigns) {
  std::vector<std::string> ids;
  for (const auto& e : report.evaluations) ids.push_back(campaigns[e.campaign_index].id);
  return ids;
}

}  // namespace

TEST(RuleBudgetChange, RaisesByThePercentage) {
  const auto report = evaluate_one(spent_today(budget_change(20)), campaign("c1", {{10}}));

  ASSERT_EQ(report.firings.size(), 1u);
  const auto& change = *report.firings[0].budget_change;
  EXPECT_DOUBLE_EQ(change.from, 100.0);
  EXPECT_DOUBLE_EQ(change.to, 120.0);
  EXPECT_FALSE(change.capped);
  EXPECT_EQ(report.firings[0].action, ActionKind::recommend_budget_change);
  EXPECT_EQ(report.firings[0].description,
            "raise the daily budget of 'Campaign c1' from 100.00 to 120.00 (+20%)");
}

TEST(RuleBudgetChange, ARaiseStopsAtTheMaximum) {
  const auto report =
      evaluate_one(spent_today(budget_change(60, std::nullopt, 150)), campaign("c1", {{10}}));

  const auto& change = *report.firings.at(0).budget_change;
  EXPECT_DOUBLE_EQ(change.to, 150.0);
  EXPECT_DOUBLE_EQ(change.uncapped, 160.0);
  EXPECT_TRUE(change.capped);
  EXPECT_EQ(report.firings[0].description,
            "raise the daily budget of 'Campaign c1' from 100.00 to 150.00 "
            "(+60% would be 160.00; capped at 150.00)");
}

TEST(RuleBudgetChange, ACutStopsAtTheMinimum) {
  const auto report = evaluate_one(spent_today(budget_change(-30, 80)), campaign("c1", {{10}}));

  const auto& change = *report.firings.at(0).budget_change;
  EXPECT_DOUBLE_EQ(change.to, 80.0);
  EXPECT_DOUBLE_EQ(change.uncapped, 70.0);
  EXPECT_TRUE(change.capped);
}

TEST(RuleBudgetChange, ABudgetAlreadyAtTheCapIsNotChanged) {
  const auto at_cap =
      evaluate_one(spent_today(budget_change(20, std::nullopt, 150)), campaign("c1", {{10}}, 150));
  const auto above_cap =
      evaluate_one(spent_today(budget_change(20, std::nullopt, 150)), campaign("c1", {{10}}, 180));

  EXPECT_EQ(at_cap.evaluations.at(0).outcome, Outcome::budget_at_cap);
  EXPECT_EQ(above_cap.evaluations.at(0).outcome, Outcome::budget_at_cap);  // a raise never cuts
  EXPECT_TRUE(at_cap.firings.empty());
}

TEST(RuleBudgetChange, NeedsADailyBudget) {
  const auto report =
      evaluate_one(spent_today(budget_change(20)), campaign("c1", {{10}}, std::nullopt));

  EXPECT_EQ(report.evaluations.at(0).outcome, Outcome::no_daily_budget);
}

TEST(RuleDryRun, AppliedBudgetChangesCompoundUpToTheCap) {
  const std::vector campaigns = {campaign("c1", std::vector<DayValues>(5, DayValues{10}))};
  const auto rule = spent_today(budget_change(20, std::nullopt, 150));

  const auto applied = rules::dry_run(rule, campaigns, day(1), day(5));
  rules::DryRunOptions not_applied;
  not_applied.assume_applied = false;
  const auto independent = rules::dry_run(rule, campaigns, day(1), day(5), not_applied);

  // 100 → 120 → 144 → 150 (172.80 capped), then already at the cap.
  ASSERT_EQ(applied.firings.size(), 3u);
  EXPECT_DOUBLE_EQ(applied.firings[1].budget_change->to, 144.0);
  EXPECT_DOUBLE_EQ(applied.firings[2].budget_change->uncapped, 172.8);
  EXPECT_DOUBLE_EQ(applied.firings[2].budget_change->to, 150.0);
  EXPECT_EQ(applied.count(Outcome::budget_at_cap), 2u);
  EXPECT_DOUBLE_EQ(*applied.campaigns[0].final_daily_budget, 150.0);
  EXPECT_DOUBLE_EQ(*applied.campaigns[0].starting_daily_budget, 100.0);
  ASSERT_EQ(independent.firings.size(), 5u);
  EXPECT_DOUBLE_EQ(independent.firings[4].budget_change->to, 120.0);
  EXPECT_DOUBLE_EQ(*independent.campaigns[0].final_daily_budget, 100.0);
}

TEST(RuleDryRun, AnAppliedRaiseChangesLaterSpendVsBudget) {
  // Spends 130 a day on a budget of 100: 1.3 > 1.2 fires a +20% raise; on 120, 130 is 1.08.
  const std::vector campaigns = {campaign("c1", std::vector<DayValues>(5, DayValues{130}))};
  auto rule = rule_with({condition(Metric::spend_vs_daily_budget, 1, Comparison::greater, 1.2)});
  rule.action = budget_change(20);

  const auto applied = rules::dry_run(rule, campaigns, day(1), day(5));
  rules::DryRunOptions not_applied;
  not_applied.assume_applied = false;
  const auto independent = rules::dry_run(rule, campaigns, day(1), day(5), not_applied);

  EXPECT_THAT(firing_dates(applied), ElementsAre(day(1)));
  EXPECT_NEAR(*applied.conditions(applied.evaluations[1])[0].observed, 130.0 / 120, 1e-12);
  EXPECT_EQ(independent.firings.size(), 5u);
}

TEST(RuleDryRun, AnAppliedPauseEndsTheCampaignsReplay) {
  const std::vector campaigns = {
      campaign("c1", spend_100_with_conversions({2, 2, 2, 2, 2, 2, 1, 3, 1, 4}))};
  auto rule = rule_with({condition(Metric::cpa, 3, Comparison::greater, 50)});
  rule.action.kind = ActionKind::recommend_pause;

  const auto applied = rules::dry_run(rule, campaigns, day(1), day(10));
  rules::DryRunOptions not_applied;
  not_applied.assume_applied = false;
  const auto independent = rules::dry_run(rule, campaigns, day(1), day(10), not_applied);

  EXPECT_THAT(firing_dates(applied), ElementsAre(day(7)));
  EXPECT_EQ(applied.campaigns[0].paused_on, day(7));
  EXPECT_EQ(applied.evaluations.size(), 7u);  // days 8-10 are not judged
  EXPECT_DOUBLE_EQ(applied.spend_affected, 300.0);  // days 8-10 would not have been spent
  EXPECT_THAT(firing_dates(independent), ElementsAre(day(7), day(9)));
  EXPECT_EQ(applied.firings[0].description, "pause campaign 'Campaign c1'");
}

TEST(RuleDryRun, AWeeklyRuleIsJudgedOnlyOnItsWeekday) {
  const std::vector campaigns = {campaign("c1", std::vector<DayValues>(14, DayValues{10}))};
  auto rule = spent_today(rules::Action{});
  rule.schedule.cadence = rules::Cadence::weekly;
  rule.schedule.weekday = 1;  // Monday: 4 and 11 March 2024

  const auto report = rules::dry_run(rule, campaigns, day(1), day(14));

  EXPECT_EQ(report.days_replayed, 14);
  EXPECT_EQ(report.days_due, 2);
  EXPECT_THAT(firing_dates(report), ElementsAre(day(4), day(11)));
}

TEST(RuleDryRun, RejectsABadRangeOrRule) {
  const std::vector campaigns = {campaign("c1", {{10}})};
  const auto rule = spent_today(rules::Action{});
  auto bad = rule;
  bad.cooldown_days = -1;

  EXPECT_THROW(rules::dry_run(rule, campaigns, day(5), day(4)), std::invalid_argument);
  EXPECT_THROW(rules::dry_run(rule, campaigns, day(1), day(1) + 3650), std::invalid_argument);
  EXPECT_THROW(rules::dry_run(bad, campaigns, day(1), day(2)), std::invalid_argument);
}

TEST(RuleScope, NarrowsTheClientsCampaignsByEachList) {
  std::vector<optimize::CampaignHistory> campaigns;
  for (const char* id : {"c1", "c2", "c3", "c4", "c5"}) campaigns.push_back(campaign(id, {{10}}));
  campaigns[1].client_id = "client-2";
  campaigns[2].platform = core::Platform::meta_ads;
  campaigns[3].status = core::CampaignStatus::paused;
  campaigns[4].objective = core::Objective::leads;
  const auto in_scope = [&](const rules::Scope& scope) {
    auto rule = spent_today(rules::Action{});
    rule.scope = scope;
    const std::vector rules_ = {rule};
    return evaluated_ids(rules::evaluate(rules_, campaigns, day(1), {}), campaigns);
  };
  rules::Scope scope;
  scope.client_id = "client-1";

  EXPECT_THAT(in_scope(scope), ElementsAre("c1", "c3", "c5"));  // active only by default
  auto google = scope;
  google.platforms = {core::Platform::google_ads};
  EXPECT_THAT(in_scope(google), ElementsAre("c1", "c5"));
  auto listed = scope;
  listed.campaign_ids = {"c5", "c3", "c2"};  // c2 belongs to another client
  EXPECT_THAT(in_scope(listed), ElementsAre("c3", "c5"));
  auto leads = scope;
  leads.objectives = {core::Objective::leads};
  EXPECT_THAT(in_scope(leads), ElementsAre("c5"));
  auto any_status = scope;
  any_status.statuses.clear();
  EXPECT_THAT(in_scope(any_status), ElementsAre("c1", "c3", "c4", "c5"));
}

TEST(RuleState, CooldownsComeFromThePreviousFiringsAndTheStateIsUpdated) {
  const std::vector campaigns = {campaign("c1", std::vector<DayValues>(10, DayValues{10})),
                                 campaign("c2", std::vector<DayValues>(10, DayValues{10})),
                                 campaign("c3", std::vector<DayValues>(10, DayValues{10}))};
  const std::vector rules_ = {spent_today(rules::Action{}, 3)};
  rules::RuleState state;
  state.last_firings = {{"rule-1", "c1", day(8)},
                        {"rule-1", "c2", day(6)},
                        {"rule-9", "c1", day(9)},
                        {"rule-1", "c3", day(10) - 400}};  // beyond any cooldown: dropped

  const auto report = rules::evaluate(rules_, campaigns, day(10), state);

  EXPECT_EQ(report.evaluations[0].outcome, Outcome::in_cooldown);  // 10 < 8 + 3
  EXPECT_EQ(report.evaluations[1].outcome, Outcome::fired);        // 10 >= 6 + 3
  EXPECT_EQ(report.evaluations[2].outcome, Outcome::fired);
  const auto last = [&](const std::string& rule, const std::string& c) {
    std::vector<core::Date> dates;
    for (const auto& e : report.state.last_firings) {
      if (e.rule_id == rule && e.campaign_id == c) dates.push_back(e.date);
    }
    return dates;
  };
  EXPECT_THAT(last("rule-1", "c1"), ElementsAre(day(8)));
  EXPECT_THAT(last("rule-1", "c2"), ElementsAre(day(10)));
  EXPECT_THAT(last("rule-1", "c3"), ElementsAre(day(10)));
  EXPECT_THAT(last("rule-9", "c1"), ElementsAre(day(9)));
  EXPECT_EQ(report.state.last_firings.size(), 4u);
}

TEST(RuleEvaluation, SkipsInvalidDuplicateAndDisabledRulesAndSaysWhy) {
  const std::vector campaigns = {campaign("c1", {{10}})};
  auto good = spent_today(rules::Action{});
  auto broken = good;
  broken.id = "rule-2";
  broken.conditions[0].window_days = 0;
  auto disabled = good;
  disabled.id = "rule-3";
  disabled.enabled = false;
  const std::vector rules_ = {good, broken, good, disabled};

  const auto report = rules::evaluate(rules_, campaigns, day(1), {});

  ASSERT_EQ(report.invalid_rules.size(), 2u);
  EXPECT_EQ(report.invalid_rules[0].rule_id, "rule-2");
  EXPECT_EQ(report.invalid_rules[0].message, "conditions[0].window_days: must be 1–365");
  EXPECT_EQ(report.invalid_rules[1].rule_index, 2u);
  EXPECT_EQ(report.invalid_rules[1].message, "id: duplicate of rules[0]");
  EXPECT_EQ(report.rules_disabled, 1u);
  EXPECT_EQ(report.rules_evaluated, 1u);
  EXPECT_EQ(report.firings.size(), 1u);
  EXPECT_EQ(report.summary(),
            "2024-03-01: 1 rules, 1 evaluations, 1 fired, 1 disabled, 2 invalid rules skipped");
}

TEST(RuleEvaluation, WithoutRecordingKeepsFiringsAndCounts) {
  const std::vector campaigns = {campaign("c1", {{10}}), campaign("c2", {{0}})};
  const std::vector rules_ = {spent_today(rules::Action{})};
  rules::EvaluateOptions options;
  options.record_evaluations = false;

  const auto report = rules::evaluate(rules_, campaigns, day(1), {}, options);

  EXPECT_TRUE(report.evaluations.empty());
  EXPECT_TRUE(report.condition_outcomes.empty());
  ASSERT_EQ(report.firings.size(), 1u);
  EXPECT_FALSE(report.firings[0].evaluation_index.has_value());
  EXPECT_EQ(report.pairs_evaluated, 2u);
  EXPECT_EQ(report.count(Outcome::fired), 1u);
  EXPECT_EQ(report.count(Outcome::conditions_not_met), 1u);
}
