// Stored recommendations (POST /api/v1/campaign/optimize): the client, the first campaign named,
// the kind, the status and a content key as columns, the recommendation itself as a JSON payload.
// A recommendation is open until someone applies or dismisses it, or a later analysis of the same
// campaigns no longer makes it (expired). Applying records the day the change took effect
// (applied_on), from which its real effect is measured.
//
// Every function acts for tx.tenant_id() and needs a tenant transaction; another tenant's
// recommendation behaves exactly like a missing one. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/database.h"
#include "store/page.h"

namespace store {

struct RecommendationRecord {
  std::string id;
  std::string client_id;
  std::optional<std::string> campaign_id;  // the first campaign it names
  std::string kind;                        // optimize::to_string(RecommendationKind)
  std::string status = "open";             // open, applied, dismissed or expired
  // What the recommendation changes (kind, campaigns, settings), not by how much: a later run
  // that makes the same recommendation with new numbers refreshes the open row.
  std::string content_key;
  std::optional<core::Date> applied_on;  // set when applied
  std::string payload = "{}";            // JSON object text
  std::string created_at;                // ISO-8601 UTC; set by the store
  std::string updated_at;
};

struct RecommendationQuery {
  std::string client_id;  // required
  std::optional<std::string> campaign_id;
  std::optional<std::string> status;
  std::optional<std::string> kind;
  std::size_t limit = 50;  // 1–500
  std::string cursor;
};

struct SavedRun {
  std::vector<RecommendationRecord> saved;  // in input order, as stored (ids of refreshed rows)
  std::vector<std::string> expired;         // ids of open rows this run closed
};

namespace campaign_optimizations {

// Stores one analysis of `client_id`'s campaigns. A record whose content_key matches an open
// recommendation of the client refreshes that row (kind, campaign, payload; its id and
// created_at stay); the others are inserted with the ids given. Then every other open
// recommendation of the client for which `superseded` returns true is marked expired: pass the
// test "names only campaigns this run analysed". NotFound when the client is not this tenant's;
// Conflict when a campaign is not, when two records share a key, or when a concurrent run stored
// the same key first.
SavedRun save_run(Tx& tx, const std::string& client_id, std::vector<RecommendationRecord> records,
                  const std::function<bool(const RecommendationRecord&)>& superseded);

std::optional<RecommendationRecord> find(Tx& tx, const std::string& id);

// Writes status, applied_on and payload of an existing recommendation and stamps updated_at;
// returns it as stored, or nullopt when it does not exist. Conflict when reopening it would
// give the client two open recommendations with one key.
std::optional<RecommendationRecord> update(Tx& tx, const RecommendationRecord& record);

// Newest first, with payloads. InvalidArgument on a bad limit or cursor.
Page<RecommendationRecord> list(Tx& tx, const RecommendationQuery& query);

}  // namespace campaign_optimizations
}  // namespace store
