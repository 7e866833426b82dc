// With --redis, replicas share their rate limits (two processes on one database and one Redis
// spend from the same bucket) and their dashboard answers.
#include "fixtures.h"

namespace api_test {
namespace {

class ApiRedis : public ApiRedisTest {};

TEST_P(ApiRedis, ReplicasShareTheRateLimit) {
  ServiceConfig config;
  config.redis_url = redis_url_;
  config.rate_limit = 0.2;  // slow refill: the four requests below cannot earn a token back
  config.rate_burst = 3;
  Service& first = start_service(config);
  Service& second = start_service(config, &first);
  Tenant t = first.create_tenant("shared");

  for (Service* s : {&first, &second}) {
    json ready = require(s->client().get("/ready"), 200, "ready");
    EXPECT_EQ(ready["checks"]["redis"], "ok") << ready;
  }
  HttpClient a = first.client(t.admin_key);
  HttpClient b = second.client(t.admin_key);
  std::vector<long> statuses;
  for (HttpClient* http : {&a, &b, &a, &b}) statuses.push_back(http->get("/api/v1/clients").status);
  EXPECT_EQ(statuses, (std::vector<long>{200, 200, 200, 429}))
      << "a burst of 3 spread over two replicas allows 3 requests in all";
  Response refused = a.get("/api/v1/clients");
  expect_problem(refused, 429);
  EXPECT_TRUE(refused.has_header("Retry-After"));
}

// Dashboard answers are cached in Redis, so a replica answers from the other's computation, and
// an ingest on either replica makes both compute afresh (the key carries the data version).
TEST_P(ApiRedis, ReplicasShareDashboardAnswersThatNeverGoStale) {
  ServiceConfig config;
  config.redis_url = redis_url_;
  Service& first = start_service(config);
  Service& second = start_service(config, &first);
  Tenant t = first.create_tenant("dash" + random_hex(6));
  HttpClient a = first.client(t.admin_key);
  HttpClient b = second.client(t.admin_key);
  create_client(a, "c");
  std::string campaign = create_campaign(a, "c", "C")["id"];
  auto ingest = [&](HttpClient& http, double spend) {
    require(http.post("/api/v1/campaigns/" + campaign + "/metrics",
                      {{"rows", {{{"date", "2024-05-01"}, {"impressions", 10}, {"clicks", 1},
                                  {"spend", spend}}}}}),
            200, "metrics");
  };
  ingest(a, 3);
  std::string q = "/api/v1/analytics/dashboard?client_id=c&from=2024-05-01&to=2024-05-01";
  Response computed = a.get(q);
  EXPECT_EQ(computed.header("x-cache"), "miss");
  Response shared = b.get(q);
  EXPECT_EQ(shared.header("x-cache"), "hit") << "the second replica computed it again";
  EXPECT_EQ(shared.body, computed.body);
  ingest(b, 5);
  for (HttpClient* http : {&a, &b}) {
    Response fresh = http->get(q);
    EXPECT_EQ(fresh.body_json()["groups"][0]["totals"]["current"]["spend"], 5.0);
  }
}

API_TEST_BACKENDS(ApiRedis);

}  // namespace
}  // namespace api_test
