// The JSON the campaign-optimization API answers with, from optimize/recommendations.h's values:
// one recommendation (as stored in campaign_optimizations.payload), a campaign's diagnostics and
// a measured effect. Empty optionals and undefined ratios are null. Pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "optimize/recommendations.h"

namespace api {

nlohmann::json recommendation_json(const optimize::Recommendation& r);
nlohmann::json diagnostics_json(const optimize::CampaignDiagnostics& d);
nlohmann::json measured_effect_json(const std::string& campaign_id,
                                    const optimize::MeasuredEffect& e);

// The expected impact stored in a recommendation's JSON ("impacts"[i]) read back; nullopt when
// its metric is not one measure_effect() understands.
std::optional<optimize::ExpectedImpact> impact_from_json(const nlohmann::json& impact);

// What a recommendation changes, not by how much: kind, campaigns (sorted) and the settings it
// touches (field and textual target). Two runs that make the same recommendation with new
// numbers give the same key.
std::string recommendation_key(const std::string& client_id, const optimize::Recommendation& r);

}  // namespace api
