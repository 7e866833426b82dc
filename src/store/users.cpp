#include "store/users.h"

#include <soci/soci.h>

#include "store/internal/sql.h"

namespace store::users {
namespace {

using internal::Nullable;

struct UserRow {
  User u;
  Nullable<std::string> client_id;
  int disabled = 0;

  User done() {
    u.client_id = internal::optional_of<std::string>(client_id);
    u.disabled = disabled != 0;
    return u;
  }
};

std::string select_users(Dialect d) {
  return "SELECT id, email, password_hash, role, client_id, " + internal::ts_out(d, "created_at") +
         ", CAST(disabled AS INTEGER) FROM users WHERE tenant_id = :tenant";
}

// Runs a users SELECT with `tenant` and one more named text parameter; calls `on_row` per row.
template <class OnRow>
void select(Tx& tx, const std::string& where_and_order, const std::string& tenant,
            const std::string& param, OnRow on_row) {
  UserRow row;
  soci::statement st(tx.sql());
  st.exchange(soci::into(row.u.id));
  st.exchange(soci::into(row.u.email));
  st.exchange(soci::into(row.u.password_hash));
  st.exchange(soci::into(row.u.role));
  st.exchange(soci::into(row.client_id.value, row.client_id.ind));
  st.exchange(soci::into(row.u.created_at));
  st.exchange(soci::into(row.disabled));
  st.exchange(soci::use(tenant, "tenant"));
  if (!param.empty()) st.exchange(soci::use(param, "p"));
  st.alloc();
  st.prepare(select_users(tx.dialect()) + where_and_order);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) on_row(row.done());
}

std::optional<User> find_where(Tx& tx, const std::string& where, const std::string& value,
                               const char* operation) {
  const std::string& tenant = internal::require_tenant(tx, operation);
  std::optional<User> found;
  select(tx, where, tenant, value, [&](User u) { found = std::move(u); });
  return found;
}

}  // namespace

User insert(Tx& tx, User user) {
  const std::string& tenant = internal::require_tenant(tx, "users::insert");
  user.created_at = internal::now_timestamp();
  auto client_id = internal::nullable<std::string>(user.client_id);
  int disabled = user.disabled ? 1 : 0;
  // PostgreSQL stores a BOOLEAN; '1'/'0' text converts to it.
  std::string disabled_sql =
      tx.dialect() == Dialect::sqlite ? ":disabled" : "CAST(CAST(:disabled AS INTEGER) AS BOOLEAN)";
  tx.sql() << "INSERT INTO users (tenant_id, id, email, password_hash, role, client_id, "
              "created_at, disabled) VALUES (:tenant, :id, :email, :hash, :role, :client, " +
                  internal::ts_in(tx.dialect(), ":created") + ", " + disabled_sql + ")",
      soci::use(tenant), soci::use(user.id), soci::use(user.email), soci::use(user.password_hash),
      soci::use(user.role), soci::use(client_id.value, client_id.ind), soci::use(user.created_at),
      soci::use(disabled);
  return user;
}

std::optional<User> find(Tx& tx, const std::string& id) {
  return find_where(tx, " AND id = :p", id, "users::find");
}

std::optional<User> find_by_email(Tx& tx, const std::string& email) {
  return find_where(tx, " AND email = :p", email, "users::find_by_email");
}

std::vector<User> list(Tx& tx) {
  const std::string& tenant = internal::require_tenant(tx, "users::list");
  std::vector<User> out;
  select(tx, " ORDER BY email", tenant, {}, [&](User u) { out.push_back(std::move(u)); });
  return out;
}

void set_disabled(Tx& tx, const std::string& id, bool disabled) {
  const std::string& tenant = internal::require_tenant(tx, "users::set_disabled");
  int flag = disabled ? 1 : 0;
  std::string value =
      tx.dialect() == Dialect::sqlite ? ":flag" : "CAST(CAST(:flag AS INTEGER) AS BOOLEAN)";
  soci::statement st = (tx.sql().prepare << "UPDATE users SET disabled = " + value +
                                                " WHERE tenant_id = :tenant AND id = :id",
                        soci::use(flag), soci::use(tenant), soci::use(id));
  st.execute(true);
  if (st.get_affected_rows() == 0) throw NotFound("user " + id + " not found");
}

}  // namespace store::users
