// POST /api/v1/campaign/optimize's work: resolve the client (or the campaign's client), read the
// campaigns' histories from the tenant's metrics snapshot, run optimize::analyse with the goals
// and options asked for, and store every recommendation it makes (campaign_optimizations:
// refreshing the open one with the same change, expiring the open ones of the checks that ran,
// on the campaigns analysed, that it no longer makes). docs/recommendations.md, "The HTTP API".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/endpoint.h"
#include "core/date.h"
#include "optimize/recommendations.h"

namespace api {

// optimize::RecommendationKind's API names, in the enum's order.
inline constexpr std::array<std::string_view, 10> kKindNames = {
    "budget_pacing",    "cpa_vs_target",    "roas_vs_target",      "budget_reallocation",
    "creative_fatigue", "bid_strategy_fit", "audience_saturation", "day_of_week",
    "anomaly",          "ab_test"};

struct AnalysisRequest {
  std::optional<std::string> client_id, campaign_id;  // one at least
  std::optional<std::int64_t> target_cpa, total_daily_budget;  // micros
  std::optional<double> target_roas;
  std::int64_t window_days = 28, comparison_days = 28, horizon_days = 28;
  std::optional<core::Date> as_of;  // default: today in the client's zone
  std::vector<optimize::RecommendationKind> kinds;  // empty: every check
};

// Runs and stores the analysis; the answer's JSON (docs/recommendations.md). 400 naming the
// field for a request without client or campaign, or a campaign of another client than
// client_id; 404 for a client or campaign the caller cannot see.
nlohmann::json analyse_campaigns(Context& ctx, AnalysisRequest request);

}  // namespace api
