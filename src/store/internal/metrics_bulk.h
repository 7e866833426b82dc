// The dialect-specific bulk writers behind metrics::upsert. Internal to store/.
#pragma once

#include <string>
#include <vector>

#include "store/metrics.h"

namespace store::internal {

// Rows already validated, de-duplicated and sorted by (campaign_id, date); every campaign
// checked to exist (and locked, on PostgreSQL). Each returns the counts for exactly these rows.
UpsertCounts upsert_sqlite(Tx& tx, const std::vector<const MetricRow*>& rows);
UpsertCounts upsert_postgresql(Tx& tx, const std::vector<const MetricRow*>& rows);

}  // namespace store::internal
