// A small synchronous Redis client over hiredis: a thread-safe connection pool, publish, and a
// subscriber that runs on its own thread.
//
// Connections are opened lazily, authenticated (AUTH), switched to the URL's database (SELECT)
// and named (CLIENT SETNAME, if configured) when opened. A connection that fails (I/O error,
// timeout, protocol error) is closed and a new one is opened on the next use; the failed command is
// not retried, because it may already have run on the server.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

struct redisContext;

namespace cache {

// A connection or I/O failure (refused, timed out, closed, AUTH/SELECT refused). Redis error
// *replies* to a command ("WRONGTYPE …") are not thrown: they come back as RedisReply::error.
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RedisOptions {
  std::string url = "redis://127.0.0.1:6379";  // redis://[[user]:password@]host[:port][/db]
  std::size_t pool_size = 8;                   // most connections open at once
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};  // per read/write; also the pool wait limit
  std::string client_name;  // if set, CLIENT SETNAME on connect (shows in CLIENT LIST)
  // After a failed connect, commands that need a new connection fail at once for this long
  // rather than each waiting up to connect_timeout on an unreachable server.
  std::chrono::milliseconds reconnect_backoff{1000};
};

// The parts of a redis:// URL. Userinfo is percent-decoded; host may be [IPv6].
struct RedisEndpoint {
  std::string host;
  int port = 6379;
  std::string user;      // empty: AUTH with the password alone (pre-ACL form)
  std::string password;  // empty: no AUTH
  int db = 0;
};

// Parses a redis:// URL. Throws std::invalid_argument for another scheme (rediss:// included:
// this build has no TLS), a missing host, or a bad port or database number.
RedisEndpoint parse_redis_url(std::string_view url);

// One reply, owned (copied out of hiredis). Strings are binary-safe.
struct RedisReply {
  enum class Type { nil, integer, string, array, error, status };
  Type type = Type::nil;
  std::int64_t integer = 0;          // Type::integer
  std::string text;                  // Type::string, Type::error, Type::status
  std::vector<RedisReply> elements;  // Type::array

  bool is_nil() const { return type == Type::nil; }
  bool is_error() const { return type == Type::error; }
};

// Thread-safe: any number of threads may call command() at once; each call borrows one pooled
// connection, waiting up to command_timeout for one to come free. Must outlive its callers.
class RedisClient {
 public:
  // Validates the URL (std::invalid_argument) but connects only on first use.
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Sends one command, e.g. command({"SET", key, value, "EX", "60"}), and returns its reply.
  // Throws RedisError on connection or I/O failure, or when no connection frees up in time;
  // std::invalid_argument for an empty argv.
  RedisReply command(std::initializer_list<std::string_view> argv) {
    return command(std::span<const std::string_view>(argv.begin(), argv.size()));
  }
  RedisReply command(std::span<const std::string_view> argv);

  // True when the server answers PING with PONG. Never throws: for readiness checks.
  bool ping();

  // PUBLISH; returns how many subscribers (across all replicas) received the message.
  // Throws RedisError like command(), and also when the server answers with an error.
  std::int64_t publish(std::string_view channel, std::string_view message);

  const RedisOptions& options() const { return options_; }

 private:
  struct Pool;
  redisContext* acquire();
  void release(redisContext* context, bool broken);

  RedisOptions options_;
  RedisEndpoint endpoint_;
  std::unique_ptr<Pool> pool_;
};

// Listens on channels over its own connection, on its own thread, and calls `on_message` for
// every message, in order, on that thread. If the connection drops it reconnects (backing off
// up to 5 s) and resubscribes; messages published while disconnected are lost (Redis pub/sub
// is at-most-once). The callback must not block for long; an exception it throws is logged
// and swallowed.
class Subscriber {
 public:
  using Callback = std::function<void(std::string_view channel, std::string_view message)>;

  // Starts the thread at once. Throws std::invalid_argument for a bad URL or no channels.
  Subscriber(RedisOptions options, std::vector<std::string> channels, Callback on_message);
  ~Subscriber();  // stop()
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // Waits until the server has confirmed every subscription on the current connection; false
  // on timeout. Messages published after this returns true will be delivered.
  bool wait_until_subscribed(std::chrono::milliseconds timeout);

  // Closes the connection and joins the thread; no callback runs after it returns. Idempotent.
  // Must not be called from inside the callback.
  void stop();

 private:
  void run();
  bool listen(redisContext* context);
  void handle(const RedisReply& reply);

  RedisOptions options_;
  RedisEndpoint endpoint_;
  std::vector<std::string> channels_;
  Callback on_message_;
  std::mutex mutex_;
  std::condition_variable changed_;
  redisContext* context_ = nullptr;  // guarded by mutex_; owned by the thread
  bool stopping_ = false;            // guarded by mutex_
  std::size_t confirmed_ = 0;        // guarded by mutex_
  std::thread thread_;
};

}  // namespace cache
