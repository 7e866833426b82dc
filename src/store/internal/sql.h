// Small helpers shared by the repositories: dialect-specific SQL fragments for timestamps, dates
// and JSON, nullable binding, tenant checks and limits. Internal to store/.
#pragma once

#include <soci/soci.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "store/database.h"

namespace store::internal {

// The current UTC time as "YYYY-MM-DDTHH:MM:SS.ffffffZ", the text form of every timestamp the
// store hands out (and the stored form in SQLite).
std::string now_timestamp();
// The UTC time `age` ago, in the same form.
std::string timestamp_before(std::chrono::seconds age);

// SQL reading `column` back as text: timestamps in the form above, dates as 'YYYY-MM-DD',
// JSON as its text.
std::string ts_out(Dialect dialect, std::string_view column);
std::string date_out(Dialect dialect, std::string_view column);
std::string json_out(Dialect dialect, std::string_view column);
// SQL binding a text parameter (":name") to a timestamp / date / JSON column.
std::string ts_in(Dialect dialect, std::string_view param);
std::string date_in(Dialect dialect, std::string_view param);
std::string json_in(Dialect dialect, std::string_view param);

// The transaction's tenant; throws InvalidArgument in a system transaction.
const std::string& require_tenant(const Tx& tx, std::string_view operation);
// Throws InvalidArgument unless `tx` is a system transaction.
void require_system(const Tx& tx, std::string_view operation);
// Throws NotFound("client <id> not found") unless the transaction's tenant has the client.
void require_client(Tx& tx, const std::string& client_id);
// Checks 1 <= limit <= max; throws InvalidArgument naming the limit otherwise.
void check_limit(std::size_t limit, std::size_t max = 500);

// A value with its SOCI null indicator, for use()/into() with optional columns.
template <class T>
struct Nullable {
  T value{};
  soci::indicator ind = soci::i_null;
};
template <class T, class U = T>
Nullable<T> nullable(const std::optional<U>& v) {
  return v ? Nullable<T>{static_cast<T>(*v), soci::i_ok} : Nullable<T>{};
}
template <class U, class T>
std::optional<U> optional_of(const Nullable<T>& n) {
  if (n.ind != soci::i_ok) return std::nullopt;
  return static_cast<U>(n.value);
}

std::optional<std::string> date_text(const std::optional<core::Date>& date);
// Parses a date read back from the database; throws Error on anything but 'YYYY-MM-DD'.
core::Date parse_stored_date(const std::string& text);
std::optional<core::Date> parse_stored_date(const Nullable<std::string>& text);

}  // namespace store::internal
