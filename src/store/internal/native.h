// Direct calls into libsqlite3 / libpq on a SOCI session's own connection, for what SOCI does
// not do well: multi-statement scripts (migrations), transaction control in one round trip, and
// connection health. Internal to store/.
#pragma once

#include <string>
#include <string_view>

#include "store/database.h"

namespace soci {
class session;
}

namespace store::internal {

// Runs one or more SQL statements without parameters. Throws the translated store::Error.
void exec_script(soci::session& sql, Dialect dialect, const std::string& script);

// Quotes `text` as an SQL string literal for this connection (PostgreSQL: PQescapeLiteral).
std::string quote_literal(soci::session& sql, Dialect dialect, std::string_view text);

// Applies the per-connection settings (SQLite pragmas and extended error codes). Throws Error.
// Process-wide SQLite settings, applied once before the first SQLite connection opens.
void configure_sqlite_library();

void configure_connection(soci::session& sql, Dialect dialect);

// True while the connection is inside a transaction block.
bool in_transaction(soci::session& sql, Dialect dialect) noexcept;

// True when the connection is usable and not inside a transaction, i.e. safe to lease again.
bool is_reusable(soci::session& sql, Dialect dialect) noexcept;

}  // namespace store::internal
