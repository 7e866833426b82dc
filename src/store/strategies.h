// Generated marketing strategies: the brief's headline figures as columns and the whole
// strategy as a JSON payload. Every function acts for tx.tenant_id() and needs a tenant
// transaction; another tenant's strategy behaves exactly like a missing one. Use from the thread
// running the transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/page.h"

namespace store {

struct StrategyRecord {
  std::string id;
  std::optional<std::string> client_id;
  std::string name;
  std::string status = "draft";
  std::string objective;
  std::int64_t budget_micros = 0;
  std::string currency;
  std::string payload = "{}";  // JSON object text (PostgreSQL hands it back normalised)
  std::string created_at;      // ISO-8601 UTC; set by the store
  std::string updated_at;
};

struct StrategyQuery {
  std::optional<std::string> client_id;  // only this client's strategies
  std::size_t limit = 50;                // 1–500
  std::string cursor;                    // next_cursor of the previous page
  bool with_payload = false;             // lists leave payload as "{}" unless asked
};

namespace strategies {

// Stores a new strategy, stamping created_at/updated_at, and returns it. NotFound when
// client_id names no client of this tenant; Conflict when the id exists; InvalidArgument when
// payload is not JSON.
StrategyRecord insert(Tx& tx, StrategyRecord record);

// The same, but idempotent on `content_key` (what the strategy was computed from): when this
// tenant already stores a strategy under that key it is returned untouched and `created` is
// false; concurrent callers with one key store one row between them.
struct StoredStrategy {
  StrategyRecord record;
  bool created = false;
};
StoredStrategy insert_unless_stored(Tx& tx, StrategyRecord record, const std::string& content_key);

std::optional<StrategyRecord> find(Tx& tx, const std::string& id);

// Newest first (created_at, then id, descending). InvalidArgument on a limit outside 1–500 or
// a cursor from another listing.
Page<StrategyRecord> list(Tx& tx, const StrategyQuery& query);

}  // namespace strategies
}  // namespace store
