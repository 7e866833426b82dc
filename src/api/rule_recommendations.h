// Firings of automated rules whose action recommends a change (a pause, a budget change) become
// recommendations in campaign_optimizations, next to the analysis's own, so they are applied,
// dismissed and measured the same way (docs/rules.md, "Recommendations from rules").
//
// A rule that fires again for the same campaign and action refreshes its open recommendation
// (content key: rule, campaign, action) instead of adding one per run; once applied or
// dismissed, the next firing opens a new one. notify firings make no recommendation.
#pragma once

#include <string>
#include <vector>

#include "optimize/rules.h"
#include "store/campaign_optimizations.h"

namespace api {

// The recommendations for `report`'s firings of `rule` on `date`; `campaign_names` by campaign
// id, `evaluation_ids` the log entries' ids in the report's evaluation order. Ids are new.
std::vector<store::RecommendationRecord> recommendations_from_firings(
    const optimize::rules::Rule& rule, const optimize::rules::EvaluationReport& report,
    core::Date date, const std::vector<std::string>& evaluation_ids);

}  // namespace api
