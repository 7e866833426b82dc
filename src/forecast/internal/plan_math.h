// Helpers both forecasters share: plan validation and the ratios derived from the totals.
// Internal to the forecast library; forecaster.h states the contract they implement.
#pragma once

#include <optional>
#include <string>

#include "forecast/forecaster.h"

namespace forecast::internal {

// Throws std::invalid_argument naming the field: end < start, daily_spend negative or not
// finite, value_per_conversion negative or not finite.
void validate_plan(const PlanInput& plan);

// Days in the flight, start and end included.
int plan_days(const PlanInput& plan);

// An estimate whose value and bounds are all `value`.
Estimate exact(double value);

// Every figure and bound of `e` multiplied by factor >= 0.
Estimate scaled(const Estimate& e, double factor);

// Sets cpa, roas and roi from the totals (forecaster.h): cpa = spend / conversions, nullopt when
// conversions.value is 0; roas = conversion_value / spend and roi = roas − 1, nullopt when spend
// is 0 or !value_known. A bound whose denominator bound is 0 is +infinity.
void derive_ratios(PlanForecast& forecast, bool value_known);

// A forecast of nothing: every count and bound 0, no ratios.
PlanForecast empty_forecast(const PlanInput& plan, std::string source);

}  // namespace forecast::internal
