// WebSocket routes and the topic hub that fans text messages out to the connections on this
// process. No Beast in here: the api layer and tests use these types without sockets.
//
//   router.add_websocket("/ws", [&](Request& upgrade) -> WebSocketReceiver {
//     auto who = authenticate(upgrade);           // throw ProblemError to refuse the upgrade
//     return [who](std::string_view text, WebSocketLink& link) {
//       link.subscribe(topic_for(who, text));      // then hub.publish(topic, …) reaches it
//       link.send(R"({"type":"subscribed"})");
//     };
//   });
//
// The http layer knows topics (opaque strings) and connections, nothing of what a message means:
// the application parses the client's messages, decides which topics a connection may join, and
// publishes to topics.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "http/message.h"

namespace http {

// Limits of one WebSocket connection (ServerOptions::websocket).
struct WebSocketOptions {
  size_t max_message_bytes = 64 * 1024;  // from the client; a larger message closes with 1009
  // Messages waiting to be written to one client (replies and published events). A client that
  // falls further behind is dropped — its TCP connection closed — rather than let the queue grow.
  size_t max_queued_messages = 1024;
  size_t max_subscriptions = 100;  // topics per connection; WebSocketLink::subscribe refuses more
  // No frame from the client for half of this sends a ping; none for all of it closes the
  // connection. Also bounds the closing handshake.
  std::chrono::seconds idle_timeout{60};
};

// What a WebSocketReceiver may do with its connection. Valid only during the receiver's call;
// the connection's subscriptions last until it closes.
class WebSocketLink {
 public:
  // Joins `topic`, so that WebSocketHub::publish(topic, …) reaches this connection. True when
  // subscribed (already being subscribed included); false when the connection already holds
  // max_subscriptions other topics.
  virtual bool subscribe(const std::string& topic) = 0;
  // Leaves `topic`; nothing happens when not subscribed.
  virtual void unsubscribe(const std::string& topic) = 0;
  // Queues a text message for this connection alone (a reply). It counts against
  // max_queued_messages like published messages.
  virtual void send(std::string text) = 0;

 protected:
  ~WebSocketLink() = default;
};

// Handles one text message from the client. Runs on the worker pool (it may block, e.g. on a
// database look-up), one message at a time per connection, in the order they arrived. An
// exception it throws is logged and closes the connection with 1011 (internal error).
using WebSocketReceiver = std::function<void(std::string_view text, WebSocketLink& link)>;

// Decides an upgrade request on a WebSocket route, before the handshake: throw ProblemError to
// refuse (the problem is the HTTP answer, e.g. 401), or return the connection's receiver to
// accept. Runs on the worker pool. Any other exception is answered 500.
using WebSocketAccept = std::function<WebSocketReceiver(Request& upgrade)>;

// Topic subscriptions of this process's WebSocket connections. Thread-safe; publish() never
// blocks on the network (each connection has its own bounded outgoing queue). The server
// subscribes its connections here; applications call publish().
class WebSocketHub {
 public:
  // A connection as the hub sees it (implemented by the server; by fakes in tests).
  class Subscriber {
   public:
    virtual ~Subscriber() = default;
    // Queues `text` for sending. False when the connection is closing or was just dropped for
    // being too slow. Must not block nor call back into the hub.
    virtual bool deliver(const std::shared_ptr<const std::string>& text) = 0;
  };

  WebSocketHub() = default;
  WebSocketHub(const WebSocketHub&) = delete;
  WebSocketHub& operator=(const WebSocketHub&) = delete;

  // Queues `text` for every connection on this process subscribed to `topic`; returns how many
  // took it. Delivery is at most once: a connection that closes or is dropped loses it.
  size_t publish(const std::string& topic, std::string text);

  // Adds (or keeps) `subscriber` on `topic`. The hub holds it weakly: a connection that goes
  // away without unsubscribing is skipped and forgotten.
  void subscribe(const std::string& topic, const std::shared_ptr<Subscriber>& subscriber);
  void unsubscribe(const std::string& topic, const Subscriber* subscriber);

  // Connections subscribed to `topic` now (for tests and diagnostics).
  size_t subscriber_count(const std::string& topic) const;
  // Topics with at least one subscriber.
  size_t topic_count() const;

 private:
  using Members = std::map<const Subscriber*, std::weak_ptr<Subscriber>>;
  mutable std::shared_mutex mutex_;
  std::map<std::string, Members, std::less<>> topics_;
};

}  // namespace http
