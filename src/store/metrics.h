// Daily campaign performance rows, keyed by (campaign_id, date) within the tenant. Upserts are
// idempotent: re-importing the same rows changes nothing. Every function acts for
// tx.tenant_id() and needs a tenant transaction. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/database.h"

namespace store {

struct MetricRow {
  std::string campaign_id;
  core::Date date;
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  std::int64_t spend_micros = 0;
  double conversions = 0;  // platforms report fractional (modelled) conversions
  std::int64_t conversion_value_micros = 0;
  std::optional<std::int64_t> reach;
  std::optional<double> frequency;
  std::optional<std::int64_t> video_views;

  friend bool operator==(const MetricRow&, const MetricRow&) = default;
};

struct UpsertCounts {
  std::size_t inserted = 0;   // new (campaign_id, date) keys
  std::size_t updated = 0;    // existing keys whose values changed
  std::size_t unchanged = 0;  // existing keys stored with identical values (not rewritten)
};

namespace metrics {

// Inserts or overwrites rows by (campaign_id, date) inside the caller's transaction and counts
// what happened. When the input repeats a key, the last row wins and the key counts once.
// When anything changed, also bumps the tenant's data_version. Throws NotFound (before writing
// anything) when a campaign_id names no campaign of this tenant, InvalidArgument on a
// non-finite conversions or frequency. Built for bulk: ≥ 200k rows/s on SQLite, ≥ 100k rows/s
// on PostgreSQL (batches of array-bound statements).
UpsertCounts upsert(Tx& tx, const std::vector<MetricRow>& rows);

// The campaign's rows with from <= date <= to, ordered by date. Empty for an unknown campaign.
std::vector<MetricRow> query(Tx& tx, const std::string& campaign_id, core::Date from,
                             core::Date to);

// Every row of the tenant, ordered by (campaign_id, date), handed to `batch` in batches of up to
// `batch_size` rows (the vector is reused between calls). For building in-memory copies of a
// tenant's metrics: one indexed scan, no per-row round trips.
void scan_all(Tx& tx, const std::function<void(const std::vector<MetricRow>& rows)>& batch,
              std::size_t batch_size = 10'000);

}  // namespace metrics
}  // namespace store
