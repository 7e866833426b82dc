// Stored budget optimizations (POST /api/v1/budget/optimize): the period, the total budget and
// the client as columns, the whole answer as a JSON payload. Every function acts for
// tx.tenant_id() and needs a tenant transaction; another tenant's optimization behaves exactly
// like a missing one. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "store/database.h"
#include "store/page.h"

namespace store {

struct BudgetOptimizationRecord {
  std::string id;
  std::string client_id;
  core::Date period_start, period_end;  // the period the budget is for (inclusive)
  std::int64_t total_budget_micros = 0;
  std::string payload = "{}";           // JSON object text
  std::string created_at;               // ISO-8601 UTC; set by the store
};

namespace budget_optimizations {

// Stores a new optimization, stamping created_at, and returns it. NotFound when client_id
// names no client of this tenant; Conflict when the id exists.
BudgetOptimizationRecord insert(Tx& tx, BudgetOptimizationRecord record);

std::optional<BudgetOptimizationRecord> find(Tx& tx, const std::string& id);

// The client's optimizations, newest first, without payloads ("{}"). InvalidArgument on a
// limit outside 1–500 or a cursor from another listing.
Page<BudgetOptimizationRecord> list(Tx& tx, const std::string& client_id, std::size_t limit,
                                    const std::string& cursor);

}  // namespace budget_optimizations
}  // namespace store
