// Forecasts of what a media plan will deliver: impressions, clicks, conversions, conversion
// value and the ratios derived from them, each with 80% and 95% intervals.
//
// Two implementations share this interface:
//  - benchmark_forecaster(): industry benchmark priors (benchmark_priors.h), used when a tenant
//    has no trained model or the model has not seen the platform;
//  - a trained model (model_forecaster.h), learned from the tenant's own campaign history.
// Strategy generation and POST /api/v1/forecast call a Forecaster and never know which one.
//
// Contract every implementation keeps (tests check it):
//  - Money is in the plan's currency units as a double (not micros): a forecast is an
//    expectation, not an amount that is booked. Benchmarks are US dollars and are applied at
//    par to other currencies; the forecast says so in `notes`.
//  - Monotone in spend: for the same plan with a higher daily_spend, no point estimate or
//    interval bound of impressions, clicks, conversions or conversion_value falls.
//  - Nested intervals: interval_95.low <= interval_80.low <= value <= interval_80.high <=
//    interval_95.high, and every bound of a count is >= 0.
//  - Ratios (cpa, roas, roi) are ratios of the totals; nullopt when the denominator is zero or
//    (for roas/roi) when no conversion value is known. Their intervals come from the
//    intervals of the counts they divide (cpa's low uses conversions' high, and so on). A bound
//    whose denominator bound is 0 (cpa's high when conversions' low is 0) is +infinity, i.e.
//    unbounded; renderers must treat a non-finite bound as "no bound" (JSON has no infinity).
//  - Pure and thread-safe: forecast() is const, reads no clock and does no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"

namespace forecast {

struct Interval {
  double low = 0;
  double high = 0;
};

// A forecast figure: the point estimate (the expected value) and central prediction intervals.
struct Estimate {
  double value = 0;
  Interval interval_80;
  Interval interval_95;
};

// What a plan is: one platform, a daily spend over a flight, an objective.
struct PlanInput {
  core::Platform platform = core::Platform::google_ads;
  core::Objective objective = core::Objective::sales_conversion;
  std::string industry;  // free text, as benchmark_prior() reads it; "" means all industries
  core::Date start;      // first day of the flight
  core::Date end;        // last day, inclusive; end >= start
  double daily_spend = 0;                             // >= 0, in the plan's currency units
  std::optional<double> value_per_conversion;         // average order or lead value, if known
};

struct PlanForecast {
  Estimate impressions;
  Estimate clicks;
  Estimate conversions;
  Estimate conversion_value;  // value 0 with zero intervals when nothing gives a value
  double spend = 0;           // daily_spend x days
  std::optional<Estimate> cpa;   // spend / conversions
  std::optional<Estimate> roas;  // conversion_value / spend
  std::optional<Estimate> roi;   // (conversion_value - spend) / spend
  // Where the numbers came from: "benchmark" or "model" and, for a model, its kind and version
  // (e.g. "model random_forest v3"). ModelForecaster sets "model <kind> " (trailing space); the
  // caller, who knows the stored model's version, appends it.
  std::string source;
  double confidence = 0;            // 0-1; orders forecasts by trust, see each implementation
  std::vector<std::string> notes;   // plain-language caveats and the drivers of confidence
};

class Forecaster {
 public:
  virtual ~Forecaster() = default;
  // The forecast for `plan`. Throws std::invalid_argument when end < start or daily_spend < 0.
  virtual PlanForecast forecast(const PlanInput& plan) const = 0;
};

}  // namespace forecast
