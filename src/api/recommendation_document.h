// A stored recommendation (store/campaign_optimizations.h) as the API shows it: its payload with
// the row's id, client, status, applied_on and timestamps, and — once applied — its measured
// effect (docs/recommendations.md, "The HTTP API").
//
// The measured effect is `pending` (with the day it becomes measurable) until two full days have
// passed after applied_on in the client's zone; then, over min(horizon_days, complete days since
// the change, 90) days on each side, optimize::measure_effect for every campaign the
// recommendation names and each metric of its expected impact (spend and conversions when it has
// none, as a rule's recommendation), with the expected change compared only when it names one
// campaign. Pure apart from reading the clock for the client's today.
#pragma once

#include <nlohmann/json.hpp>

#include "api/metrics_snapshot.h"
#include "store/campaign_optimizations.h"

namespace api {

// `snapshot` null: no measured effect (listings); else the tenant's metrics to measure on.
nlohmann::json recommendation_document(const store::RecommendationRecord& record,
                                       const MetricsSnapshot* snapshot);

}  // namespace api
