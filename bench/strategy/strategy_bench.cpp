// The planner behind POST /api/v1/strategy/generate. The endpoint must serve >= 5,000
// requests/s on 2 cores (<= 400 µs of CPU per request in all), so generate_strategy for the
// Holiday brief with a trivial forecaster should stay well under 100 µs, and rendering plus
// serialising the answer in the same range.
#include <benchmark/benchmark.h>

#include <string>

#include "api/strategy_json.h"
#include "strategy/planner.h"
#include "strategy/test_forecaster.h"

namespace {

// The planner's tests' forecaster (constant rates on a concave curve: the cost of the planner,
// not of a forecaster), brief and context.
using strategy_test::context;
using strategy_test::holiday_brief;

void BM_GenerateHoliday(benchmark::State& state) {
  const strategy::Brief brief = holiday_brief();
  const strategy::PlanningContext ctx = context();
  for (auto _ : state) benchmark::DoNotOptimize(strategy::generate_strategy(brief, ctx));
}
BENCHMARK(BM_GenerateHoliday);

// Only objective and budget: five platforms measured and recommended.
void BM_GenerateRecommended(benchmark::State& state) {
  strategy::Brief brief;
  brief.objective = core::Objective::leads;
  brief.budget = 40000;
  brief.industry = "B2B SaaS";
  const strategy::PlanningContext ctx = context();
  for (auto _ : state) benchmark::DoNotOptimize(strategy::generate_strategy(brief, ctx));
}
BENCHMARK(BM_GenerateRecommended);

// With 24 audience cells to cluster.
void BM_GenerateWithHistory(benchmark::State& state) {
  const strategy::Brief brief = holiday_brief();
  strategy::PlanningContext ctx = context();
  const char* ages[] = {"18-24", "25-34", "35-44", "45-54", "55-64", "65+"};
  const char* genders[] = {"female", "male"};
  for (int i = 0; i < 24; ++i) {
    strategy::AudienceCell cell;
    cell.dimensions = {{"age", ages[i % 6]}, {"gender", genders[i % 2]},
                       {"interest", i < 12 ? "running" : "yoga"}};
    cell.spend = 500 + 40 * i;
    cell.impressions = 50000 + 1000 * (i % 5);
    cell.clicks = cell.impressions * (0.005 + 0.002 * (i % 6));
    cell.conversions = cell.clicks * (0.01 + 0.01 * (i % 3));
    cell.conversion_value = cell.conversions * 60;
    ctx.history.audience_cells.push_back(cell);
  }
  for (auto _ : state) benchmark::DoNotOptimize(strategy::generate_strategy(brief, ctx));
}
BENCHMARK(BM_GenerateWithHistory);

void BM_StrategyToJsonDump(benchmark::State& state) {
  const strategy::Strategy s = strategy::generate_strategy(holiday_brief(), context());
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = api::strategy_to_json(s).dump();
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["json_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_StrategyToJsonDump);

void BM_StrategyToJson(benchmark::State& state) {
  const strategy::Strategy s = strategy::generate_strategy(holiday_brief(), context());
  for (auto _ : state) benchmark::DoNotOptimize(api::strategy_to_json(s));
}
BENCHMARK(BM_StrategyToJson);

}  // namespace

BENCHMARK_MAIN();
