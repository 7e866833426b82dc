// Test data made through the API itself. Each helper checks the answer and throws
// std::runtime_error (with the response) when the service refuses, so a broken setup stops the
// test with a readable message instead of cascading failures.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "harness.h"

namespace api_test {

// The body of `r` as JSON when its status is `status`; throws otherwise.
json require(const Response& r, long status, const std::string& what);

json create_client(HttpClient& admin, const std::string& id, const std::string& currency = "USD");
json create_campaign(HttpClient& http, const std::string& client_id, const std::string& name,
                     const json& extra = json::object());
// The created key's record, with the secret in "api_key".
json create_api_key(HttpClient& admin, const std::string& name, const std::string& role,
                    const std::optional<std::string>& client_id = std::nullopt);
json create_user(HttpClient& admin, const std::string& email, const std::string& password,
                 const std::string& role,
                 const std::optional<std::string>& client_id = std::nullopt);

// The real Meta Ads Manager export in ../shared (637 rows, 268.15 USD).
extern const std::string kMetaExport;
// A whole file's bytes; throws std::runtime_error when it cannot be read.
std::string read_file(const std::string& path);

// Tests that need the Redis server scripts/run-tests.sh starts: skipped without
// STRATEGIST_TEST_REDIS_URL, or failed when STRATEGIST_REQUIRE_SERVERS=1.
class ApiRedisTest : public ApiTest {
 protected:
  void SetUp() override;
  std::string redis_url_;
};

// `days` daily rows starting on `first_day` (YYYY-MM-DD in 2024-05), with distinct values.
json metric_rows(int first_day_of_may_2024, int days, int seed = 1);

// A tenant with one of everything: a client, a campaign with three days of metrics, a
// strategist API key and a strategist user.
struct Populated {
  Tenant tenant;
  std::string client_id, campaign_id;
  std::string key_id, key;  // the strategist key
  std::string user_id, email, password;
};
Populated populate(Service& service, const std::string& prefix);

// Everything `p`'s admin can read about its own data, each answer's body byte for byte:
// compare two snapshots to prove nothing changed.
std::map<std::string, std::string> snapshot(Service& service, const Populated& p);

}  // namespace api_test
