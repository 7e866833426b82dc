// Turns driver exceptions (SOCI, libpq, libsqlite3) into store::Error and its subclasses.
// Internal to store/.
#pragma once

#include <string>

#include "store/database.h"

namespace store::internal {

// Rethrows the exception currently being handled; a soci::soci_error becomes the matching
// store::Error subclass, anything else passes through unchanged. Call only inside a catch block.
[[noreturn]] void rethrow_translated();

// Throws the store::Error subclass for a PostgreSQL SQLSTATE.
[[noreturn]] void throw_for_sqlstate(const std::string& sqlstate, const std::string& message);
// Throws the store::Error subclass for an SQLite (extended) result code.
[[noreturn]] void throw_for_sqlite(int code, const std::string& message);

// True when the exception being handled means the connection itself is gone.
bool is_connection_failure(const std::exception& e) noexcept;

}  // namespace store::internal
