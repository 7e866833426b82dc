#include "store/database.h"

#include <libpq-fe.h>
#include <soci/soci.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "store/internal/errors.h"
#include "store/internal/group_commit.h"
#include "store/internal/migrations.h"
#include "store/internal/native.h"
#include "store/internal/pool.h"

namespace store {
namespace {

struct ParsedUrl {
  Dialect dialect;
  std::string connect_string;
  std::string display;  // safe to log: no password
};

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// "scheme://user:secret@host/db" → "scheme://user@host/db".
std::string redact(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  auto at = url.find('@', scheme_end + 3);
  if (at == std::string::npos) return url;
  auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

ParsedUrl parse_sqlite_url(const std::string& url) {
  std::string path = url.substr(std::string_view("sqlite:").size());
  if (starts_with(path, "//")) path = path.substr(2);
  if (path.empty()) throw Error("database URL '" + url + "' names no SQLite file");
  if (path.find('=') != std::string::npos) {
    throw Error("SQLite path '" + path + "' must not contain '='");
  }
  if (path != ":memory:") {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw Error("cannot create folder for SQLite file '" + path + "': " + ec.message());
  }
  return {Dialect::sqlite, path, "sqlite:" + path};
}

// libpq parses the URI (percent-decoding included); SOCI 4.0 then needs it as keyword='value'
// pairs, because it splits its connection string on blanks and rebuilds it pair by pair.
std::string postgres_conninfo(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string reason = error ? error : "out of memory";
    PQfreemem(error);
    throw Error("malformed PostgreSQL URL '" + redact(url) + "': " + reason);
  }
  std::string conninfo;
  bool blank = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    std::string value;
    for (const char* c = o->val; *c; ++c) {
      if (std::isspace(static_cast<unsigned char>(*c))) blank = true;
      if (*c == '\\' || *c == '\'') value += '\\';
      value += *c;
    }
    if (!conninfo.empty()) conninfo += ' ';
    conninfo.append(o->keyword).append("='").append(value).append("'");
  }
  PQconninfoFree(options);
  if (blank) throw Error("PostgreSQL URL '" + redact(url) + "': values must not contain blanks");
  return conninfo;
}

ParsedUrl parse_url(const std::string& url) {
  if (starts_with(url, "sqlite:")) return parse_sqlite_url(url);
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    return {Dialect::postgresql, postgres_conninfo(url), redact(url)};
  }
  throw Error("unsupported database URL '" + redact(url) +
              "': expected sqlite:PATH or postgresql://user:pass@host:port/db");
}

}  // namespace

// ---- Tx ----------------------------------------------------------------------------------

Tx::Tx(internal::SessionPool& pool, internal::PooledSession& session, Dialect dialect,
       std::string tenant_id, bool read_only)
    : pool_(&pool),
      session_(&session),
      dialect_(dialect),
      tenant_id_(std::move(tenant_id)),
      read_only_(read_only) {}

Tx::Tx(Tx&& other) noexcept
    : pool_(other.pool_),
      session_(other.session_),
      dialect_(other.dialect_),
      tenant_id_(std::move(other.tenant_id_)),
      read_only_(other.read_only_),
      open_(other.open_),
      writer_(std::move(other.writer_)) {
  other.pool_ = nullptr;
  other.session_ = nullptr;
  other.open_ = false;
}

Tx::~Tx() {
  if (open_) finish(false);
}

soci::session& Tx::sql() { return session_->sql; }

void Tx::commit() {
  internal::exec_script(session_->sql, dialect_, "COMMIT");
  finish(true);
}

void Tx::rollback_and_rethrow() {
  if (open_) {
    try {
      throw;
    } catch (const std::exception& e) {
      if (internal::is_connection_failure(e)) session_->broken = true;
    } catch (...) {
    }
    finish(false);
  }
  internal::rethrow_translated();
}

void Tx::finish(bool committed) noexcept {
  open_ = false;
  if (!committed && internal::in_transaction(session_->sql, dialect_)) {
    try {
      internal::exec_script(session_->sql, dialect_, "ROLLBACK");
    } catch (...) {
      session_->broken = true;  // state unknown: do not hand this connection out again
    }
  }
  pool_->release(*session_);
  if (writer_.owns_lock()) writer_.unlock();
}

// ---- Database ----------------------------------------------------------------------------

Database::Database(Dialect dialect, std::unique_ptr<internal::SessionPool> pool)
    : dialect_(dialect), pool_(std::move(pool)) {}

Database::~Database() = default;

std::unique_ptr<Database> Database::open(const DatabaseOptions& options) {
  ParsedUrl url = parse_url(options.url);
  // Every SQLite ":memory:" connection is its own database: keep exactly one.
  std::size_t capacity = url.connect_string == ":memory:" ? 1 : options.pool_size;
  auto pool = std::make_unique<internal::SessionPool>(url.dialect, url.connect_string, url.display,
                                                      capacity);
  std::unique_ptr<Database> db(new Database(url.dialect, std::move(pool)));
  // Connect now so a wrong URL or an unreachable server fails here, with the reason.
  auto& session = db->pool_->acquire();
  db->pool_->release(session);
  return db;
}

std::string Database::tenant_or_throw(const TenantScope& scope) {
  if (scope.tenant_id.empty()) throw InvalidArgument("a tenant transaction needs a tenant_id");
  return scope.tenant_id;
}

Tx Database::begin(Mode mode, std::string tenant_id) {
  std::unique_lock<std::timed_mutex> writer(sqlite_writer_, std::defer_lock);
  if (dialect_ == Dialect::sqlite && mode != Mode::read &&
      !writer.try_lock_for(std::chrono::seconds(5))) {
    throw Error("database is busy: another write transaction of this process ran for over 5 s");
  }
  internal::PooledSession& session = pool_->acquire();
  Tx tx(*pool_, session, dialect_, std::move(tenant_id), mode == Mode::read);
  tx.writer_ = std::move(writer);
  std::string script;
  bool read = mode == Mode::read;
  if (dialect_ == Dialect::sqlite) {
    // IMMEDIATE takes the write lock up front, so writers queue on the busy timeout instead
    // of failing when a deferred transaction tries to upgrade.
    script = read ? "BEGIN" : "BEGIN IMMEDIATE";
    if (read != session.query_only) {
      script = std::string(read ? "PRAGMA query_only = 1; " : "PRAGMA query_only = 0; ") + script;
    }
  } else {
    script = mode == Mode::read ? "BEGIN READ ONLY; " : "BEGIN; ";
    // Transaction-local settings read by the row-level security policies.
    script += mode == Mode::system
                  ? "SELECT set_config('app.system', 'on', true)"
                  : "SELECT set_config('app.tenant_id', " +
                        internal::quote_literal(session.sql, dialect_, tx.tenant_id()) + ", true)";
  }
  try {
    internal::exec_script(session.sql, dialect_, script);
    session.query_only = read;
  } catch (...) {
    session.broken = true;  // which of the statements ran is unknown: do not reuse it
    tx.rollback_and_rethrow();
  }
  return tx;
}

void Database::run_grouped(const std::string& tenant, const std::function<void(Tx&)>& fn) {
  std::call_once(committer_started_, [this] {
    committer_ = std::make_unique<internal::GroupCommitter>(
        [this](const std::string& t) { return begin(Mode::write, t); });
  });
  committer_->run(tenant, fn);
}

int Database::schema_version() {
  return system([](Tx& tx) {
    int tables = 0;
    if (tx.dialect() == Dialect::sqlite) {
      tx.sql() << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                  "name = 'schema_migrations'",
          soci::into(tables);
    } else {
      tx.sql() << "SELECT count(*) FROM information_schema.tables WHERE "
                  "table_schema = current_schema() AND table_name = 'schema_migrations'",
          soci::into(tables);
    }
    if (tables == 0) return 0;
    int version = 0;
    soci::indicator ind = soci::i_null;
    tx.sql() << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  });
}

int Database::latest_schema_version() const {
  auto all = internal::embedded_migrations(dialect_);
  return all.empty() ? 0 : all.back().version;
}

bool Database::ping() noexcept {
  try {
    internal::PooledSession& session = pool_->acquire(std::chrono::seconds(2));
    bool ok = true;
    try {
      internal::exec_script(session.sql, dialect_, "SELECT 1");
    } catch (...) {
      ok = false;
      session.broken = true;
    }
    pool_->release(session);
    return ok;
  } catch (...) {
    return false;
  }
}

PoolStats Database::pool_stats() const { return pool_->stats(); }

}  // namespace store
