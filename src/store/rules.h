// Automated rules (table rules, migration 0004): the client, name, enabled flag and the time of
// the last run as columns, the definition (scope, conditions, schedule, action, cooldown) as a
// JSON payload the api layer writes and reads. Their evaluations are store/rule_evaluations.h.
// Every function acts for tx.tenant_id() and needs a tenant transaction; another tenant's rule
// behaves exactly like a missing one. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/page.h"

namespace store {

struct RuleRecord {
  std::string id;
  std::string client_id;
  std::string name;
  bool enabled = true;
  std::string last_run_at;     // ISO-8601 UTC; empty until the rule first runs
  std::string payload = "{}";  // JSON object text: the definition
  std::string created_at;      // set by the store
  std::string updated_at;
};

struct RuleQuery {
  std::optional<std::string> client_id;
  std::optional<bool> enabled;
  std::size_t limit = 50;  // 1–500
  std::string cursor;      // from the previous page's next_cursor
};

namespace rules {

// Stores a new rule, stamping created_at/updated_at (last_run_at is not written: a new rule has
// not run). NotFound when client_id names no client of this tenant; Conflict when the id exists.
RuleRecord insert(Tx& tx, RuleRecord record);

std::optional<RuleRecord> find(Tx& tx, const std::string& id);

// Writes client_id, name, enabled and payload of an existing rule and stamps updated_at (not
// last_run_at: see record_run). Returns the stored record, or nullopt when the rule does not
// exist. NotFound when client_id names no client of this tenant.
std::optional<RuleRecord> update(Tx& tx, const RuleRecord& record);

// Deletes the rule and (cascading) its evaluation log. False when it did not exist.
bool remove(Tx& tx, const std::string& id);

// Newest first (created_at, then id), with payloads. InvalidArgument on a limit outside 1–500
// or a cursor from another listing.
Page<RuleRecord> list(Tx& tx, const RuleQuery& query);

// Records that the rule ran at `ran_at` (ISO-8601 UTC), but only if its stored last_run_at is
// still `expected_last_run` ("" for a rule that never ran): a compare-and-set, so of two runs
// that started from the same state only the first to commit records. Returns false, writing
// nothing, when the stored value differs or the rule does not exist. Does not touch updated_at.
bool record_run(Tx& tx, const std::string& id, const std::string& ran_at,
                const std::string& expected_last_run);

}  // namespace rules
}  // namespace store
