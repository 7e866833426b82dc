// API keys. Only a hash of each key is stored. A request's key is resolved with find_by_hash
// in a system transaction (the tenant is not known yet); everything else acts for
// tx.tenant_id() in a tenant transaction. Use from the thread running the transaction.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace store {

struct ApiKeyRecord {
  std::string id;
  std::string name;
  std::string prefix;    // first characters of the key, shown to people to tell keys apart
  std::string key_hash;  // unique across all tenants
  std::string role;
  std::optional<std::string> client_id;  // set for keys limited to one client
  std::string created_at;                // ISO-8601 UTC; set by the store
  std::optional<std::string> last_used_at;
  std::optional<std::string> revoked_at;
  std::string created_by;  // user or key id
};

// What authentication needs to know about a presented key.
struct ApiKeyIdentity {
  std::string tenant_id;
  std::string id;
  std::string role;
  std::optional<std::string> client_id;
  bool revoked = false;
};

namespace api_keys {

// Stores a new key and returns it as stored. Conflict when the id exists in this tenant or the
// hash exists anywhere.
ApiKeyRecord insert(Tx& tx, ApiKeyRecord key);

// The tenant's keys, newest first, revoked ones included.
std::vector<ApiKeyRecord> list(Tx& tx);
std::optional<ApiKeyRecord> find(Tx& tx, const std::string& id);

// Marks a key revoked now. True when it was active; false when missing or already revoked.
bool revoke(Tx& tx, const std::string& id);

// Changes a key's display name (its secret, role and client never change: issue a new key).
// False when the key does not exist in this tenant.
bool rename(Tx& tx, const std::string& id, const std::string& name);

// Resolves a key hash across all tenants. System transactions only (InvalidArgument
// otherwise); nullopt when unknown. Revoked keys are returned with revoked = true.
std::optional<ApiKeyIdentity> find_by_hash(Tx& tx, const std::string& key_hash);

// Records that the key was used now, but writes only when the stored last_used_at is older than
// `min_interval` (so a busy key costs one write a minute, not one per request). Tenant
// transactions (use the tenant from find_by_hash). Returns whether a row was written.
bool touch_last_used(Tx& tx, const std::string& id,
                     std::chrono::seconds min_interval = std::chrono::seconds(60));

}  // namespace api_keys
}  // namespace store
