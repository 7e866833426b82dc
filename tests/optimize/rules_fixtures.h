// Small hand-built histories and rules for the rules-engine tests: March 2024, day n = March n
// (1 March 2024 is a Friday, so 4 March is a Monday).
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "optimize/campaign_history.h"
#include "optimize/rules.h"

namespace rules_test {

namespace rules = optimize::rules;

inline core::Date day(int n) { return core::Date{19783 + n - 1}; }  // 19783 = 2024-03-01

struct DayValues {
  double spend = 0;
  double conversions = 0;
  double conversion_value = 0;
  double clicks = 0;
  double impressions = 0;
};

// One row per entry, starting on day(1).
inline optimize::CampaignHistory campaign(std::string id, const std::vector<DayValues>& values,
                                          std::optional<double> daily_budget = 100.0) {
  optimize::CampaignHistory c;
  c.id = id;
  c.name = std::string("Campaign ").append(id);
  c.client_id = "client-1";
  c.daily_budget = daily_budget;
  for (std::size_t i = 0; i < values.size(); ++i) {
    optimize::CampaignDay row;
    row.date = day(static_cast<int>(i) + 1);
    row.spend = values[i].spend;
    row.conversions = values[i].conversions;
    row.conversion_value = values[i].conversion_value;
    row.clicks = values[i].clicks;
    row.impressions = values[i].impressions;
    c.days.push_back(row);
  }
  return c;
}

// Spend 100 a day with the given conversions.
inline std::vector<DayValues> spend_100_with_conversions(const std::vector<double>& conversions) {
  std::vector<DayValues> values;
  for (double c : conversions) values.push_back(DayValues{100, c, 0, 0, 0});
  return values;
}

inline rules::Condition condition(rules::Metric metric, int window_days,
                                  rules::Comparison comparison, double threshold,
                                  rules::WindowEnd end = rules::WindowEnd::today) {
  rules::Condition c;
  c.metric = metric;
  c.window_days = window_days;
  c.window_end = end;
  c.comparison = comparison;
  c.threshold = threshold;
  return c;
}

// A valid daily rule over client-1's active campaigns that notifies.
inline rules::Rule rule_with(std::vector<rules::Condition> conditions, int cooldown_days = 1) {
  rules::Rule r;
  r.id = "rule-1";
  r.name = "Test rule";
  r.scope.client_id = "client-1";
  r.conditions = std::move(conditions);
  r.cooldown_days = cooldown_days;
  return r;
}

inline rules::Action budget_change(double percent, std::optional<double> min = std::nullopt,
                                   std::optional<double> max = std::nullopt) {
  rules::Action a;
  a.kind = rules::ActionKind::recommend_budget_change;
  a.percent = percent;
  a.min_daily_budget = min;
  a.max_daily_budget = max;
  return a;
}

template <typename Report>
std::vector<core::Date> firing_dates(const Report& report) {
  std::vector<core::Date> dates;
  for (const auto& f : report.firings) dates.push_back(f.date);
  return dates;
}

}  // namespace rules_test
