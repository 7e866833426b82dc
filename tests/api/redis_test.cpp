// With --redis, replicas share their rate limits: two processes on one database and one Redis
// spend from the same bucket.
#include "fixtures.h"

namespace api_test {
namespace {

class ApiRedis : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    redis_url_ = env("STRATEGIST_TEST_REDIS_URL");
    if (redis_url_.empty()) {
      std::string why = "STRATEGIST_TEST_REDIS_URL is not set (scripts/run-tests.sh starts a server)";
      if (env("STRATEGIST_REQUIRE_SERVERS") == "1") FAIL() << why;
      GTEST_SKIP() << why;
    }
  }
  std::string redis_url_;
};

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

API_TEST_BACKENDS(ApiRedis);

}  // namespace
}  // namespace api_test
