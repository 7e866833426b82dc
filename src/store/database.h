// The system of record: one Database per process, over SQLite (embedded default) or PostgreSQL,
// with a pool of SOCI sessions, embedded versioned migrations and tenant-scoped transactions.
//
// All data access goes through a transaction: write(scope, fn), read(scope, fn) or system(fn)
// lease a pooled session, begin, call fn(Tx&), and commit when fn returns or roll back when it
// throws. Repositories (store/clients.h, store/campaigns.h, …) are free functions taking that
// Tx&; they read the tenant from tx.tenant_id() and nowhere else. On PostgreSQL, row-level
// security keyed on the same tenant is a second wall behind them.
//
// Errors: every database failure surfaces as store::Error or one of its subclasses, never as a
// SOCI or driver exception. Database is safe to use from many threads at once; a Tx belongs to
// the thread running fn and must not escape it.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace store {

enum class Dialect { sqlite, postgresql };

struct DatabaseOptions {
  // "sqlite:PATH" (also "sqlite://PATH"; missing parent folders are created) or
  // "postgresql://user:pass@host:port/db" (also "postgres://…"; any libpq URI).
  std::string url;
  // Most sessions held open at once. Sessions open lazily up to this number.
  std::size_t pool_size = 8;
};

// Made by the api layer only after authentication; names the tenant a transaction acts for.
struct TenantScope {
  std::string tenant_id;
};

struct PoolStats {
  std::size_t size = 0;    // capacity (DatabaseOptions::pool_size)
  std::size_t in_use = 0;  // sessions leased to running transactions
  std::size_t open = 0;    // sessions connected so far (idle + in use)
};

// Any database failure: cannot connect, bad SQL, lost connection, pool exhausted, …
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The addressed row does not exist for this tenant (a foreign tenant's row counts as missing).
class NotFound : public Error {
 public:
  using Error::Error;
};
// The write contradicts stored data: duplicate key, unique or foreign-key violation, or a row
// still referenced elsewhere.
class Conflict : public Error {
 public:
  using Error::Error;
};
// A value the database refused as malformed (invalid JSON, bad cursor, out-of-range limit,
// missing tenant). The api layer maps it to 400.
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

namespace internal {
class SessionPool;
struct PooledSession;
class GroupCommitter;
}  // namespace internal

// One transaction on one pooled session. Only Database makes them; fn receives a reference.
class Tx {
 public:
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  Tx(Tx&& other) noexcept;
  Tx& operator=(Tx&&) = delete;
  // Rolls back if still open and returns the session to the pool.
  ~Tx();

  // The session, for SQL the repositories do not cover. Valid until fn returns.
  soci::session& sql();
  Dialect dialect() const { return dialect_; }
  // The tenant this transaction acts for; empty in system transactions.
  const std::string& tenant_id() const { return tenant_id_; }
  bool is_system() const { return tenant_id_.empty(); }
  bool is_read_only() const { return read_only_; }

 private:
  friend class Database;
  friend class internal::GroupCommitter;
  Tx(internal::SessionPool& pool, internal::PooledSession& session, Dialect dialect,
     std::string tenant_id, bool read_only);
  void commit();
  // Rolls back, then rethrows the exception being handled, translated to store::Error when it
  // came from the database driver. Call only from a catch block.
  [[noreturn]] void rollback_and_rethrow();
  void finish(bool committed) noexcept;

  internal::SessionPool* pool_;
  internal::PooledSession* session_;
  Dialect dialect_;
  std::string tenant_id_;
  bool read_only_;
  bool open_ = true;
  // SQLite write transactions of this process hold Database's writer mutex until they end.
  std::unique_lock<std::timed_mutex> writer_;
};

class Database {
 public:
  // Connects one session (more open lazily, up to pool_size; a broken one is replaced) and
  // returns the handle. Throws Error with a clear message on a malformed URL or when the
  // database cannot be reached; the message never contains the password. Does not migrate.
  static std::unique_ptr<Database> open(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return dialect_; }

  // Applies the pending embedded migrations in version order, each in its own transaction, and
  // records them in schema_migrations. Returns the versions applied (empty when up to date).
  // Safe at every start-up and from several processes at once (SQLite serialises on the write
  // lock, PostgreSQL on an advisory lock). Throws Error and stops at the first failing one.
  std::vector<int> migrate();
  // The highest applied migration version, 0 on an empty database.
  int schema_version();
  // The highest version embedded in this binary for this dialect.
  int latest_schema_version() const;

  // Runs fn(Tx&) in a read-write transaction acting for scope.tenant_id and returns what fn
  // returns. Commits when fn returns; rolls back and rethrows when it throws (database errors as
  // store::Error). On SQLite the transaction starts with BEGIN IMMEDIATE, so concurrent writers
  // queue (up to the 5 s busy timeout) instead of failing. Throws InvalidArgument on an empty
  // tenant. Do not nest: a nested call takes a second session and, on SQLite, waits for the
  // first one's lock.
  template <class F>
  auto write(const TenantScope& scope, F&& fn) {
    return run(Mode::write, tenant_or_throw(scope), std::forward<F>(fn));
  }
  // As write(), for short writes many requests make at once (one stored record each). On SQLite
  // the functions of concurrent callers for one tenant share a transaction (group commit): fn
  // runs on the database's committer thread, inside its own savepoint, while the caller waits.
  // When fn throws, only its own work is rolled back and its caller gets the exception (database
  // errors as store::Error); the others still commit. fn must not depend on the calling thread
  // and should be quick: the batch waits for it. On PostgreSQL it is exactly write().
  template <class F>
  auto write_grouped(const TenantScope& scope, F&& fn) {
    using R = std::invoke_result_t<F&, Tx&>;
    if (dialect_ != Dialect::sqlite) return write(scope, std::forward<F>(fn));
    if constexpr (std::is_void_v<R>) {
      run_grouped(tenant_or_throw(scope), [&](Tx& tx) { fn(tx); });
    } else {
      std::optional<R> result;
      run_grouped(tenant_or_throw(scope), [&](Tx& tx) { result.emplace(fn(tx)); });
      return std::move(*result);
    }
  }
  // As write(), but read-only: writes fail with Error (PostgreSQL READ ONLY transaction,
  // SQLite query_only). Concurrent with writers on both backends.
  template <class F>
  auto read(const TenantScope& scope, F&& fn) {
    return run(Mode::read, tenant_or_throw(scope), std::forward<F>(fn));
  }
  // A read-write transaction acting for no tenant (PostgreSQL: app.system = 'on' lifts the row
  // policies). Only for authentication lookups, tenant creation, migrations and demo seeding.
  template <class F>
  auto system(F&& fn) {
    return run(Mode::system, std::string(), std::forward<F>(fn));
  }

  // True when a trivial query succeeds on a pooled session; waits at most 2 s for a free one
  // (a saturated pool reads as not ready). Never throws.
  bool ping() noexcept;
  // A snapshot of the pool's counters. Thread-safe, never blocks on I/O.
  PoolStats pool_stats() const;

 private:
  enum class Mode { read, write, system };
  Database(Dialect dialect, std::unique_ptr<internal::SessionPool> pool);
  static std::string tenant_or_throw(const TenantScope& scope);
  // Leases a session and begins the transaction (setting the tenant); throws Error.
  Tx begin(Mode mode, std::string tenant_id);
  // Hands fn to the group committer (started on first use) and waits for its commit.
  void run_grouped(const std::string& tenant, const std::function<void(Tx&)>& fn);

  template <class F>
  auto run(Mode mode, std::string tenant_id, F&& fn) {
    Tx tx = begin(mode, std::move(tenant_id));
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<F&, Tx&>>) {
        fn(tx);
        tx.commit();
      } else {
        auto result = fn(tx);
        tx.commit();
        return result;
      }
    } catch (...) {
      tx.rollback_and_rethrow();
    }
  }

  Dialect dialect_;
  std::unique_ptr<internal::SessionPool> pool_;
  // SQLite has one writer at a time. Writers of this process queue here, in order and without
  // holding a pooled session, instead of polling SQLite's lock in the busy handler's sleeps
  // (1 ms, 2 ms, 5 ms … 100 ms), which under load made the slowest writes wait tens of ms.
  std::timed_mutex sqlite_writer_;
  std::once_flag committer_started_;
  std::unique_ptr<internal::GroupCommitter> committer_;
};

}  // namespace store
