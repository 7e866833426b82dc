// validate() names the first bad field by its path; is_due() and next_run() follow the schedule.
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimize/rules.h"
#include "optimize/rules_fixtures.h"

using namespace rules_test;
using rules::Cadence;
using rules::LocalTime;

namespace {

rules::Rule valid_rule() {
  auto rule = rule_with({condition(rules::Metric::cpa, 3, rules::Comparison::greater, 50)});
  rule.action = budget_change(-20, 10, 500);
  return rule;
}

std::string message_for(const std::function<void(rules::Rule&)>& break_it) {
  auto rule = valid_rule();
  break_it(rule);
  try {
    rules::validate(rule);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(valid)";
}

struct BadField {
  std::function<void(rules::Rule&)> break_it;
  std::string message;
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST(RuleValidation, AcceptsAWellFormedRule) { EXPECT_NO_THROW(rules::validate(valid_rule())); }

TEST(RuleValidation, NamesEachBadFieldByItsPath) {
  const std::vector<BadField> cases = {
      {[](auto& r) { r.id.clear(); }, "id: must not be empty"},
      {[](auto& r) { r.name = std::string(201, 'x'); }, "name: must be at most 200 characters"},
      {[](auto& r) { r.scope.client_id.clear(); }, "scope.client_id: must not be empty"},
      {[](auto& r) { r.scope.platforms = {core::Platform::meta_ads, core::Platform::meta_ads}; },
       "scope.platforms[1]: duplicate of scope.platforms[0]"},
      {[](auto& r) { r.scope.platforms = {static_cast<core::Platform>(17)}; },
       "scope.platforms[0]: must be a known platform"},
      {[](auto& r) { r.scope.campaign_ids = {"c1", ""}; },
       "scope.campaign_ids[1]: must not be empty"},
      {[](auto& r) { r.scope.campaign_ids = {"c1", "c1"}; },
       "scope.campaign_ids[1]: duplicate of scope.campaign_ids[0]"},
      {[](auto& r) { r.conditions.clear(); }, "conditions: must have 1–20 conditions"},
      {[](auto& r) { r.conditions.resize(21, r.conditions[0]); },
       "conditions: must have 1–20 conditions"},
      {[](auto& r) { r.conditions[0].metric = static_cast<rules::Metric>(99); },
       "conditions[0].metric: must be a known metric"},
      {[](auto& r) { r.conditions[0].window_days = 0; },
       "conditions[0].window_days: must be 1–365"},
      {[](auto& r) {
         r.conditions.push_back(r.conditions[0]);
         r.conditions[1].window_days = 366;
       },
       "conditions[1].window_days: must be 1–365"},
      {[](auto& r) { r.conditions[0].threshold = kNaN; },
       "conditions[0].threshold: must be a finite number"},
      {[](auto& r) { r.conditions[0].threshold = -1; },
       "conditions[0].threshold: must be >= 0: cpa is never negative"},
      {[](auto& r) {
         r.conditions[0].measure = rules::Measure::change_percent;
         r.conditions[0].threshold = -150;
       },
       "conditions[0].threshold: must be >= -100: a metric cannot fall by more than 100%"},
      {[](auto& r) { r.conditions[0].guard.min_conversions = -1; },
       "conditions[0].guard.min_conversions: must be a number >= 0"},
      {[](auto& r) { r.conditions[0].guard.min_spend = kNaN; },
       "conditions[0].guard.min_spend: must be a number >= 0"},
      {[](auto& r) { r.conditions[0].guard.min_days_with_data = 4; },
       "conditions[0].guard.min_days_with_data: must be between 0 and the condition's "
       "window_days"},
      {[](auto& r) { r.match = static_cast<rules::Match>(5); }, "match: must be all or any"},
      {[](auto& r) { r.schedule.hour = 24; }, "schedule.hour: must be 0–23"},
      {[](auto& r) { r.schedule.weekday = 0; }, "schedule.weekday: must be 1–7 (Monday = 1)"},
      {[](auto& r) { r.action.percent = 0; },
       "action.percent: must be a non-zero percentage above -100 and at most 1000"},
      {[](auto& r) { r.action.percent = -100; },
       "action.percent: must be a non-zero percentage above -100 and at most 1000"},
      {[](auto& r) { r.action.percent = 1001; },
       "action.percent: must be a non-zero percentage above -100 and at most 1000"},
      {[](auto& r) { r.action.min_daily_budget = -5; },
       "action.min_daily_budget: must be a number >= 0"},
      {[](auto& r) { r.action.max_daily_budget = 0; },
       "action.max_daily_budget: must be a number > 0"},
      {[](auto& r) { r.action.max_daily_budget = 5; },
       "action.max_daily_budget: must not be below action.min_daily_budget"},
      {[](auto& r) { r.action = rules::Action{rules::ActionKind::notify, 20, {}, {}}; },
       "action.percent: only applies to recommend_budget_change"},
      {[](auto& r) { r.action = rules::Action{rules::ActionKind::recommend_pause, 0, 1, {}}; },
       "action.min_daily_budget: only applies to recommend_budget_change"},
      {[](auto& r) { r.cooldown_days = 366; }, "cooldown_days: must be 0–365"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(message_for(cases[i].break_it), cases[i].message) << "case " << i;
  }
}

TEST(RuleSchedule, DailyRuleIsDueOnceItsHourHasPassedSinceTheLastRun) {
  auto rule = valid_rule();  // daily at 06:00
  const LocalTime last{day(5), 6, 0};

  EXPECT_FALSE(rules::is_due(rule, last, LocalTime{day(5), 23, 59}));
  EXPECT_FALSE(rules::is_due(rule, last, LocalTime{day(6), 5, 59}));
  EXPECT_TRUE(rules::is_due(rule, last, LocalTime{day(6), 6, 0}));
  EXPECT_TRUE(rules::is_due(rule, LocalTime{day(5), 5, 59}, LocalTime{day(5), 6, 0}));
  EXPECT_TRUE(rules::is_due(rule, LocalTime{day(2), 7, 0}, LocalTime{day(5), 1, 0}));  // missed
}

TEST(RuleSchedule, HourlyRuleIsDueOnTheHour) {
  auto rule = valid_rule();
  rule.schedule.cadence = Cadence::hourly;

  EXPECT_FALSE(rules::is_due(rule, LocalTime{day(5), 10, 15}, LocalTime{day(5), 10, 59}));
  EXPECT_TRUE(rules::is_due(rule, LocalTime{day(5), 10, 15}, LocalTime{day(5), 11, 0}));
  EXPECT_TRUE(rules::is_due(rule, LocalTime{day(5), 23, 30}, LocalTime{day(6), 0, 0}));
}

TEST(RuleSchedule, WeeklyRuleIsDueOnItsWeekday) {
  auto rule = valid_rule();
  rule.schedule = rules::Schedule{Cadence::weekly, 9, 1};  // Mondays at 09:00 (4, 11 March)
  const LocalTime last{day(4), 9, 0};

  EXPECT_FALSE(rules::is_due(rule, last, LocalTime{day(10), 23, 0}));
  EXPECT_FALSE(rules::is_due(rule, last, LocalTime{day(11), 8, 59}));
  EXPECT_TRUE(rules::is_due(rule, last, LocalTime{day(11), 9, 0}));
}

TEST(RuleSchedule, NeverRunIsDueAndDisabledIsNot) {
  auto rule = valid_rule();
  EXPECT_TRUE(rules::is_due(rule, std::nullopt, LocalTime{day(5), 3, 0}));
  rule.enabled = false;
  EXPECT_FALSE(rules::is_due(rule, std::nullopt, LocalTime{day(5), 3, 0}));
}

TEST(RuleSchedule, NextRunIsTheFirstScheduledTimeAfter) {
  const auto same = [](LocalTime a, LocalTime b) {
    return a.date == b.date && a.hour == b.hour && a.minute == b.minute;
  };
  const rules::Schedule daily{Cadence::daily, 6, 1};
  const rules::Schedule hourly{Cadence::hourly, 0, 1};
  const rules::Schedule weekly{Cadence::weekly, 9, 1};

  EXPECT_TRUE(same(rules::next_run(daily, {day(5), 5, 0}), {day(5), 6, 0}));
  EXPECT_TRUE(same(rules::next_run(daily, {day(5), 6, 0}), {day(6), 6, 0}));
  EXPECT_TRUE(same(rules::next_run(hourly, {day(5), 10, 15}), {day(5), 11, 0}));
  EXPECT_TRUE(same(rules::next_run(hourly, {day(5), 23, 0}), {day(6), 0, 0}));
  EXPECT_TRUE(same(rules::next_run(weekly, {day(6), 12, 0}), {day(11), 9, 0}));  // Wed → Mon
  EXPECT_TRUE(same(rules::next_run(weekly, {day(4), 8, 0}), {day(4), 9, 0}));
}

TEST(RuleFixtures, DayOneIsFridayTheFirstOfMarch2024) {
  EXPECT_EQ(day(1), *core::make_date(2024, 3, 1));
  EXPECT_EQ(core::iso_weekday(day(4)), 1);
}
