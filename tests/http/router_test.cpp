#include "http/router.h"

#include <stdexcept>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace http {
namespace {

using ::testing::ElementsAre;
using Kind = Match::Kind;

Handler reply(std::string text) {
  return [text](Request&) { return Response::json(200, text); };
}

std::string run(const Match& m) {
  Request request;
  return m.route->handler(request).body;
}

TEST(Router, MatchesParametersAndReturnsTheirValues) {
  Router router;
  router.add("GET", "/api/v1/clients/{id}/metrics", reply("metrics"));
  Match m = router.match("GET", "/api/v1/clients/acme/metrics");
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/api/v1/clients/{id}/metrics");
  EXPECT_EQ(m.params.at("id"), "acme");
  EXPECT_EQ(run(m), "metrics");
}

TEST(Router, LiteralSegmentWinsOverParameterWhateverTheOrder) {
  Router router;
  router.add("GET", "/clients/{id}", reply("by-id"));
  router.add("GET", "/clients/search", reply("search"));
  EXPECT_EQ(run(router.match("GET", "/clients/search")), "search");
  EXPECT_EQ(run(router.match("GET", "/clients/acme")), "by-id");
}

TEST(Router, FallsBackToParameterWhenTheLiteralBranchDoesNotMatch) {
  Router router;
  router.add("GET", "/clients/search/recent", reply("recent"));
  router.add("GET", "/clients/{id}/campaigns", reply("campaigns"));
  Match m = router.match("GET", "/clients/search/campaigns");
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(m.params.at("id"), "search");
}

TEST(Router, DifferentParameterNamesAtTheSamePosition) {
  Router router;
  router.add("GET", "/clients/{id}", reply("client"));
  router.add("GET", "/clients/{client_id}/campaigns/{campaign_id}", reply("campaign"));
  Match m = router.match("GET", "/clients/acme/campaigns/42");
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(m.params.at("client_id"), "acme");
  EXPECT_EQ(m.params.at("campaign_id"), "42");
  EXPECT_EQ(router.match("GET", "/clients/acme").params.at("id"), "acme");
}

TEST(Router, UnknownPathIsNotFoundAndEmptySegmentsDoNotMatchParameters) {
  Router router;
  router.add("GET", "/clients/{id}", reply("client"));
  EXPECT_EQ(router.match("GET", "/campaigns").kind, Kind::kNotFound);
  EXPECT_EQ(router.match("GET", "/clients/").kind, Kind::kNotFound);
  EXPECT_EQ(router.match("GET", "/clients/acme/extra").kind, Kind::kNotFound);
  EXPECT_EQ(router.match("GET", "/clients/acme").kind, Kind::kFound);
}

TEST(Router, KnownPathWithWrongMethodListsTheAllowedMethods) {
  Router router;
  router.add("GET", "/clients/{id}", reply("get"));
  router.add("DELETE", "/clients/{id}", reply("delete"));
  router.add("POST", "/clients", reply("create"));
  Match m = router.match("PUT", "/clients/acme");
  ASSERT_EQ(m.kind, Kind::kMethodNotAllowed);
  EXPECT_THAT(m.allowed, ElementsAre("GET", "HEAD", "DELETE"));
  EXPECT_EQ(m.route->pattern, "/clients/{id}");
}

TEST(Router, HeadMatchesGetRoutes) {
  Router router;
  router.add("GET", "/health", reply("ok"));
  Match m = router.match("HEAD", "/health");
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(m.route->method, "GET");
}

TEST(Router, RestParameterCapturesTheRemainderWithSlashes) {
  Router router;
  router.add("GET", "/static/{path...}", reply("file"));
  router.add("GET", "/static/special", reply("special"));
  Match m = router.match("GET", "/static/js/app.min.js");
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(m.params.at("path"), "js/app.min.js");
  EXPECT_EQ(run(router.match("GET", "/static/special")), "special");
  EXPECT_EQ(router.match("GET", "/static/special/x").params.at("path"), "special/x");
  EXPECT_EQ(router.match("GET", "/static/").kind, Kind::kNotFound);
}

TEST(Router, SplitsTheEncodedPathBeforeDecodingEachSegment) {
  Router router;
  router.add("GET", "/clients/{id}", reply("client"));
  router.add("GET", "/files/{path...}", reply("file"));
  router.add("GET", "/a b", reply("space"));
  EXPECT_EQ(router.match("GET", "/clients/acme%2Fco").params.at("id"), "acme/co");
  EXPECT_EQ(router.match("GET", "/clients/acme%20co").params.at("id"), "acme co");
  EXPECT_EQ(router.match("GET", "/files/a%2Fb/c%20d").params.at("path"), "a/b/c d");
  EXPECT_EQ(run(router.match("GET", "/a%20b")), "space");
  EXPECT_EQ(router.match("GET", "/clients/%zz").kind, Kind::kNotFound);
}

TEST(Router, RootPathAndTrailingSlashAreDistinct) {
  Router router;
  router.add("GET", "/", reply("root"));
  router.add("GET", "/docs", reply("docs"));
  EXPECT_EQ(run(router.match("GET", "/")), "root");
  EXPECT_EQ(run(router.match("GET", "/docs")), "docs");
  EXPECT_EQ(router.match("GET", "/docs/").kind, Kind::kNotFound);
}

TEST(Router, RejectsMalformedPatternsAndDuplicates) {
  Router router;
  router.add("GET", "/a/{id}", reply("a"));
  EXPECT_THROW(router.add("GET", "/a/{id}", reply("again")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "no-slash", reply("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/b/{}", reply("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/b/{rest...}/more", reply("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/b/x{id}", reply("x")), std::invalid_argument);
  EXPECT_NO_THROW(router.add("POST", "/a/{id}", reply("post")));
}

TEST(Router, KeepsRoutesAndTheirOpenApiInOrder) {
  Router router;
  RouteOptions options;
  options.offload = false;
  options.openapi = {{"summary", "Liveness"}};
  router.add("GET", "/health", reply("ok"), options);
  router.add("GET", "/ready", reply("ok"));
  ASSERT_EQ(router.routes().size(), 2u);
  EXPECT_EQ(router.routes()[0].options.openapi["summary"], "Liveness");
  EXPECT_FALSE(router.routes()[0].options.offload);
  EXPECT_TRUE(router.routes()[1].options.offload);
}

}  // namespace
}  // namespace http
