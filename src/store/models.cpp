#include "store/models.h"

#include <soci/soci.h>

#include "store/internal/sql.h"

namespace store::models {
namespace {

struct ModelRow {
  ModelRecord r;
  internal::Nullable<std::string> client_id, trained_at, artifact;
  long long version = 0;

  void bind(soci::statement& st) {
    st.exchange(soci::into(r.id));
    st.exchange(soci::into(client_id.value, client_id.ind));
    st.exchange(soci::into(r.kind));
    st.exchange(soci::into(version));
    st.exchange(soci::into(trained_at.value, trained_at.ind));
    st.exchange(soci::into(r.payload));
    st.exchange(soci::into(artifact.value, artifact.ind));
    st.exchange(soci::into(r.created_at));
    st.exchange(soci::into(r.updated_at));
  }
  ModelRecord done() const {
    ModelRecord out = r;
    out.client_id = internal::optional_of<std::string>(client_id);
    out.trained_at = internal::optional_of<std::string>(trained_at).value_or("");
    out.artifact = internal::optional_of<std::string>(artifact).value_or("");
    out.version = version;
    return out;
  }
};

std::string select_columns(Dialect d, bool with_artifact) {
  return "SELECT id, client_id, kind, version, " + internal::ts_out(d, "trained_at") + ", " +
         internal::json_out(d, "payload") + ", " +
         (with_artifact ? std::string("artifact") : std::string("NULL")) + ", " +
         internal::ts_out(d, "created_at") + ", " + internal::ts_out(d, "updated_at") +
         " FROM models WHERE tenant_id = :tenant";
}

std::vector<ModelRecord> select(Tx& tx, bool with_artifact, std::size_t limit) {
  const std::string& tenant = internal::require_tenant(tx, "models");
  ModelRow row;
  long long n = static_cast<long long>(limit);
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(n, "n"));
  st.alloc();
  st.prepare(select_columns(tx.dialect(), with_artifact) + " ORDER BY version DESC LIMIT :n");
  st.define_and_bind();
  std::vector<ModelRecord> out;
  if (st.execute(true)) {
    do {
      out.push_back(row.done());
    } while (st.fetch());
  }
  return out;
}

}  // namespace

ModelRecord insert(Tx& tx, ModelRecord record) {
  const std::string& tenant = internal::require_tenant(tx, "models::insert");
  record.version = latest_version(tx) + 1;
  record.created_at = record.updated_at = internal::now_timestamp();
  if (record.trained_at.empty()) record.trained_at = record.created_at;
  Dialect d = tx.dialect();
  auto client = internal::nullable<std::string>(record.client_id);
  long long version = record.version;
  tx.sql() << "INSERT INTO models (tenant_id, id, client_id, kind, version, trained_at, payload, "
              "artifact, created_at, updated_at) VALUES (:tenant, :id, :client, :kind, :version, " +
                  internal::ts_in(d, ":trained") + ", " + internal::json_in(d, ":payload") +
                  ", :artifact, " + internal::ts_in(d, ":created") + ", " +
                  internal::ts_in(d, ":updated") + ")",
      soci::use(tenant), soci::use(record.id), soci::use(client.value, client.ind),
      soci::use(record.kind), soci::use(version), soci::use(record.trained_at),
      soci::use(record.payload), soci::use(record.artifact), soci::use(record.created_at),
      soci::use(record.updated_at);
  return record;
}

std::optional<ModelRecord> latest(Tx& tx, bool with_artifact) {
  auto rows = select(tx, with_artifact, 1);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::int64_t latest_version(Tx& tx) {
  const std::string& tenant = internal::require_tenant(tx, "models::latest_version");
  long long version = 0;
  tx.sql() << "SELECT COALESCE(MAX(version), 0) FROM models WHERE tenant_id = :tenant",
      soci::use(tenant), soci::into(version);
  return version;
}

std::vector<ModelRecord> list(Tx& tx, std::size_t limit) {
  internal::check_limit(limit);
  return select(tx, false, limit);
}

std::vector<std::string> tenants_with_models(Tx& tx) {
  internal::require_system(tx, "models::tenants_with_models");
  std::vector<std::string> tenants(1000);
  std::vector<std::string> out;
  soci::statement st = (tx.sql().prepare << "SELECT DISTINCT tenant_id FROM models",
                        soci::into(tenants));
  st.execute();
  while (st.fetch()) {
    out.insert(out.end(), tenants.begin(), tenants.end());
    tenants.resize(1000);
  }
  return out;
}

}  // namespace store::models
