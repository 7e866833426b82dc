// Database::migrate: applies the embedded migrations, one transaction each.
#include <soci/soci.h>

#include "store/database.h"
#include "store/internal/migrations.h"
#include "store/internal/native.h"
#include "store/internal/sql.h"

namespace store {
namespace {

// Any constant shared by every process of this service; names the migration advisory lock.
constexpr const char* kLockMigrations = "SELECT pg_advisory_xact_lock(80290001)";

// The one table without tenant_id: it describes the schema, not any tenant's data.
std::string create_schema_migrations(Dialect dialect) {
  return std::string("CREATE TABLE IF NOT EXISTS schema_migrations (") +
         "version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at " +
         (dialect == Dialect::sqlite ? "TEXT" : "TIMESTAMPTZ") + " NOT NULL)";
}

// Applies `m` unless it is already recorded; returns whether it ran. The check happens inside
// the transaction, after taking the lock, so concurrent migrators apply each version once.
bool apply_if_pending(Tx& tx, const internal::Migration& m) {
  if (tx.dialect() == Dialect::postgresql)
    internal::exec_script(tx.sql(), tx.dialect(), kLockMigrations);
  internal::exec_script(tx.sql(), tx.dialect(), create_schema_migrations(tx.dialect()));
  int recorded = 0;
  tx.sql() << "SELECT count(*) FROM schema_migrations WHERE version = :v", soci::use(m.version),
      soci::into(recorded);
  if (recorded > 0) return false;
  internal::exec_script(tx.sql(), tx.dialect(), std::string(m.sql));
  std::string name(m.name);
  std::string now = internal::now_timestamp();
  tx.sql() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, " +
                  internal::ts_in(tx.dialect(), ":at") + ")",
      soci::use(m.version), soci::use(name), soci::use(now);
  return true;
}

}  // namespace

std::vector<int> Database::migrate() {
  std::vector<int> applied;
  if (schema_version() >= latest_schema_version()) return applied;
  for (const internal::Migration& m : internal::embedded_migrations(dialect_)) {
    bool ran = false;
    try {
      ran = system([&](Tx& tx) { return apply_if_pending(tx, m); });
    } catch (const Error& e) {
      throw Error("migration " + std::to_string(m.version) + "_" + std::string(m.name) +
                  " failed: " + e.what());
    }
    if (ran) applied.push_back(m.version);
  }
  return applied;
}

}  // namespace store
