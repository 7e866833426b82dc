// Happy paths of the resources: CRUD round trips, campaign listing, metrics upserts,
// Idempotency-Key replay.
#include <set>

#include "fixtures.h"

namespace api_test {
namespace {

class ApiResources : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tenant_ = service().create_tenant("crud");
  }
  HttpClient admin() { return service().client(tenant_.admin_key); }
  Tenant tenant_;
};

TEST_P(ApiResources, ClientRoundTrip) {
  HttpClient http = admin();
  Response created = http.post("/api/v1/clients", {{"name", "Northwind"}, {"currency", "EUR"},
                                                   {"time_zone", "Europe/Berlin"},
                                                   {"website", "https://northwind.example"}});
  ASSERT_EQ(created.status, 201) << created.describe();
  EXPECT_EQ(created.media_type(), "application/json");
  json client = created.body_json();
  std::string id = client["id"];
  EXPECT_EQ(created.header("Location"), "/api/v1/clients/" + id);
  EXPECT_EQ(client["name"], "Northwind");
  EXPECT_EQ(client["currency"], "EUR");
  EXPECT_EQ(client["time_zone"], "Europe/Berlin");
  EXPECT_TRUE(client["industry"].is_null());
  EXPECT_EQ(require(http.get("/api/v1/clients/" + id), 200, "get"), client);

  json changed = require(http.patch("/api/v1/clients/" + id, {{"name", "Northwind Outdoor"},
                                                              {"industry", "retail"}}),
                         200, "patch");
  EXPECT_EQ(changed["name"], "Northwind Outdoor");
  EXPECT_EQ(changed["industry"], "retail");
  EXPECT_EQ(changed["currency"], "EUR") << "fields left out keep their value";
  EXPECT_EQ(changed["created_at"], client["created_at"]);
  EXPECT_EQ(require(http.get("/api/v1/clients/" + id), 200, "get"), changed);
  json list = require(http.get("/api/v1/clients"), 200, "list");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0], changed);
  EXPECT_TRUE(list["next_cursor"].is_null());

  Response deleted = http.del("/api/v1/clients/" + id);
  EXPECT_EQ(deleted.status, 204) << deleted.describe();
  EXPECT_TRUE(deleted.body.empty());
  expect_problem(http.get("/api/v1/clients/" + id), 404);
  expect_problem(http.del("/api/v1/clients/" + id), 404);
}

// A conflict says what is wrong in the API's words: no database driver text, which would name
// tables and constraints and differ between SQLite and PostgreSQL.
void expect_conflict(const Response& r) {
  json problem = expect_problem(r, 409);
  std::string detail = problem.value("detail", "");
  EXPECT_FALSE(detail.empty()) << r.describe();
  for (const char* leak : {"SQLite", "PostgreSQL", "constraint", "UNIQUE", "ERROR", "pkey"}) {
    EXPECT_EQ(detail.find(leak), std::string::npos) << "driver text in the answer: " << detail;
  }
}

TEST_P(ApiResources, ConflictsAreAnsweredWithoutDriverText) {
  HttpClient http = admin();
  json client = create_client(http, "busy");
  json campaign = create_campaign(http, "busy", "Keeps it busy", {{"external_id", "ext-1"}});
  expect_conflict(http.del("/api/v1/clients/busy"));
  EXPECT_EQ(require(http.get("/api/v1/clients/busy"), 200, "still there"), client);
  expect_conflict(http.post("/api/v1/clients", {{"id", "busy"}, {"name", "Again"}, {"currency", "USD"}}));
  expect_conflict(http.post("/api/v1/campaigns", {{"client_id", "busy"}, {"name", "Twin"},
                                                  {"platform", "meta_ads"}, {"objective", "traffic"},
                                                  {"external_id", "ext-1"}}));
  create_user(http, "taken@example.com", "a long password!", "admin");
  expect_conflict(http.post("/api/v1/users", {{"email", "TAKEN@example.com"},
                                              {"password", "another long one"},
                                              {"role", "admin"}}));
  EXPECT_EQ(require(http.get("/api/v1/campaigns"), 200, "list")["items"].size(), 1u);
  EXPECT_EQ(require(http.get("/api/v1/users"), 200, "users")["items"].size(), 1u);
}

TEST_P(ApiResources, CampaignRoundTrip) {
  HttpClient http = admin();
  create_client(http, "acme");
  json campaign = create_campaign(http, "acme", "Spring sale",
                                  {{"external_id", "2385"}, {"end_date", "2024-06-30"},
                                   {"lifetime_budget", 5000}});
  std::string id = campaign["id"];
  EXPECT_EQ(campaign["client_id"], "acme");
  EXPECT_EQ(campaign["platform"], "meta_ads");
  EXPECT_EQ(campaign["daily_budget"], 120.5);
  EXPECT_EQ(campaign["lifetime_budget"], 5000);
  EXPECT_EQ(campaign["start_date"], "2024-05-01");
  EXPECT_EQ(campaign["end_date"], "2024-06-30");
  EXPECT_EQ(campaign["targeting"], (json{{"countries", {"US"}}}));
  EXPECT_EQ(require(http.get("/api/v1/campaigns/" + id), 200, "get"), campaign);

  json changed = require(http.patch("/api/v1/campaigns/" + id,
                                    {{"status", "paused"}, {"daily_budget", "99.99"},
                                     {"targeting", {{"age", "25-54"}}}}),
                         200, "patch");
  EXPECT_EQ(changed["status"], "paused");
  EXPECT_EQ(changed["daily_budget"], 99.99);
  EXPECT_EQ(changed["targeting"], (json{{"age", "25-54"}}));
  EXPECT_EQ(changed["name"], "Spring sale");
  EXPECT_EQ(require(http.get("/api/v1/campaigns/" + id), 200, "get"), changed);

  require(http.post("/api/v1/campaigns/" + id + "/metrics", {{"rows", metric_rows(1, 2)}}), 200,
          "metrics");
  EXPECT_EQ(http.del("/api/v1/campaigns/" + id).status, 204);
  expect_problem(http.get("/api/v1/campaigns/" + id), 404);
  expect_problem(http.get("/api/v1/campaigns/" + id + "/metrics?from=2024-05-01&to=2024-05-31"),
                 404);
}

TEST_P(ApiResources, ApiKeysAndUsersAreListedWithoutSecrets) {
  HttpClient http = admin();
  create_client(http, "acme");
  json key = create_api_key(http, "reporting", "client_viewer", "acme");
  EXPECT_TRUE(key["api_key"].get<std::string>().starts_with(key["prefix"].get<std::string>()));
  json stored = require(http.get("/api/v1/api-keys/" + key["id"].get<std::string>()), 200, "get");
  EXPECT_FALSE(stored.contains("api_key"));
  EXPECT_EQ(stored["client_id"], "acme");
  EXPECT_EQ(stored["role"], "client_viewer");
  json keys = require(http.get("/api/v1/api-keys"), 200, "list");
  EXPECT_EQ(keys["items"].size(), 2u) << "the tenant's first admin key and the new one";
  EXPECT_EQ(keys.dump().find(key["api_key"].get<std::string>()), std::string::npos);

  // Renaming changes the name only; the key keeps working with its role.
  json renamed = require(http.patch("/api/v1/api-keys/" + key["id"].get<std::string>(),
                                    {{"name", "portal"}}),
                         200, "rename");
  EXPECT_EQ(renamed["name"], "portal");
  EXPECT_EQ(renamed["role"], "client_viewer");
  expect_field_problem(http.patch("/api/v1/api-keys/" + key["id"].get<std::string>(),
                                {{"role", "admin"}}),
                     400, "role");
  EXPECT_EQ(service().client(key["api_key"]).get("/api/v1/clients/acme").status, 200);

  json user = create_user(http, "Analyst@Example.com", "a long password!", "strategist");
  EXPECT_EQ(user["email"], "analyst@example.com");
  json users = require(http.get("/api/v1/users"), 200, "users");
  ASSERT_EQ(users["items"].size(), 1u);
  EXPECT_EQ(users["items"][0]["id"], user["id"]);
  EXPECT_EQ(users.dump().find("password"), std::string::npos);
}

// The secret of a key is shown once: a retried create (same Idempotency-Key) is not answered
// with it again, because a replayable answer would have to be stored with the plaintext.
TEST_P(ApiResources, ApiKeySecretIsNeverReplayed) {
  HttpClient http = admin();
  std::vector<std::string> retry = {"Idempotency-Key: new-key-1"};
  json body = {{"name", "ci"}, {"role", "strategist"}};
  Response first = http.post("/api/v1/api-keys", body, retry);
  Response second = http.post("/api/v1/api-keys", body, retry);
  ASSERT_EQ(first.status, 201) << first.describe();
  EXPECT_EQ(first.header("Cache-Control"), "no-store");
  std::string secret = first.body_json()["api_key"];
  EXPECT_EQ(second.body.find(secret), std::string::npos) << "the secret was shown twice";
  EXPECT_FALSE(second.has_header("Idempotent-Replayed"));
}

// Six campaigns over two clients, to list.
struct Catalog {
  std::map<std::string, json> by_name;
};

Catalog make_catalog(HttpClient& http) {
  create_client(http, "north");
  create_client(http, "south");
  Catalog c;
  auto add = [&](const std::string& client, const std::string& name, const char* platform,
                 const char* objective, const char* status, json start) {
    json extra = {{"platform", platform}, {"objective", objective}, {"status", status},
                  {"start_date", start}};
    c.by_name[name] = create_campaign(http, client, name, extra);
  };
  add("north", "Brand search", "google_ads", "sales_conversion", "active", "2024-03-01");
  add("north", "brand video", "youtube_ads", "awareness", "paused", nullptr);
  add("north", "Retargeting", "meta_ads", "sales_conversion", "active", "2024-01-15");
  add("south", "Lead gen", "linkedin_ads", "leads", "active", "2024-03-01");
  add("south", "Spark ads", "tiktok_ads", "awareness", "draft", nullptr);
  add("south", "Newsletter", "email", "traffic", "completed", "2023-12-01");
  return c;
}

std::vector<std::string> names(const json& page) {
  std::vector<std::string> out;
  for (const auto& item : page["items"]) out.push_back(item["name"]);
  return out;
}

TEST_P(ApiResources, CampaignListFilters) {
  HttpClient http = admin();
  make_catalog(http);
  auto list = [&](const std::string& query) {
    return names(require(http.get("/api/v1/campaigns?sort=name&" + query), 200, query));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(list("client_id=north"), (V{"Brand search", "Retargeting", "brand video"}))
      << "sorted by name (byte order)";
  EXPECT_EQ(list("platform=tiktok_ads"), (V{"Spark ads"}));
  EXPECT_EQ(list("status=active&client_id=south"), (V{"Lead gen"}));
  EXPECT_EQ(list("objective=awareness"), (V{"Spark ads", "brand video"}));
  EXPECT_EQ(list("q=BRAND"), (V{"Brand search", "brand video"})) << "q ignores case";
  EXPECT_EQ(list("q=nothing-like-this"), V{});
  EXPECT_EQ(list("client_id=nobody"), V{});
}

TEST_P(ApiResources, CampaignListSortsAndPagesOverEveryRowOnce) {
  HttpClient http = admin();
  Catalog catalog = make_catalog(http);
  for (const std::string sort : {"name", "-name", "created_at", "-created_at", "start_date",
                                 "-start_date", "updated_at", "-updated_at"}) {
    SCOPED_TRACE(sort);
    json all = require(http.get("/api/v1/campaigns?limit=500&sort=" + sort), 200, "all");
    ASSERT_EQ(all["items"].size(), catalog.by_name.size());
    EXPECT_TRUE(all["next_cursor"].is_null());
    std::vector<std::string> paged;
    std::string cursor;
    for (int page = 0; page < 10; ++page) {
      std::string path = "/api/v1/campaigns?limit=4&sort=" + sort;
      if (!cursor.empty()) path += "&cursor=" + cursor;
      json body = require(http.get(path), 200, path);
      EXPECT_LE(body["items"].size(), 4u);
      for (const auto& n : names(body)) paged.push_back(n);
      if (body["next_cursor"].is_null()) break;
      cursor = body["next_cursor"];
    }
    EXPECT_EQ(paged, names(all)) << "pages in order, every row exactly once";
    std::set<std::string> distinct(paged.begin(), paged.end());
    EXPECT_EQ(distinct.size(), catalog.by_name.size());
  }
  auto sorted = names(require(http.get("/api/v1/campaigns?sort=-name"), 200, "-name"));
  EXPECT_TRUE(std::is_sorted(sorted.rbegin(), sorted.rend())) << "descending names";
  // A cursor is bound to its sort order.
  json first = require(http.get("/api/v1/campaigns?limit=2&sort=name"), 200, "first page");
  expect_problem(http.get("/api/v1/campaigns?limit=2&sort=-created_at&cursor=" +
                          first["next_cursor"].get<std::string>()),
                 400);
}

TEST_P(ApiResources, MetricsUpsertCountsAndRange) {
  HttpClient http = admin();
  create_client(http, "acme");
  std::string id = create_campaign(http, "acme", "Measured")["id"];
  std::string path = "/api/v1/campaigns/" + id + "/metrics";
  json rows = metric_rows(1, 5);
  json first = require(http.post(path, {{"rows", rows}}), 200, "insert");
  EXPECT_EQ(first["inserted"], 5);
  EXPECT_EQ(first["updated"], 0);
  EXPECT_EQ(first["unchanged"], 0);
  json again = require(http.post(path, {{"rows", rows}}), 200, "resend");
  EXPECT_EQ(again["inserted"], 0);
  EXPECT_EQ(again["updated"], 0);
  EXPECT_EQ(again["unchanged"], 5);
  EXPECT_EQ(again["data_version"], first["data_version"]) << "nothing changed";
  rows[2]["spend"] = 1000.01;
  json changed = require(http.post(path, {{"rows", rows}}), 200, "change one");
  EXPECT_EQ(changed["updated"], 1);
  EXPECT_EQ(changed["unchanged"], 4);
  EXPECT_GT(changed["data_version"].get<long>(), first["data_version"].get<long>());

  json range = require(http.get(path + "?from=2024-05-02&to=2024-05-04"), 200, "range");
  EXPECT_EQ(range["campaign_id"], id);
  EXPECT_EQ(range["from"], "2024-05-02");
  EXPECT_EQ(range["to"], "2024-05-04");
  ASSERT_EQ(range["rows"].size(), 3u) << range;
  for (std::size_t i = 0; i < 3; ++i) {
    const json& sent = rows[i + 1];
    const json& got = range["rows"][i];
    EXPECT_EQ(got["date"], sent["date"]);
    EXPECT_EQ(got["impressions"], sent["impressions"]);
    EXPECT_EQ(got["clicks"], sent["clicks"]);
    EXPECT_DOUBLE_EQ(got["spend"].get<double>(), sent["spend"].get<double>());
    EXPECT_DOUBLE_EQ(got["conversion_value"].get<double>(), sent["conversion_value"].get<double>());
    EXPECT_EQ(got["reach"], sent["reach"]);
  }
  EXPECT_EQ(require(http.get(path + "?from=2024-06-01&to=2024-06-30"), 200, "empty")["rows"],
            json::array());
}

TEST_P(ApiResources, IdempotencyKeyReplaysTheFirstAnswer) {
  HttpClient http = admin();
  create_client(http, "acme");
  json body = {{"client_id", "acme"}, {"name", "Once"}, {"platform", "email"}, {"objective", "traffic"}};
  std::vector<std::string> key = {"Idempotency-Key: create-once-1"};
  Response first = http.post("/api/v1/campaigns", body, key);
  ASSERT_EQ(first.status, 201) << first.describe();
  Response replay = http.post("/api/v1/campaigns", body, key);
  EXPECT_EQ(replay.status, 201) << replay.describe();
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(require(http.get("/api/v1/campaigns?q=Once"), 200, "list")["items"].size(), 1u);

  json other = body;
  other["name"] = "Twice";
  expect_problem(http.post("/api/v1/campaigns", other, key), 422);
  EXPECT_EQ(require(http.get("/api/v1/campaigns?q=Twice"), 200, "list")["items"], json::array());

  // Keys are per tenant: another tenant's identical key and body creates its own campaign.
  Tenant other_tenant = service().create_tenant("idem");
  HttpClient other_http = service().client(other_tenant.admin_key);
  create_client(other_http, "acme");
  Response theirs = other_http.post("/api/v1/campaigns", body, key);
  ASSERT_EQ(theirs.status, 201) << theirs.describe();
  EXPECT_FALSE(theirs.has_header("Idempotent-Replayed"));
  EXPECT_NE(theirs.body_json()["id"], first.body_json()["id"]);
}

API_TEST_BACKENDS(ApiResources);

}  // namespace
}  // namespace api_test
