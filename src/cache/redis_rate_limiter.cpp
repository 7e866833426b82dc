#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <optional>

#include "cache/log_throttle.h"
#include "cache/rate_limit_checks.h"
#include "cache/rate_limiter.h"
#include "cache/redis.h"

namespace cache {
namespace {

// KEYS[1] = bucket; ARGV = rate (tokens/s), burst, cost. Returns {allowed, remaining, retry_ms}.
// The bucket is a hash {tokens, ts (µs, Redis clock)}; it expires when it would be full again,
// and an absent bucket is a full one. A refusal writes nothing.
constexpr std::string_view kScript = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
local elapsed = math.max(0, now - ts)
tokens = math.min(burst, tokens + elapsed * rate / 1000000)
if tokens < cost then
  return {0, string.format('%.17g', tokens), math.ceil((cost - tokens) * 1000 / rate)}
end
tokens = tokens - cost
local full_in_ms = math.ceil((burst - tokens) * 1000 / rate)
if full_in_ms > 0 then
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens),
             'ts', string.format('%.0f', now))
  redis.call('PEXPIRE', KEYS[1], full_in_ms)
else
  redis.call('DEL', KEYS[1])
end
return {1, string.format('%.17g', tokens), 0}
)lua";

std::optional<RateDecision> parse_decision(const RedisReply& reply) {
  if (reply.type != RedisReply::Type::array || reply.elements.size() != 3) return std::nullopt;
  const auto& allowed = reply.elements[0];
  const auto& remaining = reply.elements[1];
  const auto& retry = reply.elements[2];
  if (allowed.type != RedisReply::Type::integer || remaining.type != RedisReply::Type::string ||
      retry.type != RedisReply::Type::integer) {
    return std::nullopt;
  }
  RateDecision decision;
  const char* end = remaining.text.data() + remaining.text.size();
  if (std::from_chars(remaining.text.data(), end, decision.remaining).ptr != end) {
    return std::nullopt;
  }
  decision.allowed = allowed.integer == 1;
  decision.retry_after = std::chrono::milliseconds(retry.integer);
  return decision;
}

}  // namespace

struct RedisRateLimiter::State {
  std::mutex mutex;
  std::string sha;  // guarded by mutex; empty until SCRIPT LOAD succeeded
  std::string rate, burst;
  std::atomic<std::uint64_t> failures{0};
  detail::LogThrottle throttle;

  std::string current_sha() {
    std::lock_guard lock(mutex);
    return sha;
  }
  std::string load(RedisClient& redis) {
    auto reply = redis.command({"SCRIPT", "LOAD", kScript});
    if (reply.type != RedisReply::Type::string) throw RedisError("SCRIPT LOAD: " + reply.text);
    std::lock_guard lock(mutex);
    sha = reply.text;
    return sha;
  }
};

RedisRateLimiter::RedisRateLimiter(RedisClient& redis, RateLimit limit, std::string prefix)
    : redis_(redis), limit_(limit), prefix_(std::move(prefix)), state_(std::make_unique<State>()) {
  detail::check_rate_limit(limit_);
  state_->rate = fmt::format("{}", limit_.tokens_per_second);
  state_->burst = fmt::format("{}", limit_.burst);
}

RedisRateLimiter::~RedisRateLimiter() = default;

RateDecision RedisRateLimiter::take(std::string_view key, double cost) {
  detail::check_cost(limit_, cost);
  std::string bucket = prefix_ + std::string(key);
  std::string cost_text = fmt::format("{}", cost);
  std::string failure;
  try {
    std::string sha = state_->current_sha();
    if (sha.empty()) sha = state_->load(redis_);
    auto run = [&] {
      return redis_.command({"EVALSHA", sha, "1", bucket, state_->rate, state_->burst, cost_text});
    };
    RedisReply reply = run();
    if (reply.is_error() && reply.text.starts_with("NOSCRIPT")) {  // e.g. after SCRIPT FLUSH
      sha = state_->load(redis_);
      reply = run();
    }
    if (auto decision = parse_decision(reply)) return *decision;
    failure = "unexpected script reply: " + reply.text;
  } catch (const RedisError& error) {
    failure = error.what();
  }
  state_->failures.fetch_add(1, std::memory_order_relaxed);
  if (state_->throttle.should_log()) {
    spdlog::warn("rate limiter failing open, Redis unavailable: {}{}", failure,
                 state_->throttle.suppressed_note());
  }
  return {true, limit_.burst, std::chrono::milliseconds(0)};
}

std::uint64_t RedisRateLimiter::failures() const {
  return state_->failures.load(std::memory_order_relaxed);
}

}  // namespace cache
