#include "store/internal/pool.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>

#include "store/internal/errors.h"
#include "store/internal/native.h"

namespace store::internal {

SessionPool::SessionPool(Dialect dialect, std::string connect_string, std::string display_name,
                         std::size_t capacity)
    : dialect_(dialect),
      connect_string_(std::move(connect_string)),
      display_name_(std::move(display_name)),
      capacity_(std::max<std::size_t>(capacity, 1)) {
  if (dialect_ == Dialect::sqlite) configure_sqlite_library();
}

SessionPool::~SessionPool() = default;

std::unique_ptr<PooledSession> SessionPool::connect() {
  auto session = std::make_unique<PooledSession>();
  try {
    if (dialect_ == Dialect::sqlite) {
      session->sql.open(soci::sqlite3, connect_string_);
    } else {
      session->sql.open(soci::postgresql, connect_string_);
    }
    configure_connection(session->sql, dialect_);
  } catch (const soci::soci_error& e) {
    throw Error("cannot open database " + display_name_ + ": " + e.get_error_message());
  } catch (const Error& e) {
    throw Error("cannot open database " + display_name_ + ": " + e.what());
  }
  return session;
}

PooledSession& SessionPool::acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  bool ready = available_.wait_for(
      lock, wait, [&] { return !idle_.empty() || sessions_.size() + opening_ < capacity_; });
  if (!ready) {
    throw Error("database pool exhausted: all " + std::to_string(capacity_) +
                " sessions busy for " + std::to_string(wait.count()) + " ms");
  }
  if (!idle_.empty()) {
    PooledSession* session = idle_.back();
    idle_.pop_back();
    return *session;
  }
  ++opening_;
  lock.unlock();
  std::unique_ptr<PooledSession> session;
  try {
    session = connect();
  } catch (...) {
    lock.lock();
    --opening_;
    available_.notify_one();
    throw;
  }
  lock.lock();
  --opening_;
  sessions_.push_back(std::move(session));
  return *sessions_.back();
}

void SessionPool::release(PooledSession& session) noexcept {
  if (session.broken || !is_reusable(session.sql, dialect_)) {
    discard(session);
    return;
  }
  std::lock_guard lock(mutex_);
  idle_.push_back(&session);
  available_.notify_one();
}

void SessionPool::discard(PooledSession& session) noexcept {
  std::unique_ptr<PooledSession> doomed;
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(sessions_.begin(), sessions_.end(),
                           [&](const auto& s) { return s.get() == &session; });
    if (it != sessions_.end()) {
      doomed = std::move(*it);
      sessions_.erase(it);
    }
    available_.notify_one();
  }
  // Closed outside the lock: closing a network connection may block.
  try {
    doomed.reset();
  } catch (...) {
  }
}

PoolStats SessionPool::stats() const {
  std::lock_guard lock(mutex_);
  return PoolStats{capacity_, sessions_.size() - idle_.size(), sessions_.size()};
}

}  // namespace store::internal
