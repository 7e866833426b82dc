// Stored responses for POST requests that carried an Idempotency-Key, so a retry replays the
// first response instead of creating twice. Keys are per tenant. Use from the thread running
// the transaction.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "store/database.h"

namespace store {

struct IdempotencyRecord {
  std::string key;
  std::string method;
  std::string path;
  std::string request_hash;  // to refuse a reused key with a different body
  int status = 0;
  std::string response_body;  // returned byte for byte
  std::string created_at;     // ISO-8601 UTC; set by the store
};

namespace idempotency {

// The stored record for `key` in this tenant, if any. Tenant transactions only.
std::optional<IdempotencyRecord> find(Tx& tx, const std::string& key);

// Stores a record. Conflict when the key is already stored for this tenant (a concurrent retry
// won the race). Tenant transactions only.
void save(Tx& tx, IdempotencyRecord record);

// Deletes records created before `cutoff` (ISO-8601 UTC) and returns how many: the tenant's in
// a tenant transaction, every tenant's in a system transaction.
std::size_t remove_older_than(Tx& tx, const std::string& cutoff);

}  // namespace idempotency
}  // namespace store
