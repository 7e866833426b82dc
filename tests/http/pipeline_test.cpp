// The per-request middleware without sockets: ids, routing answers, framing, headers.
#include "http/pipeline.h"

#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "http/problem.h"

namespace http::detail {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    router_.add("GET", "/clients/{id}", [](Request& r) {
      return Response::json(200, "{\"id\":\"" + r.path_param("id") + "\"}");
    });
    router_.add("POST", "/clients", [](Request&) -> Response {
      throw std::runtime_error("database password is hunter2");
    });
    router_.add("DELETE", "/clients/{id}", [](Request&) { return Response::no_content(); });
    router_.add("GET", "/inject", [](Request&) {
      Response r = Response::json(200, "{}");
      r.headers.add("X-Evil", "a\r\nSet-Cookie: x=1");
      r.headers.add("Content-Length", "999");
      return r;
    });
  }

  Request request(std::string method, std::string target) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    return r;
  }

  // Routes, runs and serializes like the server does.
  std::string serve(Request& r, Framing framing = {}) {
    Response response;
    if (const Route* route = pipeline_.route(r, response)) response = pipeline_.invoke(*route, r);
    std::string wire;
    pipeline_.finish(r, response, Pipeline::Clock::now(), framing, wire);
    return wire;
  }

  Router router_;
  Metrics metrics_;
  Pipeline pipeline_{router_, metrics_, nullptr, {{"https://app.example"}, true}};
};

TEST_F(PipelineTest, DecodesPathAndQueryBeforeRouting) {
  Request r = request("GET", "/clients/acme%20co?from=2024-01-01&q=a+b");
  std::string wire = serve(r);
  EXPECT_EQ(r.path, "/clients/acme co");
  EXPECT_EQ(r.path_param("id"), "acme co");
  EXPECT_EQ(r.query_param("q"), "a b");
  EXPECT_EQ(r.route, "/clients/{id}");
  EXPECT_NE(wire.find("{\"id\":\"acme co\"}"), std::string::npos);
}

TEST_F(PipelineTest, KeepsAValidCallerRequestIdAndReplacesAnInvalidOne) {
  Request good = request("GET", "/clients/a");
  good.headers.add("x-request-id", "abc-123_4.5:6");
  serve(good);
  EXPECT_EQ(good.request_id, "abc-123_4.5:6");
  Request bad = request("GET", "/clients/a");
  bad.headers.add("X-Request-ID", "has space");
  serve(bad);
  EXPECT_EQ(bad.request_id.size(), 32u);
  EXPECT_EQ(bad.request_id.find_first_not_of("0123456789abcdef"), std::string::npos);
  Request too_long = request("GET", "/clients/a");
  too_long.headers.add("X-Request-ID", std::string(129, 'a'));
  serve(too_long);
  EXPECT_EQ(too_long.request_id.size(), 32u);
}

TEST_F(PipelineTest, FramesTheResponseWithLengthSecurityHeadersAndRequestId) {
  Request r = request("GET", "/clients/a");
  std::string wire = serve(r);
  EXPECT_EQ(wire.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(wire.find("\r\nContent-Length: 10\r\n"), std::string::npos);
  EXPECT_NE(wire.find("\r\nX-Request-ID: " + r.request_id + "\r\n"), std::string::npos);
  EXPECT_NE(wire.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos);
  EXPECT_NE(wire.find("\r\nStrict-Transport-Security: max-age=31536000; includeSubDomains\r\n"),
            std::string::npos);
  EXPECT_NE(wire.find("\r\nDate: "), std::string::npos);
  EXPECT_EQ(wire.find("Connection:"), std::string::npos);
}

TEST_F(PipelineTest, HeadKeepsTheLengthButSendsNoBodyAnd204HasNoLength) {
  Request head = request("HEAD", "/clients/a");
  std::string wire = serve(head);
  EXPECT_NE(wire.find("Content-Length: 10\r\n"), std::string::npos);
  EXPECT_TRUE(wire.ends_with("\r\n\r\n"));
  Request del = request("DELETE", "/clients/a");
  std::string no_content = serve(del, {false, false});
  EXPECT_EQ(no_content.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u);
  EXPECT_EQ(no_content.find("Content-Length"), std::string::npos);
  EXPECT_NE(no_content.find("Connection: close\r\n"), std::string::npos);
}

TEST_F(PipelineTest, HandlerHeadersCannotInjectLinesOrReframeTheMessage) {
  Request r = request("GET", "/inject");
  std::string wire = serve(r, {true, true});
  EXPECT_EQ(wire.find("\r\nSet-Cookie"), std::string::npos);
  EXPECT_EQ(wire.find("999"), std::string::npos);
  EXPECT_NE(wire.find("Content-Length: 2\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Connection: keep-alive\r\n"), std::string::npos);  // HTTP/1.0 client
}

TEST_F(PipelineTest, UnexpectedExceptionBecomes500AndOnlyTheLogSeesItsText) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
  Request r = request("POST", "/clients");
  std::string wire = serve(r);
  spdlog::set_default_logger(previous);
  EXPECT_EQ(wire.rfind("HTTP/1.1 500 ", 0), 0u);
  EXPECT_NE(wire.find("\"detail\":\"internal error\""), std::string::npos);
  EXPECT_EQ(wire.find("hunter2"), std::string::npos);
  EXPECT_NE(log.str().find("hunter2"), std::string::npos);
  EXPECT_NE(log.str().find(r.request_id), std::string::npos);
}

TEST_F(PipelineTest, MalformedTargetIs400) {
  Request r = request("GET", "/clients/%zz");
  EXPECT_EQ(serve(r).rfind("HTTP/1.1 400 ", 0), 0u);
  Request not_a_path = request("GET", "clients");
  EXPECT_EQ(serve(not_a_path).rfind("HTTP/1.1 400 ", 0), 0u);
}

TEST_F(PipelineTest, CorsOriginsAreMatchedExactly) {
  EXPECT_TRUE(pipeline_.origin_allowed("https://app.example"));
  EXPECT_FALSE(pipeline_.origin_allowed("https://app.example.evil"));
  EXPECT_FALSE(pipeline_.origin_allowed(""));
  Pipeline any(router_, metrics_, nullptr, {{"*"}, false});
  EXPECT_TRUE(any.origin_allowed("http://localhost:3000"));
}

}  // namespace
}  // namespace http::detail
