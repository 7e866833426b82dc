// The second (and last) translation unit with Beast in it: the WebSocket stream templates.
#include "http/websocket_connection.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <optional>
#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <spdlog/spdlog.h>

namespace http::detail {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using boost::system::error_code;
using Text = std::shared_ptr<const std::string>;

constexpr std::chrono::seconds kMaxHandshakeTimeout{10};

class Connection final : public WebSocketConnection,
                         public WebSocketHub::Subscriber,
                         public WebSocketLink,
                         public std::enable_shared_from_this<Connection> {
 public:
  Connection(beast::tcp_stream&& stream, WebSocketHub& hub, const WebSocketOptions& options,
             Metrics& metrics)
      : ws_(std::move(stream)),
        strand_(ws_.get_executor()),
        hub_(hub),
        options_(options),
        metrics_(metrics),
        wake_(strand_),
        writer_done_(strand_) {}

  asio::awaitable<bool> accept(const Upgrade& upgrade, const std::string& request_id) override;
  asio::awaitable<void> serve(const WebSocketReceiver& receiver, asio::thread_pool& pool) override;
  void close(bool gracefully) override;

  bool deliver(const Text& text) override;
  bool subscribe(const std::string& topic) override;
  void unsubscribe(const std::string& topic) override;
  void send(std::string text) override { deliver(std::make_shared<const std::string>(std::move(text))); }

 private:
  asio::awaitable<void> write_loop(std::shared_ptr<Connection> self);
  // Asks the writer to send a close frame with `code` once the queue is written.
  void request_close(websocket::close_code code);
  void leave_all_topics();

  websocket::stream<beast::tcp_stream> ws_;
  asio::any_io_executor strand_;
  WebSocketHub& hub_;
  const WebSocketOptions& options_;
  Metrics& metrics_;
  asio::steady_timer wake_;         // the idle writer waits on it; cancel() wakes it
  asio::steady_timer writer_done_;  // serve() waits on it for the writer to end
  bool writer_finished_ = false;    // on the strand

  std::mutex mutex_;  // guards what follows; never held while calling the hub
  std::deque<Text> queue_;
  std::set<std::string> topics_;
  std::optional<websocket::close_code> close_code_;  // a close frame is due
  bool writer_waiting_ = false;  // the writer sleeps on wake_ and must be woken for new messages
  bool finished_ = false;        // the read side ended: nothing more is sent
  bool dropped_ = false;         // the queue overflowed: the connection is being cut
};

asio::awaitable<bool> Connection::accept(const Upgrade& upgrade, const std::string& request_id) {
  beast::get_lowest_layer(ws_).expires_never();  // the WebSocket timeouts below take over
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = std::min<websocket::stream_base::duration>(
      options_.idle_timeout, kMaxHandshakeTimeout);
  timeout.idle_timeout = options_.idle_timeout;
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.read_message_max(options_.max_message_bytes);
  ws_.text(true);
  auto decorate = [request_id](websocket::response_type& response) {
    response.set("X-Request-ID", request_id);
  };
  ws_.set_option(websocket::stream_base::decorator(decorate));
  error_code ec;
  co_await ws_.async_accept(upgrade, capture(ec));
  co_return !ec;
}

asio::awaitable<void> Connection::serve(const WebSocketReceiver& receiver,
                                        asio::thread_pool& pool) {
  metrics_.add_websockets(1);
  asio::co_spawn(strand_, write_loop(shared_from_this()), asio::detached);

  beast::flat_buffer buffer;
  std::string text;
  bool failed = false;
  const std::function<void()> work = [&] {
    try {
      receiver(text, *this);
    } catch (const std::exception& e) {
      spdlog::error("websocket: message handler failed: {}", e.what());
      failed = true;
    } catch (...) {
      spdlog::error("websocket: message handler failed: unknown exception");
      failed = true;
    }
  };
  error_code ec;
  for (;;) {
    buffer.clear();
    co_await ws_.async_read(buffer, capture(ec));
    if (ec) break;
    {
      std::lock_guard lock(mutex_);
      if (close_code_ || dropped_) continue;  // closing: read on only for the peer's close frame
    }
    if (!ws_.got_text()) {
      request_close(websocket::close_code::unknown_data);  // 1003: the protocol is JSON text
      continue;
    }
    text = beast::buffers_to_string(buffer.data());
    co_await run_on(pool, work);
    if (failed) request_close(websocket::close_code::internal_error);
  }
  spdlog::debug("websocket: connection ended: {}", ec.message());
  beast::get_lowest_layer(ws_).close();  // ends a write the peer stopped reading
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
    queue_.clear();
  }
  wake_.cancel();
  if (!writer_finished_) {
    writer_done_.expires_at(asio::steady_timer::time_point::max());
    co_await writer_done_.async_wait(capture(ec));
  }
  leave_all_topics();
  metrics_.add_websockets(-1);
}

// `self` keeps the connection alive while the writer runs.
asio::awaitable<void> Connection::write_loop(std::shared_ptr<Connection> self) {
  error_code ec;
  bool failed = false;
  for (;;) {
    Text next;
    {
      std::lock_guard lock(mutex_);
      writer_waiting_ = false;
      if (finished_ || dropped_) break;
      if (!queue_.empty()) {
        next = std::move(queue_.front());
        queue_.pop_front();
      } else if (close_code_) {
        break;
      } else {
        writer_waiting_ = true;
      }
    }
    if (!next) {
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(capture(ec));
      continue;
    }
    co_await ws_.async_write(asio::buffer(*next), capture(ec));
    if (ec) {
      failed = true;
      break;
    }
    metrics_.count_websocket_message();
  }
  std::optional<websocket::close_code> code;
  {
    std::lock_guard lock(mutex_);
    if (!finished_ && !dropped_ && !failed) code = close_code_;
  }
  if (code) {
    // The pending read receives the peer's answering close frame and ends serve().
    const websocket::close_reason reason(*code);
    co_await ws_.async_close(reason, capture(ec));
  }
  self->writer_finished_ = true;
  self->writer_done_.cancel();
}

bool Connection::deliver(const Text& text) {
  bool wake = false, drop = false;
  {
    std::lock_guard lock(mutex_);
    if (finished_ || dropped_ || close_code_) return false;
    if (queue_.size() < options_.max_queued_messages) {
      queue_.push_back(text);
      wake = std::exchange(writer_waiting_, false);
    } else {
      drop = dropped_ = true;
      queue_.clear();
    }
  }
  if (wake) asio::post(strand_, [self = shared_from_this()] { self->wake_.cancel(); });
  if (!drop) return true;
  spdlog::warn("websocket: dropping a client that fell {} messages behind",
               options_.max_queued_messages);
  metrics_.count_websocket_dropped();
  close(/*gracefully=*/false);
  return false;
}

bool Connection::subscribe(const std::string& topic) {
  {
    std::lock_guard lock(mutex_);
    if (topics_.count(topic) == 0 && topics_.size() >= options_.max_subscriptions) return false;
    topics_.insert(topic);
  }
  hub_.subscribe(topic, shared_from_this());
  return true;
}

void Connection::unsubscribe(const std::string& topic) {
  {
    std::lock_guard lock(mutex_);
    if (topics_.erase(topic) == 0) return;
  }
  hub_.unsubscribe(topic, this);
}

void Connection::leave_all_topics() {
  std::set<std::string> topics;
  {
    std::lock_guard lock(mutex_);
    topics.swap(topics_);
  }
  for (const auto& topic : topics) hub_.unsubscribe(topic, this);
}

void Connection::request_close(websocket::close_code code) {
  {
    std::lock_guard lock(mutex_);
    if (close_code_) return;
    close_code_ = code;
  }
  asio::post(strand_, [self = shared_from_this()] { self->wake_.cancel(); });
}

void Connection::close(bool gracefully) {
  if (gracefully) {
    request_close(websocket::close_code::going_away);
    return;
  }
  asio::post(strand_, [self = shared_from_this()] { beast::get_lowest_layer(self->ws_).close(); });
}

}  // namespace

std::shared_ptr<WebSocketConnection> WebSocketConnection::create(beast::tcp_stream&& stream,
                                                                 WebSocketHub& hub,
                                                                 const WebSocketOptions& options,
                                                                 Metrics& metrics) {
  return std::make_shared<Connection>(std::move(stream), hub, options, metrics);
}

}  // namespace http::detail
