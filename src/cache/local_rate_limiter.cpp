#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

#include "cache/rate_limit_checks.h"
#include "cache/rate_limiter.h"

namespace cache {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kFirstSweep = 1024;

struct Bucket {
  double tokens;
  Clock::time_point updated;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

using BucketMap = std::unordered_map<std::string, Bucket, StringHash, std::equal_to<>>;

}  // namespace

struct LocalRateLimiter::Shard {
  std::mutex mutex;
  BucketMap buckets;
  std::size_t sweep_at = kFirstSweep;

  // Drops buckets that have refilled completely, then, if still above `capacity`, the least
  // recently used quarter. Amortised O(1) per insertion: the next sweep waits until the table
  // has doubled (or reached capacity).
  void sweep(Clock::time_point now, const RateLimit& limit, std::size_t capacity) {
    std::erase_if(buckets, [&](const auto& entry) {
      double idle = std::chrono::duration<double>(now - entry.second.updated).count();
      return entry.second.tokens + idle * limit.tokens_per_second >= limit.burst;
    });
    if (buckets.size() >= capacity) {
      std::vector<std::pair<Clock::time_point, BucketMap::const_iterator>> by_age;
      by_age.reserve(buckets.size());
      for (auto it = buckets.cbegin(); it != buckets.cend(); ++it)
        by_age.emplace_back(it->second.updated, it);
      std::size_t drop = buckets.size() - capacity * 3 / 4;
      std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(drop),
                       by_age.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t i = 0; i < drop; ++i) buckets.erase(by_age[i].second);
    }
    sweep_at = std::min(std::max(buckets.size() * 2, kFirstSweep), capacity);
  }
};

LocalRateLimiter::LocalRateLimiter(RateLimit limit, LocalRateLimiterOptions options)
    : limit_(limit), options_(std::move(options)) {
  detail::check_rate_limit(limit_);
  if (options_.shards == 0 || options_.max_keys == 0) {
    throw std::invalid_argument("rate limiter needs at least one shard and one key");
  }
  shards_ = std::make_unique<Shard[]>(options_.shards);
  for (std::size_t i = 0; i < options_.shards; ++i) {
    shards_[i].sweep_at = std::min(kFirstSweep, shard_capacity());
  }
}

std::size_t LocalRateLimiter::shard_capacity() const {
  return std::max<std::size_t>(options_.max_keys / options_.shards, 1);
}

LocalRateLimiter::~LocalRateLimiter() = default;

RateDecision LocalRateLimiter::take(std::string_view key, double cost) {
  detail::check_cost(limit_, cost);
  auto now = options_.clock ? options_.clock() : Clock::now();
  Shard& shard = shards_[StringHash{}(key) % options_.shards];
  std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= shard.sweep_at) {
      shard.sweep(now, limit_, shard_capacity());
    }
    it = shard.buckets.emplace(std::string(key), Bucket{limit_.burst, now}).first;
  }
  Bucket& bucket = it->second;
  double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.updated).count());
  bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed * limit_.tokens_per_second);
  bucket.updated = std::max(now, bucket.updated);
  if (bucket.tokens >= cost) {
    bucket.tokens -= cost;
    return {true, bucket.tokens, std::chrono::milliseconds(0)};
  }
  auto wait_ms = std::ceil((cost - bucket.tokens) * 1000.0 / limit_.tokens_per_second);
  return {false, bucket.tokens, std::chrono::milliseconds(static_cast<std::int64_t>(wait_ms))};
}

std::size_t LocalRateLimiter::size() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < options_.shards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    total += shards_[i].buckets.size();
  }
  return total;
}

}  // namespace cache
