// The audit trail: who did what to which resource. Every function acts for tx.tenant_id() and
// needs a tenant transaction. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "store/database.h"
#include "store/page.h"

namespace store {

struct AuditEntry {
  std::int64_t id = 0;  // assigned by the store, increasing within a tenant
  std::string at;       // ISO-8601 UTC; the store stamps now when empty
  std::string actor;    // API key or user id
  std::string action;   // "client.create", "campaign.update", …
  std::string resource_type;
  std::string resource_id;
  std::string request_id;
  std::string details = "{}";  // JSON object text
};

namespace audit {

// Appends an entry and returns its id. InvalidArgument when details is not JSON.
std::int64_t record(Tx& tx, const AuditEntry& entry);

// Entries newest first, one page at a time. InvalidArgument on a limit outside 1–500 or a
// cursor from another listing.
Page<AuditEntry> list(Tx& tx, std::size_t limit, const std::string& cursor = {});

}  // namespace audit
}  // namespace store
