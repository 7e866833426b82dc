// Per-platform forecasts from the forecaster at each platform's budget, and their total.
#include <algorithm>
#include <cmath>
#include <limits>

#include "strategy/internal/plan_state.h"

namespace strategy::internal {
namespace {

void add(forecast::Estimate& total, const forecast::Estimate& part) {
  total.value += part.value;
  total.interval_80.low += part.interval_80.low;
  total.interval_80.high += part.interval_80.high;
  total.interval_95.low += part.interval_95.low;
  total.interval_95.high += part.interval_95.high;
}

// numerator / denominator with the interval ends crossed for the denominator; an end whose
// denominator is 0 is +infinity (rendered as null).
double divide(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::infinity();
}

forecast::Estimate cost_per(double spend, const forecast::Estimate& count) {
  return {divide(spend, count.value),
          {divide(spend, count.interval_80.high), divide(spend, count.interval_80.low)},
          {divide(spend, count.interval_95.high), divide(spend, count.interval_95.low)}};
}

forecast::Estimate per_spend(const forecast::Estimate& value, double spend, double offset) {
  auto f = [&](double v) { return (v - offset) / spend; };
  return {f(value.value),
          {f(value.interval_80.low), f(value.interval_80.high)},
          {f(value.interval_95.low), f(value.interval_95.high)}};
}

}  // namespace

StrategyForecast forecast_plan(const ResolvedBrief& r, const BudgetSplit& split,
                               const forecast::Forecaster& forecaster) {
  StrategyForecast out;
  out.per_platform.reserve(split.shares.size());
  forecast::PlanForecast& total = out.total;
  double weighted_confidence = 0;
  for (const BudgetShare& share : split.shares) {
    forecast::PlanInput plan{share.platform, r.brief->objective, r.brief->industry, r.start,
                             r.end, share.amount / r.days, r.value_per_conversion};
    PlatformForecast pf{share.platform, forecaster.forecast(plan)};
    const forecast::PlanForecast& f = pf.forecast;
    add(total.impressions, f.impressions);
    add(total.clicks, f.clicks);
    add(total.conversions, f.conversions);
    add(total.conversion_value, f.conversion_value);
    total.spend += f.spend;
    weighted_confidence += f.confidence * f.spend;
    if (std::find(total.notes.begin(), total.notes.end(), f.source) == total.notes.end()) {
      total.notes.push_back(f.source);
    }
    out.per_platform.push_back(std::move(pf));
  }
  // notes so far hold the distinct sources; turn them into the total's source.
  total.source = "sum of platforms (" + join(total.notes) + ")";
  total.notes = {
      "Counts and intervals are summed platform by platform: the intervals assume the "
      "platforms' errors move together, so they are wider than independent errors would give.",
      "Ratios are computed from the totals."};
  total.confidence = total.spend > 0 ? weighted_confidence / total.spend : 0;
  if (total.conversions.value > 0) total.cpa = cost_per(total.spend, total.conversions);
  if (total.spend > 0 && total.conversion_value.value > 0) {
    total.roas = per_spend(total.conversion_value, total.spend, 0);
    total.roi = per_spend(total.conversion_value, total.spend, total.spend);
  }
  return out;
}

}  // namespace strategy::internal
