// GET /api/v1/analytics/dashboard against the real binary: totals equal independent sums of two
// real data sets (imported through the generic CSV path, mapping in docs/analytics.md), bucket
// boundaries, zero denominators, currency groups, the client portal's scope, and freshness of
// cached answers after an ingest.
#include <date/tz.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/date.h"
#include "fixtures.h"

namespace api_test {
namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

std::string data_file(const std::string& file) {
  return std::string(STRATEGIST_SHARED_DIR) + "/data/campaigns/" + file;
}

struct Sums {
  double impressions = 0, clicks = 0, spend = 0, conversions = 0, value = 0;
};

class ApiDashboard : public ApiTest {
 protected:
  json dashboard(HttpClient& http, const std::string& query) {
    return require(http.get("/api/v1/analytics/dashboard?" + query), 200, "dashboard " + query);
  }
  void import(HttpClient& http, const std::string& client, const std::string& csv) {
    json report = require(http.request("POST", "/api/v1/imports?client_id=" + client, csv,
                                       {"Content-Type: text/csv"}),
                          200, "import");
    ASSERT_EQ(report["rows_rejected"], 0) << report["rejections"];
  }
};

void expect_totals(const json& totals, const Sums& sums) {
  EXPECT_EQ(totals["impressions"].get<double>(), sums.impressions);
  EXPECT_EQ(totals["clicks"].get<double>(), sums.clicks);
  EXPECT_NEAR(totals["spend"].get<double>(), sums.spend, 0.005) << "to the cent";
  EXPECT_NEAR(totals["conversions"].get<double>(), sums.conversions, 1e-6);
  EXPECT_NEAR(totals["conversion_value"].get<double>(), sums.value, 0.005);
  if (sums.impressions > 0) {
    EXPECT_NEAR(totals["ctr"].get<double>(), sums.clicks / sums.impressions, 1e-12);
  }
  if (sums.spend > 0) {
    EXPECT_NEAR(totals["roas"].get<double>(), sums.value / sums.spend, 1e-9);
    EXPECT_NEAR(totals["roi"].get<double>(), (sums.value - sums.spend) / sums.spend, 1e-9);
  }
  if (sums.conversions > 0) {
    EXPECT_NEAR(totals["cpa"].get<double>(), sums.spend / sums.conversions, 1e-6);
  }
}

// KAG: Facebook ads of three campaigns, no dates and no revenue. Mapping (docs/analytics.md):
// every row on 2017-08-17, campaign = xyz_campaign_id, conversions = Total_Conversion, value =
// Approved_Conversion × 100.
TEST_P(ApiDashboard, KagTotalsEqualIndependentSums) {
  Service& s = service();
  Tenant t = s.create_tenant("kag");
  HttpClient http = s.client(t.admin_key);
  create_client(http, "kag", "USD");
  auto rows = read_csv(data_file("KAG_conversion_data.csv"));
  std::ostringstream csv;
  csv << "date,campaign_id,campaign_name,platform,impressions,clicks,spend,conversions,conversion_value\n";
  Sums sums;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    csv << "2017-08-17," << r[1] << ",KAG " << r[1] << ",meta_ads," << r[6] << "," << r[7] << ","
        << r[8] << "," << r[9] << "," << std::stoi(r[10]) * 100 << "\n";
    sums.impressions += std::stod(r[6]);
    sums.clicks += std::stod(r[7]);
    sums.spend += std::stod(r[8]);
    sums.conversions += std::stod(r[9]);
    sums.value += std::stod(r[10]) * 100;
  }
  import(http, "kag", csv.str());
  json d = dashboard(http, "client_id=kag&from=2017-08-17&to=2017-08-17");
  ASSERT_EQ(d["groups"].size(), 1u);
  EXPECT_EQ(d["groups"][0]["currency"], "USD");
  expect_totals(d["groups"][0]["totals"]["current"], sums);
  EXPECT_NEAR(sums.spend, 58705.23, 0.5) << "the README's published total";
}

// Online advertising (Company X, 2020): mapping: date 2020-<month>-<day>, campaign =
// campaign_number, impressions = displays, spend = cost, conversions = post_click_conversions,
// value = post_click_sales_amount; several rows per campaign-day are summed by the importer.
TEST_P(ApiDashboard, OnlineAdvertisingTotalsAndMonthlySeriesEqualIndependentSums) {
  Service& s = service();
  Tenant t = s.create_tenant("oap");
  HttpClient http = s.client(t.admin_key);
  create_client(http, "oap", "USD");
  auto rows = read_csv(data_file("online_advertising_performance_data.csv"));
  const std::map<std::string, std::string> months = {{"April", "04"}, {"May", "05"}, {"June", "06"}};
  std::ostringstream csv;
  csv << "date,campaign_name,platform,impressions,clicks,spend,conversions,conversion_value\n";
  Sums total;
  std::map<std::string, Sums> by_month;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::string day = r[1].size() == 1 ? "0" + r[1] : r[1];
    csv << "2020-" << months.at(r[0]) << "-" << day << "," << r[2] << ",google_ads," << r[6] << ","
        << r[8] << "," << r[7] << "," << r[10] << "," << r[11] << "\n";
    for (Sums* s : {&total, &by_month[months.at(r[0])]}) {
      s->impressions += std::stod(r[6]);
      s->clicks += std::stod(r[8]);
      s->spend += std::stod(r[7]);
      s->conversions += std::stod(r[10]);
      s->value += std::stod(r[11]);
    }
  }
  import(http, "oap", csv.str());
  json d = dashboard(http, "client_id=oap&from=2020-04-01&to=2020-06-30&granularity=month");
  const json& g = d["groups"][0];
  expect_totals(g["totals"]["current"], total);
  ASSERT_EQ(g["series"].size(), 3u);
  for (const auto& [month, sums] : by_month) {
    const json& bucket = g["series"][std::stoi(month) - 4];
    EXPECT_EQ(bucket["start"], "2020-" + month + "-01");
    expect_totals(bucket, sums);
  }
  ASSERT_EQ(g["platforms"].size(), 1u);
  EXPECT_EQ(g["platforms"][0]["share_of_spend"], 1.0);
  EXPECT_EQ(g["freshness"][0]["latest_date"], "2020-06-30");
}

TEST_P(ApiDashboard, WeeksStartOnMondayAndEmptyPeriodsHaveNullRatios) {
  Service& s = service();
  Tenant t = s.create_tenant("weeks");
  HttpClient http = s.client(t.admin_key);
  create_client(http, "w", "EUR");
  std::string campaign = create_campaign(http, "w", "Search")["id"];
  // 2024-12-30 (Monday) … 2025-01-05: ISO week 1 of 2025 spans the new year.
  json rows = json::array();
  for (int d = 0; d < 10; ++d) {
    rows.push_back({{"date", core::format_iso_date(*core::parse_iso_date("2024-12-28") + d)},
                    {"impressions", 100}, {"clicks", 10}, {"spend", 5.5}, {"conversions", 1},
                    {"conversion_value", 20}});
  }
  require(http.post("/api/v1/campaigns/" + campaign + "/metrics", {{"rows", rows}}), 200, "metrics");
  json d = dashboard(http, "client_id=w&from=2024-12-28&to=2025-01-06&granularity=week&compare=previous_period");
  const json& series = d["groups"][0]["series"];
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0]["start"], "2024-12-28");
  EXPECT_EQ(series[0]["end"], "2024-12-29");
  EXPECT_EQ(series[1]["start"], "2024-12-30");
  EXPECT_EQ(series[1]["end"], "2025-01-05");
  EXPECT_EQ(series[1]["impressions"], 700);
  EXPECT_EQ(series[2]["start"], "2025-01-06");
  // The comparison period has no data: its ratios are null, not 0, and relative changes null.
  const json& totals = d["groups"][0]["totals"];
  EXPECT_TRUE(totals["previous"]["ctr"].is_null());
  EXPECT_TRUE(totals["previous"]["roas"].is_null());
  EXPECT_TRUE(totals["change"]["spend"]["relative"].is_null());
  EXPECT_NEAR(totals["change"]["spend"]["absolute"].get<double>(), 55.0, 1e-9);
  // A period with no data at all.
  json empty = dashboard(http, "client_id=w&from=2023-01-01&to=2023-01-31&compare=none");
  EXPECT_TRUE(empty["comparison"].is_null());
  EXPECT_EQ(empty["groups"][0]["totals"]["current"]["spend"], 0.0);
  EXPECT_TRUE(empty["groups"][0]["totals"]["current"]["cpc"].is_null());
}

// Without dates the period is the 30 days ending yesterday in the client's own time zone: clients
// either side of the date line (UTC+14 and UTC−11) get their own "yesterday".
TEST_P(ApiDashboard, DefaultPeriodEndsYesterdayInTheClientsTimeZone) {
  Service& s = service();
  Tenant t = s.create_tenant("zones");
  HttpClient http = s.client(t.admin_key);
  for (const auto& [id, zone] : {std::pair<std::string, std::string>{"east", "Pacific/Kiritimati"},
                                 {"west", "Pacific/Pago_Pago"}}) {
    require(http.post("/api/v1/clients", {{"id", id}, {"name", id}, {"currency", "USD"},
                                          {"time_zone", zone}}),
            201, "client");
    auto yesterday = [&zone] {
      auto local = date::make_zoned(date::locate_zone(zone), std::chrono::system_clock::now())
                       .get_local_time();
      return date::format("%F", date::floor<date::days>(local) - date::days(1));
    };
    std::string before = yesterday();
    json d = dashboard(http, "client_id=" + id);
    std::string after = yesterday();  // the zone's midnight may pass during the request
    EXPECT_TRUE(d["period"]["to"] == before || d["period"]["to"] == after) << zone << d["period"];
    EXPECT_EQ(d["period"]["days"], 30);
    EXPECT_EQ(d["period"]["time_zone"], zone);
  }
}

TEST_P(ApiDashboard, CurrenciesAreGroupedAndTheClientPortalSeesOnlyItsClient) {
  Service& s = service();
  Tenant t = s.create_tenant("fx");
  HttpClient http = s.client(t.admin_key);
  create_client(http, "usd-client", "USD");
  create_client(http, "eur-client", "EUR");
  for (const char* client : {"usd-client", "eur-client"}) {
    std::string campaign = create_campaign(http, client, "C")["id"];
    require(http.post("/api/v1/campaigns/" + campaign + "/metrics",
                      {{"rows", {{{"date", "2024-05-01"}, {"impressions", 10}, {"clicks", 1},
                                  {"spend", 7}}}}}),
            200, "metrics");
  }
  json all = dashboard(http, "from=2024-05-01&to=2024-05-01");
  ASSERT_EQ(all["groups"].size(), 2u);
  EXPECT_EQ(all["groups"][0]["currency"], "EUR");
  EXPECT_EQ(all["groups"][1]["currency"], "USD");
  EXPECT_EQ(all["groups"][0]["totals"]["current"]["spend"], 7.0) << "never summed across currencies";

  HttpClient viewer = s.client(create_api_key(http, "portal", "client_viewer", "usd-client")["api_key"]);
  json mine = dashboard(viewer, "from=2024-05-01&to=2024-05-01");
  ASSERT_EQ(mine["groups"].size(), 1u);
  EXPECT_EQ(mine["groups"][0]["clients"], json({"usd-client"}));
  expect_problem(viewer.get("/api/v1/analytics/dashboard?client_id=eur-client"), 404);
  expect_problem(viewer.get("/api/v1/analytics/dashboard?client_id=nobody"), 404);
}

TEST_P(ApiDashboard, CachedAnswersAreNeverStale) {
  Service& s = service();
  Tenant t = s.create_tenant("cache");
  HttpClient http = s.client(t.admin_key);
  create_client(http, "c", "USD");
  std::string campaign = create_campaign(http, "c", "C")["id"];
  auto post = [&](double spend) {
    require(http.post("/api/v1/campaigns/" + campaign + "/metrics",
                      {{"rows", {{{"date", "2024-05-01"}, {"impressions", 10}, {"clicks", 1},
                                  {"spend", spend}}}}}),
            200, "metrics");
  };
  post(3);
  std::string q = "/api/v1/analytics/dashboard?client_id=c&from=2024-05-01&to=2024-05-01";
  Response first = http.get(q);
  EXPECT_EQ(first.header("x-cache"), "miss");
  Response second = http.get(q);
  EXPECT_EQ(second.header("x-cache"), "hit");
  EXPECT_EQ(second.body, first.body);
  post(4);
  Response third = http.get(q);
  EXPECT_EQ(third.header("x-cache"), "miss");
  EXPECT_EQ(third.body_json()["groups"][0]["totals"]["current"]["spend"], 4.0);
}

TEST_P(ApiDashboard, BadParametersAreNamed) {
  HttpClient http = service().client(service().create_tenant("bad").admin_key);
  expect_field_problem(http.get("/api/v1/analytics/dashboard?granularity=hour"), 400, "granularity");
  expect_field_problem(http.get("/api/v1/analytics/dashboard?from=2024-02-30"), 400, "from");
  expect_field_problem(http.get("/api/v1/analytics/dashboard?from=2024-03-02&to=2024-03-01"), 400, "to");
  expect_field_problem(http.get("/api/v1/analytics/dashboard?platforms=google_ads,myspace"), 400,
                       "platforms[1]");
}

API_TEST_BACKENDS(ApiDashboard);

}  // namespace
}  // namespace api_test
