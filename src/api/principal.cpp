#include "api/principal.h"

namespace api {

std::optional<Role> role_from_name(std::string_view name) {
  if (name == "admin") return Role::admin;
  if (name == "strategist") return Role::strategist;
  if (name == "client_viewer") return Role::client_viewer;
  return std::nullopt;
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::admin: return "admin";
    case Role::strategist: return "strategist";
    case Role::client_viewer: return "client_viewer";
  }
  return "client_viewer";
}

}  // namespace api
