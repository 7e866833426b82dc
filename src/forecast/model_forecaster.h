// A Forecaster from a tenant's trained model (training.h).
//
// How a plan is forecast. Each day of the flight becomes one feature row (features.h): the
// plan's platform and objective, the day's date, days since the plan's start (a plan is a new
// campaign, so its first weeks are its learning phase) and daily_spend. The modelled targets
// are predicted for all days in one batch per target, on the log1p scale, and turned into
// counts per day:
//   point = exp(ŷ + log_factor(ŷ)) − 1, kept inside the day's 80% interval: the smearing curve
//           (smearing.h) turns the log prediction into an estimate of the mean, so the days add
//           up to an expected total rather than a sum of medians (10–20% low);
//   80% / 95% interval = [(1 + ŷ)·e^(−q) − 1, (1 + ŷ)·e^(q) − 1], floored at 0, with q the
//           target's split-conformal half-width (conformal.h).
// Totals are sums over the days, bounds included. Days' errors are strongly correlated (an
// account that underperforms tends to do so all flight long), so treating them as independent
// would shrink the totals' intervals by up to √days and under-cover. Adding the days' bounds is
// exact when the errors are comonotonic (quantiles of a comonotonic sum add) and, for less
// dependent errors, gives wider intervals than the sum's own quantiles: coverage errs high.
// On 30-day flights of held-out synthetic campaigns the 80% totals covered 84–96% (the √days
// shortcut: 16–22%); docs/forecasting.md has the table.
//
// Contract (forecaster.h): monotone in spend (every tree and the ridge are monotone in
// log1p_spend, and the transformations above are increasing), nested intervals, bounds >= 0.
// A plan with daily_spend 0 delivers 0.
//
// Fallbacks, each named in notes:
//  - a platform the history never had: benchmark_forecaster()'s forecast, source "benchmark";
//  - conversion_value: from the model when the tenant's history on the platform has values;
//    else conversions × value_per_conversion when the plan gives it; else 0 and no ROAS / ROI;
//  - daily_spend outside the platform's historical range, an objective the history never had:
//    forecast anyway (trees extrapolate flat beyond the data), lower confidence, and a note.
//
// Confidence: 1 − the chosen kind's mean cross-validated WAPE over impressions, clicks and
// conversions, clamped to [0.05, 0.95]; × min(1, platform rows / 90); × 0.7 when daily_spend is
// outside the history's range; × 0.9 for an objective the history does not have.
//
// source is "model <kind> " (e.g. "model random_forest "): the caller appends the model's
// version ("v3").
//
// Thread-safe: forecast() reads only the immutable model; any number of threads may call it on
// one ModelForecaster at once. A 30-day plan takes ~20–30 µs with trees, ~3 µs with the ridge
// (docs/forecasting.md).
#pragma once

#include <memory>

#include "forecast/forecaster.h"
#include "forecast/training.h"

namespace forecast {

class ModelForecaster : public Forecaster {
 public:
  // Throws std::invalid_argument when model is null.
  explicit ModelForecaster(std::shared_ptr<const TrainedModel> model);

  // Throws std::invalid_argument for an invalid plan (forecaster.h).
  PlanForecast forecast(const PlanInput& plan) const override;

  const TrainedModel& model() const { return *model_; }

 private:
  std::shared_ptr<const TrainedModel> model_;
};

}  // namespace forecast
