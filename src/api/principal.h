// Who is calling: the identity an API key or a JWT resolves to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace api {

// Ordered by power: a role may do what the roles below it may.
enum class Role { client_viewer = 0, strategist = 1, admin = 2 };

std::optional<Role> role_from_name(std::string_view name);
std::string_view role_name(Role role);

struct Principal {
  std::string tenant_id;
  std::string subject;                   // api key id or user id
  std::string subject_kind;              // "api_key" or "user"
  Role role = Role::client_viewer;
  std::optional<std::string> client_id;  // set for keys and users bound to one client

  // True when this principal may see data of `client_id` (admins and strategists see every
  // client of their tenant; a bound principal only its own).
  bool may_see_client(std::string_view client_id) const {
    return !this->client_id || *this->client_id == client_id;
  }
};

}  // namespace api
