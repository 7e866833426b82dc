// The concave allocator across 20 channels (issue 5 asks ≤ 1 ms), with a mix of logistic,
// Hill (shape < 1, solved by bisection) and Michaelis–Menten curves and some bounds.
#include <benchmark/benchmark.h>

#include <random>

#include "budget/allocator.h"

namespace {

std::vector<budget::Channel> channels(int n) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<budget::Channel> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto& c = out[static_cast<std::size_t>(i)];
    c.beta = 1000 + u(rng) * 9000;
    c.scale = 500 + u(rng) * 4000;
    switch (i % 3) {
      case 0: c.saturation = {budget::SaturationKind::logistic, 1, 1, 0.5 + 2 * u(rng), 1}; break;
      case 1: c.saturation = {budget::SaturationKind::hill, 0.5 + u(rng), 0.5 + 0.4 * u(rng), 1, 1}; break;
      default: c.saturation = {budget::SaturationKind::michaelis_menten, 0.5 + u(rng), 1, 1, 1}; break;
    }
    if (i % 4 == 0) c.lower = 500;
    if (i % 5 == 0) c.upper = 6000;
  }
  return out;
}

void BM_AllocateConcave(benchmark::State& state) {
  auto input = channels(static_cast<int>(state.range(0)));
  budget::AllocationOptions options{100'000};
  for (auto _ : state) benchmark::DoNotOptimize(budget::solve_concave(input, options));
}
BENCHMARK(BM_AllocateConcave)->Arg(5)->Arg(20)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
