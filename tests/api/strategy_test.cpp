// POST /api/v1/strategy/generate and the stored strategies, against the real binary: the
// original design's request as written, assumptions echoed, forecasts that never fall as the
// budget rises, nested intervals, bad briefs answered 400 with nothing stored, tenant checks.
#include <set>

#include "core/date.h"
#include "fixtures.h"

namespace api_test {
namespace {

const json kOriginalRequest = {{"campaign_name", "Holiday Campaign"},
                               {"objective", "sales_conversion"},
                               {"budget", 15000},
                               {"platforms", {"google_ads", "meta_ads"}}};

class ApiStrategy : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tenant_ = service().create_tenant("strategy");
    admin_ = std::make_unique<HttpClient>(service().client(tenant_.admin_key));
    client_id_ = "holiday-" + random_hex(6);
    create_client(*admin_, client_id_);
  }
  json generate(json brief) {
    return require(admin_->post("/api/v1/strategy/generate", brief), 201, "generate");
  }
  json list(const std::string& query = "") {
    return require(admin_->get("/api/v1/strategies" + query), 200, "list strategies");
  }

  Tenant tenant_;
  std::unique_ptr<HttpClient> admin_;
  std::string client_id_;
};

void expect_nested(const json& figure, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_TRUE(figure.is_object()) << figure;
  double v = figure["value"], lo80 = figure["interval_80"][0], hi80 = figure["interval_80"][1];
  double lo95 = figure["interval_95"][0], hi95 = figure["interval_95"][1];
  EXPECT_LE(lo95, lo80);
  EXPECT_LE(lo80, v);
  EXPECT_LE(v, hi80);
  EXPECT_LE(hi80, hi95);
}

TEST_P(ApiStrategy, TheOriginalRequestWorksAsWritten) {
  json brief = kOriginalRequest;
  brief["tenant_id"] = tenant_.id;
  brief["client_id"] = client_id_;
  Response r = admin_->post("/api/v1/strategy/generate", brief);
  ASSERT_EQ(r.status, 201) << r.describe();
  json body = r.body_json();
  ASSERT_TRUE(body["strategy"]["estimated_roi"].is_number()) << body["strategy"];
  EXPECT_TRUE(body["strategy"]["estimated_roas"].is_number());
  double confidence = body["strategy"]["confidence"];
  EXPECT_GT(confidence, 0);
  EXPECT_LE(confidence, 1);
  EXPECT_EQ(body["name"], "Holiday Campaign");
  EXPECT_EQ(body["client_id"], client_id_);
  EXPECT_EQ(body["budget"], 15000);
  EXPECT_EQ(r.header("Location"), "/api/v1/strategies/" + body["id"].get<std::string>());
  EXPECT_FALSE(body["strategy"]["executive_summary"].get<std::string>().empty());
  for (const char* section : {"assumptions", "audience_segments", "platform_plans", "budget_split",
                              "forecast", "content_strategy", "risks", "timeline", "kpis",
                              "ab_test_plan"}) {
    EXPECT_TRUE(body["strategy"].contains(section)) << section;
  }
  EXPECT_EQ(body["strategy"]["platform_plans"].size(), 2u);
  EXPECT_TRUE(body["strategy"]["forecast_model"].is_null()) << "no model trained: priors";

  // Stored: fetchable by id (the same document) and listed for the client.
  json fetched = require(admin_->get(r.header("Location")), 200, "fetch");
  EXPECT_EQ(fetched, body);
  json page = list("?client_id=" + client_id_);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["id"], body["id"]);
  EXPECT_EQ(page["items"][0]["objective"], "sales_conversion");
}

TEST_P(ApiStrategy, EveryDefaultTakenIsAnAssumption) {
  json body = generate({{"objective", "leads"}, {"budget", 8000}});
  std::set<std::string> fields;
  for (const auto& a : body["strategy"]["assumptions"]) {
    fields.insert(a["field"].get<std::string>());
    EXPECT_FALSE(a["value"].is_null()) << a;
    EXPECT_FALSE(a["reason"].get<std::string>().empty()) << a;
  }
  for (const char* defaulted : {"campaign_name", "currency", "start_date", "end_date", "platforms",
                                "industry", "value_per_conversion"}) {
    EXPECT_TRUE(fields.count(defaulted)) << defaulted << " was defaulted but not listed";
  }
  // Fields the brief gave are not assumptions.
  EXPECT_FALSE(fields.count("objective"));
  EXPECT_FALSE(fields.count("budget"));
  json given = generate({{"objective", "leads"}, {"budget", 8000}, {"currency", "EUR"},
                         {"start_date", "2027-01-04"}, {"end_date", "2027-02-28"},
                         {"platforms", {"linkedin_ads"}}, {"industry", "B2B"},
                         {"campaign_name", "Pipeline"}, {"value_per_conversion", 120}});
  for (const auto& a : given["strategy"]["assumptions"]) {
    for (const char* stated : {"campaign_name", "currency", "start_date", "end_date", "platforms",
                               "industry", "value_per_conversion"}) {
      EXPECT_NE(a["field"], stated) << "the brief stated " << stated;
    }
  }
  EXPECT_EQ(given["currency"], "EUR");
}

TEST_P(ApiStrategy, ForecastsNeverFallAsTheBudgetRisesAndIntervalsNest) {
  double previous_conversions = -1, previous_clicks = -1;
  for (int budget : {1000, 5000, 15000, 60000}) {
    json brief = kOriginalRequest;
    brief["budget"] = budget;
    brief["start_date"] = "2027-03-01";
    brief["end_date"] = "2027-03-30";
    brief["value_per_conversion"] = 80;
    json total = generate(brief)["strategy"]["forecast"]["total"];
    for (const char* figure : {"impressions", "clicks", "conversions", "conversion_value"}) {
      expect_nested(total[figure], std::string(figure) + " at " + std::to_string(budget));
    }
    double conversions = total["conversions"]["value"], clicks = total["clicks"]["value"];
    EXPECT_GE(conversions, previous_conversions) << "budget " << budget;
    EXPECT_GE(clicks, previous_clicks) << "budget " << budget;
    previous_conversions = conversions;
    previous_clicks = clicks;
  }
}

TEST_P(ApiStrategy, BadBriefsAreRefusedNamingTheFieldAndStoreNothing) {
  json audit_before = require(admin_->get("/api/v1/audit-log"), 200, "audit");
  auto refused = [&](json brief, const std::string& field) {
    SCOPED_TRACE(brief.dump());
    expect_field_problem(admin_->post("/api/v1/strategy/generate", brief), 400, field);
  };
  refused({{"objective", "sales_conversion"}, {"budget", -5}}, "budget");
  refused({{"objective", "sales_conversion"}, {"budget", 0}}, "budget");
  refused({{"objective", "world_domination"}, {"budget", 100}}, "objective");
  refused({{"objective", "leads"}, {"budget", 100}, {"platforms", {"myspace_ads"}}}, "platforms[0]");
  refused({{"objective", "leads"}, {"budget", 100}, {"start_date", "2027-05-10"},
           {"end_date", "2027-05-01"}},
          "end_date");
  refused({{"budget", 100}}, "objective");
  refused({{"objective", "leads"}}, "budget");
  refused({{"objective", "leads"}, {"budget", 1000}, {"platforms", {"google_ads"}},
           {"platform_budgets", {{{"platform", "google_ads"}, {"min_budget", 5000}}}}},
          "platform_budgets");
  refused({{"objective", "leads"}, {"budget", 1000}, {"currency", "XYZ"}}, "currency");
  refused({{"objective", "leads"}, {"budget", 1000}, {"surprise", true}}, "surprise");
  EXPECT_EQ(list()["items"], json::array());
  EXPECT_EQ(require(admin_->get("/api/v1/audit-log"), 200, "audit"), audit_before);
}

TEST_P(ApiStrategy, TenantAndClientAreChecked) {
  json brief = kOriginalRequest;
  brief["tenant_id"] = "someone-else";
  expect_problem(admin_->post("/api/v1/strategy/generate", brief), 403);
  brief["tenant_id"] = tenant_.id;
  brief["client_id"] = "no-such-client";
  expect_problem(admin_->post("/api/v1/strategy/generate", brief), 404);
  // A client_viewer may not generate; it lists only its own client's strategies.
  Tenant other = service().create_tenant("other");
  HttpClient other_admin = service().client(other.admin_key);
  create_client(other_admin, "theirs");
  brief["tenant_id"] = tenant_.id;
  brief["client_id"] = "theirs";
  expect_problem(admin_->post("/api/v1/strategy/generate", brief), 404);
  EXPECT_EQ(list()["items"], json::array());

  create_client(*admin_, "second");
  brief["client_id"] = client_id_;
  generate(brief);
  brief["client_id"] = "second";
  std::string second_id = generate(brief)["id"];
  json viewer_key = create_api_key(*admin_, "portal", "client_viewer", client_id_);
  HttpClient viewer = service().client(viewer_key["api_key"]);
  expect_problem(viewer.post("/api/v1/strategy/generate", kOriginalRequest), 403);
  json seen = require(viewer.get("/api/v1/strategies"), 200, "viewer list");
  ASSERT_EQ(seen["items"].size(), 1u);
  EXPECT_EQ(seen["items"][0]["client_id"], client_id_);
  expect_problem(viewer.get("/api/v1/strategies/" + second_id), 404);
  EXPECT_EQ(list()["items"].size(), 2u);
}

TEST_P(ApiStrategy, ClientHistoryAndIndustryShapeThePlan) {
  // A B2B lead brief with no platforms gets LinkedIn among the recommended ones.
  json body = generate({{"objective", "leads"}, {"budget", 20000}, {"industry", "B2B"}});
  bool linkedin = false;
  for (const auto& plan : body["strategy"]["platform_plans"]) {
    linkedin = linkedin || plan["platform"] == "linkedin_ads";
  }
  EXPECT_TRUE(linkedin) << body["strategy"]["platform_plans"];
  // Budget split sums to the budget to the cent.
  double sum = 0;
  for (const auto& share : body["strategy"]["budget_split"]["shares"]) sum += share["amount"].get<double>();
  EXPECT_NEAR(sum, 20000, 0.005);
}

TEST_P(ApiStrategy, NewHistoryChangesTheAnswerToTheSameBrief) {
  json brief = kOriginalRequest;
  brief["client_id"] = client_id_;
  json before = generate(brief)["strategy"];
  EXPECT_EQ(before["budget_split"]["method"], "benchmark priors");
  // The same brief from the same data, model and day: the stored strategy, not a copy.
  Response again = admin_->post("/api/v1/strategy/generate", brief);
  json repeated = require(again, 200, "generate again");
  EXPECT_EQ(repeated["strategy"], before) << "the same brief, the same answer";
  EXPECT_EQ(again.header("Content-Location"), "/api/v1/strategies/" + repeated["id"].get<std::string>());
  json stored = list();
  ASSERT_EQ(stored["items"].size(), 1u) << stored;
  EXPECT_EQ(stored["items"][0]["id"], repeated["id"]);
  // 30 days on both platforms: the split now comes from the client's own history.
  std::string csv = "date,campaign_name,platform,impressions,clicks,spend,conversions,conversion_value\n";
  // Dated relative to today so the rows fall inside the planner's history window.
  for (int day = 35; day > 5; --day) {
    std::string date = core::format_iso_date(core::today_utc() - day);
    csv += date + ",Search,google_ads,5000,250,300.00,12,900.00\n";
    csv += date + ",Social,meta_ads,20000,300,200.00,4,260.00\n";
  }
  json report = require(admin_->request("POST", "/api/v1/imports?client_id=" + client_id_, csv,
                                        {"Content-Type: text/csv"}),
                        200, "import");
  ASSERT_EQ(report["rows_rejected"], 0) << report;
  json after = generate(brief)["strategy"];
  // 30 days on both platforms: too few to fit a curve's shape, enough to calibrate one on each
  // platform's own level, so the split is the allocator's on the client's curves.
  EXPECT_EQ(after["budget_split"]["method"], "response curves (client history)") << after["budget_split"];
  EXPECT_EQ(after["budget_split"]["response_curve_allocator_used"], true);
}

TEST_P(ApiStrategy, SegmentsComeFromClusteringTheClientsAudiencesWhenItHasHistory) {
  // Six audiences (age × gender in the campaigns' targeting): three convert cheaply, three not.
  struct Cell {
    const char* age;
    const char* gender;
    int clicks;
    double conversions;
  };
  const Cell cells[] = {{"18-24", "female", 400, 40}, {"25-34", "female", 420, 44},
                        {"35-44", "female", 380, 39}, {"18-24", "male", 400, 4},
                        {"25-34", "male", 410, 5},    {"35-44", "male", 390, 4}};
  for (const auto& c : cells) {
    json campaign = create_campaign(
        *admin_, client_id_, std::string("Audience ") + c.age + " " + c.gender,
        {{"platform", "meta_ads"},
         {"targeting", {{"age_ranges", {c.age}}, {"genders", {c.gender}}}}});
    json rows = json::array();
    for (int day = 20; day > 0; --day) {
      rows.push_back({{"date", core::format_iso_date(core::today_utc() - day)},
                      {"impressions", c.clicks * 60}, {"clicks", c.clicks}, {"spend", 200},
                      {"conversions", c.conversions}, {"conversion_value", c.conversions * 50}});
    }
    require(admin_->post("/api/v1/campaigns/" + campaign["id"].get<std::string>() + "/metrics",
                         {{"rows", rows}}),
            200, "metrics");
  }
  json brief = kOriginalRequest;
  brief["client_id"] = client_id_;
  json segments = generate(brief)["strategy"]["audience_segments"];
  int clustered = 0;
  for (const auto& s : segments) clustered += s["source"] == "history cluster";
  EXPECT_GE(clustered, 2) << segments;
}

API_TEST_BACKENDS(ApiStrategy);

}  // namespace
}  // namespace api_test
