#include "http/problem.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/url.h"

namespace http {
namespace {

Request request_for(std::string path) {
  Request r;
  r.path = std::move(path);
  r.request_id = "req-1";
  return r;
}

TEST(Problem, RendersEveryRfc9457FieldAndTheFieldErrors) {
  Response response = render_problem(
      bad_request("2 fields are invalid", {{"name", "must not be empty"},
                                           {"budget.daily_micros", "must be positive"}}),
      request_for("/api/v1/clients"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.headers.get("Content-Type"), "application/problem+json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body, nlohmann::json::parse(R"({
    "type": "urn:strategist:problem:validation",
    "title": "Bad Request",
    "status": 400,
    "detail": "2 fields are invalid",
    "instance": "/api/v1/clients",
    "request_id": "req-1",
    "errors": [{"field": "name", "message": "must not be empty"},
               {"field": "budget.daily_micros", "message": "must be positive"}]
  })"));
}

TEST(Problem, PlainProblemHasAboutBlankAndNoErrorsOrEmptyDetail) {
  auto body = nlohmann::json::parse(render_problem(forbidden(), request_for("/x")).body);
  EXPECT_EQ(body, nlohmann::json::parse(R"({"type": "about:blank", "title": "Forbidden",
      "status": 403, "instance": "/x", "request_id": "req-1"})"));
}

TEST(Problem, ExtraHeadersTravelWithTheResponse) {
  Response limited = render_problem(too_many_requests(30), request_for("/x"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers.get("Retry-After"), "30");
  Response wrong = render_problem(method_not_allowed({"GET", "HEAD"}), request_for("/x"));
  EXPECT_EQ(wrong.headers.get("Allow"), "GET, HEAD");
  EXPECT_EQ(render_problem(unauthorized(), request_for("/x")).headers.get("WWW-Authenticate"),
            "Bearer");
}

TEST(Problem, ProblemErrorCarriesTheProblemAndDescribesItself) {
  try {
    throw ProblemError(conflict("client 'acme' exists"));
  } catch (const ProblemError& e) {
    EXPECT_EQ(e.problem.status, 409);
    EXPECT_STREQ(e.what(), "Conflict: client 'acme' exists");
  }
}

TEST(Url, PercentDecodingTreatsPlusAsSpaceOnlyInQueries) {
  EXPECT_EQ(percent_decode("a%20b+c", false), "a b+c");
  EXPECT_EQ(percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(percent_decode("%e2%82%AC", false), "\xe2\x82\xac");
  EXPECT_EQ(percent_decode("%4", false), std::nullopt);
  EXPECT_EQ(percent_decode("%zz", false), std::nullopt);
  EXPECT_EQ(percent_decode("%00", false), std::nullopt);
}

TEST(Url, QueryStringKeepsRepeatedKeysAndEmptyValues) {
  auto q = parse_query("platform=google_ads&platform=meta&q=spring+sale%21&flag&&x=");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->count("platform"), 2u);
  EXPECT_EQ(q->find("q")->second, "spring sale!");
  EXPECT_EQ(q->find("flag")->second, "");
  EXPECT_EQ(q->find("x")->second, "");
  EXPECT_EQ(parse_query("a=%G1"), std::nullopt);
}

}  // namespace
}  // namespace http
