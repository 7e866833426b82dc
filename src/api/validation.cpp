#include "api/validation.h"

#include <date/tz.h>

#include "core/money.h"
#include "http/problem.h"

namespace api {

void Checks::currency(const std::string& field, const std::string& code) {
  if (!core::is_iso4217_currency(code)) {
    fail(field, "must be an ISO 4217 currency code such as USD or EUR");
  }
}

void Checks::time_zone(const std::string& field, const std::string& name) {
  try {
    date::locate_zone(name);
  } catch (const std::exception&) {
    fail(field, "must be an IANA time zone such as Europe/Berlin or UTC");
  }
}

void Checks::date_order(const std::string& end_field, const std::optional<core::Date>& start,
                        const std::optional<core::Date>& end) {
  if (start && end && *end < *start) fail(end_field, "must not be before the start date");
}

void Checks::throw_if_any() {
  if (!errors_.empty()) schema::throw_validation_problem(std::move(errors_));
}

schema::FieldError engine_field_error(const std::invalid_argument& error, std::string fallback,
                                      std::initializer_list<FieldRename> renames) {
  std::string_view text = error.what();
  auto colon = text.find(": ");
  if (colon == std::string_view::npos) return {std::move(fallback), std::string(text)};
  std::string field(text.substr(0, colon));
  for (const auto& [from, to] : renames) {
    if (field.starts_with(from)) {
      field = std::string(to).append(field, from.size());
      break;
    }
  }
  return {std::move(field), std::string(text.substr(colon + 2))};
}

void throw_not_found(const std::string& type, const std::string& id) {
  throw http::ProblemError(http::not_found(type + " '" + id + "' does not exist"));
}

}  // namespace api
