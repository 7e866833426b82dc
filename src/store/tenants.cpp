#include "store/tenants.h"

#include <soci/soci.h>

#include "store/internal/sql.h"

namespace store::tenants {
namespace {

std::string select_tenant(Dialect d) {
  return "SELECT id, name, data_version, " + internal::ts_out(d, "created_at") + " FROM tenants";
}

std::optional<Tenant> fetch_one(Tx& tx, const std::string& id) {
  Tenant t;
  long long version = 0;
  tx.sql() << select_tenant(tx.dialect()) + " WHERE id = :id", soci::use(id), soci::into(t.id),
      soci::into(t.name), soci::into(version), soci::into(t.created_at);
  if (!tx.sql().got_data()) return std::nullopt;
  t.data_version = version;
  return t;
}

}  // namespace

Tenant create(Tx& tx, const std::string& id, const std::string& name) {
  internal::require_system(tx, "tenants::create");
  if (id.empty()) throw InvalidArgument("tenant id must not be empty");
  std::string now = internal::now_timestamp();
  tx.sql() << "INSERT INTO tenants (id, name, data_version, created_at) VALUES (:id, :name, 0, " +
                  internal::ts_in(tx.dialect(), ":now") + ")",
      soci::use(id), soci::use(name), soci::use(now);
  return Tenant{id, name, 0, now};
}

std::optional<Tenant> find(Tx& tx, const std::string& id) {
  if (!tx.is_system() && id != tx.tenant_id()) return std::nullopt;
  return fetch_one(tx, id);
}

std::vector<Tenant> list(Tx& tx) {
  internal::require_system(tx, "tenants::list");
  std::vector<Tenant> out;
  Tenant t;
  long long version = 0;
  soci::statement st =
      (tx.sql().prepare << select_tenant(tx.dialect()) + " ORDER BY id", soci::into(t.id),
       soci::into(t.name), soci::into(version), soci::into(t.created_at));
  st.execute();
  while (st.fetch()) {
    t.data_version = version;
    out.push_back(t);
  }
  return out;
}

std::int64_t bump_data_version(Tx& tx) {
  const std::string& tenant = internal::require_tenant(tx, "tenants::bump_data_version");
  soci::statement st = (tx.sql().prepare << "UPDATE tenants SET data_version = data_version + 1 "
                                            "WHERE id = :id",
                        soci::use(tenant));
  st.execute(true);
  if (st.get_affected_rows() == 0) throw NotFound("tenant " + tenant + " not found");
  return data_version(tx);
}

std::int64_t data_version(Tx& tx) {
  const std::string& tenant = internal::require_tenant(tx, "tenants::data_version");
  long long version = 0;
  tx.sql() << "SELECT data_version FROM tenants WHERE id = :id", soci::use(tenant),
      soci::into(version);
  if (!tx.sql().got_data()) throw NotFound("tenant " + tenant + " not found");
  return version;
}

}  // namespace store::tenants
