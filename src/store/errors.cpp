#include "store/internal/errors.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace store::internal {

void throw_for_sqlstate(const std::string& sqlstate, const std::string& message) {
  // Class 23: integrity constraint violations. Unique, foreign-key and exclusion violations
  // contradict stored data; NOT NULL and CHECK mean the value itself was unacceptable.
  if (sqlstate == "23505" || sqlstate == "23503" || sqlstate == "23P01") throw Conflict(message);
  if (sqlstate == "23502" || sqlstate == "23514") throw InvalidArgument(message);
  // Class 22: data exceptions (invalid JSON or date text, numeric out of range, …).
  if (sqlstate.rfind("22", 0) == 0) throw InvalidArgument(message);
  throw Error(message);
}

void throw_for_sqlite(int code, const std::string& message) {
  switch (code) {
    case 1555:  // SQLITE_CONSTRAINT_PRIMARYKEY
    case 2067:  // SQLITE_CONSTRAINT_UNIQUE
    case 787:   // SQLITE_CONSTRAINT_FOREIGNKEY
      throw Conflict(message);
    case 275:   // SQLITE_CONSTRAINT_CHECK
    case 1299:  // SQLITE_CONSTRAINT_NOTNULL
      throw InvalidArgument(message);
    default:
      break;
  }
  // Without extended codes the message is all there is to go on.
  if (message.find("UNIQUE constraint failed") != std::string::npos ||
      message.find("FOREIGN KEY constraint failed") != std::string::npos) {
    throw Conflict(message);
  }
  if (message.find("CHECK constraint failed") != std::string::npos ||
      message.find("NOT NULL constraint failed") != std::string::npos) {
    throw InvalidArgument(message);
  }
  throw Error(message);
}

void rethrow_translated() {
  try {
    throw;
  } catch (const Error&) {
    throw;
  } catch (const soci::postgresql_soci_error& e) {
    // get_error_message() leaves out SOCI's context, which may quote bound values (secrets).
    throw_for_sqlstate(e.sqlstate(), "PostgreSQL: " + e.get_error_message());
  } catch (const soci::sqlite3_soci_error& e) {
    throw_for_sqlite(e.result(), "SQLite: " + e.get_error_message());
  } catch (const soci::soci_error& e) {
    if (e.get_error_category() == soci::soci_error::constraint_violation) {
      throw Conflict(e.get_error_message());
    }
    throw Error(e.get_error_message());
  }
}

bool is_connection_failure(const std::exception& e) noexcept {
  const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e);
  return soci_error != nullptr &&
         soci_error->get_error_category() == soci::soci_error::connection_error;
}

}  // namespace store::internal
