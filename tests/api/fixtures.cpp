#include "fixtures.h"

#include <fstream>
#include <sstream>

#include <stdexcept>

namespace api_test {

json require(const Response& r, long status, const std::string& what) {
  if (r.status != status) {
    throw std::runtime_error(what + ": expected HTTP " + std::to_string(status) + ", got " +
                             r.describe());
  }
  return r.body_json();
}

json create_client(HttpClient& admin, const std::string& id, const std::string& currency) {
  return require(admin.post("/api/v1/clients", {{"id", id},
                                                {"name", "Client " + id},
                                                {"currency", currency},
                                                {"time_zone", "America/New_York"},
                                                {"industry", "retail"},
                                                {"website", "https://" + id + ".example"}}),
                 201, "create client " + id);
}

json create_campaign(HttpClient& http, const std::string& client_id, const std::string& name,
                     const json& extra) {
  json body = {{"client_id", client_id},
               {"name", name},
               {"platform", "meta_ads"},
               {"objective", "traffic"},
               {"status", "active"},
               {"daily_budget", 120.5},
               {"start_date", "2024-05-01"},
               {"targeting", {{"countries", {"US"}}}}};
  for (const auto& [k, v] : extra.items()) body[k] = v;
  return require(http.post("/api/v1/campaigns", body), 201, "create campaign " + name);
}

json create_api_key(HttpClient& admin, const std::string& name, const std::string& role,
                    const std::optional<std::string>& client_id) {
  json body = {{"name", name}, {"role", role}};
  if (client_id) body["client_id"] = *client_id;
  return require(admin.post("/api/v1/api-keys", body), 201, "create api key " + name);
}

json create_user(HttpClient& admin, const std::string& email, const std::string& password,
                 const std::string& role, const std::optional<std::string>& client_id) {
  json body = {{"email", email}, {"password", password}, {"role", role}};
  if (client_id) body["client_id"] = *client_id;
  return require(admin.post("/api/v1/users", body), 201, "create user " + email);
}

json metric_rows(int first_day_of_may_2024, int days, int seed) {
  json rows = json::array();
  for (int i = 0; i < days; ++i) {
    int day = first_day_of_may_2024 + i;
    char date[16];
    std::snprintf(date, sizeof date, "2024-05-%02d", day);
    rows.push_back({{"date", date},
                    {"impressions", 1000 * seed + 10 * i},
                    {"clicks", 40 + i + seed},
                    {"spend", 25.5 + i + seed},
                    {"conversions", 3 + i},
                    {"conversion_value", 90.25 + i},
                    {"reach", 800 + i},
                    {"frequency", 1.25},
                    {"video_views", 10 * i}});
  }
  return rows;
}

Populated populate(Service& service, const std::string& prefix) {
  Populated p;
  p.tenant = service.create_tenant(prefix);
  HttpClient admin = service.client(p.tenant.admin_key);
  p.client_id = prefix + "-client";
  create_client(admin, p.client_id);
  p.campaign_id = create_campaign(admin, p.client_id, prefix + " prospecting")["id"];
  require(admin.post("/api/v1/campaigns/" + p.campaign_id + "/metrics",
                     {{"rows", metric_rows(1, 3)}}),
          200, "upload metrics");
  json key = create_api_key(admin, prefix + " strategist", "strategist");
  p.key_id = key["id"];
  p.key = key["api_key"];
  p.email = "planner@" + prefix + ".example";
  p.password = "correct horse battery staple";
  p.user_id = create_user(admin, p.email, p.password, "strategist")["id"];
  return p;
}

std::map<std::string, std::string> snapshot(Service& service, const Populated& p) {
  HttpClient admin = service.client(p.tenant.admin_key);
  std::map<std::string, std::string> out;
  // The admin key's own record changes as it is used (last_used_at), so it is not listed; the
  // strategist key is read by id, without its use stamp.
  for (const std::string& path : std::vector<std::string>{
           "/api/v1/clients", "/api/v1/clients/" + p.client_id, "/api/v1/campaigns",
        "/api/v1/campaigns/" + p.campaign_id,
        "/api/v1/campaigns/" + p.campaign_id + "/metrics?from=2024-04-01&to=2024-06-30",
        "/api/v1/api-keys/" + p.key_id, "/api/v1/users", "/api/v1/audit-log",
        "/api/v1/strategies", "/api/v1/models",
        "/api/v1/budget/optimizations?client_id=" + p.client_id, "/api/v1/experiments", "/api/v1/rules",
        "/api/v1/campaign/optimizations?client_id=" + p.client_id}) {
    Response r = admin.get(path);
    require(r, 200, "read back " + path);
    out[path] = r.body;
    if (path.starts_with("/api/v1/api-keys/")) {
      // The key's use stamp moves whenever the key is used; it is not data the key holder owns.
      json record = r.body_json();
      record.erase("last_used_at");
      out[path] = record.dump();
    }
  }
  return out;
}

const std::string kMetaExport =
    std::string(STRATEGIST_SHARED_DIR) + "/data/campaigns/meta_ads_manager_export_ab_test_2024.csv";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void ApiRedisTest::SetUp() {
  ApiTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  redis_url_ = env("STRATEGIST_TEST_REDIS_URL");
  if (redis_url_.empty()) {
    std::string why = "STRATEGIST_TEST_REDIS_URL is not set (scripts/run-tests.sh starts a server)";
    if (env("STRATEGIST_REQUIRE_SERVERS") == "1") FAIL() << why;
    GTEST_SKIP() << why;
  }
}

}  // namespace api_test
