// Tenants (agencies): created in system transactions; each carries a data_version that every
// metrics ingest bumps, so caches keyed on it go stale exactly when the data changes.
// Thread-safety: as Tx — use from the thread running the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace store {

struct Tenant {
  std::string id;
  std::string name;
  std::int64_t data_version = 0;
  std::string created_at;  // ISO-8601 UTC
};

namespace tenants {

// Creates a tenant with data_version 0 and returns it. Needs a system transaction
// (InvalidArgument otherwise); throws Conflict when the id exists.
Tenant create(Tx& tx, const std::string& id, const std::string& name);

// In a system transaction, any tenant; in a tenant transaction, only its own (another id is
// nullopt, as if missing).
std::optional<Tenant> find(Tx& tx, const std::string& id);

// Every tenant ordered by id. System transactions only.
std::vector<Tenant> list(Tx& tx);

// Increments the transaction's tenant's data_version and returns the new value. Tenant
// transactions only; NotFound if the tenant row is gone.
std::int64_t bump_data_version(Tx& tx);

// The transaction's tenant's current data_version. Tenant transactions only; NotFound if gone.
std::int64_t data_version(Tx& tx);

}  // namespace tenants
}  // namespace store
