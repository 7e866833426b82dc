// A/B experiments (table experiments): name, status and its timestamps as columns, the design
// (hypothesis, variants with weights, metrics) as a JSON payload. Status moves draft → running
// → stopped; the caller checks the transition, the store records it. Every function acts for
// tx.tenant_id() and needs a tenant transaction; another tenant's experiment behaves exactly like
// a missing one. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/page.h"

namespace store {

struct ExperimentRecord {
  std::string id;
  std::optional<std::string> client_id;
  std::string name;
  std::string status = "draft";  // draft, running or stopped
  std::string started_at;        // ISO-8601 UTC; empty until it runs
  std::string ended_at;          // empty until it stops
  std::string payload = "{}";    // JSON object text: the design
  std::string created_at;        // set by the store
  std::string updated_at;
};

struct ExperimentQuery {
  std::optional<std::string> client_id;
  std::optional<std::string> status;
  std::size_t limit = 50;  // 1–500
  std::string cursor;
};

namespace experiments {

// Stores a new experiment, stamping created_at/updated_at (and started_at when it starts
// running). NotFound when client_id names no client of this tenant; Conflict when the id exists.
ExperimentRecord insert(Tx& tx, ExperimentRecord record);

std::optional<ExperimentRecord> find(Tx& tx, const std::string& id);

// Writes name, status, started_at, ended_at and payload of an existing experiment and stamps
// updated_at; returns the stored record, or nullopt when it does not exist. The store records
// when the status changed: an empty started_at is stamped with the current time when the status
// is running, an empty ended_at when it is stopped (a draft stopped never started).
std::optional<ExperimentRecord> update(Tx& tx, const ExperimentRecord& record);

// Deletes the experiment and every result stored for it (store/experiment_observations.h).
// NotFound when it does not exist.
void remove(Tx& tx, const std::string& id);

// Newest first, without payloads ("{}"). InvalidArgument on a bad limit or cursor.
Page<ExperimentRecord> list(Tx& tx, const ExperimentQuery& query);

}  // namespace experiments
}  // namespace store
