// In-process hot paths of the request pipeline: a rate-limit decision and a cache lookup per
// request. Run with 1 and 2 threads to see shard contention (2 shared cores here).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cache/cache.h"
#include "cache/rate_limiter.h"
#include "cache/redis.h"

namespace {

using namespace std::chrono_literals;

std::vector<std::string> keys(std::size_t count, const char* prefix) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

void BM_LocalRateLimiterTake(benchmark::State& state) {
  static cache::LocalRateLimiter limiter({.tokens_per_second = 1e9, .burst = 1e9});
  static const auto tenants = keys(1000, "tenant:");
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7919;
  for (auto _ : state) {
    benchmark::DoNotOptimize(limiter.take(tenants[i++ % tenants.size()]));
  }
}
BENCHMARK(BM_LocalRateLimiterTake)->ThreadRange(1, 2)->UseRealTime();

void BM_LocalRateLimiterTakeOneHotKey(benchmark::State& state) {
  static cache::LocalRateLimiter limiter({.tokens_per_second = 1e9, .burst = 1e9});
  for (auto _ : state) benchmark::DoNotOptimize(limiter.take("tenant:hot"));
}
BENCHMARK(BM_LocalRateLimiterTakeOneHotKey)->ThreadRange(1, 2)->UseRealTime();

void BM_LruCacheGetHit(benchmark::State& state) {
  static cache::LruCache cache(64u << 20);
  static const auto names = [] {
    auto k = keys(10'000, "ten_42:dashboard:");
    for (const auto& key : k) cache.put(key, std::string(512, 'v'), 3600s);
    return k;
  }();
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7919;
  for (auto _ : state) benchmark::DoNotOptimize(cache.get(names[i++ % names.size()]));
}
BENCHMARK(BM_LruCacheGetHit)->ThreadRange(1, 2)->UseRealTime();

void BM_LruCacheGetMiss(benchmark::State& state) {
  cache::LruCache cache(64u << 20);
  for (auto _ : state) benchmark::DoNotOptimize(cache.get("ten_42:absent"));
}
BENCHMARK(BM_LruCacheGetMiss);

void BM_LruCachePut(benchmark::State& state) {
  cache::LruCache cache(8u << 20);  // small: puts also evict
  const auto names = keys(100'000, "ten_42:report:");
  const std::string value(512, 'v');
  std::size_t i = 0;
  for (auto _ : state) cache.put(names[i++ % names.size()], value, 3600s);
}
BENCHMARK(BM_LruCachePut);

// One EVALSHA round trip to a local Redis (STRATEGIST_TEST_REDIS_URL); skipped without one.
void BM_RedisRateLimiterTake(benchmark::State& state) {
  const char* url = std::getenv("STRATEGIST_TEST_REDIS_URL");
  if (url == nullptr) {
    state.SkipWithError("STRATEGIST_TEST_REDIS_URL not set");
    return;
  }
  cache::RedisOptions options;
  options.url = url;
  cache::RedisClient redis(options);
  cache::RedisRateLimiter limiter(redis, {.tokens_per_second = 1e9, .burst = 1e9}, "bench:rl:");
  const auto tenants = keys(1000, "tenant:");
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(limiter.take(tenants[i++ % tenants.size()]));
  if (limiter.failures() > 0) state.SkipWithError("Redis failed during the run");
}
BENCHMARK(BM_RedisRateLimiterTake)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
