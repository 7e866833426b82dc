#include "cache/redis.h"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdlib>

#include "cache/redis_detail.h"

namespace cache {
namespace {

int parse_int(std::string_view text, int min, int max, const char* what) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw std::invalid_argument(std::string("redis url: bad ") + what);
  }
  return value;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int byte = 0;
    const char* first = text.data() + i + 1;
    auto [end, ec] = i + 2 < text.size()
                         ? std::from_chars(first, first + 2, byte, 16)
                         : std::from_chars_result{first, std::errc::invalid_argument};
    if (ec != std::errc() || end != first + 2) {
      throw std::invalid_argument("redis url: bad percent escape");
    }
    out.push_back(static_cast<char>(byte));
    i += 2;
  }
  return out;
}

timeval to_timeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000),
                 static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

}  // namespace

RedisEndpoint parse_redis_url(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) throw std::invalid_argument("redis url must start with redis://");
  url.remove_prefix(kScheme.size());
  RedisEndpoint endpoint;
  if (auto slash = url.find('/'); slash != std::string_view::npos) {
    auto db = url.substr(slash + 1);
    if (!db.empty()) endpoint.db = parse_int(db, 0, 1 << 20, "database");
    url = url.substr(0, slash);
  }
  if (auto at = url.rfind('@'); at != std::string_view::npos) {
    auto userinfo = url.substr(0, at);
    auto colon = userinfo.find(':');
    endpoint.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos)
      endpoint.password = percent_decode(userinfo.substr(colon + 1));
    url = url.substr(at + 1);
  }
  std::string_view port;
  if (url.starts_with('[')) {  // [IPv6]:port
    auto close = url.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("redis url: bad IPv6 host");
    endpoint.host = std::string(url.substr(1, close - 1));
    if (close + 1 < url.size()) {
      if (url[close + 1] != ':') throw std::invalid_argument("redis url: bad host");
      port = url.substr(close + 2);
    }
  } else {
    auto colon = url.find(':');
    endpoint.host = std::string(url.substr(0, colon));
    if (colon != std::string_view::npos) port = url.substr(colon + 1);
  }
  if (endpoint.host.empty()) throw std::invalid_argument("redis url: missing host");
  if (!port.empty()) endpoint.port = parse_int(port, 1, 65535, "port");
  return endpoint;
}

namespace detail {

std::string describe(const RedisEndpoint& endpoint) {
  return endpoint.host + ":" + std::to_string(endpoint.port) + "/" + std::to_string(endpoint.db);
}

RedisReply to_reply(const redisReply* reply) {
  RedisReply out;
  switch (reply->type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::integer;
      out.integer = reply->integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      out.type = reply->type == REDIS_REPLY_STRING   ? RedisReply::Type::string
                 : reply->type == REDIS_REPLY_STATUS ? RedisReply::Type::status
                                                     : RedisReply::Type::error;
      out.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::array;
      out.elements.reserve(reply->elements);
      for (std::size_t i = 0; i < reply->elements; ++i) {
        out.elements.push_back(to_reply(reply->element[i]));
      }
      break;
    default:
      out.type = RedisReply::Type::nil;
  }
  return out;
}

RedisReply run(redisContext* context, std::span<const std::string_view> argv) {
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  pointers.reserve(argv.size());
  lengths.reserve(argv.size());
  for (auto arg : argv) {
    pointers.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(context, static_cast<int>(argv.size()), pointers.data(), lengths.data()));
  if (reply == nullptr) {
    throw RedisError(std::string("redis: ") + (context->err ? context->errstr : "no reply"));
  }
  RedisReply out = to_reply(reply);
  freeReplyObject(reply);
  return out;
}

redisContext* connect(const RedisEndpoint& endpoint, const RedisOptions& options) {
  redisContext* context = redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port,
                                                  to_timeval(options.connect_timeout));
  if (context == nullptr) throw RedisError("redis: out of memory");
  try {
    if (context->err) throw RedisError(std::string("redis: connect: ") + context->errstr);
    if (redisSetTimeout(context, to_timeval(options.command_timeout)) != REDIS_OK ||
        redisEnableKeepAlive(context) != REDIS_OK) {
      throw RedisError("redis: cannot set socket options");
    }
    if (!endpoint.password.empty()) {
      auto reply =
          endpoint.user.empty()
              ? run(context, std::initializer_list<std::string_view>{"AUTH", endpoint.password})
              : run(context, std::initializer_list<std::string_view>{"AUTH", endpoint.user,
                                                                     endpoint.password});
      if (reply.is_error()) throw RedisError("redis: AUTH refused: " + reply.text);
    }
    if (endpoint.db != 0) {
      auto db = std::to_string(endpoint.db);
      auto reply = run(context, std::initializer_list<std::string_view>{"SELECT", db});
      if (reply.is_error()) throw RedisError("redis: SELECT refused: " + reply.text);
    }
    if (!options.client_name.empty()) {
      auto reply = run(context, std::initializer_list<std::string_view>{"CLIENT", "SETNAME",
                                                                        options.client_name});
      if (reply.is_error()) throw RedisError("redis: CLIENT SETNAME refused: " + reply.text);
    }
  } catch (...) {
    redisFree(context);
    throw;
  }
  return context;
}

}  // namespace detail

// Idle connections wait in `idle`; `open` counts idle plus borrowed ones.
struct RedisClient::Pool {
  std::mutex mutex;
  std::condition_variable freed;
  std::vector<redisContext*> idle;
  std::size_t open = 0;
  std::chrono::steady_clock::time_point down_until{};  // no new connections before this
};

RedisClient::RedisClient(RedisOptions options)
    : options_(std::move(options)),
      endpoint_(parse_redis_url(options_.url)),
      pool_(std::make_unique<Pool>()) {
  if (options_.pool_size == 0) throw std::invalid_argument("redis pool_size must be positive");
  pool_->idle.reserve(options_.pool_size);  // so release() never allocates
}

RedisClient::~RedisClient() {
  for (auto* context : pool_->idle) redisFree(context);
}

redisContext* RedisClient::acquire() {
  {
    std::unique_lock lock(pool_->mutex);
    bool ready = pool_->freed.wait_for(lock, options_.command_timeout, [&] {
      return !pool_->idle.empty() || pool_->open < options_.pool_size;
    });
    if (!ready) throw RedisError("redis: no pooled connection became free in time");
    if (!pool_->idle.empty()) {
      auto* context = pool_->idle.back();
      pool_->idle.pop_back();
      return context;
    }
    if (std::chrono::steady_clock::now() < pool_->down_until) {
      throw RedisError("redis: server unreachable, backing off before reconnecting");
    }
    ++pool_->open;  // reserve the slot, then connect without holding the lock
  }
  try {
    return detail::connect(endpoint_, options_);
  } catch (...) {
    {
      std::lock_guard lock(pool_->mutex);
      pool_->down_until = std::chrono::steady_clock::now() + options_.reconnect_backoff;
    }
    release(nullptr, true);
    throw;
  }
}

void RedisClient::release(redisContext* context, bool broken) {
  {
    std::lock_guard lock(pool_->mutex);
    if (broken) {
      --pool_->open;
    } else {
      pool_->idle.push_back(context);
    }
  }
  if (broken && context != nullptr) redisFree(context);
  pool_->freed.notify_one();
}

RedisReply RedisClient::command(std::span<const std::string_view> argv) {
  if (argv.empty()) throw std::invalid_argument("redis: empty command");
  redisContext* context = acquire();
  try {
    RedisReply reply = detail::run(context, argv);
    release(context, false);
    return reply;
  } catch (const RedisError& error) {
    spdlog::warn("redis {}: {}; reconnecting on next use", detail::describe(endpoint_),
                 error.what());
    release(context, true);
    throw;
  } catch (...) {
    release(context, true);
    throw;
  }
}

bool RedisClient::ping() {
  try {
    auto reply = command({"PING"});
    return reply.type == RedisReply::Type::status && reply.text == "PONG";
  } catch (const RedisError&) {
    return false;
  }
}

std::int64_t RedisClient::publish(std::string_view channel, std::string_view message) {
  auto reply = command({"PUBLISH", channel, message});
  if (reply.type != RedisReply::Type::integer) {
    throw RedisError("redis: PUBLISH failed: " + reply.text);
  }
  return reply.integer;
}

}  // namespace cache
