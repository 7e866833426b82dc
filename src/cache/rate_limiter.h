// Token-bucket rate limiting, in process (LocalRateLimiter) or shared by every replica through
// Redis (RedisRateLimiter).
//
// Each key has a bucket holding up to `burst` tokens that refills at `tokens_per_second`; a
// request spends `cost` tokens when the bucket holds that many and is refused otherwise. A key
// never seen before starts with a full bucket. Keys are opaque: callers build them, e.g.
// "tenant:ten_42" or "ip:203.0.113.9".
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace cache {

class RedisClient;

struct RateLimit {
  double tokens_per_second = 10;  // refill rate; > 0
  double burst = 20;              // bucket capacity; > 0
};

struct RateDecision {
  bool allowed = true;
  double remaining = 0;                      // tokens left after this request (before, if refused)
  std::chrono::milliseconds retry_after{0};  // when refused: wait this long for enough tokens
};

// Implementations are thread-safe.
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;

  // Spends `cost` tokens from `key`'s bucket if it holds that many. Throws
  // std::invalid_argument when cost is negative, NaN or larger than the burst (it could never
  // be satisfied); never throws otherwise.
  virtual RateDecision take(std::string_view key, double cost = 1) = 0;
};

struct LocalRateLimiterOptions {
  std::size_t shards = 16;           // independent mutexes; keys are spread by hash
  std::size_t max_keys = 1'000'000;  // memory bound over all shards (see below)
  // Time source; empty means std::chrono::steady_clock::now. For tests.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

// Buckets in this process only: with N replicas a client gets up to N times the limit.
// Memory stays bounded: a bucket that has refilled completely is indistinguishable from an
// absent one, so such buckets are swept out as the table grows; and if more than max_keys
// buckets are all still refilling, the least recently used are dropped, which forgives those
// keys (fails open for them) rather than growing without bound.
class LocalRateLimiter final : public RateLimiter {
 public:
  // Throws std::invalid_argument for a non-positive rate, burst, shard count or max_keys.
  explicit LocalRateLimiter(RateLimit limit, LocalRateLimiterOptions options = {});
  ~LocalRateLimiter() override;

  RateDecision take(std::string_view key, double cost = 1) override;

  // Buckets currently held (all shards). For tests and metrics.
  std::size_t size() const;

 private:
  struct Shard;
  std::size_t shard_capacity() const;

  RateLimit limit_;
  LocalRateLimiterOptions options_;
  std::unique_ptr<Shard[]> shards_;
};

// One bucket per key shared by all replicas: the token bucket runs atomically in a Lua script
// inside Redis (EVALSHA, loaded on NOSCRIPT) using the Redis server's clock (TIME), so replica
// clocks do not matter. A bucket's key expires once it would be full again, so idle keys cost
// nothing. Stored under `prefix` + key.
//
// If Redis is unreachable or the script fails, take() fails open: it allows the request
// (remaining = burst, retry_after = 0) and logs a warning at most every 10 s. A rate limiter
// guards against abuse and overload; refusing every request because the limiter's store is
// down would turn a Redis outage into a full API outage.
class RedisRateLimiter final : public RateLimiter {
 public:
  // `redis` must outlive the limiter. Throws std::invalid_argument like LocalRateLimiter.
  RedisRateLimiter(RedisClient& redis, RateLimit limit, std::string prefix = "rl:");
  ~RedisRateLimiter() override;

  RateDecision take(std::string_view key, double cost = 1) override;

  // How many take() calls failed open since construction.
  std::uint64_t failures() const;

 private:
  struct State;
  RedisClient& redis_;
  RateLimit limit_;
  std::string prefix_;
  std::unique_ptr<State> state_;
};

}  // namespace cache
