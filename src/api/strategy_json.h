// JSON rendering of the strategy planner's answer (POST /api/v1/strategy/generate) and of a
// forecast (POST /api/v1/forecast). Pure functions of their argument; thread-safe.
//
// Conventions: snake_case keys; dates "YYYY-MM-DD"; platforms, objectives and funnel stages by
// their API names ("meta_ads", "sales_conversion", "consideration"); money (budgets, spend,
// conversion value, CPA, CPM, CPC) rounded to cents; counts to 2 decimals; ROAS/ROI to 4
// decimals; rates (CTR, conversion rate, shares) to 6 decimals. A value that is unknown or not
// finite (e.g. a CPA bound whose conversions bound is 0) is null, never 0 or NaN.
//
// A forecast figure is {"value": v, "interval_80": [low, high], "interval_95": [low, high]}.
#pragma once

#include <nlohmann/json.hpp>

#include "forecast/forecaster.h"
#include "strategy/strategy.h"

namespace api {

// {"spend", "impressions", "clicks", "conversions", "conversion_value", "cpa", "roas", "roi",
//  "source", "confidence", "notes"}; each count a figure, each ratio a figure or null.
nlohmann::json forecast_to_json(const forecast::PlanForecast& forecast);

// The whole strategy. Top level: name, objective, currency, budget, flight {start_date,
// end_date, days}, platforms, executive_summary, assumptions, estimated_roi, estimated_roas,
// estimated_gross_profit_roi, confidence, confidence_drivers, audience_segments,
// platform_plans, budget_split, forecast {per_platform: [{platform, …forecast}], total},
// content_strategy, risks, timeline, kpis, ab_test_plan, warnings.
nlohmann::json strategy_to_json(const strategy::Strategy& strategy);

}  // namespace api
