// Checks of the Forecaster contract (forecaster.h) shared by the forecaster tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "forecast/forecaster.h"

namespace forecast_test {

inline forecast::PlanInput plan(core::Platform platform, double daily_spend, int days = 30) {
  forecast::PlanInput p;
  p.platform = platform;
  p.objective = core::Objective::sales_conversion;
  p.start = core::Date{19600};  // 2023-08-30
  p.end = p.start + (days - 1);
  p.daily_spend = daily_spend;
  return p;
}

inline void expect_nested(const forecast::Estimate& e, const std::string& what, bool count) {
  EXPECT_LE(e.interval_95.low, e.interval_80.low) << what;
  EXPECT_LE(e.interval_80.low, e.value) << what;
  EXPECT_LE(e.value, e.interval_80.high) << what;
  EXPECT_LE(e.interval_80.high, e.interval_95.high) << what;
  if (count) {
    EXPECT_GE(e.interval_95.low, 0) << what;
  }
}

inline void expect_contract(const forecast::PlanForecast& f) {
  expect_nested(f.impressions, "impressions", true);
  expect_nested(f.clicks, "clicks", true);
  expect_nested(f.conversions, "conversions", true);
  expect_nested(f.conversion_value, "conversion_value", true);
  if (f.cpa) expect_nested(*f.cpa, "cpa", true);
  if (f.roas) expect_nested(*f.roas, "roas", true);
  if (f.roi) expect_nested(*f.roi, "roi", false);
  EXPECT_GE(f.confidence, 0);
  EXPECT_LE(f.confidence, 1);
  EXPECT_FALSE(f.notes.empty());
}

inline std::vector<double> bounds(const forecast::Estimate& e) {
  return {e.interval_95.low, e.interval_80.low, e.value, e.interval_80.high, e.interval_95.high};
}

// For increasing spends, no point or bound of the four counts falls.
inline void expect_monotone_in_spend(const forecast::Forecaster& forecaster,
                                     forecast::PlanInput p) {
  const double spends[] = {0, 0.5, 1, 3, 10, 25, 60, 150, 400, 1000, 3000, 10000, 100000};
  std::vector<forecast::PlanForecast> forecasts;
  for (double spend : spends) {
    p.daily_spend = spend;
    forecasts.push_back(forecaster.forecast(p));
    expect_contract(forecasts.back());
  }
  for (std::size_t i = 1; i < forecasts.size(); ++i) {
    const auto& a = forecasts[i - 1];
    const auto& b = forecasts[i];
    const std::pair<const forecast::Estimate*, const forecast::Estimate*> pairs[] = {
        {&a.impressions, &b.impressions},
        {&a.clicks, &b.clicks},
        {&a.conversions, &b.conversions},
        {&a.conversion_value, &b.conversion_value}};
    for (const auto& [x, y] : pairs) {
      const auto lo = bounds(*x), hi = bounds(*y);
      for (std::size_t k = 0; k < lo.size(); ++k) {
        EXPECT_LE(lo[k], hi[k]) << "spend " << spends[i - 1] << " -> " << spends[i] << " bound "
                                << k;
      }
    }
  }
}

}  // namespace forecast_test
