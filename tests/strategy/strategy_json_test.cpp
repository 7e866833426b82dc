// The JSON shape of a strategy (api/strategy_json.h), compiled in with the planner.
#include "api/strategy_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "strategy/planner.h"
#include "strategy/test_forecaster.h"

using nlohmann::json;
using namespace strategy_test;

namespace {

bool is_cents(const json& v) {
  return v.is_number() && std::fabs(v.get<double>() * 100 - std::round(v.get<double>() * 100)) < 1e-6;
}

void expect_figure(const json& f, const std::string& what) {
  ASSERT_TRUE(f.is_object()) << what;
  EXPECT_TRUE(f["value"].is_number()) << what;
  for (const char* interval : {"interval_80", "interval_95"}) {
    ASSERT_TRUE(f[interval].is_array()) << what;
    EXPECT_EQ(f[interval].size(), 2u) << what;
  }
  EXPECT_LE(f["interval_95"][0].get<double>(), f["interval_80"][0].get<double>()) << what;
  EXPECT_LE(f["interval_80"][1].get<double>(), f["interval_95"][1].get<double>()) << what;
}

}  // namespace

TEST(StrategyJson, CarriesEveryTopLevelSectionInSnakeCase) {
  const json j = api::strategy_to_json(strategy::generate_strategy(holiday_brief(), context()));
  for (const char* key :
       {"estimated_roi", "estimated_roas", "confidence", "executive_summary", "assumptions",
        "audience_segments", "platform_plans", "budget_split", "forecast", "content_strategy",
        "risks", "timeline", "kpis", "ab_test_plan", "warnings", "confidence_drivers", "flight"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["estimated_roi"].is_number());
  EXPECT_TRUE(j["confidence"].is_number());
  EXPECT_EQ(j["objective"], "sales_conversion");
  EXPECT_EQ(j["flight"]["start_date"], "2024-11-02");
  EXPECT_EQ(j["flight"]["end_date"], "2024-12-01");
  EXPECT_EQ(j["platforms"], json::array({"google_ads", "meta_ads"}));
  EXPECT_EQ(j["platform_plans"][0]["funnel_stage"], "conversion");
  EXPECT_EQ(j["timeline"][0]["start_date"].get<std::string>().size(), 10u);
  EXPECT_EQ(j["budget_split"]["response_curve_allocator_used"], false);
}

TEST(StrategyJson, ForecastFiguresHaveValueAndBothIntervals) {
  const json j = api::strategy_to_json(strategy::generate_strategy(holiday_brief(), context()));
  ASSERT_EQ(j["forecast"]["per_platform"].size(), 2u);
  for (const json& f : {j["forecast"]["per_platform"][0], j["forecast"]["per_platform"][1],
                        j["forecast"]["total"]}) {
    for (const char* key : {"impressions", "clicks", "conversions", "conversion_value", "cpa",
                            "roas", "roi"}) {
      expect_figure(f[key], key);
    }
    EXPECT_TRUE(is_cents(f["spend"]));
  }
  EXPECT_EQ(j["forecast"]["per_platform"][0]["platform"], "google_ads");
}

TEST(StrategyJson, MoneyIsRoundedToCents) {
  strategy::Brief b = holiday_brief();
  b.budget = 12345.67;
  const json j = api::strategy_to_json(strategy::generate_strategy(b, context()));
  double total = 0;
  for (const json& share : j["budget_split"]["shares"]) {
    EXPECT_TRUE(is_cents(share["amount"]));
    EXPECT_TRUE(is_cents(share["daily_amount"]));
    total += share["amount"].get<double>();
  }
  EXPECT_NEAR(total, 12345.67, 1e-6);
  for (const json& plan : j["platform_plans"]) EXPECT_TRUE(is_cents(plan["budget"]));
  EXPECT_TRUE(is_cents(j["forecast"]["total"]["cpa"]["value"]));
}

TEST(StrategyJson, UnknownValuesAreNull) {
  strategy::Brief b = holiday_brief();
  b.objective = core::Objective::awareness;
  const json j = api::strategy_to_json(strategy::generate_strategy(b, context()));
  EXPECT_TRUE(j["estimated_roi"].is_null());
  EXPECT_TRUE(j["estimated_roas"].is_null());
  EXPECT_TRUE(j["forecast"]["total"]["roas"].is_null());

  forecast::PlanForecast f;
  f.cpa = forecast::Estimate{10, {5, std::numeric_limits<double>::infinity()}, {4, 20}};
  const json cpa = api::forecast_to_json(f)["cpa"];
  EXPECT_TRUE(cpa["interval_80"][1].is_null());
  EXPECT_EQ(cpa["value"], 10.0);
  EXPECT_TRUE(api::forecast_to_json(f)["roi"].is_null());
}
