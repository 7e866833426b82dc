#include "store/internal/native.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <memory>
#include <mutex>

#include "store/internal/errors.h"

namespace store::internal {
namespace {

sqlite_api::sqlite3* sqlite_handle(soci::session& sql) {
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

PGconn* pg_handle(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

void exec_sqlite(soci::session& sql, const std::string& script) {
  char* message = nullptr;
  int rc = sqlite_api::sqlite3_exec(sqlite_handle(sql), script.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return;
  std::string text = message ? message : sqlite_api::sqlite3_errstr(rc);
  sqlite_api::sqlite3_free(message);
  throw_for_sqlite(sqlite_api::sqlite3_extended_errcode(sqlite_handle(sql)), "SQLite: " + text);
}

void exec_postgresql(soci::session& sql, const std::string& script) {
  PGconn* conn = pg_handle(sql);
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn, script.c_str()), &PQclear);
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
  std::string message = "PostgreSQL: " + std::string(PQerrorMessage(conn));
  const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  throw_for_sqlstate(sqlstate ? sqlstate : "", message);
}

}  // namespace

void exec_script(soci::session& sql, Dialect dialect, const std::string& script) {
  if (dialect == Dialect::sqlite) {
    exec_sqlite(sql, script);
  } else {
    exec_postgresql(sql, script);
  }
}

std::string quote_literal(soci::session& sql, Dialect dialect, std::string_view text) {
  if (dialect == Dialect::postgresql) {
    char* quoted = PQescapeLiteral(pg_handle(sql), text.data(), text.size());
    if (quoted == nullptr)
      throw Error("PostgreSQL: " + std::string(PQerrorMessage(pg_handle(sql))));
    std::string result(quoted);
    PQfreemem(quoted);
    return result;
  }
  std::string result = "'";
  for (char c : text) {
    if (c == '\'') result += '\'';
    result += c;
  }
  return result + "'";
}

void configure_sqlite_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Memory statistics take a process-wide mutex on every SQLite allocation; nothing reads
    // them. Must precede the first connection (SQLITE_MISUSE afterwards, which is harmless).
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

void configure_connection(soci::session& sql, Dialect dialect) {
  if (dialect == Dialect::postgresql) return;
  sqlite_api::sqlite3_extended_result_codes(sqlite_handle(sql), 1);
  // The busy timeout comes first: it makes everything after it (switching to WAL included)
  // and every later writer wait up to 5 s for a lock instead of failing. WAL lets readers run
  // beside the single writer; NORMAL is durable across application crashes in WAL mode.
  exec_sqlite(sql,
              "PRAGMA busy_timeout = 5000;"
              "PRAGMA journal_mode = WAL;"
              "PRAGMA synchronous = NORMAL;"
              "PRAGMA foreign_keys = ON;");
}

bool in_transaction(soci::session& sql, Dialect dialect) noexcept {
  if (dialect == Dialect::sqlite)
    return sqlite_api::sqlite3_get_autocommit(sqlite_handle(sql)) == 0;
  return PQtransactionStatus(pg_handle(sql)) != PQTRANS_IDLE;
}

bool is_reusable(soci::session& sql, Dialect dialect) noexcept {
  if (dialect == Dialect::sqlite) {
    return sqlite_api::sqlite3_get_autocommit(sqlite_handle(sql)) != 0;
  }
  PGconn* conn = pg_handle(sql);
  return PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE;
}

}  // namespace store::internal
