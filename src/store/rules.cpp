#include "store/rules.h"

#include <soci/soci.h>

#include "store/internal/newest_first.h"
#include "store/internal/rows.h"
#include "store/internal/sql.h"

namespace store::rules {
namespace {

// The columns a RuleRecord is read from, alive for one statement.
struct Row {
  RuleRecord r;
  internal::Nullable<std::string> client_id, last_run_at;
  int enabled = 1;

  void bind(soci::statement& st) {
    st.exchange(soci::into(r.id));
    st.exchange(soci::into(client_id.value, client_id.ind));
    st.exchange(soci::into(r.name));
    st.exchange(soci::into(enabled));
    st.exchange(soci::into(last_run_at.value, last_run_at.ind));
    st.exchange(soci::into(r.payload));
    st.exchange(soci::into(r.created_at));
    st.exchange(soci::into(r.updated_at));
  }
  RuleRecord done() const {
    RuleRecord out = r;
    out.client_id = internal::optional_of<std::string>(client_id).value_or("");
    out.enabled = enabled != 0;
    out.last_run_at = internal::optional_of<std::string>(last_run_at).value_or("");
    return out;
  }
};

std::string select_columns(Dialect d) {
  return "SELECT id, client_id, name, " +
         std::string(d == Dialect::postgresql ? "CASE WHEN enabled THEN 1 ELSE 0 END" : "enabled") +
         ", " + internal::ts_out(d, "last_run_at") + ", " + internal::json_out(d, "payload") +
         ", " + internal::ts_out(d, "created_at") + ", " + internal::ts_out(d, "updated_at") +
         " FROM rules WHERE tenant_id = :tenant";
}

// The SQL writing an integer 0/1 parameter to the boolean column.
std::string enabled_in(Dialect d) { return d == Dialect::postgresql ? "(:enabled <> 0)" : ":enabled"; }

}  // namespace

RuleRecord insert(Tx& tx, RuleRecord record) {
  const std::string& tenant = internal::require_tenant(tx, "rules::insert");
  internal::require_client(tx, record.client_id);
  record.created_at = record.updated_at = internal::now_timestamp();
  record.last_run_at.clear();
  const Dialect d = tx.dialect();
  int enabled = record.enabled ? 1 : 0;
  tx.sql() << "INSERT INTO rules (tenant_id, id, client_id, name, enabled, payload, created_at, "
              "updated_at) VALUES (:tenant, :id, :client, :name, " +
                  enabled_in(d) + ", " + internal::json_in(d, ":payload") + ", " +
                  internal::ts_in(d, ":created") + ", " + internal::ts_in(d, ":updated") + ")",
      soci::use(tenant), soci::use(record.id), soci::use(record.client_id),
      soci::use(record.name), soci::use(enabled), soci::use(record.payload),
      soci::use(record.created_at), soci::use(record.updated_at);
  return record;
}

std::optional<RuleRecord> find(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "rules::find");
  return internal::find_one<Row>(tx, select_columns(tx.dialect()), tenant, "id", id);
}

std::optional<RuleRecord> update(Tx& tx, const RuleRecord& record) {
  const std::string& tenant = internal::require_tenant(tx, "rules::update");
  internal::require_client(tx, record.client_id);
  const Dialect d = tx.dialect();
  const std::string now = internal::now_timestamp();
  int enabled = record.enabled ? 1 : 0;
  soci::statement st =
      (tx.sql().prepare << "UPDATE rules SET client_id = :client, name = :name, enabled = " +
                               enabled_in(d) + ", payload = " + internal::json_in(d, ":payload") +
                               ", updated_at = " + internal::ts_in(d, ":updated") +
                               " WHERE tenant_id = :tenant AND id = :id",
       soci::use(record.client_id), soci::use(record.name), soci::use(enabled),
       soci::use(record.payload), soci::use(now), soci::use(tenant), soci::use(record.id));
  st.execute(true);
  if (st.get_affected_rows() == 0) return std::nullopt;
  return find(tx, record.id);
}

bool remove(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "rules::remove");
  soci::statement st = (tx.sql().prepare << "DELETE FROM rules WHERE tenant_id = :tenant AND id = :id",
                        soci::use(tenant), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

Page<RuleRecord> list(Tx& tx, const RuleQuery& query) {
  const std::string& tenant = internal::require_tenant(tx, "rules::list");
  internal::NewestFirst pages("rules", query.cursor, query.limit);
  const Dialect d = tx.dialect();
  int enabled = query.enabled.value_or(true) ? 1 : 0;
  Row row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  if (query.client_id) st.exchange(soci::use(*query.client_id, "client"));
  if (query.enabled) st.exchange(soci::use(enabled, "enabled"));
  pages.bind(st);
  st.alloc();
  st.prepare(select_columns(d) + (query.client_id ? " AND client_id = :client" : "") +
             (query.enabled ? " AND enabled = " + enabled_in(d) : std::string()) +
             pages.where(d) + internal::NewestFirst::order_and_limit());
  st.define_and_bind();
  Page<RuleRecord> page;
  internal::collect(st, row, page.items);
  pages.finish(page);
  return page;
}

bool record_run(Tx& tx, const std::string& id, const std::string& ran_at,
                const std::string& expected_last_run) {
  const std::string& tenant = internal::require_tenant(tx, "rules::record_run");
  const Dialect d = tx.dialect();
  soci::statement st(tx.sql());
  st.exchange(soci::use(ran_at, "ran_at"));
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(id, "id"));
  std::string expected_is = " AND last_run_at IS NULL";
  if (!expected_last_run.empty()) {
    st.exchange(soci::use(expected_last_run, "expected"));
    expected_is = " AND last_run_at = " + internal::ts_in(d, ":expected");
  }
  st.alloc();
  st.prepare("UPDATE rules SET last_run_at = " + internal::ts_in(d, ":ran_at") +
             " WHERE tenant_id = :tenant AND id = :id" + expected_is);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace store::rules
