#include "cache/cache.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

namespace cache {

CacheStats Cache::stats() const {
  return {hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed)};
}

void Cache::register_metrics(prometheus::Registry& registry, const std::string& name) {
  // The registry merges families with the same name, so several caches share one family.
  auto& hits = prometheus::BuildCounter()
                   .Name("cache_hits_total")
                   .Help("Cache lookups that found a value")
                   .Register(registry);
  auto& misses = prometheus::BuildCounter()
                     .Name("cache_misses_total")
                     .Help("Cache lookups that found nothing")
                     .Register(registry);
  auto& hits_counter = hits.Add({{"cache", name}});
  auto& misses_counter = misses.Add({{"cache", name}});
  // Carry over what was counted before registration. A lookup racing with this may be
  // counted twice or not at all, hence "register at start-up" in the contract.
  hits_counter_.store(&hits_counter, std::memory_order_release);
  misses_counter_.store(&misses_counter, std::memory_order_release);
  auto snapshot = stats();
  hits_counter.Increment(static_cast<double>(snapshot.hits));
  misses_counter.Increment(static_cast<double>(snapshot.misses));
}

void Cache::record_hit() {
  hits_.fetch_add(1, std::memory_order_relaxed);
  if (auto* counter = hits_counter_.load(std::memory_order_acquire)) counter->Increment();
}

void Cache::record_miss() {
  misses_.fetch_add(1, std::memory_order_relaxed);
  if (auto* counter = misses_counter_.load(std::memory_order_acquire)) counter->Increment();
}

}  // namespace cache
