// The server over real sockets: routing answers, middleware headers, concurrency, shutdown.
#include "http/server.h"

#include <csignal>
#include <future>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "client.h"
#include "http/problem.h"
#include "test_server.h"

namespace http::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

RouteOptions inline_route() {
  RouteOptions o;
  o.offload = false;
  return o;
}

Response health(Request&) { return Response::json(200, R"({"status":"ok"})"); }

Response slow(Request&) {
  std::this_thread::sleep_for(1s);
  return Response::json(200, R"({"slow":true})");
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

class ServerTest : public ::testing::Test, protected TestServer {
 protected:
  ServerTest() {
    router.add("GET", "/health", health, inline_route());
    router.add("GET", "/slow", slow);
    router.add("GET", "/clients/{id}", [](Request& r) {
      return Response::json(200, nlohmann::json{{"id", r.path_param("id")},
                                                {"q", r.query_param("q").value_or("")}}
                                     .dump());
    });
    router.add("POST", "/clients", [](Request& r) { return Response::json(201, r.body); });
    router.add("GET", "/boom", [](Request&) -> Response {
      throw std::runtime_error("secret connection string");
    });
    router.add("GET", "/invalid", [](Request&) -> Response {
      throw ProblemError(unprocessable("1 field is invalid", {{"name", "required"}}));
    });
  }
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start();
  RawConnection c(server->port());
  ASSERT_TRUE(c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string first = c.read_response();
  ASSERT_TRUE(c.send("GET /clients/acme HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string second = c.read_response();
  EXPECT_EQ(first.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << first;
  EXPECT_TRUE(first.ends_with(R"({"status":"ok"})"));
  EXPECT_EQ(second.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << second;
  EXPECT_NE(second.find(R"("id":"acme")"), std::string::npos);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawConnection c(server->port());
  ASSERT_TRUE(c.send("GET /clients/a HTTP/1.1\r\nHost: x\r\n\r\nGET /clients/b HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(c.read_response().find(R"("id":"a")"), std::string::npos);
  EXPECT_NE(c.read_response().find(R"("id":"b")"), std::string::npos);
}

TEST_F(ServerTest, EchoesTheCallersRequestIdAndGeneratesOneOtherwise) {
  start();
  auto echoed = get(url("/health"), {"X-Request-ID: trace-42"});
  EXPECT_EQ(echoed.header("x-request-id"), "trace-42");
  auto generated = get(url("/health"), {"X-Request-ID: not valid!"});
  EXPECT_EQ(generated.header("x-request-id").size(), 32u);
  auto missing = get(url("/nowhere"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("x-request-id").size(), 32u);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["request_id"], missing.header("x-request-id"));
}

TEST_F(ServerTest, DecodesPathParametersAndQuery) {
  start();
  auto r = get(url("/clients/acme%2Fco?q=spring+sale%21"));
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"id", "acme/co"}, {"q", "spring sale!"}}));
}

TEST_F(ServerTest, UnknownPathIs404ProblemAndWrongMethodIs405WithAllow) {
  start();
  auto missing = get(url("/nowhere"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type"), "application/problem+json");
  auto wrong = fetch({"DELETE", url("/clients"), {}, {}, 5000});
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "POST");
  EXPECT_EQ(nlohmann::json::parse(wrong.body)["status"], 405);
}

TEST_F(ServerTest, HeadAnswersLikeGetWithoutTheBody) {
  start();
  auto r = fetch({"HEAD", url("/health"), {}, {}, 5000});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-length"), "15");
  EXPECT_TRUE(r.body.empty());
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  start();
  for (const auto& r : {get(url("/health")), get(url("/nowhere"))}) {
    EXPECT_EQ(r.header("content-security-policy"),
              "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
              "frame-ancestors 'none'");
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(r.header("x-frame-options"), "DENY");
    EXPECT_FALSE(r.has("strict-transport-security"));
  }
}

TEST_F(ServerTest, HstsWhenEnabled) {
  ServerOptions options;
  options.hsts = true;
  start(options);
  EXPECT_EQ(get(url("/health")).header("strict-transport-security"),
            "max-age=31536000; includeSubDomains");
}

TEST_F(ServerTest, CorsPreflightForAnAllowedOriginListsThePathsMethods) {
  ServerOptions options;
  options.cors_origins = {"https://app.example"};
  start(options);
  auto r = fetch({"OPTIONS", url("/clients/acme"),
                  {"Origin: https://app.example", "Access-Control-Request-Method: GET"}, {}, 5000});
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(r.header("access-control-allow-methods"), "GET, HEAD");
  EXPECT_EQ(r.header("access-control-allow-headers"),
            "Authorization, Content-Type, Idempotency-Key, X-Request-ID");
  EXPECT_EQ(r.header("access-control-max-age"), "600");
  EXPECT_EQ(r.header("vary"), "Origin");
  EXPECT_EQ(fetch({"OPTIONS", url("/nowhere"), {"Origin: https://app.example"}, {}, 5000}).status,
            404);
}

TEST_F(ServerTest, CorsHeadersOnlyForAllowedOrigins) {
  ServerOptions options;
  options.cors_origins = {"https://app.example"};
  start(options);
  auto allowed = get(url("/health"), {"Origin: https://app.example"});
  EXPECT_EQ(allowed.header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(allowed.header("access-control-expose-headers"), "X-Request-ID, Retry-After, Location");
  auto denied = get(url("/health"), {"Origin: https://evil.example"});
  EXPECT_EQ(denied.status, 200);
  EXPECT_FALSE(denied.has("access-control-allow-origin"));
  auto preflight = fetch({"OPTIONS", url("/health"), {"Origin: https://evil.example"}, {}, 5000});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_FALSE(preflight.has("access-control-allow-methods"));
}

TEST_F(ServerTest, UnexpectedExceptionIs500ProblemWithoutItsText) {
  start();
  auto r = get(url("/boom"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(nlohmann::json::parse(r.body)["detail"], "internal error");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST_F(ServerTest, ProblemErrorIsRenderedWithItsFieldErrors) {
  start();
  auto r = get(url("/invalid"));
  EXPECT_EQ(r.status, 422);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["type"], "urn:strategist:problem:validation");
  EXPECT_EQ(body["errors"][0]["field"], "name");
  EXPECT_EQ(body["instance"], "/invalid");
}

TEST_F(ServerTest, SlowOffloadedHandlerDoesNotDelayAnInlineOne) {
  ServerOptions options;
  options.io_threads = 1;  // a blocked I/O thread would show at once
  start(options);
  auto slow_reply = std::async(std::launch::async, [&] { return get(url("/slow")); });
  std::this_thread::sleep_for(100ms);
  auto t = Clock::now();
  auto fast = get(url("/health"));
  double fast_seconds = seconds_since(t);
  EXPECT_EQ(fast.status, 200);
  EXPECT_LT(fast_seconds, 0.3);
  EXPECT_EQ(slow_reply.get().status, 200);
}

TEST_F(ServerTest, GracefulStopLetsTheInFlightRequestFinish) {
  start();
  auto slow_reply = std::async(std::launch::async, [&] { return get(url("/slow")); });
  std::this_thread::sleep_for(200ms);
  auto t = Clock::now();
  server->stop();
  server->wait();
  double stop_seconds = seconds_since(t);
  auto r = slow_reply.get();
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_GT(stop_seconds, 0.5);
  EXPECT_LT(stop_seconds, 3.0);
}

TEST_F(ServerTest, RequestsStillRunningAfterTheGraceAreCutOff) {
  router.add("GET", "/slower", [](Request&) {
    std::this_thread::sleep_for(2s);
    return Response::json(200, "{}");
  });
  ServerOptions options;
  options.shutdown_grace = 1s;
  start(options);
  auto t = Clock::now();
  auto reply = std::async(std::launch::async, [&] {
    auto r = get(url("/slower"));
    return std::make_pair(r, seconds_since(t));
  });
  std::this_thread::sleep_for(200ms);
  server->stop();
  auto [response, client_seconds] = reply.get();
  EXPECT_EQ(response.status, 0);  // connection closed without an answer
  EXPECT_LT(client_seconds, 1.8);
  server->wait();  // returns once the handler itself has returned
  EXPECT_GT(seconds_since(t), 1.9);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionsAtOnce) {
  start();
  RawConnection idle(server->port());
  ASSERT_TRUE(idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_FALSE(idle.read_response().empty());
  auto t = Clock::now();
  server->stop();
  server->wait();
  EXPECT_LT(seconds_since(t), 1.0);
  bool closed = false;
  idle.read_until_close(1s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_THROW(RawConnection again(server->port()), std::runtime_error);
}

TEST_F(ServerTest, SigtermStopsAServerThatAskedForIt) {
  server = nullptr;
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  auto s = std::make_unique<Server>(options, router, metrics);
  s->stop_on_signals();
  s->start();
  std::raise(SIGTERM);
  auto done = std::async(std::launch::async, [&] { s->wait(); });
  EXPECT_EQ(done.wait_for(3s), std::future_status::ready);
}

TEST_F(ServerTest, BindingATakenPortThrowsSystemError) {
  start();
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = server->port();
  Server second(options, router, metrics);
  EXPECT_THROW(second.start(), std::system_error);
}

TEST_F(ServerTest, MetricsCountRequestsByMethodRouteAndStatus) {
  ServerOptions options;
  options.version = "1.2.3";
  start(options);
  get(url("/clients/acme"));
  get(url("/clients/other"));
  get(url("/nowhere"));
  std::string text = metrics.render();
  EXPECT_NE(text.find(R"(http_requests_total{method="GET",route="/clients/{id}",status="200"} 2)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(http_requests_total{method="GET",route="unmatched",status="404"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_duration_seconds_bucket{method=\"GET\",route=\"/clients/{id}\""),
            std::string::npos);
  EXPECT_NE(text.find(R"(strategist_build_info{version="1.2.3"} 1)"), std::string::npos);
  EXPECT_NE(text.find("http_connections_open"), std::string::npos);
  EXPECT_NE(text.find("http_requests_in_flight 0"), std::string::npos);
}

TEST_F(ServerTest, AccessLogWritesOneJsonLinePerRequest) {
  std::ostringstream lines;
  use_access_sink(std::make_shared<spdlog::sinks::ostream_sink_mt>(lines));
  start();
  get(url("/clients/acme?q=1"), {"X-Request-ID: log-test"});
  get(url("/nowhere"));
  server->stop();
  server->wait();
  std::istringstream in(lines.str());
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  auto a = nlohmann::json::parse(first);
  EXPECT_EQ(a["method"], "GET");
  EXPECT_EQ(a["route"], "/clients/{id}");
  EXPECT_EQ(a["path"], "/clients/acme");
  EXPECT_EQ(a["status"], 200);
  EXPECT_EQ(a["request_id"], "log-test");
  EXPECT_EQ(a["remote"], "127.0.0.1");
  EXPECT_EQ(a["tenant"], "");
  EXPECT_GT(a["bytes_out"], 0);
  EXPECT_TRUE(a["duration_ms"].is_number());
  EXPECT_EQ(a["ts"].get<std::string>().size(), 24u);
  EXPECT_EQ(nlohmann::json::parse(second)["route"], "unmatched");
}

}  // namespace
}  // namespace http::test
