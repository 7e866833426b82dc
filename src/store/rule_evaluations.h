// The log of automated-rule evaluations (migration 0008): every evaluation of a rule for a
// campaign, whether it fired, and what it found and recommended (payload). Every function acts
// for tx.tenant_id() and needs a tenant transaction; another tenant's rule behaves exactly like
// a missing one. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/database.h"
#include "store/page.h"

namespace store {

struct RuleEvaluationRecord {
  std::string id;
  std::string rule_id;
  std::optional<std::string> campaign_id;  // nullopt: the rule as a whole (nothing in scope)
  core::Date evaluated_on;
  bool fired = false;
  std::string payload = "{}";  // JSON object text: observed values, conditions, the action
  std::string created_at;      // set by the store
};

namespace rule_evaluations {

// Appends the records (ids chosen by the caller) and returns them stamped. NotFound when a
// record's rule is not this tenant's.
std::vector<RuleEvaluationRecord> record(Tx& tx, std::vector<RuleEvaluationRecord> records);

// The rule's evaluations, newest first; `fired_only` keeps the firings. InvalidArgument on a
// limit outside 1–500 or a cursor from another listing.
Page<RuleEvaluationRecord> list(Tx& tx, const std::string& rule_id, bool fired_only,
                                std::size_t limit, const std::string& cursor);

// The last day the rule fired for each campaign (its cooldown state).
std::map<std::string, core::Date> last_fired(Tx& tx, const std::string& rule_id);

}  // namespace rule_evaluations
}  // namespace store
