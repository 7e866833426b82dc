#include "store/budget_optimizations.h"

#include <soci/soci.h>

#include "store/internal/newest_first.h"
#include "store/internal/rows.h"
#include "store/internal/sql.h"

namespace store::budget_optimizations {
namespace {

// The columns a record is read from, alive for one statement.
struct Row {
  BudgetOptimizationRecord r;
  std::string start, end;
  long long budget = 0;

  void bind(soci::statement& st) {
    st.exchange(soci::into(r.id));
    st.exchange(soci::into(r.client_id));
    st.exchange(soci::into(start));
    st.exchange(soci::into(end));
    st.exchange(soci::into(budget));
    st.exchange(soci::into(r.payload));
    st.exchange(soci::into(r.created_at));
  }
  BudgetOptimizationRecord done() const {
    BudgetOptimizationRecord out = r;
    out.period_start = internal::parse_stored_date(start);
    out.period_end = internal::parse_stored_date(end);
    out.total_budget_micros = budget;
    return out;
  }
};

std::string select_columns(Dialect d, bool with_payload) {
  return "SELECT id, client_id, " + internal::date_out(d, "period_start") + ", " +
         internal::date_out(d, "period_end") + ", total_budget_micros, " +
         (with_payload ? internal::json_out(d, "payload") : std::string("'{}'")) + ", " +
         internal::ts_out(d, "created_at") + " FROM budget_optimizations WHERE tenant_id = :tenant";
}

}  // namespace

BudgetOptimizationRecord insert(Tx& tx, BudgetOptimizationRecord record) {
  const std::string& tenant = internal::require_tenant(tx, "budget_optimizations::insert");
  internal::require_client(tx, record.client_id);
  record.created_at = internal::now_timestamp();
  Dialect d = tx.dialect();
  std::string start = core::format_iso_date(record.period_start);
  std::string end = core::format_iso_date(record.period_end);
  long long budget = record.total_budget_micros;
  tx.sql() << "INSERT INTO budget_optimizations (tenant_id, id, client_id, period_start, "
              "period_end, total_budget_micros, payload, created_at, updated_at) VALUES "
              "(:tenant, :id, :client, " +
                  internal::date_in(d, ":start") + ", " + internal::date_in(d, ":end") +
                  ", :budget, " + internal::json_in(d, ":payload") + ", " +
                  internal::ts_in(d, ":created") + ", " + internal::ts_in(d, ":updated") + ")",
      soci::use(tenant), soci::use(record.id), soci::use(record.client_id), soci::use(start),
      soci::use(end), soci::use(budget), soci::use(record.payload), soci::use(record.created_at),
      soci::use(record.created_at);
  return record;
}

std::optional<BudgetOptimizationRecord> find(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "budget_optimizations::find");
  return internal::find_one<Row>(tx, select_columns(tx.dialect(), true), tenant, "id", id);
}

Page<BudgetOptimizationRecord> list(Tx& tx, const std::string& client_id, std::size_t limit,
                                    const std::string& cursor) {
  const std::string& tenant = internal::require_tenant(tx, "budget_optimizations::list");
  internal::NewestFirst pages("budget_optimizations", cursor, limit);
  Row row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(client_id, "client"));
  pages.bind(st);
  st.alloc();
  st.prepare(select_columns(tx.dialect(), false) + " AND client_id = :client" +
             pages.where(tx.dialect()) + internal::NewestFirst::order_and_limit());
  st.define_and_bind();
  Page<BudgetOptimizationRecord> page;
  internal::collect(st, row, page.items);
  pages.finish(page);
  return page;
}

}  // namespace store::budget_optimizations
