#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>

#include "cache/redis.h"
#include "cache/redis_detail.h"

namespace cache {
namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};

}  // namespace

Subscriber::Subscriber(RedisOptions options, std::vector<std::string> channels, Callback on_message)
    : options_(std::move(options)),
      endpoint_(parse_redis_url(options_.url)),
      channels_(std::move(channels)),
      on_message_(std::move(on_message)) {
  if (channels_.empty()) throw std::invalid_argument("subscriber needs at least one channel");
  if (!on_message_) throw std::invalid_argument("subscriber needs a callback");
  thread_ = std::thread([this] { run(); });
}

Subscriber::~Subscriber() { stop(); }

void Subscriber::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    // Unblocks the thread's read at once; the thread itself frees the context.
    if (context_ != nullptr) ::shutdown(context_->fd, SHUT_RDWR);
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Subscriber::wait_until_subscribed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return confirmed_ >= channels_.size(); });
}

void Subscriber::run() {
  auto backoff = kFirstBackoff;
  for (;;) {
    redisContext* context = nullptr;
    try {
      context = detail::connect(endpoint_, options_);
    } catch (const RedisError& error) {
      spdlog::warn("redis subscriber {}: {}", detail::describe(endpoint_), error.what());
    }
    bool clean = false;
    if (context != nullptr) {
      std::unique_lock lock(mutex_);
      if (!stopping_) {
        context_ = context;
        lock.unlock();
        clean = listen(context);
        lock.lock();
      }
      context_ = nullptr;
      confirmed_ = 0;
      redisFree(context);
    }
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (clean) backoff = kFirstBackoff;
    spdlog::warn("redis subscriber {}: disconnected; retrying in {} ms",
                 detail::describe(endpoint_), backoff.count());
    changed_.wait_for(lock, backoff, [&] { return stopping_; });
    if (stopping_) return;
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

// Subscribes and reads until the connection ends. Returns true when the subscription had been
// confirmed (so the next reconnect starts with a short backoff).
bool Subscriber::listen(redisContext* context) {
  std::vector<std::string_view> argv{"SUBSCRIBE"};
  argv.insert(argv.end(), channels_.begin(), channels_.end());
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  for (auto arg : argv) {
    pointers.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(context, static_cast<int>(argv.size()), pointers.data(),
                             lengths.data()) != REDIS_OK) {
    return false;
  }
  // Subscribers wait for messages indefinitely: no read timeout (keepalive finds dead peers).
  redisSetTimeout(context, timeval{0, 0});
  bool confirmed = false;
  for (;;) {
    void* raw = nullptr;
    if (redisGetReply(context, &raw) != REDIS_OK || raw == nullptr) return confirmed;
    RedisReply reply = detail::to_reply(static_cast<redisReply*>(raw));
    freeReplyObject(raw);
    handle(reply);
    if (!confirmed && reply.elements.size() == 3 && reply.elements[0].text == "subscribe") {
      confirmed = true;
    }
  }
}

void Subscriber::handle(const RedisReply& reply) {
  if (reply.type != RedisReply::Type::array || reply.elements.size() != 3) return;
  const auto& kind = reply.elements[0].text;
  if (kind == "subscribe") {
    {
      std::lock_guard lock(mutex_);
      ++confirmed_;
    }
    changed_.notify_all();
  } else if (kind == "message") {
    try {
      on_message_(reply.elements[1].text, reply.elements[2].text);
    } catch (const std::exception& error) {
      spdlog::error("redis subscriber callback threw: {}", error.what());
    } catch (...) {
      spdlog::error("redis subscriber callback threw");
    }
  }
}

}  // namespace cache
