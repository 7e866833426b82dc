#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "cache/rate_limiter.h"

using cache::LocalRateLimiter;
using cache::LocalRateLimiterOptions;
using cache::RateLimit;
using namespace std::chrono_literals;

namespace {

// A clock the test moves by hand.
struct ManualClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
  LocalRateLimiterOptions options(std::size_t shards = 16, std::size_t max_keys = 1'000'000) {
    return {shards, max_keys, [this] { return now; }};
  }
};

}  // namespace

TEST(LocalRateLimiter, AllowsTheBurstThenRefusesWithRetryAfter) {
  ManualClock clock;
  LocalRateLimiter limiter({.tokens_per_second = 20, .burst = 5}, clock.options());
  for (int i = 0; i < 5; ++i) {
    auto decision = limiter.take("tenant:a");
    EXPECT_TRUE(decision.allowed) << i;
    EXPECT_DOUBLE_EQ(decision.remaining, 4 - i);
  }
  auto refused = limiter.take("tenant:a");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 50ms);  // one token at 20 tokens/s
  clock.now += 49ms;
  EXPECT_FALSE(limiter.take("tenant:a").allowed);
  clock.now += 1ms;
  EXPECT_TRUE(limiter.take("tenant:a").allowed);
}

TEST(LocalRateLimiter, RefillsOverTimeUpToTheBurst) {
  ManualClock clock;
  LocalRateLimiter limiter({.tokens_per_second = 20, .burst = 5}, clock.options());
  for (int i = 0; i < 5; ++i) limiter.take("k");
  clock.now += 100ms;  // two tokens
  EXPECT_TRUE(limiter.take("k").allowed);
  EXPECT_TRUE(limiter.take("k").allowed);
  EXPECT_FALSE(limiter.take("k").allowed);
  clock.now += 1h;
  EXPECT_DOUBLE_EQ(limiter.take("k").remaining, 4);  // capped at the burst
}

TEST(LocalRateLimiter, RefillsInRealTime) {
  LocalRateLimiter limiter({.tokens_per_second = 20, .burst = 5});
  int allowed = 0;
  while (limiter.take("k").allowed) ++allowed;
  EXPECT_GE(allowed, 5);
  std::this_thread::sleep_for(100ms);  // ~2 tokens
  EXPECT_TRUE(limiter.take("k").allowed);
}

TEST(LocalRateLimiter, CostSpendsSeveralTokensAndKeysAreIndependent) {
  ManualClock clock;
  LocalRateLimiter limiter({.tokens_per_second = 1, .burst = 10}, clock.options());
  EXPECT_TRUE(limiter.take("a", 7).allowed);
  auto refused = limiter.take("a", 4);
  EXPECT_FALSE(refused.allowed);
  EXPECT_DOUBLE_EQ(refused.remaining, 3);
  EXPECT_EQ(refused.retry_after, 1000ms);
  EXPECT_TRUE(limiter.take("b", 10).allowed);
  EXPECT_TRUE(limiter.take("a", 0).allowed);
}

TEST(LocalRateLimiter, RejectsImpossibleCostsAndLimits) {
  LocalRateLimiter limiter({.tokens_per_second = 1, .burst = 3});
  EXPECT_THROW(limiter.take("a", 4), std::invalid_argument);
  EXPECT_THROW(limiter.take("a", -1), std::invalid_argument);
  EXPECT_THROW(limiter.take("a", std::nan("")), std::invalid_argument);
  EXPECT_THROW(LocalRateLimiter({.tokens_per_second = 0, .burst = 3}), std::invalid_argument);
  EXPECT_THROW(LocalRateLimiter({.tokens_per_second = 1, .burst = -1}), std::invalid_argument);
}

TEST(LocalRateLimiter, ConcurrentTakesNeverExceedTheBurst) {
  // Refill is negligible (1 token per 1000 s): exactly `burst` requests may pass in total.
  LocalRateLimiter limiter({.tokens_per_second = 0.001, .burst = 100});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.take("shared").allowed) ++allowed;
        limiter.take("own:" + std::to_string(t * 1000 + i));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
  EXPECT_EQ(limiter.size(), 8001u);
}

TEST(LocalRateLimiter, RefilledBucketsAreSweptAway) {
  ManualClock clock;
  LocalRateLimiter limiter({.tokens_per_second = 10, .burst = 10}, clock.options(1));
  for (int i = 0; i < 5000; ++i) limiter.take("old:" + std::to_string(i));
  EXPECT_EQ(limiter.size(), 5000u);
  clock.now += 1s;  // every old bucket is full again
  for (int i = 0; i < 5000; ++i) limiter.take("new:" + std::to_string(i));
  EXPECT_LE(limiter.size(), 5000u);
  // The swept keys behave exactly as before: a full bucket.
  EXPECT_DOUBLE_EQ(limiter.take("old:1").remaining, 9);
}

TEST(LocalRateLimiter, MemoryStaysBoundedUnderAKeyFlood) {
  ManualClock clock;
  LocalRateLimiter limiter({.tokens_per_second = 0.001, .burst = 10}, clock.options(4, 2000));
  std::size_t largest = 0;
  for (int i = 0; i < 50'000; ++i) {
    limiter.take("flood:" + std::to_string(i));
    clock.now += 1us;
    if (i % 100 == 0) largest = std::max(largest, limiter.size());
  }
  EXPECT_LE(largest, 2000u);
  EXPECT_GT(largest, 1000u) << "buckets are only dropped under pressure";
  // The most recent keys are still limited.
  EXPECT_NEAR(limiter.take("flood:49999").remaining, 8, 1e-6);
}
