// Trained forecast models, versioned per tenant: each training run stores a new version with its
// validation summary (JSON) and its artifact (base64 text of the engine's bytes). The highest
// version serves. Tenant functions act for tx.tenant_id(); use from the thread running the
// transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace store {

struct ModelRecord {
  std::string id;
  std::optional<std::string> client_id;  // null: trained on the whole tenant
  std::string kind;                      // "random_forest", "gradient_boosting", "linear"
  std::int64_t version = 0;              // 1, 2, … per tenant; assigned by insert
  std::string trained_at;                // ISO-8601 UTC
  std::string payload = "{}";            // validation summary, JSON object text
  std::string artifact;                  // base64; empty when the query left it out
  std::string created_at;
  std::string updated_at;
};

namespace models {

// Stores `record` as the tenant's next version (one more than the highest so far) and returns
// it as stored. Concurrent inserts for one tenant serialise on the unique (tenant, version)
// index: the loser gets Conflict and may retry.
ModelRecord insert(Tx& tx, ModelRecord record);

// The highest version, with its artifact when `with_artifact`; nullopt when none was trained.
std::optional<ModelRecord> latest(Tx& tx, bool with_artifact = true);

// The highest version number, or 0; one index lookup (serving checks it to notice retraining).
std::int64_t latest_version(Tx& tx);

// Versions newest first, without artifacts; at most `limit` (1–500).
std::vector<ModelRecord> list(Tx& tx, std::size_t limit = 50);

// System transaction: the tenants that have at least one model (start-up preloading).
std::vector<std::string> tenants_with_models(Tx& tx);

}  // namespace models
}  // namespace store
