// Template definitions for schema.h that need http::ProblemError.
#pragma once

#include "http/problem.h"

namespace api::schema {

// Turns parse errors into the 400 problem every endpoint answers with.
[[noreturn]] void throw_validation_problem(std::vector<FieldError> errors);

template <class T>
T parse_body(const Object<T>& schema, std::string_view body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    throw_validation_problem({{"body", "is not valid JSON"}});
  }
  T out{};
  std::vector<FieldError> errors;
  if (!schema.parse(json, out, "", errors)) throw_validation_problem(std::move(errors));
  return out;
}

}  // namespace api::schema
