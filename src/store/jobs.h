// The durable job queue: background work (training, reports, syncs, rules, outbox delivery)
// stored in the `jobs` table, so it survives restarts and is shared by every replica.
//
// A job is enqueued in a tenant transaction, next to the data it is about, and so commits or
// rolls back with it. Workers (jobs/worker.h) serve every tenant: they claim due jobs in system
// transactions, each claim taking a lease (locked_by, locked_until); a worker that dies leaves
// its jobs "running" until the lease expires, and the next claim takes them over. Delivery is
// therefore at least once: handlers must tolerate running twice. docs/jobs.md has the details.
//
// Timestamps are ISO-8601 UTC text ("YYYY-MM-DDTHH:MM:SS.ffffffZ") from this process's clock;
// replicas need synchronised clocks (leases and backoffs are seconds to minutes long).
// Thread-safety: as Tx — use from the thread running the transaction.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "store/page.h"

namespace store {

// queued → running → done; running → queued again (retry after a failure, or a lease taken
// over) until max_attempts, then failed.
enum class JobStatus { queued, running, done, failed };
inline constexpr std::array<std::string_view, 4> kJobStatusNames = {"queued", "running", "done",
                                                                    "failed"};

struct Job {
  std::string id;  // "job_…", made by the store
  std::string tenant_id;
  std::optional<std::string> client_id;
  std::string kind;  // selects the handler, e.g. "model.retrain"
  JobStatus status = JobStatus::queued;
  std::string run_at;  // not claimed before this time
  int attempts = 0;    // claims so far, the running one included
  int max_attempts = 5;
  std::optional<std::string> locked_by;     // the worker holding, or that last held, the lease
  std::optional<std::string> locked_until;  // the lease's end; set only while running
  std::optional<std::string> last_error;    // the last failure, at most kMaxErrorBytes
  std::string payload = "{}";               // JSON object text: the handler's input
  std::optional<std::string> result;        // JSON text the handler returned, once done
  std::optional<std::string> dedupe_key;
  std::string created_at, updated_at;
};

struct NewJob {
  std::optional<std::string> client_id;  // must name a client of the tenant when set
  std::string kind;                      // required
  std::string payload = "{}";            // JSON text
  std::chrono::seconds delay{0};         // run_at = now + delay
  int max_attempts = 5;                  // ≥ 1
  // Collapses duplicates: at most one queued job per (tenant, kind, dedupe_key).
  std::optional<std::string> dedupe_key;
};

struct JobQuery {
  std::optional<std::string> kind;
  std::optional<JobStatus> status;
  std::size_t limit = 50;  // 1–500
  std::string cursor;      // from the previous page's next_cursor
};

namespace jobs {

// last_error keeps at most this many bytes of the message (cut on a UTF-8 character boundary).
inline constexpr std::size_t kMaxErrorBytes = 2048;
// The longest wait before a retry, whatever retry_base and the attempt count.
inline constexpr std::chrono::seconds kMaxBackoff = std::chrono::hours(1);

// The wait before retrying a job whose attempt number `attempts` (1 for the first) failed:
// retry_base · 2^(attempts − 1), capped at kMaxBackoff (5 s base: 5 s, 10 s, 20 s, …, 1 h).
std::chrono::seconds backoff(std::chrono::seconds retry_base, int attempts);

// Queues a job for the transaction's tenant and returns it as stored. With a dedupe_key, when a
// queued (not yet running) job of the same tenant, kind and key exists, returns that one instead
// (its payload unchanged, its run_at moved no later than the new one's). Tenant transactions
// only. InvalidArgument on an empty kind, max_attempts < 1, an empty dedupe_key or a payload
// that is not JSON; NotFound when client_id names no client of the tenant.
Job enqueue(Tx& tx, const NewJob& job);

// The tenant's job; another tenant's id is nullopt, as if missing. Tenant transactions only.
std::optional<Job> find(Tx& tx, const std::string& id);

// The tenant's queued job of `kind` with `dedupe_key` (at most one exists), or nullopt. Tenant
// transactions only.
std::optional<Job> find_queued(Tx& tx, const std::string& kind, const std::string& dedupe_key);

// One page of the tenant's jobs matching the set filters, newest first. Tenant transactions
// only. InvalidArgument on a limit outside 1–500 or a cursor from another listing.
Page<Job> list(Tx& tx, const JobQuery& query);

// Claims up to `limit` (1–500) due jobs of every tenant, oldest run_at first: queued ones whose
// run_at has come, and running ones whose lease expired (their worker died). Each is returned
// running, locked_by = worker, locked_until = now + lease, attempts + 1. A running job whose
// lease expired on its last attempt is not claimed but failed ("lease expired"). Two concurrent
// claims never return the same job (PostgreSQL: FOR UPDATE SKIP LOCKED, so claimers do not wait
// on each other; SQLite: one UPDATE … RETURNING under the write lock). System transactions
// only; InvalidArgument on an empty worker.
std::vector<Job> claim(Tx& tx, const std::string& worker, std::size_t limit,
                       std::chrono::seconds lease);

// The operations below act on a job claimed by `worker`, in a system transaction or the job's
// tenant's. Each throws NotFound when the job does not exist (for this tenant), and Conflict
// when it is not running under worker's lease any more (taken over after the lease expired,
// or already finished): the worker lost the job and must drop its outcome.

// Marks the job done with the handler's result (JSON text; InvalidArgument otherwise).
void complete(Tx& tx, const std::string& tenant_id, const std::string& id,
              const std::string& worker, const std::string& result_json);

// Records a failed attempt: last_error = error (truncated to kMaxErrorBytes). While attempts <
// max_attempts the job is queued again with run_at = now + backoff(retry_base, attempts);
// otherwise it is failed. A retry is not queued when another queued job with the same dedupe_key
// exists (that one will run); the job is failed with a note saying so. Returns the new status.
JobStatus fail(Tx& tx, const std::string& tenant_id, const std::string& id,
               const std::string& worker, const std::string& error,
               std::chrono::seconds retry_base);

// Fails the job now, whatever attempts remain (unknown kind, malformed payload, …).
void fail_permanently(Tx& tx, const std::string& tenant_id, const std::string& id,
                      const std::string& worker, const std::string& error);

// Heartbeat of a long job: locked_until = now + lease.
void extend_lease(Tx& tx, const std::string& tenant_id, const std::string& id,
                  const std::string& worker, std::chrono::seconds lease);

// Gives back a claimed job that has not started (a stopping worker): queued again, its attempt
// not counted, run_at unchanged. When a queued job with the same dedupe_key exists meanwhile,
// the job is failed instead, with a note naming that one. Returns the new status.
JobStatus release(Tx& tx, const std::string& tenant_id, const std::string& id,
                  const std::string& worker);

// Deletes done and failed jobs last updated before `cutoff` (ISO-8601 UTC) and returns how many:
// the tenant's in a tenant transaction, every tenant's in a system transaction.
std::size_t remove_finished_before(Tx& tx, const std::string& cutoff);

}  // namespace jobs
}  // namespace store
