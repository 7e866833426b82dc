// Group commit for SQLite writes (Database::write_grouped): callers hand a function to one
// committer thread and wait; the thread runs every waiting function of one tenant inside one
// transaction, each in its own savepoint, and commits once. SQLite writes whole pages to the
// WAL at every commit, so twenty small inserts committed together write a few pages instead of
// a hundred, and writers stop handing the write lock to one another. Internal to store/.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/database.h"

namespace store::internal {

class GroupCommitter {
 public:
  // `begin` opens a write transaction for a tenant (Database::begin).
  explicit GroupCommitter(std::function<Tx(const std::string& tenant)> begin,
                          std::size_t max_batch = 128);
  ~GroupCommitter();  // finishes the queued work, then joins the thread
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs fn(tx) in a transaction for `tenant` on the committer thread and returns once it is
  // committed; rethrows what fn threw (only fn's own work is then rolled back) or, when the
  // transaction as a whole fails, that failure.
  void run(const std::string& tenant, const std::function<void(Tx&)>& fn);

 private:
  struct Job {
    const std::string* tenant;
    const std::function<void(Tx&)>* fn;
    std::exception_ptr error;
    bool done = false;
    std::condition_variable finished;  // each waiter is woken alone, not the whole crowd
  };
  void loop();
  void run_batch(std::vector<Job*>& batch);

  std::function<Tx(const std::string&)> begin_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace store::internal
