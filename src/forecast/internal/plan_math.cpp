#include "forecast/internal/plan_math.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace forecast::internal {
namespace {

double divide(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::infinity();
}

}  // namespace

void validate_plan(const PlanInput& plan) {
  if (plan.end < plan.start) throw std::invalid_argument("end: must not be before start");
  if (!std::isfinite(plan.daily_spend) || plan.daily_spend < 0) {
    throw std::invalid_argument("daily_spend: must be a finite number >= 0");
  }
  if (plan.value_per_conversion &&
      (!std::isfinite(*plan.value_per_conversion) || *plan.value_per_conversion < 0)) {
    throw std::invalid_argument("value_per_conversion: must be a finite number >= 0");
  }
}

int plan_days(const PlanInput& plan) { return (plan.end - plan.start) + 1; }

Estimate exact(double value) { return Estimate{value, {value, value}, {value, value}}; }

Estimate scaled(const Estimate& e, double factor) {
  return Estimate{e.value * factor,
                  {e.interval_80.low * factor, e.interval_80.high * factor},
                  {e.interval_95.low * factor, e.interval_95.high * factor}};
}

void derive_ratios(PlanForecast& f, bool value_known) {
  f.cpa.reset();
  f.roas.reset();
  f.roi.reset();
  const Estimate& c = f.conversions;
  if (c.value > 0) {
    // More conversions, lower cost each: a low bound comes from the conversions' high bound.
    f.cpa = Estimate{f.spend / c.value,
                     {f.spend / c.interval_80.high, divide(f.spend, c.interval_80.low)},
                     {f.spend / c.interval_95.high, divide(f.spend, c.interval_95.low)}};
  }
  if (f.spend > 0 && value_known) {
    f.roas = scaled(f.conversion_value, 1 / f.spend);
    const Estimate& r = *f.roas;
    f.roi = Estimate{r.value - 1,
                     {r.interval_80.low - 1, r.interval_80.high - 1},
                     {r.interval_95.low - 1, r.interval_95.high - 1}};
  }
}

PlanForecast empty_forecast(const PlanInput& plan, std::string source) {
  PlanForecast f;
  f.spend = plan.daily_spend * plan_days(plan);
  f.source = std::move(source);
  return f;
}

}  // namespace forecast::internal
