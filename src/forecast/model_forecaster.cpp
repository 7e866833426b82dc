#include "forecast/model_forecaster.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "forecast/benchmark_forecaster.h"
#include "forecast/internal/plan_math.h"

namespace forecast {
namespace {

constexpr int kChunkDays = 64;  // days predicted per batch; a longer flight takes several

// Running totals of one target over the days.
struct Totals {
  double value = 0, low80 = 0, high80 = 0, low95 = 0, high95 = 0;

  // Adds `days` days whose log1p predictions are in `predicted`.
  void add(const float* predicted, int days, const TargetIntervals& intervals) {
    const ConformalCalibration& c = intervals.served;
    const double down80 = std::exp(-c.half_width_80), up80 = std::exp(c.half_width_80);
    const double down95 = std::exp(-c.half_width_95), up95 = std::exp(c.half_width_95);
    for (int d = 0; d < days; ++d) {
      const double y = predicted[d];
      const double u = std::exp(y);  // 1 + the median-like count
      const double lo80 = std::max(0.0, u * down80 - 1), hi80 = std::max(0.0, u * up80 - 1);
      value += std::clamp(intervals.expected_value.expected(y) - 1, lo80, hi80);
      low80 += lo80;
      high80 += hi80;
      low95 += std::max(0.0, u * down95 - 1);
      high95 += std::max(0.0, u * up95 - 1);
    }
  }
  Estimate estimate() const { return Estimate{value, {low80, high80}, {low95, high95}}; }
};

double model_confidence(const TrainingSummary& s, const PlatformProfile& profile,
                        bool spend_in_range, bool objective_seen) {
  const CandidateScore* score = s.score(s.chosen);
  double wape = 0;
  if (score) {
    for (Target t : {Target::impressions, Target::clicks, Target::conversions}) {
      wape += score->accuracy[static_cast<std::size_t>(t)].wape / 3;
    }
  }
  double confidence = std::clamp(1 - wape, 0.05, 0.95);
  confidence *= std::min(1.0, static_cast<double>(profile.rows) / 90);
  if (!spend_in_range) confidence *= 0.7;
  if (!objective_seen) confidence *= 0.9;
  return confidence;
}

std::string money(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", v);
  return text;
}

}  // namespace

ModelForecaster::ModelForecaster(std::shared_ptr<const TrainedModel> model)
    : model_(std::move(model)) {
  if (!model_) throw std::invalid_argument("ModelForecaster needs a model");
}

PlanForecast ModelForecaster::forecast(const PlanInput& plan) const {
  internal::validate_plan(plan);
  const TrainingSummary& s = model_->summary();
  const PlatformProfile* profile = model_->platform_profile(plan.platform);
  if (profile == nullptr) {
    PlanForecast f = benchmark_forecaster().forecast(plan);
    f.notes.insert(f.notes.begin(), "The tenant's model has not seen " +
                                        std::string(core::platform_name(plan.platform)) +
                                        ": industry benchmarks used instead.");
    return f;
  }
  PlanForecast f =
      internal::empty_forecast(plan, "model " + std::string(model_kind_name(s.chosen)) + " ");
  const bool value_from_model = s.modelled[static_cast<std::size_t>(Target::conversion_value)] &&
                                profile->has_conversion_value;
  const std::array<Target, 4> targets = {Target::impressions, Target::clicks, Target::conversions,
                                         Target::conversion_value};
  const std::size_t target_count = value_from_model ? 4 : 3;
  std::array<Totals, 4> totals{};

  if (plan.daily_spend > 0) {
    const int days = internal::plan_days(plan);
    std::array<float, kChunkDays * kFeatureCount> x;
    std::array<float, kChunkDays> predicted;
    for (int first = 0; first < days; first += kChunkDays) {
      const int n = std::min(kChunkDays, days - first);
      for (int d = 0; d < n; ++d) {
        const DayDescription day{plan.platform, plan.objective, plan.start + (first + d), first + d,
                                 plan.daily_spend};
        campaign_day_features(day, std::span<float>(x.data() + d * kFeatureCount, kFeatureCount));
      }
      for (std::size_t t = 0; t < target_count; ++t) {
        const auto ti = static_cast<std::size_t>(targets[t]);
        model_->regressor(targets[t])
            ->predict(std::span<const float>(x.data(), static_cast<std::size_t>(n) * kFeatureCount),
                      std::span<float>(predicted.data(), static_cast<std::size_t>(n)));
        totals[t].add(predicted.data(), n, s.intervals[ti]);
      }
    }
  }
  f.impressions = totals[0].estimate();
  f.clicks = totals[1].estimate();
  f.conversions = totals[2].estimate();
  bool value_known = true;
  if (value_from_model) {
    f.conversion_value = totals[3].estimate();
    f.notes.push_back("Conversion value from the model of this account's history.");
  } else if (plan.value_per_conversion) {
    f.conversion_value = internal::scaled(f.conversions, *plan.value_per_conversion);
    f.notes.push_back("Conversion value = conversions x value_per_conversion (" +
                      money(*plan.value_per_conversion) + "); the history has no values.");
  } else {
    value_known = false;
    f.notes.push_back(
        "No conversion values in the history and no value_per_conversion: "
        "conversion value, ROAS and ROI unknown.");
  }
  internal::derive_ratios(f, value_known);

  const bool spend_in_range =
      plan.daily_spend == 0 || (plan.daily_spend >= profile->min_daily_spend &&
                                plan.daily_spend <= profile->max_daily_spend);
  const bool objective_seen =
      std::find(s.objectives.begin(), s.objectives.end(), plan.objective) != s.objectives.end();
  f.confidence = model_confidence(s, *profile, spend_in_range, objective_seen);
  f.notes.push_back("Model " + std::string(model_kind_name(s.chosen)) + " trained on " +
                    std::to_string(s.rows) + " campaign-days (" + std::to_string(profile->rows) +
                    " on " + std::string(core::platform_name(plan.platform)) + ", " +
                    core::format_iso_date(s.first_date) + " to " +
                    core::format_iso_date(s.last_date) +
                    "), chosen by rolling-origin "
                    "cross-validation.");
  f.notes.push_back(
      "Intervals: split-conformal per day on the log scale, summed over the days "
      "(conservative for correlated days).");
  if (!spend_in_range) {
    f.notes.push_back("Daily spend is outside this platform's history (" +
                      money(profile->min_daily_spend) + " to " + money(profile->max_daily_spend) +
                      "): the model extrapolates, confidence lowered.");
  }
  if (!objective_seen) {
    f.notes.push_back("The history has no " + std::string(core::objective_name(plan.objective)) +
                      " campaigns: the objective cannot inform this forecast.");
  }
  if (plan.daily_spend == 0) f.notes.push_back("No spend: nothing is delivered.");
  return f;
}

}  // namespace forecast
