// A fixed-capacity pool of SOCI sessions that opens connections lazily and replaces broken ones.
// Internal to store/: Database and Tx are its only users. Thread-safe.
#pragma once

#include <soci/soci.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/database.h"

namespace store::internal {

struct PooledSession {
  soci::session sql;
  bool broken = false;  // set when the connection can no longer be trusted; dropped on release
  // SQLite: whether PRAGMA query_only is on. Read transactions leave it on, so a session that
  // serves reads back to back switches it once, not twice per transaction.
  bool query_only = false;
};

class SessionPool {
 public:
  // `connect_string` goes to the SOCI backend; `display_name` (no password) goes into messages.
  SessionPool(Dialect dialect, std::string connect_string, std::string display_name,
              std::size_t capacity);
  ~SessionPool();

  // Leases an idle session, opening a new one while below capacity, else waits up to `wait`.
  // Throws Error when the wait runs out or a new connection cannot be opened.
  PooledSession& acquire(std::chrono::milliseconds wait = std::chrono::seconds(30));
  // Returns a leased session. Broken sessions (or ones left inside a transaction) are closed.
  void release(PooledSession& session) noexcept;

  PoolStats stats() const;
  Dialect dialect() const { return dialect_; }
  const std::string& display_name() const { return display_name_; }

 private:
  std::unique_ptr<PooledSession> connect();
  void discard(PooledSession& session) noexcept;

  const Dialect dialect_;
  const std::string connect_string_;
  const std::string display_name_;
  const std::size_t capacity_;

  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PooledSession>> sessions_;  // every connected session
  std::vector<PooledSession*> idle_;
  std::size_t opening_ = 0;  // connections being opened outside the lock
};

}  // namespace store::internal
