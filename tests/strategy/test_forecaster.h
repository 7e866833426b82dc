// A small deterministic Forecaster for the planner's tests: per-platform CPM, CTR and
// conversion rate on a concave spend curve (effective spend = S^0.9 · 3000^0.1), intervals of
// ±20 % (80 %) and ±35 % (95 %). Keeps every promise of forecast::Forecaster's contract.
#pragma once

#include <cmath>
#include <stdexcept>

#include "core/date.h"
#include "forecast/forecaster.h"
#include "strategy/planner.h"

namespace strategy_test {

class TestForecaster final : public forecast::Forecaster {
 public:
  forecast::PlanForecast forecast(const forecast::PlanInput& plan) const override {
    if (plan.end < plan.start || plan.daily_spend < 0) throw std::invalid_argument("plan");
    struct Rates {
      double cpm, ctr, cvr;
    };
    static constexpr Rates kRates[] = {
        {20, 0.04, 0.05},    // google_ads: CPA 10
        {10, 0.012, 0.03},   // meta_ads:   CPA ~27.8
        {40, 0.006, 0.04},   // linkedin:   CPA ~166.7
        {8, 0.01, 0.02},     // tiktok:     CPA 40
        {12, 0.008, 0.015},  // youtube:    CPA 100
        {1, 0.02, 0.02},     // email:      CPA 2.5
    };
    const Rates& r = kRates[static_cast<int>(plan.platform)];
    const int days = (plan.end - plan.start) + 1;
    forecast::PlanForecast f;
    f.spend = plan.daily_spend * days;
    const double effective = f.spend > 0 ? std::pow(f.spend, 0.9) * std::pow(3000.0, 0.1) : 0;
    const double impressions = effective / r.cpm * 1000;
    f.impressions = estimate(impressions);
    f.clicks = estimate(impressions * r.ctr);
    f.conversions = estimate(impressions * r.ctr * r.cvr);
    if (plan.value_per_conversion) {
      f.conversion_value = estimate(f.conversions.value * *plan.value_per_conversion);
    }
    if (f.conversions.value > 0) f.cpa = ratio(f.spend, f.conversions, true);
    if (f.spend > 0 && f.conversion_value.value > 0) {
      f.roas = ratio(f.spend, f.conversion_value, false);
      forecast::Estimate roi = *f.roas;
      for (double* v : {&roi.value, &roi.interval_80.low, &roi.interval_80.high,
                        &roi.interval_95.low, &roi.interval_95.high}) {
        *v -= 1;
      }
      f.roi = roi;
    }
    f.source = "benchmark (test)";
    f.confidence = 0.5;
    return f;
  }

 private:
  static forecast::Estimate estimate(double v) {
    return {v, {v * 0.8, v * 1.2}, {v * 0.65, v * 1.35}};
  }
  static forecast::Estimate ratio(double spend, const forecast::Estimate& e, bool cost) {
    auto f = [&](double x) { return cost ? spend / x : x / spend; };
    if (cost) {
      return {f(e.value), {f(e.interval_80.high), f(e.interval_80.low)},
              {f(e.interval_95.high), f(e.interval_95.low)}};
    }
    return {f(e.value), {f(e.interval_80.low), f(e.interval_80.high)},
            {f(e.interval_95.low), f(e.interval_95.high)}};
  }
};

inline core::Date date(const char* iso) { return *core::parse_iso_date(iso); }

// The original design's brief: "Holiday Campaign", sales_conversion, 15,000, Google + Meta.
inline strategy::Brief holiday_brief() {
  strategy::Brief b;
  b.campaign_name = "Holiday Campaign";
  b.objective = core::Objective::sales_conversion;
  b.budget = 15000;
  b.platforms = {core::Platform::google_ads, core::Platform::meta_ads};
  return b;
}

inline const TestForecaster& test_forecaster() {
  static const TestForecaster forecaster;
  return forecaster;
}

inline strategy::PlanningContext context(const char* today = "2024-11-01") {
  return {&test_forecaster(), {}, date(today), {}};
}

}  // namespace strategy_test
