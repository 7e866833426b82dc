// Names, windows, schedules and report helpers of the rules engine (rules.h).
#include <algorithm>
#include <cstdint>
#include <string>

#include "optimize/rules.h"
#include "optimize/rules_internal.h"

namespace optimize::rules {
namespace {

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : std::string_view("unknown");
}

constexpr std::int64_t kMinutesPerDay = 24 * 60;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t minutes_of(LocalTime t) {
  return std::int64_t{t.date.days_since_epoch} * kMinutesPerDay + std::int64_t{t.hour} * 60 +
         t.minute;
}

LocalTime local_time_of(std::int64_t minutes) {
  const std::int64_t day = floor_div(minutes, kMinutesPerDay);
  const auto minute_of_day = static_cast<int>(minutes - day * kMinutesPerDay);
  return LocalTime{core::Date{static_cast<std::int32_t>(day)}, minute_of_day / 60,
                   minute_of_day % 60};
}

// The latest scheduled minute at or before `now`.
std::int64_t latest_slot(const Schedule& schedule, std::int64_t now) {
  if (schedule.cadence == Cadence::hourly) return floor_div(now, 60) * 60;
  const std::int64_t offset = std::int64_t{schedule.hour} * 60;
  std::int64_t day = floor_div(now - offset, kMinutesPerDay);  // last day whose slot has passed
  if (schedule.cadence == Cadence::weekly) {
    const int weekday = core::iso_weekday(core::Date{static_cast<std::int32_t>(day)});
    day -= (weekday - schedule.weekday + 7) % 7;
  }
  return day * kMinutesPerDay + offset;
}

std::int64_t period_minutes(Cadence cadence) {
  switch (cadence) {
    case Cadence::hourly: return 60;
    case Cadence::daily: return kMinutesPerDay;
    case Cadence::weekly: return 7 * kMinutesPerDay;
  }
  return kMinutesPerDay;
}

std::string outcome_counts_text(const std::array<std::size_t, kOutcomeCount>& counts) {
  std::string text;
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    if (counts[i] == 0) continue;
    std::string name(kOutcomeNames[i]);
    std::replace(name.begin(), name.end(), '_', ' ');
    text.append(", ").append(std::to_string(counts[i])).append(" ").append(name);
  }
  return text;
}

}  // namespace

std::string_view to_string(Metric metric) { return name_of(kMetricNames, metric); }
std::string_view to_string(WindowEnd end) { return name_of(kWindowEndNames, end); }
std::string_view to_string(Measure measure) { return name_of(kMeasureNames, measure); }
std::string_view to_string(Comparison comparison) {
  return name_of(kComparisonNames, comparison);
}
std::string_view to_string(Match match) { return name_of(kMatchNames, match); }
std::string_view to_string(Cadence cadence) { return name_of(kCadenceNames, cadence); }
std::string_view to_string(ActionKind kind) { return name_of(kActionKindNames, kind); }
std::string_view to_string(ConditionStatus status) {
  return name_of(kConditionStatusNames, status);
}
std::string_view to_string(Outcome outcome) { return name_of(kOutcomeNames, outcome); }

Window window(const Condition& condition, core::Date evaluation_date) {
  const core::Date last =
      condition.window_end == WindowEnd::today ? evaluation_date : evaluation_date - 1;
  return Window{last - (condition.window_days - 1), last};
}

Window previous_window(const Condition& condition, core::Date evaluation_date) {
  const Window current = window(condition, evaluation_date);
  return Window{current.first - condition.window_days, current.first - 1};
}

bool is_due(const Rule& rule, std::optional<LocalTime> last_run, LocalTime now) {
  if (!rule.enabled) return false;
  if (!last_run) return true;
  return minutes_of(*last_run) < latest_slot(rule.schedule, minutes_of(now));
}

LocalTime next_run(const Schedule& schedule, LocalTime after) {
  return local_time_of(latest_slot(schedule, minutes_of(after)) +
                       period_minutes(schedule.cadence));
}

std::span<const ConditionOutcome> EvaluationReport::conditions(const Evaluation& e) const {
  return std::span<const ConditionOutcome>(condition_outcomes).subspan(e.first_condition,
                                                                       e.condition_count);
}

std::size_t EvaluationReport::count(Outcome outcome) const {
  return outcome_counts[static_cast<std::size_t>(outcome)];
}

std::string EvaluationReport::summary() const {
  std::string text = core::format_iso_date(evaluation_date);
  text.append(": ")
      .append(std::to_string(rules_evaluated))
      .append(" rules, ")
      .append(std::to_string(pairs_evaluated))
      .append(" evaluations")
      .append(outcome_counts_text(outcome_counts));
  if (rules_disabled > 0) {
    text.append(", ").append(std::to_string(rules_disabled)).append(" disabled");
  }
  if (!invalid_rules.empty()) {
    text.append(", ").append(std::to_string(invalid_rules.size())).append(" invalid rules skipped");
  }
  if (values_ignored > 0) {
    text.append(", ").append(std::to_string(values_ignored)).append(" bad daily values ignored");
  }
  return text;
}

std::span<const ConditionOutcome> DryRunReport::conditions(const Evaluation& e) const {
  return std::span<const ConditionOutcome>(condition_outcomes).subspan(e.first_condition,
                                                                       e.condition_count);
}

std::size_t DryRunReport::count(Outcome outcome) const {
  return outcome_counts[static_cast<std::size_t>(outcome)];
}

std::string DryRunReport::summary() const {
  const auto fired_campaigns = std::count_if(campaigns.begin(), campaigns.end(),
                                             [](const auto& c) { return !c.firings.empty(); });
  std::string text("rule ");
  text.append(rule_id)
      .append(", ")
      .append(core::format_iso_date(from))
      .append("..")
      .append(core::format_iso_date(to))
      .append(": ")
      .append(std::to_string(days_replayed))
      .append(" days (")
      .append(std::to_string(days_due))
      .append(" due), ")
      .append(std::to_string(firings.size()))
      .append(" firings on ")
      .append(std::to_string(fired_campaigns))
      .append(" of ")
      .append(std::to_string(campaigns.size()))
      .append(" campaigns, spend affected ")
      .append(internal::money_text(spend_affected))
      .append(outcome_counts_text(outcome_counts));
  return text;
}

}  // namespace optimize::rules
