#include <atomic>
#include <thread>
#include <vector>

#include "cache/rate_limiter.h"
#include "redis_fixture.h"

using cache::RateLimit;
using cache::RedisClient;
using cache::RedisRateLimiter;
using namespace std::chrono_literals;

class RedisRateLimiterTest : public RedisFixture {};

TEST_F(RedisRateLimiterTest, AllowsTheBurstThenRefusesWithRetryAfter) {
  RedisRateLimiter limiter(*redis_, {.tokens_per_second = 20, .burst = 5}, prefix_);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.take("tenant:a").allowed) << i;
  auto refused = limiter.take("tenant:a");
  ASSERT_FALSE(refused.allowed);
  EXPECT_LT(refused.remaining, 1);
  // One token takes 50 ms at 20/s; a few ms have already refilled part of it.
  EXPECT_GT(refused.retry_after, 0ms);
  EXPECT_LE(refused.retry_after, 50ms);
  EXPECT_EQ(limiter.failures(), 0u);
}

TEST_F(RedisRateLimiterTest, RefillsOverTime) {
  RedisRateLimiter limiter(*redis_, {.tokens_per_second = 20, .burst = 5}, prefix_);
  while (limiter.take("k").allowed) {
  }
  std::this_thread::sleep_for(100ms);  // ~2 tokens
  int allowed = 0;
  while (limiter.take("k").allowed) ++allowed;
  EXPECT_GE(allowed, 1);
  EXPECT_LE(allowed, 3);
}

TEST_F(RedisRateLimiterTest, TwoReplicasShareOneBucket) {
  RedisClient other_replica(options());
  RateLimit limit{.tokens_per_second = 0.01, .burst = 5};
  RedisRateLimiter first(*redis_, limit, prefix_);
  RedisRateLimiter second(other_replica, limit, prefix_);
  int allowed = 0;
  for (int i = 0; i < 10; ++i) allowed += (i % 2 ? first : second).take("tenant:a").allowed;
  EXPECT_EQ(allowed, 5);
  EXPECT_FALSE(first.take("tenant:a").allowed);
  EXPECT_TRUE(second.take("tenant:b").allowed);
}

TEST_F(RedisRateLimiterTest, ConcurrentTakesNeverExceedTheBurst) {
  RedisRateLimiter limiter(*redis_, {.tokens_per_second = 0.001, .burst = 50}, prefix_);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 30; ++i) allowed += limiter.take("shared").allowed;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 50);
}

TEST_F(RedisRateLimiterTest, BucketKeyExpiresWhenItWouldBeFull) {
  RedisRateLimiter limiter(*redis_, {.tokens_per_second = 20, .burst = 5}, prefix_);
  limiter.take("k", 2);
  auto ttl_ms = redis_->command({"PTTL", prefix_ + "k"}).integer;
  EXPECT_GT(ttl_ms, 0);
  EXPECT_LE(ttl_ms, 100);  // two tokens at 20/s
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(redis_->command({"EXISTS", prefix_ + "k"}).integer, 0);
  EXPECT_DOUBLE_EQ(limiter.take("k").remaining, 4);
}

TEST_F(RedisRateLimiterTest, ReloadsTheScriptAfterAFlush) {
  RedisRateLimiter limiter(*redis_, {.tokens_per_second = 1, .burst = 5}, prefix_);
  EXPECT_TRUE(limiter.take("k").allowed);
  redis_->command({"SCRIPT", "FLUSH"});
  auto decision = limiter.take("k");
  EXPECT_TRUE(decision.allowed);
  EXPECT_LT(decision.remaining, 4);
  EXPECT_EQ(limiter.failures(), 0u);
}

TEST_F(RedisRateLimiterTest, FailsOpenWhenRedisIsDown) {
  RedisClient down(unreachable_redis());
  RedisRateLimiter limiter(down, {.tokens_per_second = 1, .burst = 2}, prefix_);
  for (int i = 0; i < 5; ++i) {
    auto decision = limiter.take("k");
    EXPECT_TRUE(decision.allowed);
    EXPECT_EQ(decision.retry_after, 0ms);
  }
  EXPECT_EQ(limiter.failures(), 5u);
  EXPECT_THROW(limiter.take("k", 3), std::invalid_argument);
}
