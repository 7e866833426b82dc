#include <atomic>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "cache/redis.h"
#include "redis_fixture.h"

using cache::parse_redis_url;
using cache::RedisClient;
using cache::RedisError;
using cache::RedisReply;
using cache::Subscriber;
using namespace std::chrono_literals;

TEST(RedisUrl, ParsesHostPortPasswordAndDatabase) {
  auto plain = parse_redis_url("redis://cache.internal");
  EXPECT_EQ(plain.host, "cache.internal");
  EXPECT_EQ(plain.port, 6379);
  EXPECT_EQ(plain.db, 0);
  EXPECT_EQ(plain.password, "");

  auto full = parse_redis_url("redis://:p%40ss@10.0.0.5:6380/3");
  EXPECT_EQ(full.host, "10.0.0.5");
  EXPECT_EQ(full.port, 6380);
  EXPECT_EQ(full.user, "");
  EXPECT_EQ(full.password, "p@ss");
  EXPECT_EQ(full.db, 3);

  auto acl = parse_redis_url("redis://app:secret@[::1]:7000/");
  EXPECT_EQ(acl.host, "::1");
  EXPECT_EQ(acl.port, 7000);
  EXPECT_EQ(acl.user, "app");
  EXPECT_EQ(acl.password, "secret");
}

TEST(RedisUrl, RejectsOtherSchemesAndBadNumbers) {
  for (const char* bad :
       {"http://x", "rediss://x:6379", "redis://", "redis://:pw@", "redis://h:0", "redis://h:70000",
        "redis://h:12x", "redis://h/-1", "redis://h/db", "redis://%zz@h", "redis://[::1"}) {
    EXPECT_THROW(parse_redis_url(bad), std::invalid_argument) << bad;
  }
}

class RedisClientTest : public RedisFixture {};

TEST_F(RedisClientTest, PingsAndReturnsTypedReplies) {
  EXPECT_TRUE(redis_->ping());
  auto counter = prefix_ + "counter";
  EXPECT_EQ(redis_->command({"INCR", counter}).integer, 1);
  EXPECT_EQ(redis_->command({"INCRBY", counter, "41"}).integer, 42);
  EXPECT_TRUE(redis_->command({"GET", prefix_ + "missing"}).is_nil());
  auto status = redis_->command({"SET", prefix_ + "s", "v"});
  EXPECT_EQ(status.type, RedisReply::Type::status);
  EXPECT_EQ(status.text, "OK");
  redis_->command({"RPUSH", prefix_ + "list", "a", "b"});
  auto list = redis_->command({"LRANGE", prefix_ + "list", "0", "-1"});
  ASSERT_EQ(list.type, RedisReply::Type::array);
  ASSERT_EQ(list.elements.size(), 2u);
  EXPECT_EQ(list.elements[1].text, "b");
}

TEST_F(RedisClientTest, ErrorRepliesAreReturnedNotThrown) {
  redis_->command({"SET", prefix_ + "s", "v"});
  auto reply = redis_->command({"INCR", prefix_ + "s"});
  EXPECT_TRUE(reply.is_error());
  EXPECT_NE(reply.text.find("ERR"), std::string::npos) << reply.text;
  EXPECT_TRUE(redis_->ping()) << "an error reply leaves the connection usable";
}

TEST_F(RedisClientTest, ValuesAreBinarySafe) {
  std::string binary("a\0b\r\n\xff", 6);
  redis_->command({"SET", prefix_ + binary, binary});
  auto reply = redis_->command({"GET", prefix_ + binary});
  EXPECT_EQ(reply.text, binary);
}

TEST_F(RedisClientTest, UnreachableServerThrowsAndPingIsFalse) {
  RedisClient down(unreachable_redis());
  EXPECT_THROW(down.command({"PING"}), RedisError);
  EXPECT_FALSE(down.ping());
}

TEST_F(RedisClientTest, FailsFastForAWhileAfterAFailedConnect) {
  auto o = unreachable_redis();
  RedisClient backing_off(o);
  auto message = [](RedisClient& client) {
    try {
      client.command({"PING"});
    } catch (const RedisError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(backing_off).find("connect"), std::string::npos);
  EXPECT_NE(message(backing_off).find("backing off"), std::string::npos);
  o.reconnect_backoff = 0ms;
  RedisClient eager(o);
  message(eager);
  EXPECT_NE(message(eager).find("connect"), std::string::npos);
}

TEST_F(RedisClientTest, ReconnectsAfterTheServerDropsTheConnection) {
  auto o = options();
  o.pool_size = 1;
  RedisClient client(o);
  auto id = client.command({"CLIENT", "ID"}).integer;
  redis_->command({"CLIENT", "KILL", "ID", std::to_string(id)});
  EXPECT_THROW(client.command({"PING"}), RedisError);
  EXPECT_TRUE(client.ping());
  EXPECT_NE(client.command({"CLIENT", "ID"}).integer, id);
}

TEST_F(RedisClientTest, SelectsTheDatabaseFromTheUrl) {
  auto o = options();
  o.url = url_ + "/5";
  RedisClient db5(o);
  db5.command({"SET", prefix_ + "db", "five", "EX", "60"});
  EXPECT_EQ(db5.command({"GET", prefix_ + "db"}).text, "five");
  EXPECT_TRUE(redis_->command({"GET", prefix_ + "db"}).is_nil());
  db5.command({"DEL", prefix_ + "db"});
}

TEST_F(RedisClientTest, RefusedAuthIsAConnectionError) {
  auto o = options();
  o.url = "redis://:wrong-password@" + url_.substr(std::string("redis://").size());
  RedisClient client(o);
  EXPECT_THROW(client.command({"PING"}), RedisError);
}

TEST_F(RedisClientTest, ManyThreadsShareTheSmallPool) {
  auto o = options();
  o.pool_size = 3;
  RedisClient client(o);
  auto key = prefix_ + "shared";
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) client.command({"INCR", key});
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(client.command({"GET", key}).text, "1600");
}

namespace {

// Collects messages from a Subscriber callback for the test thread.
struct Inbox {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::pair<std::string, std::string>> messages;

  Subscriber::Callback callback() {
    return [this](std::string_view channel, std::string_view message) {
      std::lock_guard lock(mutex);
      messages.emplace_back(channel, message);
      arrived.notify_all();
    };
  }
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = 3s) {
    std::unique_lock lock(mutex);
    return arrived.wait_for(lock, timeout, [&] { return messages.size() >= count; });
  }
};

}  // namespace

class RedisSubscriberTest : public RedisFixture {
 protected:
  // Kills the connections called `name` (other tests' subscribers on the server live on).
  static int kill_client_named(RedisClient& redis, const std::string& name) {
    auto list = redis.command({"CLIENT", "LIST"}).text;
    int killed = 0;
    std::istringstream lines(list);
    for (std::string line; std::getline(lines, line);) {
      if (line.find(" name=" + name + " ") == std::string::npos) continue;
      auto id = line.substr(3, line.find(' ') - 3);  // "id=42 addr=…"
      killed += static_cast<int>(redis.command({"CLIENT", "KILL", "ID", id}).integer);
    }
    return killed;
  }
};

TEST_F(RedisSubscriberTest, DeliversPublishedMessagesInOrder) {
  Inbox inbox;
  auto channel = prefix_ + "events";
  Subscriber subscriber(options(), {channel, prefix_ + "other"}, inbox.callback());
  ASSERT_TRUE(subscriber.wait_until_subscribed(3s));
  EXPECT_EQ(redis_->publish(channel, "one"), 1);
  redis_->publish(channel, std::string("t\0wo", 4));
  redis_->publish(prefix_ + "other", "three");
  ASSERT_TRUE(inbox.wait_for(3));
  std::lock_guard lock(inbox.mutex);
  EXPECT_EQ(inbox.messages[0], std::make_pair(channel, std::string("one")));
  EXPECT_EQ(inbox.messages[1].second, std::string("t\0wo", 4));
  EXPECT_EQ(inbox.messages[2].first, prefix_ + "other");
}

TEST_F(RedisSubscriberTest, ResubscribesAfterTheConnectionIsKilled) {
  Inbox inbox;
  auto channel = prefix_ + "events";
  auto o = options();
  o.client_name = "sub-" + std::to_string(std::random_device{}());
  Subscriber subscriber(o, {channel}, inbox.callback());
  ASSERT_TRUE(subscriber.wait_until_subscribed(3s));
  EXPECT_EQ(kill_client_named(*redis_, o.client_name), 1);
  // Messages sent while it reconnects are lost (at-most-once); keep publishing until one lands.
  bool delivered = false;
  for (int i = 0; i < 100 && !delivered; ++i) {
    redis_->publish(channel, "after-kill");
    delivered = inbox.wait_for(1, 50ms);
  }
  EXPECT_TRUE(delivered);
}

TEST_F(RedisSubscriberTest, StopsPromptlyEvenWhileRedisIsDown) {
  Inbox inbox;
  auto start = std::chrono::steady_clock::now();
  {
    Subscriber subscriber(unreachable_redis(), {"x"}, inbox.callback());
    EXPECT_FALSE(subscriber.wait_until_subscribed(300ms));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_F(RedisSubscriberTest, StopEndsCallbacksAndIsIdempotent) {
  std::atomic<int> calls{0};
  auto channel = prefix_ + "events";
  Subscriber subscriber(options(), {channel}, [&](std::string_view, std::string_view) { ++calls; });
  ASSERT_TRUE(subscriber.wait_until_subscribed(3s));
  subscriber.stop();
  subscriber.stop();
  EXPECT_EQ(redis_->publish(channel, "nobody listens"), 0);
  EXPECT_EQ(calls.load(), 0);
}

TEST_F(RedisSubscriberTest, ThrowingCallbackDoesNotKillTheSubscriber) {
  Inbox inbox;
  auto channel = prefix_ + "events";
  auto deliver = inbox.callback();
  Subscriber subscriber(options(), {channel}, [&](std::string_view c, std::string_view m) {
    if (m == "bad") throw std::runtime_error("handler failed");
    deliver(c, m);
  });
  ASSERT_TRUE(subscriber.wait_until_subscribed(3s));
  redis_->publish(channel, "bad");
  redis_->publish(channel, "good");
  ASSERT_TRUE(inbox.wait_for(1));
  std::lock_guard lock(inbox.mutex);
  EXPECT_EQ(inbox.messages[0].second, "good");
}
