// The analysis's cost: one experiment of 10 variants × 5 metrics (two conversion rates, revenue
// per user with CUPED, CPA as a ratio, and a guardrail), with Holm corrections, power and the
// decision. The budget is 1 ms per analysis on one core.
//
//   build-exp/bench/experiments_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <random>

#include "experiments/analysis.h"

namespace {

using namespace experiments;

Experiment ten_by_five() {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> jitter(0.95, 1.08);
  Experiment e;
  e.hypothesis = "one of nine new landing pages converts better";
  e.days_observed = 14;
  for (int k = 0; k < 10; ++k)
    e.variants.push_back({std::string("v").append(std::to_string(k)), 0.1});
  const MetricSpec specs[5] = {
      {"conversion_rate", MetricKind::proportion, MetricRole::primary, true},
      {"click_through_rate", MetricKind::proportion, MetricRole::primary, true},
      {"revenue_per_user", MetricKind::mean, MetricRole::secondary, true},
      {"cost_per_acquisition", MetricKind::ratio, MetricRole::secondary, false},
      {"unsubscribe_rate", MetricKind::proportion, MetricRole::guardrail, false}};
  for (const auto& spec : specs) {
    MetricData m;
    m.spec = spec;
    for (int k = 0; k < 10; ++k) {
      VariantData v;
      v.units = 50000 + k * 37;
      const double n = static_cast<double>(v.units), f = jitter(rng);
      switch (spec.kind) {
        case MetricKind::proportion:
          v.sum = std::round(n * 0.04 * f);
          v.sum_squares = v.sum;
          break;
        case MetricKind::mean:
          v.sum = n * 3.2 * f;
          v.sum_squares = n * (400 + 3.2 * 3.2);
          v.covariate = CovariateSums{n * 3.0, n * 390, n * (0.5 * 390 + 9.6)};
          break;
        case MetricKind::ratio:
          v.sum = n * 1.5 * f;  // cost per unit
          v.sum_squares = n * 4;
          v.denominator_sum = n * 0.04;
          v.denominator_sum_squares = n * 0.04;
          v.cross_sum = n * 0.1;
          break;
      }
      m.variants.push_back(v);
    }
    e.metrics.push_back(m);
  }
  return e;
}

void BM_Analyze10Variants5Metrics(benchmark::State& state) {
  const Experiment experiment = ten_by_five();
  AnalysisOptions options;
  options.sequential = state.range(0) != 0;
  for (auto _ : state) benchmark::DoNotOptimize(analyze(experiment, options));
  state.SetLabel(options.sequential ? "sequential" : "fixed horizon");
}
BENCHMARK(BM_Analyze10Variants5Metrics)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_AnalyzeTwoVariantsOneMetric(benchmark::State& state) {
  Experiment e;
  e.variants = {{"control", 0.5}, {"treatment", 0.5}};
  MetricData cvr;
  cvr.spec.name = "cvr";
  for (double conversions : {2000.0, 2100.0}) {
    VariantData v;
    v.units = 20000;
    v.sum = v.sum_squares = conversions;
    cvr.variants.push_back(v);
  }
  e.metrics.push_back(cvr);
  for (auto _ : state) benchmark::DoNotOptimize(analyze(e));
}
BENCHMARK(BM_AnalyzeTwoVariantsOneMetric)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
