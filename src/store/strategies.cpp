#include "store/strategies.h"

#include <soci/soci.h>

#include "store/internal/newest_first.h"
#include "store/internal/rows.h"
#include "store/internal/sql.h"

namespace store::strategies {
namespace {

// The columns a StrategyRecord is read from, alive for one statement.
struct StrategyRow {
  StrategyRecord r;
  internal::Nullable<std::string> client_id, objective, currency;
  internal::Nullable<long long> budget;

  void bind(soci::statement& st) {
    st.exchange(soci::into(r.id));
    st.exchange(soci::into(client_id.value, client_id.ind));
    st.exchange(soci::into(r.name));
    st.exchange(soci::into(r.status));
    st.exchange(soci::into(objective.value, objective.ind));
    st.exchange(soci::into(budget.value, budget.ind));
    st.exchange(soci::into(currency.value, currency.ind));
    st.exchange(soci::into(r.payload));
    st.exchange(soci::into(r.created_at));
    st.exchange(soci::into(r.updated_at));
  }
  StrategyRecord done() const {
    StrategyRecord out = r;
    out.client_id = internal::optional_of<std::string>(client_id);
    out.objective = internal::optional_of<std::string>(objective).value_or("");
    out.currency = internal::optional_of<std::string>(currency).value_or("");
    out.budget_micros = internal::optional_of<std::int64_t>(budget).value_or(0);
    return out;
  }
};

std::string select_columns(Dialect d, bool with_payload) {
  return "SELECT id, client_id, name, status, objective, budget_micros, currency, " +
         (with_payload ? internal::json_out(d, "payload") : std::string("'{}'")) + ", " +
         internal::ts_out(d, "created_at") + ", " + internal::ts_out(d, "updated_at") +
         " FROM marketing_strategies WHERE tenant_id = :tenant";
}

// Inserts the row; with a content key, ON CONFLICT leaves an existing row of that key alone.
void insert_row(Tx& tx, StrategyRecord& record, const std::optional<std::string>& content_key) {
  const std::string& tenant = internal::require_tenant(tx, "strategies::insert");
  if (record.client_id) internal::require_client(tx, *record.client_id);
  record.created_at = record.updated_at = internal::now_timestamp();
  Dialect d = tx.dialect();
  auto client = internal::nullable<std::string>(record.client_id);
  auto key = internal::nullable<std::string>(content_key);
  long long budget = record.budget_micros;
  tx.sql() << "INSERT INTO marketing_strategies (tenant_id, id, client_id, name, status, "
              "objective, budget_micros, currency, payload, created_at, updated_at, "
              "content_key) VALUES (:tenant, :id, :client, :name, :status, :objective, "
              ":budget, :currency, " +
                  internal::json_in(d, ":payload") + ", " + internal::ts_in(d, ":created") +
                  ", " + internal::ts_in(d, ":updated") + ", :content_key)" +
                  (content_key ? " ON CONFLICT (tenant_id, content_key) DO NOTHING" : ""),
      soci::use(tenant), soci::use(record.id), soci::use(client.value, client.ind),
      soci::use(record.name), soci::use(record.status), soci::use(record.objective),
      soci::use(budget), soci::use(record.currency), soci::use(record.payload),
      soci::use(record.created_at), soci::use(record.updated_at),
      soci::use(key.value, key.ind);
}

std::optional<StrategyRecord> find_where(Tx& tx, const std::string& column,
                                         const std::string& value) {
  const std::string& tenant = internal::require_tenant(tx, "strategies::find");
  return internal::find_one<StrategyRow>(tx, select_columns(tx.dialect(), true), tenant, column,
                                         value);
}

}  // namespace

StrategyRecord insert(Tx& tx, StrategyRecord record) {
  insert_row(tx, record, std::nullopt);
  return record;
}

StoredStrategy insert_unless_stored(Tx& tx, StrategyRecord record, const std::string& content_key) {
  if (auto existing = find_where(tx, "content_key", content_key)) return {std::move(*existing), false};
  insert_row(tx, record, content_key);
  // Another writer may have stored the key between the look-up and the insert (PostgreSQL).
  auto stored = find_where(tx, "content_key", content_key);
  if (!stored) throw std::logic_error("strategies::insert_unless_stored: row vanished");
  bool created = stored->id == record.id;
  return {std::move(*stored), created};
}

std::optional<StrategyRecord> find(Tx& tx, const std::string& id) {
  return find_where(tx, "id", id);
}

Page<StrategyRecord> list(Tx& tx, const StrategyQuery& query) {
  const std::string& tenant = internal::require_tenant(tx, "strategies::list");
  internal::NewestFirst pages("strategies", query.cursor, query.limit);
  Dialect d = tx.dialect();
  StrategyRow row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  if (query.client_id) st.exchange(soci::use(*query.client_id, "client"));
  pages.bind(st);
  st.alloc();
  st.prepare(select_columns(d, query.with_payload) +
             (query.client_id ? " AND client_id = :client" : "") + pages.where(d) +
             internal::NewestFirst::order_and_limit());
  st.define_and_bind();
  Page<StrategyRecord> page;
  internal::collect(st, row, page.items);
  pages.finish(page);
  return page;
}

}  // namespace store::strategies
