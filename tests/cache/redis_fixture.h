// Shared set-up for tests that need a real Redis: the server comes from
// STRATEGIST_TEST_REDIS_URL (scripts/run-tests.sh starts one). Without it a test fails when
// STRATEGIST_REQUIRE_SERVERS=1 and is skipped otherwise. Every test gets its own key prefix,
// so tests may run in parallel against one server.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "cache/redis.h"

class RedisFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("STRATEGIST_TEST_REDIS_URL");
    if (url == nullptr || *url == '\0') {
      const char* require = std::getenv("STRATEGIST_REQUIRE_SERVERS");
      if (require != nullptr && std::string(require) == "1") {
        FAIL() << "STRATEGIST_TEST_REDIS_URL is not set but STRATEGIST_REQUIRE_SERVERS=1";
      }
      GTEST_SKIP() << "STRATEGIST_TEST_REDIS_URL not set";
    }
    url_ = url;
    prefix_ = "test:" + std::to_string(std::random_device{}()) + ":";
    redis_ = std::make_unique<cache::RedisClient>(options());
  }

  void TearDown() override {
    if (!redis_) return;
    try {
      auto keys = redis_->command({"KEYS", prefix_ + "*"});
      for (const auto& key : keys.elements) redis_->command({"DEL", key.text});
    } catch (const cache::RedisError&) {
      // Best effort: every key a test writes also has a TTL or is harmless.
    }
  }

  cache::RedisOptions options() const {
    cache::RedisOptions o;
    o.url = url_;
    return o;
  }

  std::string url_;
  std::string prefix_;
  std::unique_ptr<cache::RedisClient> redis_;
};

// A loopback port nothing listens on (bound, then released), for "Redis is down" tests.
inline int unused_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

inline cache::RedisOptions unreachable_redis() {
  cache::RedisOptions o;
  o.url = "redis://127.0.0.1:" + std::to_string(unused_port());
  o.connect_timeout = std::chrono::milliseconds(200);
  return o;
}
