// The dashboard runs anomaly detection per request: a year of daily values for five metrics
// (spend, CTR, CPC, conversions, ROAS) must take well under a millisecond in total.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <optional>
#include <random>
#include <vector>

#include "optimize/anomaly.h"

namespace {

constexpr int kDays = 365;
constexpr double kWeekday[7] = {1.00, 1.06, 1.10, 1.04, 0.96, 0.78, 0.70};

struct Metric {
  double level;
  double noise;  // relative
  optimize::MetricKind kind;
};
constexpr std::array<Metric, 5> kMetrics = {{
    {2500.0, 0.08, optimize::MetricKind::multiplicative},  // spend
    {0.031, 0.10, optimize::MetricKind::multiplicative},   // CTR
    {1.45, 0.09, optimize::MetricKind::multiplicative},    // CPC
    {42.0, 0.15, optimize::MetricKind::count},         // conversions
    {3.2, 0.18, optimize::MetricKind::multiplicative},     // ROAS
}};

// A year per metric with a weekly pattern, a slow trend, noise, a few spikes and missing days.
std::vector<std::vector<std::optional<double>>> make_year() {
  std::mt19937 rng(20240601);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<std::vector<std::optional<double>>> metrics;
  for (const Metric& m : kMetrics) {
    std::vector<std::optional<double>> series(kDays);
    for (int d = 0; d < kDays; ++d) {
      const double trend = 1.0 + 0.3 * d / kDays;
      double v = m.level * trend * kWeekday[d % 7] * (1.0 + m.noise * noise(rng));
      if (d % 53 == 17) v *= 1.8;
      if (d % 97 != 40) series[d] = v;
    }
    metrics.push_back(std::move(series));
  }
  return metrics;
}

optimize::AnomalyOptions options_for(const Metric& m) {
  optimize::AnomalyOptions options;
  options.kind = m.kind;
  return options;
}

void BM_SeasonalBatch_Year_FiveMetrics(benchmark::State& state) {
  const auto year = make_year();
  for (auto _ : state) {
    for (std::size_t k = 0; k < kMetrics.size(); ++k) {
      benchmark::DoNotOptimize(optimize::detect_anomalies(year[k], options_for(kMetrics[k])));
    }
  }
  state.SetItemsProcessed(state.iterations() * kDays * kMetrics.size());
}
BENCHMARK(BM_SeasonalBatch_Year_FiveMetrics)->Unit(benchmark::kMicrosecond);

// The live alert: the last `range(0)` days, each judged on the history before it.
void BM_SeasonalCausal_LastDays_FiveMetrics(benchmark::State& state) {
  const auto year = make_year();
  for (auto _ : state) {
    for (std::size_t k = 0; k < kMetrics.size(); ++k) {
      auto options = options_for(kMetrics[k]);
      options.evaluate_last = static_cast<std::size_t>(state.range(0));
      benchmark::DoNotOptimize(optimize::detect_latest_anomalies(year[k], options));
    }
  }
}
BENCHMARK(BM_SeasonalCausal_LastDays_FiveMetrics)->Arg(1)->Arg(7)->Arg(30)
    ->Unit(benchmark::kMicrosecond);

// Causal over the whole year with all history (history_periods = 0): the worst case.
void BM_SeasonalCausal_WholeYearAllHistory_FiveMetrics(benchmark::State& state) {
  const auto year = make_year();
  for (auto _ : state) {
    for (std::size_t k = 0; k < kMetrics.size(); ++k) {
      auto options = options_for(kMetrics[k]);
      options.evaluate_last = kDays;
      options.history_periods = 0;
      benchmark::DoNotOptimize(optimize::detect_latest_anomalies(year[k], options));
    }
  }
}
BENCHMARK(BM_SeasonalCausal_WholeYearAllHistory_FiveMetrics)->Unit(benchmark::kMicrosecond);

void BM_RollingZScore_Year_FiveMetrics(benchmark::State& state) {
  const auto year = make_year();
  for (auto _ : state) {
    for (const auto& series : year) {
      benchmark::DoNotOptimize(optimize::detect_rolling_z_score(series));
    }
  }
}
BENCHMARK(BM_RollingZScore_Year_FiveMetrics)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
