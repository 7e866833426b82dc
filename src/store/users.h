// Dashboard users of a tenant. Every function acts for tx.tenant_id() and needs a tenant
// transaction. Emails are stored and matched exactly as given: callers normalise them (e.g.
// lower-case) first. Use from the thread running the transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace store {

struct User {
  std::string id;
  std::string email;
  std::string password_hash;  // argon2id string from security/
  std::string role;
  std::optional<std::string> client_id;  // set for users limited to one client
  std::string created_at;                // ISO-8601 UTC; set by the store
  bool disabled = false;
};

namespace users {

// Stores a new user and returns it as stored. Conflict when the id or the email is taken in
// this tenant; Conflict too when client_id names no client of this tenant.
User insert(Tx& tx, User user);

std::optional<User> find(Tx& tx, const std::string& id);
std::optional<User> find_by_email(Tx& tx, const std::string& email);

// All users of the tenant ordered by email.
std::vector<User> list(Tx& tx);

// Enables or disables a user; NotFound when missing.
void set_disabled(Tx& tx, const std::string& id, bool disabled);

}  // namespace users
}  // namespace store
