#include "store/internal/sql.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace store::internal {

namespace {
std::string format_timestamp(std::chrono::system_clock::time_point now) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch());
  std::time_t seconds = static_cast<std::time_t>(micros.count() / 1'000'000);
  unsigned fraction = static_cast<unsigned>(micros.count() % 1'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
  return text;
}
}  // namespace

std::string now_timestamp() { return format_timestamp(std::chrono::system_clock::now()); }

std::string timestamp_before(std::chrono::seconds age) {
  return format_timestamp(std::chrono::system_clock::now() - age);
}

std::string ts_out(Dialect dialect, std::string_view column) {
  if (dialect == Dialect::sqlite) return std::string(column);
  return "to_char(" + std::string(column) +
         " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}

std::string date_out(Dialect dialect, std::string_view column) {
  if (dialect == Dialect::sqlite) return std::string(column);
  return "to_char(" + std::string(column) + ", 'YYYY-MM-DD')";
}

std::string json_out(Dialect dialect, std::string_view column) {
  if (dialect == Dialect::sqlite) return std::string(column);
  return "CAST(" + std::string(column) + " AS TEXT)";
}

namespace {
std::string cast_param(Dialect dialect, std::string_view param, std::string_view pg_type) {
  if (dialect == Dialect::sqlite) return std::string(param);
  return "CAST(" + std::string(param) + " AS " + std::string(pg_type) + ")";
}
}  // namespace

std::string ts_in(Dialect dialect, std::string_view param) {
  return cast_param(dialect, param, "timestamptz");
}
std::string date_in(Dialect dialect, std::string_view param) {
  return cast_param(dialect, param, "date");
}
std::string json_in(Dialect dialect, std::string_view param) {
  return cast_param(dialect, param, "jsonb");
}

const std::string& require_tenant(const Tx& tx, std::string_view operation) {
  if (tx.is_system()) {
    throw InvalidArgument(std::string(operation) + " needs a tenant transaction");
  }
  return tx.tenant_id();
}

void require_system(const Tx& tx, std::string_view operation) {
  if (!tx.is_system()) {
    throw InvalidArgument(std::string(operation) + " needs a system transaction");
  }
}

void require_client(Tx& tx, const std::string& client_id) {
  int found = 0;
  tx.sql() << "SELECT count(*) FROM clients WHERE tenant_id = :tenant AND id = :id",
      soci::use(tx.tenant_id()), soci::use(client_id), soci::into(found);
  if (found == 0) throw NotFound("client " + client_id + " not found");
}

void check_limit(std::size_t limit, std::size_t max) {
  if (limit < 1 || limit > max) {
    throw InvalidArgument("limit must be between 1 and " + std::to_string(max) + ", got " +
                          std::to_string(limit));
  }
}

std::optional<std::string> date_text(const std::optional<core::Date>& date) {
  if (!date) return std::nullopt;
  return core::format_iso_date(*date);
}

core::Date parse_stored_date(const std::string& text) {
  auto date = core::parse_iso_date(text);
  if (!date) throw Error("stored date '" + text + "' is not YYYY-MM-DD");
  return *date;
}

std::optional<core::Date> parse_stored_date(const Nullable<std::string>& text) {
  if (text.ind != soci::i_ok) return std::nullopt;
  return parse_stored_date(text.value);
}

}  // namespace store::internal
