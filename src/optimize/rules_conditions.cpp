// Judging a rule's conditions for one campaign on one date: window sums from the prefix sums,
// the metric from the sums, the guard, the comparison. No allocation: outcomes are written to
// the caller's buffer.
#include <algorithm>
#include <cmath>
#include <limits>

#include "optimize/rules_internal.h"

namespace optimize::rules::internal {
namespace {

// A metric over a window, or why it has none.
struct Computed {
  std::optional<ConditionStatus> failure;
  double value = 0;
};

Computed ratio(std::int64_t numerator, std::int64_t denominator, double scale = 1) {
  if (denominator == 0) return {ConditionStatus::undefined, 0};
  return {std::nullopt, scale * static_cast<double>(numerator) / static_cast<double>(denominator)};
}

Computed metric_over(Metric metric, const Sums& s, std::optional<double> daily_budget) {
  switch (metric) {
    case Metric::spend: return {std::nullopt, units(s[kSpend])};
    case Metric::impressions: return {std::nullopt, units(s[kImpressions])};
    case Metric::clicks: return {std::nullopt, units(s[kClicks])};
    case Metric::conversions: return {std::nullopt, units(s[kConversions])};
    case Metric::conversion_value: return {std::nullopt, units(s[kConversionValue])};
    case Metric::ctr: return ratio(s[kClicks], s[kImpressions]);
    case Metric::cpc: return ratio(s[kSpend], s[kClicks]);
    case Metric::cpm: return ratio(s[kSpend], s[kImpressions], 1000);
    case Metric::cpa: return ratio(s[kSpend], s[kConversions]);
    case Metric::roas: return ratio(s[kConversionValue], s[kSpend]);
    case Metric::conversion_rate: return ratio(s[kConversions], s[kClicks]);
    case Metric::frequency: return ratio(s[kImpressionsWithReach], s[kReach]);
    case Metric::spend_vs_daily_budget:
      if (!daily_budget || !(*daily_budget > 0)) return {ConditionStatus::no_daily_budget, 0};
      return {std::nullopt,
              units(s[kSpend]) / (*daily_budget * static_cast<double>(s[kDaysWithData]))};
  }
  return {ConditionStatus::undefined, 0};
}

// A guard's minimum in millionths; any minimum beyond what a window can hold is unreachable.
std::int64_t at_least(double minimum) {
  if (minimum > 9e12) return std::numeric_limits<std::int64_t>::max();
  return std::llround(minimum * 1e6);
}

// no_data or insufficient_data when the window cannot be judged; compared in millionths so a
// guard of exactly the window's spend passes.
std::optional<ConditionStatus> unusable(const DataGuard& g, const Sums& s) {
  if (s[kDaysWithData] == 0) return ConditionStatus::no_data;
  const bool enough = s[kSpend] >= at_least(g.min_spend) &&
                      s[kImpressions] >= at_least(g.min_impressions) &&
                      s[kClicks] >= at_least(g.min_clicks) &&
                      s[kConversions] >= at_least(g.min_conversions) &&
                      s[kDaysWithData] >= g.min_days_with_data;
  if (!enough) return ConditionStatus::insufficient_data;
  return std::nullopt;
}

bool compare(Comparison comparison, double observed, double threshold) {
  switch (comparison) {
    case Comparison::greater: return observed > threshold;
    case Comparison::greater_or_equal: return observed >= threshold;
    case Comparison::less: return observed < threshold;
    case Comparison::less_or_equal: return observed <= threshold;
    case Comparison::equal:
      return std::abs(observed - threshold) <= 1e-9 * std::max(1.0, std::abs(threshold));
  }
  return false;
}

// The metric over one window, or the status that stops the condition.
Computed judged_window(const Condition& c, const CampaignSeries& series, Window w,
                       std::optional<double> daily_budget) {
  const Sums sums = series.window_sums(w.first, w.last);
  if (const auto failure = unusable(c.guard, sums)) return {failure, 0};
  return metric_over(c.metric, sums, daily_budget);
}

ConditionOutcome judge(const Condition& c, const CampaignSeries& series,
                       std::optional<double> daily_budget, core::Date date) {
  ConditionOutcome out;
  const Computed now = judged_window(c, series, window(c, date), daily_budget);
  if (c.measure == Measure::value) {
    if (now.failure) {
      out.status = *now.failure;
      return out;
    }
    out.observed = now.value;
  } else {
    if (!now.failure) out.current = now.value;
    const Computed before = judged_window(c, series, previous_window(c, date), daily_budget);
    if (!before.failure) out.previous = before.value;
    if (now.failure || before.failure) {
      out.status = now.failure ? *now.failure : *before.failure;
      return out;
    }
    if (before.value == 0) {  // a change from nothing has no percentage
      out.status = ConditionStatus::undefined;
      return out;
    }
    out.observed = (now.value - before.value) / before.value * 100;
  }
  out.status = compare(c.comparison, *out.observed, c.threshold) ? ConditionStatus::held
                                                                  : ConditionStatus::not_held;
  return out;
}

bool cannot_judge(ConditionStatus s) {
  return s == ConditionStatus::no_data || s == ConditionStatus::undefined ||
         s == ConditionStatus::no_daily_budget;
}

}  // namespace

int lookback_days(const Condition& condition) {
  const int windows = condition.measure == Measure::change_percent ? 2 : 1;
  return condition.window_days * windows + (condition.window_end == WindowEnd::yesterday ? 1 : 0);
}

int lookback_days(const Rule& rule) {
  int days = 1;
  for (const Condition& c : rule.conditions) days = std::max(days, lookback_days(c));
  return days;
}

Outcome judge_conditions(const Rule& rule, const CampaignSeries& series,
                         std::optional<double> daily_budget, core::Date date,
                         ConditionOutcome* out) {
  bool any_held = false, any_not_held = false, any_unjudged = false, any_guarded = false;
  for (std::size_t i = 0; i < rule.conditions.size(); ++i) {
    out[i] = judge(rule.conditions[i], series, daily_budget, date);
    const ConditionStatus s = out[i].status;
    any_held |= s == ConditionStatus::held;
    any_not_held |= s == ConditionStatus::not_held;
    any_unjudged |= cannot_judge(s);
    any_guarded |= s == ConditionStatus::insufficient_data;
  }
  if (rule.match == Match::any && any_held) return Outcome::fired;
  // Under all, a condition judged false settles it; otherwise the first reason that applies.
  if (rule.match == Match::all && any_not_held) return Outcome::conditions_not_met;
  if (any_unjudged) return Outcome::not_evaluable;
  if (any_guarded) return Outcome::insufficient_data;
  return rule.match == Match::all ? Outcome::fired : Outcome::conditions_not_met;
}

}  // namespace optimize::rules::internal
