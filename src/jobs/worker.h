// Background workers for the durable job queue (store/jobs.h): threads that claim due jobs of
// every tenant, run the handler registered for each job's kind, and record the outcome.
//
// Any number of Workers, in one process or in many replicas, can serve the same database: a
// claim never hands one job to two workers, and a job whose worker died is taken over when its
// lease expires. Delivery is at least once, so handlers must be idempotent (a crash after the
// work but before the job is marked done runs it again). docs/jobs.md has the details.
//
//   jobs::Worker worker(db, {.threads = 2});
//   worker.handle("model.retrain", [&](const jobs::JobContext& ctx) { … return R"({"ok":true})";
//   }); worker.start(); … enqueue in a request, then worker.wake() so it starts without waiting for
//   the next poll.
//
// Thread-safety: handle() and start() from one thread before the worker runs; wake(), stop() and
// stats() from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/database.h"
#include "store/jobs.h"

namespace jobs {

// What a handler is given. Valid only during the handler call. (Handler unit tests can build
// one from a Job alone: the functions default to no-ops.)
struct JobContext {
  const store::Job& job;  // as claimed: status running, attempts counting this run
  // Extends the lease by WorkerOptions::lease. Call it more often than that from a long job, or
  // another worker takes the job over. Throws store::Conflict when the job was taken over
  // already (the handler should give up: its outcome will be discarded), store::Error when the
  // database cannot be reached.
  std::function<void()> heartbeat = [] {};
  // True once stop() was called: a long handler may end early by throwing (the job is retried).
  std::function<bool()> stop_requested = [] { return false; };
};

// Runs one job and returns its result as JSON text (stored in Job::result; an empty string is
// stored as {}). To fail, throw: the job is retried after a backoff until max_attempts, and the
// exception's what() becomes last_error. Throw PermanentError to fail without retrying.
using Handler = std::function<std::string(const JobContext&)>;

// Fails the job at once, without the remaining attempts (malformed payload, missing data, …).
class PermanentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WorkerOptions {
  // Names this worker in the jobs' locked_by (each thread adds "/<n>"). Default:
  // "<hostname>-<pid>-<random hex>", unique across replicas and restarts.
  std::string worker_id;
  std::size_t threads = 1;  // ≥ 1; each polls and runs one job at a time
  // How often an idle thread polls for due jobs. wake() polls at once.
  std::chrono::milliseconds poll_interval{500};
  // How long a claim holds a job before another worker may take it over (see heartbeat).
  std::chrono::seconds lease{300};
  // A failed attempt n is retried after retry_base · 2^(n−1), at most store::jobs::kMaxBackoff.
  std::chrono::seconds retry_base{5};
  // Jobs claimed per poll by each thread (1–500); a full batch polls again without waiting.
  std::size_t batch = 4;
  // After a database error a thread waits this long, doubling per consecutive error up to 30 s.
  std::chrono::milliseconds error_pause{1000};
};

class Worker {
 public:
  // Throws std::invalid_argument on threads == 0 or a batch outside 1–500. Does not start.
  // `db` must outlive the worker.
  Worker(store::Database& db, WorkerOptions options);
  // Calls stop().
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Registers the handler for `kind` (replacing an earlier one). Before start() only
  // (std::logic_error after). A claimed job of a kind without a handler fails permanently,
  // with a last_error naming the kind and this worker.
  void handle(std::string kind, Handler handler);

  // Starts the threads. Database errors inside them are logged (spdlog) and retried after a
  // pause; they never escape. Throws std::logic_error when started before or after stop().
  void start();

  // Makes every idle thread poll now instead of at its next interval: call after enqueueing in
  // this process. Never blocks; a no-op before start() and after stop().
  void wake();

  // Stops polling, lets each running handler finish and records its outcome, gives claimed jobs
  // that have not started back to the queue (store::jobs::release), and joins the threads.
  // Idempotent; blocks as long as the slowest running handler. Not from inside a handler.
  void stop();

  struct Stats {
    std::uint64_t claimed = 0;  // jobs claimed
    std::uint64_t done = 0;     // completed
    std::uint64_t failed = 0;   // failed for good (last attempt, permanent error, unknown kind)
    std::uint64_t retried = 0;  // failed attempts queued again
    std::uint64_t lost = 0;     // outcomes discarded: the lease had passed to another worker
    std::uint64_t errors = 0;   // database errors in the loop (each logged)
  };
  // Counters since construction. Thread-safe.
  Stats stats() const;

  // The worker_id in effect (the default filled in).
  const std::string& id() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jobs
