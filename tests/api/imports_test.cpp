// CSV imports of real platform exports, and the audit trail of writes.
#include <cmath>
#include <fstream>
#include <sstream>

#include "fixtures.h"

namespace api_test {
namespace {

// Total spend over every campaign of `client_id` between the dates, from GET …/metrics.
double total_spend(HttpClient& http, const std::string& client_id, const std::string& from,
                   const std::string& to) {
  json campaigns = require(http.get("/api/v1/campaigns?limit=500&client_id=" + client_id), 200,
                           "campaigns");
  double total = 0;
  for (const auto& c : campaigns["items"]) {
    json m = require(http.get("/api/v1/campaigns/" + c["id"].get<std::string>() +
                              "/metrics?from=" + from + "&to=" + to),
                     200, "metrics");
    for (const auto& row : m["rows"]) total += row["spend"].get<double>();
  }
  return total;
}

class ApiImports : public ApiTest {};

TEST_P(ApiImports, MetaExportImportsOnceAndReimportsUnchanged) {
  Service& s = service();
  Tenant t = s.create_tenant("meta");
  HttpClient http = s.client(t.admin_key);
  create_client(http, "ab-test", "USD");
  std::string csv = read_file(kMetaExport);
  std::string path = "/api/v1/imports?client_id=ab-test";

  Response first = http.request("POST", path, csv, {"Content-Type: text/csv"});
  ASSERT_EQ(first.status, 200) << first.describe();
  EXPECT_EQ(first.media_type(), "application/json");
  json report = first.body_json();
  EXPECT_EQ(report["format"], "meta_ads");
  EXPECT_EQ(report["rows_read"], 637);
  EXPECT_EQ(report["rows_rejected"], 0) << report["rejections"];
  EXPECT_EQ(report["campaigns_created"], 1);
  EXPECT_EQ(report["inserted"], report["records"]);
  EXPECT_EQ(report["records"], 7) << "one campaign, seven days";
  EXPECT_NEAR(total_spend(http, "ab-test", "2024-11-01", "2024-12-31"), 268.15, 0.005);

  json campaigns = require(http.get("/api/v1/campaigns?client_id=ab-test"), 200, "campaigns");
  ASSERT_EQ(campaigns["items"].size(), 1u);
  EXPECT_EQ(campaigns["items"][0]["name"], "Dirty A/B testing");
  EXPECT_EQ(campaigns["items"][0]["platform"], "meta_ads");

  json again = require(http.request("POST", path, csv, {"Content-Type: text/csv"}), 200, "again");
  EXPECT_EQ(again["rows_read"], 637);
  EXPECT_EQ(again["inserted"], 0);
  EXPECT_EQ(again["updated"], 0);
  EXPECT_EQ(again["unchanged"], report["records"]);
  EXPECT_EQ(again["campaigns_created"], 0);
  EXPECT_EQ(again["campaigns_matched"], 1);
  EXPECT_EQ(again["data_version"], report["data_version"]);
  EXPECT_NEAR(total_spend(http, "ab-test", "2024-11-01", "2024-12-31"), 268.15, 0.005);
}

TEST_P(ApiImports, CommandLineImportMatchesTheApi) {
  Service& s = service();
  Tenant t = s.create_tenant("cli");
  HttpClient http = s.client(t.admin_key);
  create_client(http, "by-cli", "USD");
  auto result = run_strategist({"import", kMetaExport, "--tenant", t.id, "--client", "by-cli",
                                "--database", s.database_url()},
                               s.scratch());
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  json report = json::parse(result.out, nullptr, false);
  EXPECT_EQ(report["rows_read"], 637) << result.out;
  EXPECT_NEAR(total_spend(http, "by-cli", "2024-11-01", "2024-12-31"), 268.15, 0.005);
}

TEST_P(ApiImports, ImportIntoAnotherCurrencyRejectsTheRows) {
  Service& s = service();
  Tenant t = s.create_tenant("eur");
  HttpClient http = s.client(t.admin_key);
  create_client(http, "euro", "EUR");
  json report = require(http.request("POST", "/api/v1/imports?client_id=euro", read_file(kMetaExport),
                                     {"Content-Type: text/csv"}),
                        200, "import");
  EXPECT_EQ(report["inserted"], 0);
  EXPECT_GT(report["rows_rejected"].get<int>(), 0);
  EXPECT_EQ(report["rejections"][0]["column"], "currency");
  EXPECT_NEAR(total_spend(http, "euro", "2024-11-01", "2024-12-31"), 0.0, 1e-9);
}

API_TEST_BACKENDS(ApiImports);

class ApiAudit : public ApiTest {};

TEST_P(ApiAudit, EveryWriteLeavesOneRowWithItsRequestId) {
  Service& s = service();
  Tenant t = s.create_tenant("audit");
  HttpClient http = s.client(t.admin_key);
  std::vector<std::pair<std::string, std::string>> expected;  // action, request id
  int sequence = 0;
  // Sends a write; the request carries our own X-Request-ID every other time, else the
  // service's generated one is taken from the answer.
  auto write = [&](const std::string& action, const std::string& method, const std::string& path,
                   const std::string& body, long status,
                   std::vector<std::string> headers = {}) {
    std::string ours = "audit-test-" + std::to_string(++sequence);
    if (sequence % 2 == 0) headers.push_back("X-Request-ID: " + ours);
    Response r = http.request(method, path, body, headers);
    EXPECT_EQ(r.status, status) << method << " " << path << ": " << r.describe();
    if (sequence % 2 == 0) {
      EXPECT_EQ(r.header("X-Request-ID"), ours);
    }
    EXPECT_FALSE(r.header("X-Request-ID").empty());
    if (!action.empty()) expected.emplace_back(action, r.header("X-Request-ID"));
    return r.body_json();
  };

  write("client.create", "POST", "/api/v1/clients",
        R"({"id":"audited","name":"Audited","currency":"USD"})", 201,
        {"Idempotency-Key: audited-client"});
  // A replay answers from the stored response: no second row.
  write("", "POST", "/api/v1/clients", R"({"id":"audited","name":"Audited","currency":"USD"})",
        201, {"Idempotency-Key: audited-client"});
  write("client.update", "PATCH", "/api/v1/clients/audited", R"({"name":"Audited Inc."})", 200);
  std::string campaign =
      write("campaign.create", "POST", "/api/v1/campaigns",
            R"({"client_id":"audited","name":"Watched","platform":"google_ads","objective":"leads"})",
            201)["id"];
  write("campaign.update", "PATCH", "/api/v1/campaigns/" + campaign, R"({"status":"active"})", 200);
  write("metrics.upsert", "POST", "/api/v1/campaigns/" + campaign + "/metrics",
        json{{"rows", metric_rows(1, 2)}}.dump(), 200);
  write("metrics.import", "POST", "/api/v1/imports?client_id=audited",
        "date,campaign_name,platform,impressions,clicks,spend\n2024-05-01,Imported,email,10,1,0.5\n",
        200, {"Content-Type: text/csv"});
  std::string key = write("api_key.create", "POST", "/api/v1/api-keys",
                          R"({"name":"temp","role":"strategist"})", 201)["id"];
  write("api_key.revoke", "DELETE", "/api/v1/api-keys/" + key, "", 204);
  write("user.create", "POST", "/api/v1/users",
        R"({"email":"audited@example.com","password":"audited password","role":"admin"})", 201);
  write("campaign.delete", "DELETE", "/api/v1/campaigns/" + campaign, "", 204);
  write("client.create", "POST", "/api/v1/clients", R"({"id":"brief","name":"Brief","currency":"USD"})",
        201);
  write("client.delete", "DELETE", "/api/v1/clients/brief", "", 204);
  // Reads and refused writes leave no row.
  write("", "GET", "/api/v1/clients", "", 200);
  write("", "POST", "/api/v1/clients", R"({"name":"Invalid"})", 400);
  write("", "DELETE", "/api/v1/clients/audited", "", 409);
  write("", "DELETE", "/api/v1/campaigns/" + campaign, "", 404);

  // Newest first, paged three at a time.
  std::vector<json> rows;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    json body = require(http.get("/api/v1/audit-log?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor)),
                        200, "audit log");
    for (const auto& item : body["items"]) rows.push_back(item);
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  std::reverse(rows.begin(), rows.end());
  ASSERT_EQ(rows.size(), expected.size());
  std::string admin_key_id;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(rows[i].dump());
    EXPECT_EQ(rows[i]["action"], expected[i].first);
    EXPECT_EQ(rows[i]["request_id"], expected[i].second);
    std::string actor = rows[i]["actor"];
    EXPECT_TRUE(actor.starts_with("api_key:key_")) << actor;
    if (admin_key_id.empty()) admin_key_id = actor;
    EXPECT_EQ(actor, admin_key_id) << "every write was made with the same key";
  }
}

API_TEST_BACKENDS(ApiAudit);

}  // namespace
}  // namespace api_test
