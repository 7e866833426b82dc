#include "jobs/worker.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace jobs {
namespace {

constexpr std::chrono::milliseconds kMaxErrorPause{30'000};

std::string default_worker_id() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, 8, "host");
  std::random_device device;
  char text[320];
  std::snprintf(text, sizeof text, "%s-%ld-%08x", host, static_cast<long>(getpid()), device());
  return text;
}

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception (not derived from std::exception)";
  }
}

}  // namespace

class Worker::Impl {
 public:
  Impl(store::Database& db, WorkerOptions options) : db_(db), options_(std::move(options)) {
    if (options_.threads == 0) throw std::invalid_argument("a job worker needs at least 1 thread");
    if (options_.batch < 1 || options_.batch > 500) {
      throw std::invalid_argument("job worker batch must be between 1 and 500");
    }
    if (options_.worker_id.empty()) options_.worker_id = default_worker_id();
  }

  void handle(std::string kind, Handler handler) {
    std::lock_guard lock(mutex_);
    if (started_) throw std::logic_error("jobs::Worker::handle after start");
    handlers_[std::move(kind)] = std::move(handler);
  }

  void start() {
    std::lock_guard lock(mutex_);
    if (started_) throw std::logic_error("jobs::Worker started twice");
    if (stopping_) throw std::logic_error("jobs::Worker started after stop");
    started_ = true;
    for (std::size_t i = 0; i < options_.threads; ++i) {
      std::string holder = options_.worker_id;
      if (options_.threads > 1) holder.append("/").append(std::to_string(i));
      threads_.emplace_back([this, holder] { loop(holder); });
    }
    spdlog::info("job worker {} started: {} thread(s), {} kind(s)", options_.worker_id,
                 options_.threads, handlers_.size());
  }

  void wake() {
    {
      std::lock_guard lock(mutex_);
      ++generation_;
    }
    cv_.notify_all();
  }

  void stop() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      threads.swap(threads_);
    }
    cv_.notify_all();
    for (auto& t : threads) t.join();
    if (!threads.empty()) spdlog::info("job worker {} stopped", options_.worker_id);
  }

  Stats stats() const {
    return {claimed_.load(), done_.load(), failed_.load(),
            retried_.load(), lost_.load(), errors_.load()};
  }

  const std::string& id() const { return options_.worker_id; }

 private:
  bool stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  // Waits up to `d`, less when wake() or stop() is called (or was, since `seen`).
  void pause(std::chrono::milliseconds d, std::uint64_t& seen) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, d, [&] { return stopping_ || generation_ != seen; });
    seen = generation_;
  }

  void loop(const std::string& holder) {
    std::uint64_t seen = 0;
    int errors_in_row = 0;
    while (!stopping()) {
      std::vector<store::Job> batch;
      try {
        batch = db_.system([&](store::Tx& tx) {
          return store::jobs::claim(tx, holder, options_.batch, options_.lease);
        });
        errors_in_row = 0;
      } catch (const std::exception& e) {
        ++errors_;
        std::chrono::milliseconds wait = std::min<std::chrono::milliseconds>(
            options_.error_pause * (1 << std::min(errors_in_row++, 10)), kMaxErrorPause);
        spdlog::warn("job worker {}: claiming failed: {}; retrying in {} ms", holder, e.what(),
                     wait.count());
        pause(wait, seen);
        continue;
      }
      claimed_ += batch.size();
      auto claimed_at = std::chrono::steady_clock::now();
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (stopping()) {
          for (; i < batch.size(); ++i) release(batch[i], holder);
          break;
        }
        // Later jobs of a batch wait for the earlier ones: renew their lease before it runs low.
        if (i > 0 && std::chrono::steady_clock::now() - claimed_at > options_.lease / 2 &&
            !renew(batch[i], holder)) {
          continue;
        }
        run(batch[i], holder);
      }
      if (batch.size() < options_.batch) pause(options_.poll_interval, seen);
    }
  }

  void run(const store::Job& job, const std::string& holder) {
    auto handler = handlers_.find(job.kind);
    if (handler == handlers_.end()) {
      record_failure(job, holder, "no handler for job kind '" + job.kind + "' on worker " + holder,
                     false);
      return;
    }
    JobContext context{job,
                       [&] {
                         db_.system([&](store::Tx& tx) {
                           store::jobs::extend_lease(tx, job.tenant_id, job.id, holder,
                                                     options_.lease);
                         });
                       },
                       [this] { return stopping(); }};
    std::string result;
    try {
      result = handler->second(context);
    } catch (const PermanentError& e) {
      record_failure(job, holder, e.what(), false);
      return;
    } catch (...) {
      record_failure(job, holder, describe(std::current_exception()), true);
      return;
    }
    if (result.empty()) result = "{}";
    try {
      db_.system(
          [&](store::Tx& tx) { store::jobs::complete(tx, job.tenant_id, job.id, holder, result); });
      ++done_;
    } catch (const store::InvalidArgument&) {
      record_failure(job, holder, "handler returned a result that is not JSON", false);
    } catch (const std::exception& e) {
      outcome_not_recorded(job, holder, "completion", e);
    }
  }

  void record_failure(const store::Job& job, const std::string& holder, const std::string& error,
                      bool retry) {
    try {
      auto status = db_.system([&](store::Tx& tx) {
        if (!retry) {
          store::jobs::fail_permanently(tx, job.tenant_id, job.id, holder, error);
          return store::JobStatus::failed;
        }
        return store::jobs::fail(tx, job.tenant_id, job.id, holder, error, options_.retry_base);
      });
      bool retried = status == store::JobStatus::queued;
      ++(retried ? retried_ : failed_);
      spdlog::warn("job {} ({}, tenant {}) attempt {} of {} failed{}: {}", job.id, job.kind,
                   job.tenant_id, job.attempts, job.max_attempts, retried ? ", will retry" : "",
                   error);
    } catch (const std::exception& e) {
      outcome_not_recorded(job, holder, "failure", e);
    }
  }

  // Conflict: another worker holds the job now and its outcome counts. Anything else: the job
  // stays running under this lease and is taken over (run again) once the lease expires.
  void outcome_not_recorded(const store::Job& job, const std::string& holder, const char* what,
                            const std::exception& e) {
    if (dynamic_cast<const store::Conflict*>(&e) != nullptr) {
      ++lost_;
      spdlog::warn("job {} ({}): lease lost by {}; its {} is discarded: {}", job.id, job.kind,
                   holder, what, e.what());
      return;
    }
    ++errors_;
    spdlog::error("job {} ({}): recording its {} failed: {}; retried after the lease expires",
                  job.id, job.kind, what, e.what());
  }

  bool renew(const store::Job& job, const std::string& holder) {
    try {
      db_.system([&](store::Tx& tx) {
        store::jobs::extend_lease(tx, job.tenant_id, job.id, holder, options_.lease);
      });
      return true;
    } catch (const std::exception& e) {
      outcome_not_recorded(job, holder, "lease renewal", e);
      return false;
    }
  }

  void release(const store::Job& job, const std::string& holder) {
    try {
      db_.system([&](store::Tx& tx) { store::jobs::release(tx, job.tenant_id, job.id, holder); });
    } catch (const std::exception& e) {
      outcome_not_recorded(job, holder, "release", e);
    }
  }

  store::Database& db_;
  WorkerOptions options_;
  std::map<std::string, Handler> handlers_;  // read-only once started

  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;
  bool started_ = false, stopping_ = false;
  std::uint64_t generation_ = 0;  // bumped by wake()

  std::atomic<std::uint64_t> claimed_{0}, done_{0}, failed_{0}, retried_{0}, lost_{0}, errors_{0};
};

Worker::Worker(store::Database& db, WorkerOptions options)
    : impl_(std::make_unique<Impl>(db, std::move(options))) {}

Worker::~Worker() { stop(); }

void Worker::handle(std::string kind, Handler handler) {
  impl_->handle(std::move(kind), std::move(handler));
}
void Worker::start() { impl_->start(); }
void Worker::wake() { impl_->wake(); }
void Worker::stop() { impl_->stop(); }
Worker::Stats Worker::stats() const { return impl_->stats(); }
const std::string& Worker::id() const { return impl_->id(); }

}  // namespace jobs
