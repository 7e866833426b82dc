// validate(): a rule is checked field by field, and the first bad field is named by its path, so
// the API can answer 400 with the field to fix before anything is stored.
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "optimize/rules.h"
#include "optimize/rules_internal.h"

namespace optimize::rules {
namespace {

using internal::kMaxConditions;
using internal::kMaxCooldownDays;
using internal::kMaxWindowDays;

constexpr std::size_t kMaxTextLength = 200;

[[noreturn]] void fail(std::string path, std::string_view message) {
  throw std::invalid_argument(path.append(": ").append(message));
}

std::string item(std::string_view list, std::size_t index) {
  return std::string(list).append("[").append(std::to_string(index)).append("]");
}

std::string field(std::string_view parent, std::string_view name) {
  return std::string(parent).append(".").append(name);
}

template <typename Enum, std::size_t N>
bool known(const std::array<std::string_view, N>& /*names*/, Enum value) {
  return static_cast<std::size_t>(value) < N;
}

// Every entry known and none repeated; `names` gives the enum's spellings.
template <typename Enum, std::size_t N>
void check_enum_list(const std::vector<Enum>& values, std::string_view path,
                     const std::array<std::string_view, N>& names, std::string_view what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!known(names, values[i])) fail(item(path, i), std::string("must be a known ").append(what));
    for (std::size_t j = 0; j < i; ++j) {
      if (values[j] == values[i]) {
        fail(item(path, i), std::string("duplicate of ").append(item(path, j)));
      }
    }
  }
}

void check_text(const std::string& text, std::string path) {
  if (text.empty()) fail(std::move(path), "must not be empty");
  if (text.size() > kMaxTextLength) fail(std::move(path), "must be at most 200 characters");
}

void check_scope(const Scope& scope) {
  if (scope.client_id.empty()) fail("scope.client_id", "must not be empty");
  check_enum_list(scope.platforms, "scope.platforms", core::kPlatformNames, "platform");
  check_enum_list(scope.objectives, "scope.objectives", core::kObjectiveNames, "objective");
  check_enum_list(scope.statuses, "scope.statuses", core::kCampaignStatusNames, "campaign status");
  const auto& ids = scope.campaign_ids;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].empty()) fail(item("scope.campaign_ids", i), "must not be empty");
    for (std::size_t j = 0; j < i; ++j) {
      if (ids[j] == ids[i]) {
        fail(item("scope.campaign_ids", i),
             std::string("duplicate of ").append(item("scope.campaign_ids", j)));
      }
    }
  }
}

void check_non_negative(double value, const std::string& parent, std::string_view name) {
  if (!std::isfinite(value) || value < 0) fail(field(parent, name), "must be a number >= 0");
}

void check_guard(const DataGuard& guard, int window_days, const std::string& path) {
  check_non_negative(guard.min_spend, path, "min_spend");
  check_non_negative(guard.min_impressions, path, "min_impressions");
  check_non_negative(guard.min_clicks, path, "min_clicks");
  check_non_negative(guard.min_conversions, path, "min_conversions");
  if (guard.min_days_with_data < 0 || guard.min_days_with_data > window_days) {
    fail(field(path, "min_days_with_data"), "must be between 0 and the condition's window_days");
  }
}

void check_threshold(const Condition& c, const std::string& path) {
  const std::string at = field(path, "threshold");
  if (!std::isfinite(c.threshold)) fail(at, "must be a finite number");
  if (c.measure == Measure::value && c.threshold < 0) {
    fail(at,
         std::string("must be >= 0: ").append(to_string(c.metric)).append(" is never negative"));
  }
  if (c.measure == Measure::change_percent && c.threshold < -100) {
    fail(at, "must be >= -100: a metric cannot fall by more than 100%");
  }
}

void check_condition(const Condition& c, const std::string& path) {
  if (!known(kMetricNames, c.metric)) fail(field(path, "metric"), "must be a known metric");
  if (c.window_days < 1 || c.window_days > kMaxWindowDays) {
    fail(field(path, "window_days"), "must be 1–365");
  }
  if (!known(kWindowEndNames, c.window_end)) {
    fail(field(path, "window_end"), "must be today or yesterday");
  }
  if (!known(kMeasureNames, c.measure)) {
    fail(field(path, "measure"), "must be value or change_percent");
  }
  if (!known(kComparisonNames, c.comparison)) {
    fail(field(path, "comparison"), "must be gt, gte, lt, lte or eq");
  }
  check_threshold(c, path);
  check_guard(c.guard, c.window_days, field(path, "guard"));
}

void check_schedule(const Schedule& s) {
  if (!known(kCadenceNames, s.cadence)) {
    fail("schedule.cadence", "must be hourly, daily or weekly");
  }
  if (s.hour < 0 || s.hour > 23) fail("schedule.hour", "must be 0–23");
  if (s.weekday < 1 || s.weekday > 7) fail("schedule.weekday", "must be 1–7 (Monday = 1)");
}

void check_budget_action(const Action& a) {
  if (!std::isfinite(a.percent) || a.percent == 0 || a.percent <= -100 || a.percent > 1000) {
    fail("action.percent", "must be a non-zero percentage above -100 and at most 1000");
  }
  if (a.min_daily_budget && (!std::isfinite(*a.min_daily_budget) || *a.min_daily_budget < 0)) {
    fail("action.min_daily_budget", "must be a number >= 0");
  }
  if (a.max_daily_budget && (!std::isfinite(*a.max_daily_budget) || *a.max_daily_budget <= 0)) {
    fail("action.max_daily_budget", "must be a number > 0");
  }
  if (a.min_daily_budget && a.max_daily_budget && *a.max_daily_budget < *a.min_daily_budget) {
    fail("action.max_daily_budget", "must not be below action.min_daily_budget");
  }
}

void check_action(const Action& a) {
  if (!known(kActionKindNames, a.kind)) {
    fail("action.kind", "must be notify, recommend_pause or recommend_budget_change");
  }
  if (a.kind == ActionKind::recommend_budget_change) return check_budget_action(a);
  constexpr std::string_view kOnlyBudget = "only applies to recommend_budget_change";
  if (a.percent != 0) fail("action.percent", kOnlyBudget);
  if (a.min_daily_budget) fail("action.min_daily_budget", kOnlyBudget);
  if (a.max_daily_budget) fail("action.max_daily_budget", kOnlyBudget);
}

}  // namespace

void validate(const Rule& rule) {
  check_text(rule.id, "id");
  check_text(rule.name, "name");
  check_scope(rule.scope);
  const std::size_t conditions = rule.conditions.size();
  if (conditions == 0 || conditions > static_cast<std::size_t>(kMaxConditions)) {
    fail("conditions", "must have 1–20 conditions");
  }
  for (std::size_t i = 0; i < rule.conditions.size(); ++i) {
    check_condition(rule.conditions[i], item("conditions", i));
  }
  if (!known(kMatchNames, rule.match)) fail("match", "must be all or any");
  check_schedule(rule.schedule);
  check_action(rule.action);
  if (rule.cooldown_days < 0 || rule.cooldown_days > kMaxCooldownDays) {
    fail("cooldown_days", "must be 0–365");
  }
}

}  // namespace optimize::rules
