#include <thread>

#include "cache/cache.h"
#include "redis_fixture.h"

using cache::RedisCache;
using cache::RedisClient;
using namespace std::chrono_literals;

class RedisCacheTest : public RedisFixture {};

TEST_F(RedisCacheTest, PutGetEraseWithHitsAndMisses) {
  RedisCache cache(*redis_, prefix_);
  EXPECT_EQ(cache.get("report:1"), std::nullopt);
  std::string binary("<pdf>\0\xff", 7);
  cache.put("report:1", binary, 60s);
  EXPECT_EQ(cache.get("report:1"), binary);
  cache.erase("report:1");
  EXPECT_EQ(cache.get("report:1"), std::nullopt);
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 2u);
}

TEST_F(RedisCacheTest, StoresWithTheTtlAndExpires) {
  RedisCache cache(*redis_, prefix_);
  cache.put("long", "v", 600s);
  auto ttl = redis_->command({"TTL", prefix_ + "long"}).integer;
  EXPECT_GT(ttl, 590);
  EXPECT_LE(ttl, 600);
  cache.put("short", "v", 1s);
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(cache.get("short"), std::nullopt);
  cache.put("long", "v", 0s);
  EXPECT_EQ(cache.get("long"), std::nullopt);
}

TEST_F(RedisCacheTest, ReplicasSeeEachOthersValues) {
  RedisClient other_replica(options());
  RedisCache first(*redis_, prefix_);
  RedisCache second(other_replica, prefix_);
  first.put("shared", "from first", 60s);
  EXPECT_EQ(second.get("shared"), "from first");
}

TEST_F(RedisCacheTest, RedisFailuresAreMissesNotExceptions) {
  RedisClient down(unreachable_redis());
  RedisCache cache(down, prefix_);
  EXPECT_NO_THROW(cache.put("k", "v", 60s));
  EXPECT_EQ(cache.get("k"), std::nullopt);
  EXPECT_NO_THROW(cache.erase("k"));
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST_F(RedisCacheTest, WrongTypeIsAMiss) {
  redis_->command({"RPUSH", prefix_ + "list", "x"});
  RedisCache cache(*redis_, prefix_);
  EXPECT_EQ(cache.get("list"), std::nullopt);
  EXPECT_EQ(cache.stats().misses, 1u);
}
