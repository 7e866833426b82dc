// Key-value caches for derived, re-computable data (rendered reports, dashboard aggregates,
// token lookups): in process (LruCache) or shared by every replica (RedisCache).
//
// A cache may forget anything at any time, so callers must treat get() == nullopt as "compute
// it again", never as "it does not exist". Keys are opaque; include the tenant in every key
// that holds tenant data.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace prometheus {
class Counter;
class Registry;
}  // namespace prometheus

namespace cache {

class RedisClient;
namespace detail {
class LogThrottle;
}

struct CacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
};

// Implementations are thread-safe.
class Cache {
 public:
  virtual ~Cache() = default;

  // The value stored under `key` if present and not expired. Never throws.
  virtual std::optional<std::string> get(std::string_view key) = 0;

  // Stores `value` for `ttl`, replacing any previous value. A ttl of zero or less stores
  // nothing and erases the key. Never throws (LruCache: except std::bad_alloc).
  virtual void put(std::string_view key, std::string value, std::chrono::seconds ttl) = 0;

  // Removes `key` if present. Never throws.
  virtual void erase(std::string_view key) = 0;

  // Hits and misses of get() since construction.
  CacheStats stats() const;

  // Exposes cache_hits_total{cache="<name>"} and cache_misses_total{cache="<name>"} in
  // `registry`, carrying over the current stats. Call once per cache, at start-up before the
  // cache serves traffic; the registry must outlive the cache.
  void register_metrics(prometheus::Registry& registry, const std::string& name);

 protected:
  void record_hit();
  void record_miss();

 private:
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  std::atomic<prometheus::Counter*> hits_counter_{nullptr};
  std::atomic<prometheus::Counter*> misses_counter_{nullptr};
};

struct LruCacheOptions {
  std::size_t max_bytes = 64u << 20;  // budget over all shards
  std::size_t shards = 16;            // each gets max_bytes / shards
  // Time source; empty means std::chrono::steady_clock::now. For tests.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

// In-process LRU cache bounded by bytes. Each entry is charged its key size + value size + 64
// bytes of bookkeeping; when a shard is over budget, its least recently used entries go first.
// A value larger than a shard's budget is not stored. Expired entries are dropped when read or
// when evicted.
class LruCache final : public Cache {
 public:
  // Throws std::invalid_argument for zero shards or a budget smaller than one byte per shard.
  explicit LruCache(std::size_t max_bytes);
  explicit LruCache(LruCacheOptions options);
  ~LruCache() override;

  std::optional<std::string> get(std::string_view key) override;
  void put(std::string_view key, std::string value, std::chrono::seconds ttl) override;
  void erase(std::string_view key) override;

  std::size_t size_bytes() const;  // bytes charged over all shards
  std::size_t entries() const;

 private:
  struct Shard;
  Shard& shard_for(std::string_view key) const;
  std::chrono::steady_clock::time_point now() const;

  LruCacheOptions options_;
  std::unique_ptr<Shard[]> shards_;
};

// Shared cache in Redis (GET, SET … EX, DEL) under `prefix` + key. Redis failures are logged
// (at most every 10 s) and never thrown: get() then counts and returns a miss, put() and erase()
// do nothing. Note that an erase() lost this way leaves the old value until its TTL ends: keep
// TTLs short for data that must not be served stale.
class RedisCache final : public Cache {
 public:
  // `redis` must outlive the cache.
  RedisCache(RedisClient& redis, std::string prefix = "cache:");
  ~RedisCache() override;

  std::optional<std::string> get(std::string_view key) override;
  void put(std::string_view key, std::string value, std::chrono::seconds ttl) override;
  void erase(std::string_view key) override;

 private:
  void failed(const char* operation, std::string_view detail);

  RedisClient& redis_;
  std::string prefix_;
  std::unique_ptr<detail::LogThrottle> log_;
};

}  // namespace cache
