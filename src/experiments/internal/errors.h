// Field-path error messages: every std::invalid_argument from this module starts with the path
// of the field that was wrong ("variants[1].weight: …"), so the API can name it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace experiments::internal {

[[noreturn]] inline void fail(std::string_view path, std::string_view message) {
  throw std::invalid_argument(std::string(path).append(": ").append(message));
}

// "name[index]"
inline std::string indexed(std::string_view name, std::size_t index) {
  return std::string(name).append("[").append(std::to_string(index)).append("]");
}

// "parent.field"
inline std::string member(std::string_view parent, std::string_view field) {
  return std::string(parent).append(".").append(field);
}

}  // namespace experiments::internal
