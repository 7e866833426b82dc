#include "store/idempotency.h"

#include <soci/soci.h>

#include "store/internal/sql.h"

namespace store::idempotency {

std::optional<IdempotencyRecord> find(Tx& tx, const std::string& key) {
  const std::string& tenant = internal::require_tenant(tx, "idempotency::find");
  IdempotencyRecord r;
  tx.sql() << "SELECT key, method, path, request_hash, status, response_body, " +
                  internal::ts_out(tx.dialect(), "created_at") +
                  " FROM idempotency_keys WHERE tenant_id = :tenant AND key = :key",
      soci::use(tenant), soci::use(key), soci::into(r.key), soci::into(r.method),
      soci::into(r.path), soci::into(r.request_hash), soci::into(r.status),
      soci::into(r.response_body), soci::into(r.created_at);
  if (!tx.sql().got_data()) return std::nullopt;
  return r;
}

void save(Tx& tx, IdempotencyRecord r) {
  const std::string& tenant = internal::require_tenant(tx, "idempotency::save");
  r.created_at = internal::now_timestamp();
  tx.sql() << "INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash, status, "
              "response_body, created_at) VALUES (:tenant, :key, :method, :path, :hash, :status, "
              ":body, " +
                  internal::ts_in(tx.dialect(), ":created") + ")",
      soci::use(tenant), soci::use(r.key), soci::use(r.method), soci::use(r.path),
      soci::use(r.request_hash), soci::use(r.status), soci::use(r.response_body),
      soci::use(r.created_at);
}

std::size_t remove_older_than(Tx& tx, const std::string& cutoff) {
  std::string where = " WHERE created_at < " + internal::ts_in(tx.dialect(), ":cutoff");
  soci::statement st(tx.sql());
  st.exchange(soci::use(cutoff, "cutoff"));
  if (!tx.is_system()) {
    where += " AND tenant_id = :tenant";
    st.exchange(soci::use(tx.tenant_id(), "tenant"));
  }
  st.alloc();
  st.prepare("DELETE FROM idempotency_keys" + where);
  st.define_and_bind();
  st.execute(true);
  return static_cast<std::size_t>(st.get_affected_rows());
}

}  // namespace store::idempotency
