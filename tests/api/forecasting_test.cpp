// POST /api/v1/forecast, model training on the job queue, GET /api/v1/models and
// GET /api/v1/jobs/{id}, against the real binary: benchmark priors before any training, a model
// trained in the background from imported history that then serves (also after a restart), and
// bad plans answered 400 naming the field.
#include <cmath>
#include <thread>

#include "core/date.h"
#include "fixtures.h"

namespace api_test {
namespace {

// Three campaigns × 150 days whose outcomes follow spend with known rates and a deterministic
// multiplicative wobble, in the generic CSV layout.
std::string history_csv() {
  struct Channel {
    const char* name;
    const char* platform;
    double base_spend, cpm, ctr, cvr, order_value;
  };
  const Channel channels[] = {{"Search brand", "google_ads", 120, 30, 0.05, 0.06, 70},
                              {"Social prospecting", "meta_ads", 90, 9, 0.012, 0.03, 55},
                              {"B2B leads", "linkedin_ads", 60, 40, 0.006, 0.08, 200}};
  std::string csv = "date,campaign_name,campaign_id,platform,impressions,clicks,spend,conversions,"
                    "conversion_value\n";
  std::uint32_t state = 12345;
  auto wobble = [&state] {
    state = state * 1664525u + 1013904223u;
    return 0.85 + 0.3 * static_cast<double>(state >> 8) / static_cast<double>(1u << 24);
  };
  for (const auto& c : channels) {
    for (int day = 0; day < 150; ++day) {
      std::string date = core::format_iso_date(*core::make_date(2024, 1, 1) + day);
      double spend = c.base_spend * (1 + 0.6 * std::sin(day / 9.0)) * wobble();
      double impressions = std::round(spend / c.cpm * 1000 * wobble());
      double clicks = std::round(impressions * c.ctr * wobble());
      double conversions = std::round(clicks * c.cvr * wobble() * 10) / 10;
      double value = conversions * c.order_value * wobble();
      char line[256];
      std::snprintf(line, sizeof line, "%s,%s,%s-id,%s,%.0f,%.0f,%.2f,%.1f,%.2f\n", date.c_str(), c.name,
                    c.platform, c.platform, impressions, clicks, spend, conversions, value);
      csv += line;
    }
  }
  return csv;
}

json plan(double daily_spend, const std::string& platform = "meta_ads") {
  return {{"platform", platform},       {"objective", "sales_conversion"},
          {"daily_spend", daily_spend}, {"start_date", "2027-02-01"},
          {"end_date", "2027-02-28"},   {"value_per_conversion", 60}};
}

void expect_nested(const json& figure, const std::string& what) {
  SCOPED_TRACE(what);
  double v = figure["value"], lo80 = figure["interval_80"][0], hi80 = figure["interval_80"][1];
  double lo95 = figure["interval_95"][0], hi95 = figure["interval_95"][1];
  EXPECT_LE(0, lo95);
  EXPECT_LE(lo95, lo80);
  EXPECT_LE(lo80, v);
  EXPECT_LE(v, hi80);
  EXPECT_LE(hi80, hi95);
}

// Forecasts over a spend grid: nested intervals and nothing falls as spend rises.
void expect_monotone_and_nested(HttpClient& http, const std::string& platform) {
  json previous;
  for (double spend : {10.0, 50.0, 100.0, 400.0, 2000.0}) {
    json f = require(http.post("/api/v1/forecast", plan(spend, platform)), 200, "forecast")["forecast"];
    for (const char* figure : {"impressions", "clicks", "conversions", "conversion_value"}) {
      expect_nested(f[figure], std::string(figure) + " at " + std::to_string(spend));
      if (previous.is_object()) {
        EXPECT_GE(f[figure]["value"].get<double>(), previous[figure]["value"].get<double>())
            << figure << " fell when spend rose to " << spend;
        EXPECT_GE(f[figure]["interval_95"][1].get<double>(),
                  previous[figure]["interval_95"][1].get<double>());
        EXPECT_GE(f[figure]["interval_80"][0].get<double>(),
                  previous[figure]["interval_80"][0].get<double>());
      }
    }
    previous = f;
  }
}

json wait_for_job(HttpClient& http, const std::string& id) {
  auto deadline = std::chrono::steady_clock::now() + 90s;
  while (std::chrono::steady_clock::now() < deadline) {
    json job = require(http.get("/api/v1/jobs/" + id), 200, "job");
    if (job["status"] == "done" || job["status"] == "failed") return job;
    std::this_thread::sleep_for(100ms);
  }
  throw std::runtime_error("job " + id + " did not finish in 90 s");
}

class ApiForecasting : public ApiTest {};

TEST_P(ApiForecasting, WithoutAModelBenchmarkPriorsServe) {
  Tenant t = service().create_tenant("priors");
  HttpClient admin = service().client(t.admin_key);
  json answer = require(admin.post("/api/v1/forecast", plan(100)), 200, "forecast");
  EXPECT_TRUE(answer["model"].is_null());
  EXPECT_EQ(answer["forecast"]["source"], "benchmark");
  EXPECT_NEAR(answer["forecast"]["spend"].get<double>(), 2800, 1e-6) << "28 days × 100";
  expect_monotone_and_nested(admin, "meta_ads");
  expect_monotone_and_nested(admin, "google_ads");
  json models = require(admin.get("/api/v1/models"), 200, "models");
  EXPECT_TRUE(models["serving"].is_null());
  EXPECT_EQ(models["items"], json::array());
}

TEST_P(ApiForecasting, BadPlansAreRefusedNamingTheField) {
  Tenant t = service().create_tenant("badplan");
  HttpClient admin = service().client(t.admin_key);
  auto refused = [&](json body, const std::string& field) {
    SCOPED_TRACE(body.dump());
    expect_field_problem(admin.post("/api/v1/forecast", body), 400, field);
  };
  json p = plan(100);
  p["end_date"] = "2027-01-01";
  refused(p, "end_date");
  p = plan(-1);
  refused(p, "daily_spend");
  p = plan(100, "friendster_ads");
  refused(p, "platform");
  p = plan(100);
  p["objective"] = "fame";
  refused(p, "objective");
  p = plan(100);
  p["end_date"] = "2029-01-01";
  refused(p, "end_date");
  p = plan(100);
  p.erase("start_date");
  refused(p, "start_date");
}

TEST_P(ApiForecasting, ATrainedModelServesAndIsReloadedAtStartUp) {
  Tenant t = service().create_tenant("trained");
  HttpClient admin = service().client(t.admin_key);
  create_client(admin, "history");
  json report = require(admin.request("POST", "/api/v1/imports?client_id=history", history_csv(),
                                      {"Content-Type: text/csv"}),
                        200, "import");
  ASSERT_EQ(report["rows_rejected"], 0) << report["rejections"];

  Response queued = admin.request("POST", "/api/v1/models/train");
  ASSERT_EQ(queued.status, 202) << queued.describe();
  json job = wait_for_job(admin, queued.body_json()["id"]);
  ASSERT_EQ(job["status"], "done") << job;
  json result = json::parse(job["result"].dump());
  ASSERT_TRUE(result["trained"].get<bool>()) << result;
  EXPECT_EQ(result["rows"], 450);

  json models = require(admin.get("/api/v1/models"), 200, "models");
  ASSERT_FALSE(models["serving"].is_null()) << models;
  EXPECT_EQ(models["serving"]["version"], 1);
  ASSERT_EQ(models["items"].size(), 1u);
  EXPECT_EQ(models["items"][0]["kind"], models["serving"]["kind"]);
  EXPECT_TRUE(models["items"][0]["validation"].is_object());

  json answer = require(admin.post("/api/v1/forecast", plan(100)), 200, "forecast");
  ASSERT_FALSE(answer["model"].is_null());
  EXPECT_EQ(answer["model"]["version"], 1);
  EXPECT_EQ(answer["forecast"]["source"].get<std::string>(),
            "model " + answer["model"]["kind"].get<std::string>() + " v1");
  expect_monotone_and_nested(admin, "meta_ads");
  expect_monotone_and_nested(admin, "linkedin_ads");

  // The strategy planner forecasts with it too.
  json strategy = require(admin.post("/api/v1/strategy/generate",
                                     {{"client_id", "history"}, {"objective", "sales_conversion"},
                                      {"budget", 15000}, {"platforms", {"google_ads", "meta_ads"}}}),
                          201, "strategy")["strategy"];
  EXPECT_EQ(strategy["forecast_model"]["version"], 1);

  // Another process on the same database serves the stored model from the start.
  Service& second = start_service({}, &service());
  json reloaded = require(second.client(t.admin_key).get("/api/v1/models"), 200, "models");
  EXPECT_EQ(reloaded["serving"], models["serving"]);
  EXPECT_NE(second.log().find("loaded"), std::string::npos) << "models preloaded at start-up";
}

TEST_P(ApiForecasting, ClientViewersCannotForecastOrTrain) {
  Tenant t = service().create_tenant("viewer");
  HttpClient admin = service().client(t.admin_key);
  create_client(admin, "portal");
  json key = create_api_key(admin, "portal", "client_viewer", "portal");
  HttpClient viewer = service().client(key["api_key"]);
  expect_problem(viewer.post("/api/v1/forecast", plan(100)), 403);
  expect_problem(viewer.request("POST", "/api/v1/models/train"), 403);
  expect_problem(viewer.get("/api/v1/models"), 403);
}

API_TEST_BACKENDS(ApiForecasting);

}  // namespace
}  // namespace api_test
