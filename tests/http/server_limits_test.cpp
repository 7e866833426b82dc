// Requests that break the server's limits are answered (413, 431, 400, 503) or cut (slowloris),
// never left hanging.
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "client.h"
#include "test_server.h"

namespace http::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class ServerLimitsTest : public ::testing::Test, protected TestServer {
 protected:
  ServerLimitsTest() {
    router.add("POST", "/upload", [](Request& r) {
      return Response::json(200, "{\"bytes\":" + std::to_string(r.body.size()) + "}");
    });
    router.add("GET", "/health", [](Request&) { return Response::json(200, "{}"); });
  }

  static std::string body_of(const std::string& response) {
    return response.substr(response.find("\r\n\r\n") + 4);
  }
};

TEST_F(ServerLimitsTest, BodyOverTheLimitGets413ProblemInsteadOfAReset) {
  ServerOptions options;
  options.body_limit = 1024;
  start(options);
  RawConnection c(server->port());
  std::string body(64 * 1024, 'x');
  c.send("POST /upload HTTP/1.1\r\nHost: x\r\nX-Request-ID: big-1\r\nContent-Type: text/plain\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  bool closed = false;
  std::string response = c.read_until_close(3s, &closed);
  ASSERT_EQ(response.rfind("HTTP/1.1 413 ", 0), 0u) << response;
  EXPECT_NE(response.find("Content-Type: application/problem+json\r\n"), std::string::npos);
  EXPECT_NE(response.find("X-Request-ID: big-1\r\n"), std::string::npos);
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(body_of(response))["status"], 413);
  EXPECT_TRUE(closed);
}

TEST_F(ServerLimitsTest, CurlGets413ForAnOversizedUploadAndSmallOnesStillPass) {
  ServerOptions options;
  options.body_limit = 1024;
  start(options);
  auto refused = fetch({"POST", url("/upload"), {}, std::string(64 * 1024, 'x'), 5000});
  EXPECT_EQ(refused.status, 413) << refused.error;
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  auto accepted = fetch({"POST", url("/upload"), {}, std::string(1000, 'x'), 5000});
  EXPECT_EQ(accepted.body, R"({"bytes":1000})");
}

TEST_F(ServerLimitsTest, ChunkedBodyOverTheLimitGets413) {
  ServerOptions options;
  options.body_limit = 1024;
  start(options);
  RawConnection c(server->port());
  std::string chunk(2000, 'y');
  c.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" + chunk +
         "\r\n0\r\n\r\n");
  bool closed = false;
  std::string response = c.read_until_close(3s, &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 413 ", 0), 0u) << response;
}

TEST_F(ServerLimitsTest, ExpectContinueIsHonouredSoCurlDoesNotWait) {
  start();
  auto t = Clock::now();
  auto r = fetch({"POST", url("/upload"), {}, std::string(200 * 1024, 'z'), 5000});
  EXPECT_EQ(r.body, R"({"bytes":204800})");
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t).count(), 0.8);
}

TEST_F(ServerLimitsTest, HugeHeaderGets431) {
  ServerOptions options;
  options.header_limit = 4096;
  start(options);
  auto r = get(url("/health"), {"X-Padding: " + std::string(8000, 'p')});
  EXPECT_EQ(r.status, 431) << r.error;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.header("x-request-id").size(), 32u);
}

TEST_F(ServerLimitsTest, MalformedRequestGets400AndTheConnectionCloses) {
  start();
  RawConnection c(server->port());
  c.send("GET /health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n");
  bool closed = false;
  std::string response = c.read_until_close(3s, &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 400 ", 0), 0u) << response;
  EXPECT_NE(response.find("application/problem+json"), std::string::npos);
  EXPECT_TRUE(closed);
}

TEST_F(ServerLimitsTest, SlowlorisClientIsCutAfterTheReadTimeout) {
  ServerOptions options;
  options.read_timeout = 1s;
  start(options);
  RawConnection c(server->port());
  auto t = Clock::now();
  c.send("GET /health HTTP/1.1\r\nHost: x\r\n");
  bool cut = false;
  for (int i = 0; i < 10 && !cut; ++i) {  // a header line every 250 ms, never finishing
    std::this_thread::sleep_for(250ms);
    cut = !c.send("X-Drip-" + std::to_string(i) + ": 1\r\n");
    bool closed = false;
    c.read_until_close(1ms, &closed);
    cut = cut || closed;
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - t).count();
  EXPECT_TRUE(cut);
  EXPECT_LT(elapsed, 2.0);
  EXPECT_GT(elapsed, 0.9);
}

TEST_F(ServerLimitsTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = 1s;
  start(options);
  RawConnection c(server->port());
  c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_FALSE(c.read_response().empty());
  bool closed = false;
  c.read_until_close(2500ms, &closed);
  EXPECT_TRUE(closed);
}

TEST_F(ServerLimitsTest, ConnectionsAboveTheLimitGet503) {
  ServerOptions options;
  options.max_connections = 1;
  start(options);
  RawConnection first(server->port());
  first.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_FALSE(first.read_response().empty());
  auto r = get(url("/health"));
  EXPECT_EQ(r.status, 503) << r.error;
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
}

}  // namespace
}  // namespace http::test
