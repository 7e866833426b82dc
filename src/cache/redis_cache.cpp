#include <spdlog/spdlog.h>

#include "cache/cache.h"
#include "cache/log_throttle.h"
#include "cache/redis.h"

namespace cache {

RedisCache::RedisCache(RedisClient& redis, std::string prefix)
    : redis_(redis), prefix_(std::move(prefix)), log_(std::make_unique<detail::LogThrottle>()) {}

RedisCache::~RedisCache() = default;

void RedisCache::failed(const char* operation, std::string_view detail) {
  if (log_->should_log()) {
    spdlog::warn("redis cache {} failed: {}{}", operation, detail, log_->suppressed_note());
  }
}

std::optional<std::string> RedisCache::get(std::string_view key) {
  std::string full = prefix_ + std::string(key);
  try {
    auto reply = redis_.command({"GET", full});
    if (reply.type == RedisReply::Type::string) {
      record_hit();
      return std::move(reply.text);
    }
    if (!reply.is_nil()) failed("GET", reply.text);  // e.g. WRONGTYPE
  } catch (const RedisError& error) {
    failed("GET", error.what());
  }
  record_miss();
  return std::nullopt;
}

void RedisCache::put(std::string_view key, std::string value, std::chrono::seconds ttl) {
  std::string full = prefix_ + std::string(key);
  try {
    if (ttl.count() <= 0) {
      redis_.command({"DEL", full});
      return;
    }
    auto seconds = std::to_string(ttl.count());
    auto reply = redis_.command({"SET", full, value, "EX", seconds});
    if (reply.is_error()) failed("SET", reply.text);
  } catch (const RedisError& error) {
    failed("SET", error.what());
  }
}

void RedisCache::erase(std::string_view key) {
  std::string full = prefix_ + std::string(key);
  try {
    auto reply = redis_.command({"DEL", full});
    if (reply.is_error()) failed("DEL", reply.text);
  } catch (const RedisError& error) {
    failed("DEL", error.what());
  }
}

}  // namespace cache
