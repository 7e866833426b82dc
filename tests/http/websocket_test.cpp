// WebSocket routes and the topic hub: the hub alone, then the server over real sockets —
// authentication at the upgrade, subscriptions, slow consumers, keep-alive and shutdown.
#include "http/websocket.h"

#include <thread>

#include <gtest/gtest.h>

#include "client.h"
#include "http/problem.h"
#include "test_server.h"
#include "websocket_client.h"

namespace http::test {
namespace {

using namespace std::chrono_literals;

// ---- the hub alone ----

struct FakeSubscriber : WebSocketHub::Subscriber {
  bool deliver(const std::shared_ptr<const std::string>& text) override {
    received.push_back(*text);
    return true;
  }
  std::vector<std::string> received;
};

TEST(WebSocketHub, PublishReachesTheTopicsSubscribersOnly) {
  WebSocketHub hub;
  auto a = std::make_shared<FakeSubscriber>(), b = std::make_shared<FakeSubscriber>(),
       c = std::make_shared<FakeSubscriber>();
  hub.subscribe("t1/client/x", a);
  hub.subscribe("t1/client/x", b);
  hub.subscribe("t1/client/x", b);  // again: still one subscription
  hub.subscribe("t1/client/y", c);

  EXPECT_EQ(hub.publish("t1/client/x", "first"), 2u);
  EXPECT_EQ(hub.publish("t2/client/x", "nobody"), 0u);
  hub.unsubscribe("t1/client/x", a.get());
  EXPECT_EQ(hub.publish("t1/client/x", "second"), 1u);

  EXPECT_EQ(a->received, (std::vector<std::string>{"first"}));
  EXPECT_EQ(b->received, (std::vector<std::string>{"first", "second"}));
  EXPECT_TRUE(c->received.empty());
  EXPECT_EQ(hub.subscriber_count("t1/client/x"), 1u);
  EXPECT_EQ(hub.topic_count(), 2u);
}

TEST(WebSocketHub, ForgetsSubscribersThatWentAway) {
  WebSocketHub hub;
  auto gone = std::make_shared<FakeSubscriber>();
  hub.subscribe("t", gone);
  gone.reset();
  EXPECT_EQ(hub.subscriber_count("t"), 0u);
  EXPECT_EQ(hub.publish("t", "x"), 0u);
  EXPECT_EQ(hub.topic_count(), 0u);
}

// ---- the server ----

// The test protocol: "sub:<topic>", "unsub:<topic>", "echo:<text>", "boom" (throws). Accepted
// with "Authorization: Bearer good" or "?access_token=good".
WebSocketReceiver accept(Request& upgrade) {
  bool good = upgrade.header("Authorization") == std::optional<std::string_view>("Bearer good") ||
              upgrade.query_param("access_token") == std::optional<std::string>("good");
  if (!good) throw ProblemError(unauthorized("send a good credential"));
  return [](std::string_view text, WebSocketLink& link) {
    std::string message(text);
    if (message.starts_with("sub:")) {
      link.send(link.subscribe(message.substr(4)) ? "subscribed" : "refused");
    } else if (message.starts_with("unsub:")) {
      link.unsubscribe(message.substr(6));
      link.send("unsubscribed");
    } else if (message.starts_with("echo:")) {
      link.send(message.substr(5));
    } else if (message == "boom") {
      throw std::runtime_error("handler failure");
    }
  };
}

class WebSocketTest : public ::testing::Test, protected TestServer {
 protected:
  WebSocketTest() { router.add_websocket("/ws", accept); }

  void start_with(WebSocketOptions websocket) {
    ServerOptions options;
    options.websocket = websocket;
    options.shutdown_grace = 5s;
    start(options);
  }

  std::unique_ptr<WebSocketClient> connect(const std::string& target = "/ws?access_token=good") {
    auto client = std::make_unique<WebSocketClient>(server->port(), target);
    EXPECT_EQ(client->status(), 101) << client->body();
    return client;
  }

  // Subscribes `client` to `topic` and waits for the answer.
  void subscribe(WebSocketClient& client, const std::string& topic) {
    client.send("sub:" + topic);
    ASSERT_EQ(client.receive(2s), "subscribed");
  }

  WebSocketHub& hub() { return server->websocket_hub(); }
};

TEST_F(WebSocketTest, UpgradeWithoutCredentialsIsRefusedWith401) {
  start();
  WebSocketClient anonymous(server->port(), "/ws");
  EXPECT_EQ(anonymous.status(), 401);
  EXPECT_EQ(anonymous.header("Content-Type"), "application/problem+json");
  EXPECT_NE(anonymous.body().find("send a good credential"), std::string::npos) << anonymous.body();
  EXPECT_TRUE(anonymous.closed());

  WebSocketClient wrong(server->port(), "/ws", {"Authorization: Bearer bad"});
  EXPECT_EQ(wrong.status(), 401);
}

TEST_F(WebSocketTest, UpgradeWithCredentialsInHeaderOrQueryIsAccepted) {
  start();
  WebSocketClient by_header(server->port(), "/ws", {"Authorization: Bearer good", "X-Request-ID: ws-1"});
  EXPECT_EQ(by_header.status(), 101);
  EXPECT_EQ(by_header.header("X-Request-ID"), "ws-1");
  by_header.send("echo:hello");
  EXPECT_EQ(by_header.receive(2s), "hello");

  WebSocketClient by_query(server->port(), "/ws?access_token=good");
  EXPECT_EQ(by_query.status(), 101);
  by_query.send("echo:again");
  EXPECT_EQ(by_query.receive(2s), "again");
}

TEST_F(WebSocketTest, PlainGetIsAnswered426) {
  start();
  ClientResponse r = get(url("/ws"));
  EXPECT_EQ(r.status, 426);
  EXPECT_EQ(r.header("upgrade"), "websocket");
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
}

TEST_F(WebSocketTest, PublishReachesSubscribersUntilTheyUnsubscribe) {
  start();
  auto a = connect(), b = connect();
  subscribe(*a, "t/client/x");
  subscribe(*b, "t/client/y");

  EXPECT_EQ(hub().publish("t/client/x", "for x"), 1u);
  EXPECT_EQ(a->receive(2s), "for x");
  EXPECT_TRUE(b->drain(200ms).empty()) << "b follows another topic";

  a->send("unsub:t/client/x");
  EXPECT_EQ(a->receive(2s), "unsubscribed");
  EXPECT_EQ(hub().publish("t/client/x", "too late"), 0u);
  EXPECT_TRUE(a->drain(200ms).empty());
}

TEST_F(WebSocketTest, ClosingConnectionLeavesItsTopics) {
  start();
  auto a = connect();
  subscribe(*a, "t/client/x");
  EXPECT_EQ(hub().subscriber_count("t/client/x"), 1u);
  a->close();
  for (int i = 0; i < 200 && hub().subscriber_count("t/client/x") != 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(hub().subscriber_count("t/client/x"), 0u);
  EXPECT_EQ(hub().topic_count(), 0u);
}

TEST_F(WebSocketTest, SubscriptionsPerConnectionAreBounded) {
  WebSocketOptions limits;
  limits.max_subscriptions = 2;
  start_with(limits);
  auto a = connect();
  subscribe(*a, "t/1");
  subscribe(*a, "t/2");
  subscribe(*a, "t/1");  // already held: still fine
  a->send("sub:t/3");
  EXPECT_EQ(a->receive(2s), "refused");
}

TEST_F(WebSocketTest, SlowConsumerIsDroppedWhileOneKeepingUpIsServed) {
  WebSocketOptions limits;
  limits.max_queued_messages = 64;
  start_with(limits);
  auto slow = connect();
  auto fast = connect();
  subscribe(*slow, "t/client/x");
  subscribe(*fast, "t/client/x");

  // `fast` reads everything on its own thread; `slow` reads nothing from here on, so once the
  // socket buffers are full its queue overflows.
  std::vector<std::string> got;
  std::thread reader([&] {
    while (auto message = fast->receive(3s)) {
      got.push_back(*message);
      if (*message == "last") break;
    }
  });
  const std::string big(64 * 1024, 'x');
  int published = 0;
  for (; published < 5000 && hub().subscriber_count("t/client/x") == 2; ++published) {
    hub().publish("t/client/x", big);
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(hub().subscriber_count("t/client/x"), 1u) << "the slow consumer is still subscribed";
  EXPECT_EQ(hub().publish("t/client/x", "last"), 1u);
  reader.join();
  EXPECT_EQ(got.size(), static_cast<size_t>(published) + 1) << "the fast client missed messages";
  EXPECT_NE(metrics.render().find("websocket_slow_consumers_dropped_total 1"), std::string::npos);

  // The slow client finds its connection cut after what was already on the wire.
  while (slow->receive(2s)) {
  }
  EXPECT_TRUE(slow->closed());
}

TEST_F(WebSocketTest, SilentClientIsClosedWhileOneAnsweringPingsStays) {
  WebSocketOptions limits;
  limits.idle_timeout = 1s;  // a ping after 0.5 s of silence, closed after 1 s
  start_with(limits);
  auto answering = connect();
  auto silent = connect();
  // receive() keeps a read pending, so the client answers the server's pings.
  EXPECT_EQ(answering->receive(2500ms), std::nullopt);
  EXPECT_FALSE(answering->closed());
  // `silent` ran no I/O meanwhile: no pong went out.
  EXPECT_EQ(silent->receive(1s), std::nullopt);
  EXPECT_TRUE(silent->closed());
  answering->send("echo:alive");
  EXPECT_EQ(answering->receive(2s), "alive");
}

TEST_F(WebSocketTest, FailingMessageHandlerClosesWith1011) {
  start();
  auto a = connect();
  a->send("boom");
  EXPECT_EQ(a->receive(2s), std::nullopt);
  EXPECT_EQ(a->close_code(), 1011);
}

TEST_F(WebSocketTest, OversizedMessageClosesTheConnection) {
  WebSocketOptions limits;
  limits.max_message_bytes = 1024;
  start_with(limits);
  auto a = connect();
  a->send("echo:" + std::string(2048, 'x'));
  EXPECT_EQ(a->receive(2s), std::nullopt);
  // The server sends 1009 and closes; the unread rest of the message makes its kernel reset
  // the connection, which may overtake the close frame.
  EXPECT_TRUE(a->closed());
  EXPECT_TRUE(a->close_code() == 1009 || a->close_code() == 0) << *a->close_code();
}

TEST_F(WebSocketTest, StopClosesWebSocketsWithGoingAway) {
  start();
  auto a = connect();
  subscribe(*a, "t/client/x");
  auto started = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_EQ(a->receive(3s), std::nullopt);
  EXPECT_EQ(a->close_code(), 1001);
  server->wait();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "the close handshake held stop()";
}

}  // namespace
}  // namespace http::test
