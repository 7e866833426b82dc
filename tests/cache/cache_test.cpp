#include "cache/cache.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <thread>
#include <vector>

using cache::LruCache;
using cache::LruCacheOptions;
using namespace std::chrono_literals;

namespace {

struct ManualClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
};

// One shard, so eviction order is fully predictable; each entry below costs 64 + 2 + 10 bytes.
LruCache small_cache(ManualClock& clock, std::size_t entries) {
  return LruCache(LruCacheOptions{entries * 76, 1, [&clock] { return clock.now; }});
}

}  // namespace

TEST(LruCache, ReturnsWhatWasPutAndCountsHitsAndMisses) {
  LruCache cache(1 << 20);
  EXPECT_EQ(cache.get("report:1"), std::nullopt);
  cache.put("report:1", "<html>", 60s);
  EXPECT_EQ(cache.get("report:1"), "<html>");
  cache.put("report:1", "<html v2>", 60s);
  EXPECT_EQ(cache.get("report:1"), "<html v2>");
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(cache.stats().misses, 1u);
  EXPECT_EQ(cache.entries(), 1u);
}

TEST(LruCache, EntriesExpireAfterTheirTtl) {
  ManualClock clock;
  auto cache = small_cache(clock, 10);
  cache.put("k1", "0123456789", 10s);
  clock.now += 9s;
  EXPECT_TRUE(cache.get("k1"));
  clock.now += 1s;
  EXPECT_EQ(cache.get("k1"), std::nullopt);
  EXPECT_EQ(cache.size_bytes(), 0u);
}

TEST(LruCache, EvictsTheLeastRecentlyUsedWhenOverBudget) {
  ManualClock clock;
  auto cache = small_cache(clock, 3);
  cache.put("k1", "0123456789", 60s);
  cache.put("k2", "0123456789", 60s);
  cache.put("k3", "0123456789", 60s);
  EXPECT_TRUE(cache.get("k1"));  // k2 is now the least recently used
  cache.put("k4", "0123456789", 60s);
  EXPECT_TRUE(cache.get("k1"));
  EXPECT_EQ(cache.get("k2"), std::nullopt);
  EXPECT_TRUE(cache.get("k3"));
  EXPECT_TRUE(cache.get("k4"));
  EXPECT_EQ(cache.size_bytes(), 3u * 76);
}

TEST(LruCache, BigValuesEvictSeveralAndOversizedValuesAreNotStored) {
  ManualClock clock;
  auto cache = small_cache(clock, 3);
  cache.put("k1", "0123456789", 60s);
  cache.put("k2", "0123456789", 60s);
  cache.put("k3", std::string(76 * 2 - 66, 'x'), 60s);  // two entries' worth
  EXPECT_EQ(cache.get("k1"), std::nullopt);
  EXPECT_TRUE(cache.get("k2"));
  cache.put("k2", std::string(1000, 'x'), 60s);  // larger than the whole budget
  EXPECT_EQ(cache.get("k2"), std::nullopt) << "the old value is dropped too";
  EXPECT_TRUE(cache.get("k3"));
}

TEST(LruCache, EraseAndNonPositiveTtlRemove) {
  LruCache cache(1 << 20);
  cache.put("a", "1", 60s);
  cache.put("b", "2", 60s);
  cache.erase("a");
  cache.put("b", "3", 0s);
  EXPECT_EQ(cache.get("a"), std::nullopt);
  EXPECT_EQ(cache.get("b"), std::nullopt);
  EXPECT_EQ(cache.size_bytes(), 0u);
  cache.erase("never-there");
}

TEST(LruCache, StaysWithinBudgetUnderConcurrentUse) {
  LruCache cache(64 << 10);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i) {
        auto key = std::to_string((i * 7 + t) % 500);
        if (i % 3 == 0) cache.put(key, std::string(static_cast<std::size_t>(i % 300), 'v'), 60s);
        if (i % 17 == 0) cache.erase(key);
        if (auto value = cache.get(key)) {
          ASSERT_LE(value->size(), 300u);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size_bytes(), 64u << 10);
  auto stats = cache.stats();
  EXPECT_EQ(stats.hits + stats.misses, 8u * 5000);
}

TEST(LruCache, ExportsHitAndMissCountersToPrometheus) {
  LruCache cache(1 << 20);
  cache.get("before");  // counted before registration, carried over
  prometheus::Registry registry;
  cache.register_metrics(registry, "reports");
  cache.put("k", "v", 60s);
  cache.get("k");
  cache.get("k");
  double hits = -1, misses = -1;
  for (const auto& family : registry.Collect()) {
    for (const auto& metric : family.metric) {
      if (metric.label.size() != 1 || metric.label[0].value != "reports") continue;
      if (family.name == "cache_hits_total") hits = metric.counter.value;
      if (family.name == "cache_misses_total") misses = metric.counter.value;
    }
  }
  EXPECT_EQ(hits, 2);
  EXPECT_EQ(misses, 1);
}

TEST(LruCache, RejectsAZeroBudget) {
  EXPECT_THROW(LruCache(0), std::invalid_argument);
  EXPECT_THROW(LruCache(LruCacheOptions{1024, 0, {}}), std::invalid_argument);
}
