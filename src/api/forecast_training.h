// Training the forecast model in the background: queueing a run (deduplicated per tenant) and
// the job handler that trains on the tenant's whole history and stores a new model version.
#pragma once

#include <chrono>
#include <string>

#include "store/jobs.h"

namespace store { class Database; class Tx; }

namespace api {

struct Context;
class SnapshotCache;
class ModelRegistry;

inline constexpr const char* kTrainingJobKind = "forecast.train";

// Queues a training run for the transaction's tenant to start after `delay`. A run already
// waiting is reused (and brought forward when this one is due sooner).
store::Job enqueue_training(store::Tx& tx, std::chrono::seconds delay);

// After an ingest changed rows: queues retraining after the configured delay in its own
// transaction. Failures are logged, never thrown: the ingest itself has succeeded.
void schedule_retraining(Context& ctx);

// The job handler: trains on every campaign-day of the job's tenant, stores the model as the
// next version and makes it serve. Returns the job's result JSON: the new model's id, version,
// kind and validation, or {"trained": false, "reason": …} when the history is too short (not
// an error: retrying would not help). Throws on anything worth retrying.
std::string run_training_job(store::Database& db, SnapshotCache& snapshots,
                             ModelRegistry& registry, const store::Job& job);

}  // namespace api
