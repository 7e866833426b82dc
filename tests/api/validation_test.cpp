// Bad input: every rejection is a 4xx application/problem+json naming the field, and nothing of
// the request is stored.
#include "fixtures.h"

namespace api_test {
namespace {

class ApiValidation : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    p_ = populate(service(), "input");
    before_ = snapshot(service(), p_);
  }
  // Every test ends by proving that the rejected requests stored nothing.
  void TearDown() override {
    if (!IsSkipped() && !p_.tenant.id.empty()) {
      EXPECT_EQ(snapshot(service(), p_), before_) << "a rejected request changed stored data";
    }
    ApiTest::TearDown();
  }
  HttpClient admin() { return service().client(p_.tenant.admin_key); }
  std::string metrics_path() const { return "/api/v1/campaigns/" + p_.campaign_id + "/metrics"; }

  Populated p_;
  std::map<std::string, std::string> before_;
};

json valid_campaign(const std::string& client_id) {
  return {{"client_id", client_id}, {"name", "Valid"}, {"platform", "google_ads"},
          {"objective", "leads"}};
}

TEST_P(ApiValidation, MalformedJsonNamesTheBody) {
  Response r = admin().request("POST", "/api/v1/clients", R"({"name": "Broken", "currency": )");
  json problem = expect_field_problem(r, 400, "body");
  EXPECT_EQ(problem["type"], "urn:strategist:problem:validation");
  expect_field_problem(admin().request("POST", "/api/v1/clients", "[1,2]"), 400, "body");
}

TEST_P(ApiValidation, WrongTypesNameEachField) {
  json body = valid_campaign(p_.client_id);
  body["name"] = 42;
  body["daily_budget"] = "lots";
  body["start_date"] = "01/05/2024";
  body["targeting"] = "everyone";
  Response r = admin().post("/api/v1/campaigns", body);
  for (const char* field : {"name", "daily_budget", "start_date", "targeting"}) {
    expect_field_problem(r, 400, field);
  }
  json rows = metric_rows(10, 1);
  rows[0]["impressions"] = "many";
  rows[0]["clicks"] = 1.5;
  Response m = admin().post(metrics_path(), {{"rows", rows}});
  expect_field_problem(m, 400, "rows[0].impressions");
  expect_field_problem(m, 400, "rows[0].clicks");
}

TEST_P(ApiValidation, UnknownFieldIsRejected) {
  Response r = admin().post("/api/v1/clients", {{"name", "X"}, {"currency", "USD"}, {"colour", "red"}});
  expect_field_problem(r, 400, "colour");
  expect_field_problem(admin().patch("/api/v1/campaigns/" + p_.campaign_id, {{"budget", 5}}), 400,
                       "budget");
}

TEST_P(ApiValidation, MissingRequiredFieldIsNamed) {
  expect_field_problem(admin().post("/api/v1/clients", {{"name", "No currency"}}), 400, "currency");
  json body = valid_campaign(p_.client_id);
  body.erase("objective");
  expect_field_problem(admin().post("/api/v1/campaigns", body), 400, "objective");
  expect_field_problem(admin().post(metrics_path(), {{"rows", {{{"date", "2024-05-10"}}}}}), 400,
                       "rows[0].impressions");
}

TEST_P(ApiValidation, ValuesOutsideTheirDomainAreNamed) {
  json body = valid_campaign(p_.client_id);
  body["platform"] = "myspace";
  body["status"] = "sleeping";
  Response r = admin().post("/api/v1/campaigns", body);
  expect_field_problem(r, 400, "platform");
  expect_field_problem(r, 400, "status");
  expect_field_problem(admin().post("/api/v1/clients", {{"name", "X"}, {"currency", "XYZ"}}), 400,
                       "currency");
  expect_field_problem(
      admin().post("/api/v1/clients", {{"name", "X"}, {"currency", "USD"}, {"time_zone", "Mars/Base"}}),
      400, "time_zone");
  expect_field_problem(admin().post("/api/v1/clients", {{"id", "Not A Slug"}, {"name", "X"}, {"currency", "USD"}}),
                       400, "id");
  expect_field_problem(admin().post("/api/v1/api-keys", {{"name", "k"}, {"role", "owner"}}), 400, "role");
  expect_field_problem(admin().post("/api/v1/users", {{"email", "short@example.com"},
                                                      {"password", "too short"},
                                                      {"role", "admin"}}),
                       400, "password");
  expect_field_problem(admin().post("/api/v1/api-keys", {{"name", "viewer"}, {"role", "client_viewer"}}),
                       400, "client_id");
}

TEST_P(ApiValidation, EndDateBeforeStartDateIsRejected) {
  json body = valid_campaign(p_.client_id);
  body["start_date"] = "2024-06-10";
  body["end_date"] = "2024-06-01";
  expect_field_problem(admin().post("/api/v1/campaigns", body), 400, "end_date");
  // The stored campaign starts 2024-05-01: a PATCH may not end it earlier.
  expect_field_problem(admin().patch("/api/v1/campaigns/" + p_.campaign_id, {{"end_date", "2024-04-30"}}),
                       400, "end_date");
}

TEST_P(ApiValidation, NegativeSpendIsRejected) {
  json rows = metric_rows(10, 2);
  rows[1]["spend"] = -3.5;
  expect_field_problem(admin().post(metrics_path(), {{"rows", rows}}), 400, "rows[1].spend");
}

TEST_P(ApiValidation, DuplicateDateInOneUploadIsRejected) {
  json rows = metric_rows(10, 2);
  rows[1]["date"] = rows[0]["date"];
  expect_field_problem(admin().post(metrics_path(), {{"rows", rows}}), 400, "rows[1].date");
}

TEST_P(ApiValidation, UnknownQueryParameterIsRejected) {
  expect_field_problem(admin().get("/api/v1/campaigns?colour=red"), 400, "colour");
  expect_field_problem(admin().get("/api/v1/campaigns?limit=0"), 400, "limit");
  expect_field_problem(admin().get("/api/v1/campaigns?sort=budget"), 400, "sort");
  expect_field_problem(admin().get(metrics_path() + "?from=2024-05-10&to=2024-05-01"), 400, "to");
  expect_field_problem(
      admin().request("POST", "/api/v1/imports?client_id=" + p_.client_id + "&dry_run=1",
                      "date,campaign_name,platform,clicks\n2024-05-01,X,google_ads,1\n",
                      {"Content-Type: text/csv"}),
      400, "dry_run");
}

TEST_P(ApiValidation, CsvWithoutHeaderIsRejectedNamingTheFile) {
  std::string path = "/api/v1/imports?client_id=" + p_.client_id;
  json problem = expect_field_problem(
      admin().request("POST", path, "hello\nthis is not a report\n", {"Content-Type: text/csv"}),
      400, "file");
  EXPECT_NE(problem.value("detail", "").find("header"), std::string::npos) << problem;
}

TEST_P(ApiValidation, CsvMissingARequiredColumnIsRejectedNamingTheFile) {
  std::string path = "/api/v1/imports?client_id=" + p_.client_id + "&platform=google_ads";
  // No campaign column.
  expect_field_problem(admin().request("POST", path, "date,impressions,clicks,spend\n2024-05-01,10,1,2\n",
                                       {"Content-Type: text/csv"}),
                       400, "file");
}

TEST_P(ApiValidation, StrictImportWithABadRowStoresNothing) {
  std::string csv =
      "date,campaign_name,campaign_id,platform,impressions,clicks,spend\n"
      "2024-05-01,Brand new campaign,new-1,google_ads,100,4,2.50\n"
      "2024-05-02,Brand new campaign,new-1,google_ads,100,4,abc\n";
  Response r = admin().request("POST", "/api/v1/imports?client_id=" + p_.client_id + "&strict=true",
                               csv, {"Content-Type: text/csv"});
  json problem = expect_problem(r, 422);
  ASSERT_TRUE(problem.contains("errors")) << r.describe();
  ASSERT_EQ(problem["errors"].size(), 1u) << r.describe();
  EXPECT_NE(problem["errors"][0]["field"].get<std::string>().find("line 3"), std::string::npos)
      << r.describe();
  // (TearDown proves that no campaign was created and no metrics were stored.)
}

// Copying or printing a JSON value recurses once per level: a hostile nesting must be refused
// before that, not crash the service.
TEST_P(ApiValidation, DeeplyNestedTargetingIsRejectedAndTheServiceSurvives) {
  const int depth = 100'000;
  std::string nested = R"({"audiences":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
  std::string body = R"({"client_id":")" + p_.client_id +
                     R"(","name":"Deep","platform":"email","objective":"traffic","targeting":)" +
                     nested + "}";
  expect_field_problem(admin().request("POST", "/api/v1/campaigns", body), 400, "targeting");
  expect_field_problem(admin().request("PATCH", "/api/v1/campaigns/" + p_.campaign_id,
                                       R"({"targeting":)" + nested + "}"),
                       400, "targeting");
  EXPECT_EQ(service().client().get("/health").status, 200) << "the service crashed";
  // Ordinary nesting is fine.
  json targeting = {{"geo", {{"include", {{{"country", "US"}, {"regions", {"CA", "NY"}}}}}}}};
  HttpClient http = admin();
  json campaign = create_campaign(http, p_.client_id, "Nested", {{"targeting", targeting}});
  EXPECT_EQ(campaign["targeting"], targeting);
  ASSERT_EQ(admin().del("/api/v1/campaigns/" + campaign["id"].get<std::string>()).status, 204);
  before_ = snapshot(service(), p_);  // the audit log has the create and the delete
}

TEST_P(ApiValidation, OversizedIdempotencyKeyIsRejected) {
  expect_problem(admin().post("/api/v1/clients", {{"name", "X"}, {"currency", "USD"}},
                              {"Idempotency-Key: " + std::string(201, 'k')}),
                 400);
}

API_TEST_BACKENDS(ApiValidation);

// A body over --body-limit is answered 413 (not reset) and stored nowhere.
class ApiBodyLimit : public ApiTest {};

TEST_P(ApiBodyLimit, OversizedBodyIs413Problem) {
  ServiceConfig config;
  config.body_limit = 4096;
  Service& s = start_service(config);
  Tenant t = s.create_tenant("limit");
  HttpClient admin = s.client(t.admin_key);
  std::string big = json{{"name", std::string(10 * 1024, 'x')}, {"currency", "USD"}}.dump();
  Response r = admin.request("POST", "/api/v1/clients", big);
  ASSERT_NE(r.status, 0) << "the connection was reset instead of answered: " << r.error;
  expect_problem(r, 413);
  EXPECT_EQ(require(admin.get("/api/v1/clients"), 200, "list")["items"], json::array());
  // Just under the limit is accepted.
  std::string fits = json{{"name", std::string(150, 'y')}, {"currency", "USD"},
                          {"industry", std::string(90, 'z')}}.dump();
  EXPECT_EQ(admin.request("POST", "/api/v1/clients", fits).status, 201);
}

API_TEST_BACKENDS(ApiBodyLimit);

}  // namespace
}  // namespace api_test
