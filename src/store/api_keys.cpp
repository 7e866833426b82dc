#include "store/api_keys.h"

#include <soci/soci.h>

#include "store/internal/sql.h"

namespace store::api_keys {
namespace {

using internal::Nullable;

struct KeyRow {
  ApiKeyRecord k;
  Nullable<std::string> client_id, last_used_at, revoked_at;

  ApiKeyRecord done() {
    k.client_id = internal::optional_of<std::string>(client_id);
    k.last_used_at = internal::optional_of<std::string>(last_used_at);
    k.revoked_at = internal::optional_of<std::string>(revoked_at);
    return k;
  }
};

std::string select_keys(Dialect d) {
  return "SELECT id, name, prefix, key_hash, role, client_id, " +
         internal::ts_out(d, "created_at") + ", " + internal::ts_out(d, "last_used_at") + ", " +
         internal::ts_out(d, "revoked_at") + ", created_by FROM api_keys WHERE tenant_id = :tenant";
}

template <class OnRow>
void select(Tx& tx, const std::string& where_and_order, const std::string* id, OnRow on_row) {
  const std::string& tenant = internal::require_tenant(tx, "api_keys");
  KeyRow row;
  soci::statement st(tx.sql());
  st.exchange(soci::into(row.k.id));
  st.exchange(soci::into(row.k.name));
  st.exchange(soci::into(row.k.prefix));
  st.exchange(soci::into(row.k.key_hash));
  st.exchange(soci::into(row.k.role));
  st.exchange(soci::into(row.client_id.value, row.client_id.ind));
  st.exchange(soci::into(row.k.created_at));
  st.exchange(soci::into(row.last_used_at.value, row.last_used_at.ind));
  st.exchange(soci::into(row.revoked_at.value, row.revoked_at.ind));
  st.exchange(soci::into(row.k.created_by));
  st.exchange(soci::use(tenant, "tenant"));
  if (id) st.exchange(soci::use(*id, "id"));
  st.alloc();
  st.prepare(select_keys(tx.dialect()) + where_and_order);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) on_row(row.done());
}

}  // namespace

ApiKeyRecord insert(Tx& tx, ApiKeyRecord key) {
  const std::string& tenant = internal::require_tenant(tx, "api_keys::insert");
  key.created_at = internal::now_timestamp();
  key.last_used_at.reset();
  key.revoked_at.reset();
  auto client_id = internal::nullable<std::string>(key.client_id);
  tx.sql() << "INSERT INTO api_keys (tenant_id, id, name, prefix, key_hash, role, client_id, "
              "created_at, created_by) VALUES (:tenant, :id, :name, :prefix, :hash, :role, "
              ":client, " +
                  internal::ts_in(tx.dialect(), ":created") + ", :by)",
      soci::use(tenant), soci::use(key.id), soci::use(key.name), soci::use(key.prefix),
      soci::use(key.key_hash), soci::use(key.role), soci::use(client_id.value, client_id.ind),
      soci::use(key.created_at), soci::use(key.created_by);
  return key;
}

std::vector<ApiKeyRecord> list(Tx& tx) {
  std::vector<ApiKeyRecord> out;
  select(tx, " ORDER BY created_at DESC, id DESC", nullptr,
         [&](ApiKeyRecord k) { out.push_back(std::move(k)); });
  return out;
}

std::optional<ApiKeyRecord> find(Tx& tx, const std::string& id) {
  std::optional<ApiKeyRecord> found;
  select(tx, " AND id = :id", &id, [&](ApiKeyRecord k) { found = std::move(k); });
  return found;
}

bool revoke(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "api_keys::revoke");
  std::string now = internal::now_timestamp();
  soci::statement st = (tx.sql().prepare << "UPDATE api_keys SET revoked_at = " +
                                                internal::ts_in(tx.dialect(), ":now") +
                                                " WHERE tenant_id = :tenant AND id = :id AND "
                                                "revoked_at IS NULL",
                        soci::use(now), soci::use(tenant), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool rename(Tx& tx, const std::string& id, const std::string& name) {
  const std::string& tenant = internal::require_tenant(tx, "api_keys::rename");
  soci::statement st = (tx.sql().prepare << "UPDATE api_keys SET name = :name "
                                            "WHERE tenant_id = :tenant AND id = :id",
                        soci::use(name), soci::use(tenant), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<ApiKeyIdentity> find_by_hash(Tx& tx, const std::string& key_hash) {
  internal::require_system(tx, "api_keys::find_by_hash");
  ApiKeyIdentity identity;
  Nullable<std::string> client_id, revoked_at;
  tx.sql() << "SELECT tenant_id, id, role, client_id, " +
                  internal::ts_out(tx.dialect(), "revoked_at") +
                  " FROM api_keys WHERE key_hash = :hash",
      soci::use(key_hash), soci::into(identity.tenant_id), soci::into(identity.id),
      soci::into(identity.role), soci::into(client_id.value, client_id.ind),
      soci::into(revoked_at.value, revoked_at.ind);
  if (!tx.sql().got_data()) return std::nullopt;
  identity.client_id = internal::optional_of<std::string>(client_id);
  identity.revoked = revoked_at.ind == soci::i_ok;
  return identity;
}

bool touch_last_used(Tx& tx, const std::string& id, std::chrono::seconds min_interval) {
  const std::string& tenant = internal::require_tenant(tx, "api_keys::touch_last_used");
  auto now = internal::now_timestamp();
  // Timestamps are fixed-width ISO text in both dialects' output, so the threshold is computed
  // here and compared as a timestamp by the database.
  auto threshold = internal::timestamp_before(min_interval);
  Dialect d = tx.dialect();
  soci::statement st =
      (tx.sql().prepare << "UPDATE api_keys SET last_used_at = " + internal::ts_in(d, ":now") +
                               " WHERE tenant_id = :tenant AND id = :id AND "
                               "(last_used_at IS NULL OR last_used_at < " +
                               internal::ts_in(d, ":threshold") + ")",
       soci::use(now), soci::use(tenant), soci::use(id), soci::use(threshold));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace store::api_keys
