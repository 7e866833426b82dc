#include "forecast/benchmark_forecaster.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "forecast/benchmark_priors.h"
#include "forecast_contract.h"

using core::Objective;
using core::Platform;
using forecast::benchmark_forecaster;
using forecast::benchmark_prior;
using forecast::BenchmarkMetric;
using forecast_test::plan;
using testing::HasSubstr;

namespace {

double sigma(const forecast::Prior& p) {  // [low, high] = 10th–90th percentiles, floor 0.5
  return p.high > p.low ? std::max(0.5, std::log(p.high / p.low) / (2 * 1.2815515655446004)) : 0.5;
}

TEST(BenchmarkForecaster, FiguresEqualTheHandComputationFromThePriors) {
  auto p = plan(Platform::meta_ads, 100, 30);  // S = 3000
  p.value_per_conversion = 50;
  const auto cpm = *benchmark_prior(Platform::meta_ads, "", BenchmarkMetric::cpm);
  const auto cpc = *benchmark_prior(Platform::meta_ads, "", BenchmarkMetric::cpc);
  const auto ctr = *benchmark_prior(Platform::meta_ads, "", BenchmarkMetric::ctr);
  const auto cvr = *benchmark_prior(Platform::meta_ads, "", BenchmarkMetric::conversion_rate);
  const auto f = benchmark_forecaster().forecast(p);

  const double S = 3000;
  EXPECT_NEAR(f.spend, S, 1e-9);
  EXPECT_NEAR(f.impressions.value, S / cpm.value * 1000, 1e-6);
  EXPECT_NEAR(f.clicks.value, S / cpc.value, 1e-9);
  EXPECT_NEAR(f.conversions.value, S / cpc.value * cvr.value, 1e-9);
  EXPECT_NEAR(f.conversion_value.value, S / cpc.value * cvr.value * 50, 1e-7);
  EXPECT_NEAR(f.cpa->value, cpc.value / cvr.value, 1e-9);
  EXPECT_NEAR(f.roas->value, f.conversion_value.value / S, 1e-12);
  EXPECT_NEAR(f.roi->value, f.roas->value - 1, 1e-12);

  // Clicks' 80% interval: σ² = σ_cpc² + (half the log gap to S / CPM × 1000 × CTR)².
  const double gap = std::log(S / cpc.value) - std::log(S / cpm.value * 1000 * ctr.value);
  const double s = std::sqrt(sigma(cpc) * sigma(cpc) + gap * gap / 4);
  EXPECT_NEAR(f.clicks.interval_80.high, S / cpc.value * std::exp(1.2815515655446004 * s), 1e-6);
  EXPECT_NEAR(f.clicks.interval_95.low, S / cpc.value * std::exp(-1.959963984540054 * s), 1e-6);
  // cpa's low end comes from the conversions' high end.
  EXPECT_NEAR(f.cpa->interval_80.low, S / f.conversions.interval_80.high, 1e-9);

  EXPECT_EQ(f.source, "benchmark");
  EXPECT_GT(f.confidence, 0);
  EXPECT_THAT(f.notes, testing::Contains(HasSubstr("at par")));
  EXPECT_THAT(f.notes, testing::Contains(HasSubstr("all industries")));
  forecast_test::expect_contract(f);
}

TEST(BenchmarkForecaster, ScalesCountsForAnAwarenessObjective) {
  auto sales = plan(Platform::google_ads, 50);
  auto awareness = sales;
  awareness.objective = Objective::awareness;
  const auto a = benchmark_forecaster().forecast(sales);
  const auto b = benchmark_forecaster().forecast(awareness);
  EXPECT_NEAR(b.conversions.value, a.conversions.value * 0.25, 1e-9);
  EXPECT_NEAR(b.impressions.value, a.impressions.value * 1.5, 1e-6);
  EXPECT_GT(b.conversions.interval_95.high / b.conversions.value,
            a.conversions.interval_95.high / a.conversions.value);  // wider
  EXPECT_LT(b.confidence, a.confidence);
}

TEST(BenchmarkForecaster, KeepsTheContractOnEveryPlatformAndObjective) {
  for (int p = 0; p < 5; ++p) {
    for (int o = 0; o < 6; ++o) {
      auto input = plan(static_cast<Platform>(p), 80);
      input.objective = static_cast<Objective>(o);
      input.industry = o % 2 ? "retail" : "";
      forecast_test::expect_monotone_in_spend(benchmark_forecaster(), input);
    }
  }
}

TEST(BenchmarkForecaster, GivesAnEmptyForecastForEmail) {
  const auto f = benchmark_forecaster().forecast(plan(Platform::email, 100));
  EXPECT_EQ(f.clicks.value, 0);
  EXPECT_EQ(f.conversions.interval_95.high, 0);
  EXPECT_EQ(f.confidence, 0);
  EXPECT_FALSE(f.cpa.has_value());
  EXPECT_THAT(f.notes, testing::Contains(HasSubstr("email")));
}

TEST(BenchmarkForecaster, LeavesValueRatiosUnknownWithoutAValuePerConversion) {
  const auto f = benchmark_forecaster().forecast(plan(Platform::linkedin_ads, 100));
  EXPECT_EQ(f.conversion_value.value, 0);
  EXPECT_FALSE(f.roas.has_value());
  EXPECT_FALSE(f.roi.has_value());
  EXPECT_TRUE(f.cpa.has_value());
}

TEST(BenchmarkForecaster, RejectsAnInvalidPlan) {
  auto backwards = plan(Platform::meta_ads, 10);
  backwards.end = backwards.start - 1;
  EXPECT_THROW(benchmark_forecaster().forecast(backwards), std::invalid_argument);
  EXPECT_THROW(benchmark_forecaster().forecast(plan(Platform::meta_ads, -1)),
               std::invalid_argument);
  EXPECT_THROW(benchmark_forecaster().forecast(plan(Platform::meta_ads, std::nan(""))),
               std::invalid_argument);
  auto negative_value = plan(Platform::meta_ads, 10);
  negative_value.value_per_conversion = -5;
  EXPECT_THROW(benchmark_forecaster().forecast(negative_value), std::invalid_argument);
}

TEST(BenchmarkForecaster, ReadsAPriorSpreadAsTheCentralEightyPercent) {
  EXPECT_DOUBLE_EQ(forecast::prior_log_sigma(5, 5), 0.5);
  EXPECT_DOUBLE_EQ(forecast::prior_log_sigma(1, 1.1), 0.5);  // floor
  EXPECT_NEAR(forecast::prior_log_sigma(1, std::exp(4.0)), 4 / (2 * 1.2815515655446004), 1e-12);
}

}  // namespace
