// The forecaster's costs: training a tenant's model on 100,000 campaign-days (cross-validation
// of three kinds included; the budget is 5 s on 2 cores), one 30-day forecast from the trained
// model (budget 100 µs) and one from the benchmark priors.
//
//   build-forecast/bench/forecast_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "forecast/benchmark_forecaster.h"
#include "forecast/model_forecaster.h"
#include "forecast/synthetic_history.h"
#include "forecast/training.h"

namespace {
using namespace forecast;

// 400 campaigns × 250 days on the five ad platforms (synthetic_history.h).
const std::vector<HistoryRow>& history_100k() {
  static const auto rows = synthetic_history({.campaigns = 400, .days = 250, .seed = 7});
  return rows;
}

std::shared_ptr<const TrainedModel> trained(ModelKind kind) {
  TrainingOptions options;
  options.candidates = {kind};
  return std::make_shared<TrainedModel>(train_forecast_model(history_100k(), options));
}

PlanInput thirty_day_plan() {
  PlanInput plan;
  plan.platform = core::Platform::meta_ads;
  plan.objective = core::Objective::sales_conversion;
  plan.start = *core::parse_iso_date("2024-03-01");
  plan.end = plan.start + 29;
  plan.daily_spend = 250;
  plan.value_per_conversion = 60;
  return plan;
}

void BM_TrainForecastModel100k(benchmark::State& state) {
  for (auto _ : state) {
    TrainedModel model = train_forecast_model(history_100k(), TrainingOptions{});
    benchmark::DoNotOptimize(model);
    state.counters["chosen_is_gbt"] = model.kind() == ModelKind::gradient_boosting;
  }
}
BENCHMARK(BM_TrainForecastModel100k)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ModelForecast30Days(benchmark::State& state) {
  const auto kind = static_cast<ModelKind>(state.range(0));
  const ModelForecaster forecaster(trained(kind));
  const PlanInput plan = thirty_day_plan();
  for (auto _ : state) benchmark::DoNotOptimize(forecaster.forecast(plan));
  state.SetLabel(std::string(model_kind_name(kind)));
}
BENCHMARK(BM_ModelForecast30Days)
    ->Arg(static_cast<int>(ModelKind::random_forest))
    ->Arg(static_cast<int>(ModelKind::gradient_boosting))
    ->Arg(static_cast<int>(ModelKind::linear))
    ->Unit(benchmark::kMicrosecond);

// Four threads forecasting on one shared ModelForecaster.
void BM_ModelForecast30DaysShared(benchmark::State& state) {
  static const ModelForecaster forecaster(trained(ModelKind::random_forest));
  const PlanInput plan = thirty_day_plan();
  for (auto _ : state) benchmark::DoNotOptimize(forecaster.forecast(plan));
}
BENCHMARK(BM_ModelForecast30DaysShared)->Threads(4)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_BenchmarkForecast30Days(benchmark::State& state) {
  const PlanInput plan = thirty_day_plan();
  for (auto _ : state) benchmark::DoNotOptimize(benchmark_forecaster().forecast(plan));
}
BENCHMARK(BM_BenchmarkForecast30Days)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
