// Checks that go beyond a field's own shape (a real currency, a real time zone, a date range),
// shared by the endpoints. Each appends a FieldError naming the field; throw_if_any() turns the
// collected errors into the 400 problem.
#pragma once

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/schema.h"
#include "core/date.h"
#include "store/database.h"

namespace api {

class Checks {
 public:
  void currency(const std::string& field, const std::string& code);
  void time_zone(const std::string& field, const std::string& name);
  // end must not be before start (both optional).
  void date_order(const std::string& end_field, const std::optional<core::Date>& start,
                  const std::optional<core::Date>& end);
  void fail(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  // Throws the 400 problem when any check failed.
  void throw_if_any();

 private:
  std::vector<schema::FieldError> errors_;
};

// The field a domain engine names in its std::invalid_argument ("variants[1].weight: must be in
// (0, 1]": the path, then ": ", then the message), spelled as the request spells it: the first
// of `renames` whose engine prefix starts the path replaces that prefix ({"options.",
// "analysis."}). A message without a path is put on `fallback`.
using FieldRename = std::pair<std::string_view, std::string_view>;
schema::FieldError engine_field_error(const std::invalid_argument& error, std::string fallback,
                                      std::initializer_list<FieldRename> renames = {});

// Runs a listing; a cursor the store refuses (from another listing, sort or version) becomes the
// 400 problem naming the `cursor` parameter.
template <class F>
auto with_cursor(F&& list) {
  try {
    return list();
  } catch (const store::InvalidArgument&) {
    schema::throw_validation_problem({{"cursor", "is not a cursor of this listing and sort"}});
  }
}

// The 404 problem for `type` `id`: the same answer for a missing row and another tenant's.
[[noreturn]] void throw_not_found(const std::string& type, const std::string& id);

// Slugs used as chosen ids: lower-case letters, digits and dashes, 1–64 characters.
inline constexpr const char* kSlugPattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";
inline constexpr const char* kSlugHint =
    "1–64 lower-case letters, digits or dashes, not starting or ending with a dash";

}  // namespace api
