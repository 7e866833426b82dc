#include "store/experiments.h"

#include <soci/soci.h>

#include "store/internal/newest_first.h"
#include "store/internal/rows.h"
#include "store/internal/sql.h"

namespace store::experiments {
namespace {

// The columns an ExperimentRecord is read from, alive for one statement.
struct Row {
  ExperimentRecord r;
  internal::Nullable<std::string> client_id, started_at, ended_at;

  void bind(soci::statement& st) {
    st.exchange(soci::into(r.id));
    st.exchange(soci::into(client_id.value, client_id.ind));
    st.exchange(soci::into(r.name));
    st.exchange(soci::into(r.status));
    st.exchange(soci::into(started_at.value, started_at.ind));
    st.exchange(soci::into(ended_at.value, ended_at.ind));
    st.exchange(soci::into(r.payload));
    st.exchange(soci::into(r.created_at));
    st.exchange(soci::into(r.updated_at));
  }
  ExperimentRecord done() const {
    ExperimentRecord out = r;
    out.client_id = internal::optional_of<std::string>(client_id);
    out.started_at = internal::optional_of<std::string>(started_at).value_or("");
    out.ended_at = internal::optional_of<std::string>(ended_at).value_or("");
    return out;
  }
};

std::string select_columns(Dialect d, bool with_payload) {
  return "SELECT id, client_id, name, status, " + internal::ts_out(d, "started_at") + ", " +
         internal::ts_out(d, "ended_at") + ", " +
         (with_payload ? internal::json_out(d, "payload") : std::string("'{}'")) + ", " +
         internal::ts_out(d, "created_at") + ", " + internal::ts_out(d, "updated_at") +
         " FROM experiments WHERE tenant_id = :tenant";
}

internal::Nullable<std::string> timestamp(const std::string& text) {
  return text.empty() ? internal::Nullable<std::string>{}
                      : internal::Nullable<std::string>{text, soci::i_ok};
}

// started_at when the experiment runs, ended_at when it stops, unless already set.
void stamp_status_change(ExperimentRecord& record, const std::string& now) {
  if (record.status == "running" && record.started_at.empty()) record.started_at = now;
  if (record.status == "stopped" && record.ended_at.empty()) record.ended_at = now;
}

}  // namespace

ExperimentRecord insert(Tx& tx, ExperimentRecord record) {
  const std::string& tenant = internal::require_tenant(tx, "experiments::insert");
  if (record.client_id) internal::require_client(tx, *record.client_id);
  record.created_at = record.updated_at = internal::now_timestamp();
  stamp_status_change(record, record.created_at);
  const Dialect d = tx.dialect();
  auto client = internal::nullable<std::string>(record.client_id);
  auto started = timestamp(record.started_at), ended = timestamp(record.ended_at);
  tx.sql() << "INSERT INTO experiments (tenant_id, id, client_id, name, status, started_at, "
              "ended_at, payload, created_at, updated_at) VALUES (:tenant, :id, :client, :name, "
              ":status, " +
                  internal::ts_in(d, ":started") + ", " + internal::ts_in(d, ":ended") + ", " +
                  internal::json_in(d, ":payload") + ", " + internal::ts_in(d, ":created") +
                  ", " + internal::ts_in(d, ":updated") + ")",
      soci::use(tenant), soci::use(record.id), soci::use(client.value, client.ind),
      soci::use(record.name), soci::use(record.status), soci::use(started.value, started.ind),
      soci::use(ended.value, ended.ind), soci::use(record.payload), soci::use(record.created_at),
      soci::use(record.updated_at);
  return record;
}

std::optional<ExperimentRecord> find(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "experiments::find");
  return internal::find_one<Row>(tx, select_columns(tx.dialect(), true), tenant, "id", id);
}

std::optional<ExperimentRecord> update(Tx& tx, const ExperimentRecord& record) {
  const std::string& tenant = internal::require_tenant(tx, "experiments::update");
  const Dialect d = tx.dialect();
  const std::string now = internal::now_timestamp();
  ExperimentRecord stamped = record;
  stamp_status_change(stamped, now);
  auto started = timestamp(stamped.started_at), ended = timestamp(stamped.ended_at);
  soci::statement st =
      (tx.sql().prepare << "UPDATE experiments SET name = :name, status = :status, started_at = " +
                               internal::ts_in(d, ":started") + ", ended_at = " +
                               internal::ts_in(d, ":ended") + ", payload = " +
                               internal::json_in(d, ":payload") + ", updated_at = " +
                               internal::ts_in(d, ":updated") +
                               " WHERE tenant_id = :tenant AND id = :id",
       soci::use(record.name), soci::use(record.status), soci::use(started.value, started.ind),
       soci::use(ended.value, ended.ind), soci::use(record.payload), soci::use(now),
       soci::use(tenant), soci::use(record.id));
  st.execute(true);
  if (st.get_affected_rows() == 0) return std::nullopt;
  return find(tx, record.id);
}

void remove(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "experiments::remove");
  // The foreign key cascades too; deleting the results first does not depend on it.
  tx.sql() << "DELETE FROM experiment_observations WHERE tenant_id = :tenant AND experiment_id = "
              ":id",
      soci::use(tenant), soci::use(id);
  soci::statement st = (tx.sql().prepare << "DELETE FROM experiments WHERE tenant_id = :tenant "
                                            "AND id = :id",
                        soci::use(tenant), soci::use(id));
  st.execute(true);
  if (st.get_affected_rows() == 0) throw NotFound("experiment " + id + " not found");
}

Page<ExperimentRecord> list(Tx& tx, const ExperimentQuery& query) {
  const std::string& tenant = internal::require_tenant(tx, "experiments::list");
  internal::NewestFirst pages("experiments", query.cursor, query.limit);
  const Dialect d = tx.dialect();
  Row row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  if (query.client_id) st.exchange(soci::use(*query.client_id, "client"));
  if (query.status) st.exchange(soci::use(*query.status, "status"));
  pages.bind(st);
  st.alloc();
  st.prepare(select_columns(d, false) + (query.client_id ? " AND client_id = :client" : "") +
             (query.status ? " AND status = :status" : "") + pages.where(d) +
             internal::NewestFirst::order_and_limit());
  st.define_and_bind();
  Page<ExperimentRecord> page;
  internal::collect(st, row, page.items);
  pages.finish(page);
  return page;
}

}  // namespace store::experiments
