#include "store/internal/group_commit.h"

#include <soci/soci.h>

#include "store/internal/errors.h"
#include "store/internal/native.h"

namespace store::internal {

GroupCommitter::GroupCommitter(std::function<Tx(const std::string&)> begin, std::size_t max_batch)
    : begin_(std::move(begin)), max_batch_(max_batch), thread_([this] { loop(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
}

void GroupCommitter::run(const std::string& tenant, const std::function<void(Tx&)>& fn) {
  Job job{&tenant, &fn, nullptr, false, {}};
  std::unique_lock lock(mutex_);
  queue_.push_back(&job);
  work_.notify_one();
  job.finished.wait(lock, [&] { return job.done; });
  if (job.error) std::rethrow_exception(job.error);
}

void GroupCommitter::loop() {
  std::vector<Job*> batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to do
    // The oldest job's tenant; its other waiting jobs join it, the rest keep their places.
    const std::string& tenant = *queue_.front()->tenant;
    batch.clear();
    for (auto it = queue_.begin(); it != queue_.end() && batch.size() < max_batch_;) {
      if (*(*it)->tenant == tenant) {
        batch.push_back(*it);
        it = queue_.erase(it);
      } else {
        ++it;
      }
    }
    lock.unlock();
    run_batch(batch);
    lock.lock();
    for (Job* job : batch) {
      job->done = true;
      job->finished.notify_one();
    }
  }
}

void GroupCommitter::run_batch(std::vector<Job*>& batch) {
  try {
    Tx tx = begin_(*batch.front()->tenant);
    for (Job* job : batch) {
      exec_script(tx.sql(), tx.dialect(), "SAVEPOINT grouped");
      try {
        (*job->fn)(tx);
      } catch (...) {
        try {
          rethrow_translated();
        } catch (...) {
          job->error = std::current_exception();
        }
        // Undoes this job's work only; a failure here fails the whole batch below.
        exec_script(tx.sql(), tx.dialect(), "ROLLBACK TO grouped");
      }
      exec_script(tx.sql(), tx.dialect(), "RELEASE grouped");
    }
    tx.commit();
  } catch (...) {
    std::exception_ptr failure;
    try {
      rethrow_translated();
    } catch (...) {
      failure = std::current_exception();
    }
    for (Job* job : batch) job->error = failure;
  }
}

}  // namespace store::internal
