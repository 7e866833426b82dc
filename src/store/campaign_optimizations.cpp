#include "store/campaign_optimizations.h"

#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "store/internal/newest_first.h"
#include "store/internal/rows.h"
#include "store/internal/sql.h"

namespace store::campaign_optimizations {
namespace {

// The columns a record is read from, alive for one statement.
struct Row {
  RecommendationRecord r;
  internal::Nullable<std::string> client_id, campaign_id, content_key, applied_on;

  void bind(soci::statement& st) {
    st.exchange(soci::into(r.id));
    st.exchange(soci::into(client_id.value, client_id.ind));
    st.exchange(soci::into(campaign_id.value, campaign_id.ind));
    st.exchange(soci::into(r.kind));
    st.exchange(soci::into(r.status));
    st.exchange(soci::into(content_key.value, content_key.ind));
    st.exchange(soci::into(applied_on.value, applied_on.ind));
    st.exchange(soci::into(r.payload));
    st.exchange(soci::into(r.created_at));
    st.exchange(soci::into(r.updated_at));
  }
  RecommendationRecord done() const {
    RecommendationRecord out = r;
    out.client_id = internal::optional_of<std::string>(client_id).value_or("");
    out.campaign_id = internal::optional_of<std::string>(campaign_id);
    out.content_key = internal::optional_of<std::string>(content_key).value_or("");
    out.applied_on = internal::parse_stored_date(applied_on);
    return out;
  }
};

std::string select_columns(Dialect d) {
  return "SELECT id, client_id, campaign_id, kind, status, content_key, " +
         internal::date_out(d, "applied_on") + ", " + internal::json_out(d, "payload") + ", " +
         internal::ts_out(d, "created_at") + ", " + internal::ts_out(d, "updated_at") +
         " FROM campaign_optimizations WHERE tenant_id = :tenant";
}

std::vector<RecommendationRecord> open_rows(Tx& tx, const std::string& tenant,
                                            const std::string& client_id) {
  Row row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(client_id, "client"));
  st.alloc();
  st.prepare(select_columns(tx.dialect()) + " AND client_id = :client AND status = 'open'");
  st.define_and_bind();
  std::vector<RecommendationRecord> out;
  internal::collect(st, row, out);
  return out;
}

}  // namespace

SavedRun save_run(Tx& tx, const std::string& client_id, std::vector<RecommendationRecord> records,
                  const std::function<bool(const RecommendationRecord&)>& superseded) {
  const std::string& tenant = internal::require_tenant(tx, "campaign_optimizations::save_run");
  internal::require_client(tx, client_id);
  const Dialect d = tx.dialect();
  std::set<std::string> keys;
  for (const auto& r : records) {
    if (!keys.insert(r.content_key).second) {
      throw Conflict("two recommendations share the key " + r.content_key);
    }
  }
  std::vector<RecommendationRecord> open = open_rows(tx, tenant, client_id);
  const std::string now = internal::now_timestamp();
  SavedRun run;
  for (auto& record : records) {
    record.client_id = client_id;
    record.status = "open";
    record.applied_on.reset();
    record.updated_at = now;
    auto campaign = internal::nullable<std::string>(record.campaign_id);
    auto same = std::find_if(open.begin(), open.end(),
                             [&](const auto& o) { return o.content_key == record.content_key; });
    if (same != open.end()) {
      record.id = same->id;
      record.created_at = same->created_at;
      tx.sql() << "UPDATE campaign_optimizations SET kind = :kind, campaign_id = :campaign, "
                  "payload = " + internal::json_in(d, ":payload") + ", updated_at = " +
                      internal::ts_in(d, ":updated") + " WHERE tenant_id = :tenant AND id = :id",
          soci::use(record.kind), soci::use(campaign.value, campaign.ind),
          soci::use(record.payload), soci::use(now), soci::use(tenant), soci::use(record.id);
    } else {
      record.created_at = now;
      tx.sql() << "INSERT INTO campaign_optimizations (tenant_id, id, client_id, campaign_id, "
                  "kind, status, content_key, payload, created_at, updated_at) VALUES (:tenant, "
                  ":id, :client, :campaign, :kind, 'open', :key, " +
                      internal::json_in(d, ":payload") + ", " + internal::ts_in(d, ":created") +
                      ", " + internal::ts_in(d, ":updated") + ")",
          soci::use(tenant), soci::use(record.id), soci::use(client_id),
          soci::use(campaign.value, campaign.ind), soci::use(record.kind),
          soci::use(record.content_key), soci::use(record.payload), soci::use(now),
          soci::use(now);
    }
    run.saved.push_back(record);
  }
  for (const auto& o : open) {
    if (keys.count(o.content_key) || !superseded(o)) continue;
    tx.sql() << "UPDATE campaign_optimizations SET status = 'expired', updated_at = " +
                    internal::ts_in(d, ":updated") + " WHERE tenant_id = :tenant AND id = :id",
        soci::use(now), soci::use(tenant), soci::use(o.id);
    run.expired.push_back(o.id);
  }
  return run;
}

std::optional<RecommendationRecord> find(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "campaign_optimizations::find");
  return internal::find_one<Row>(tx, select_columns(tx.dialect()), tenant, "id", id);
}

std::optional<RecommendationRecord> update(Tx& tx, const RecommendationRecord& record) {
  const std::string& tenant = internal::require_tenant(tx, "campaign_optimizations::update");
  const Dialect d = tx.dialect();
  const std::string now = internal::now_timestamp();
  auto applied = internal::nullable<std::string>(internal::date_text(record.applied_on));
  soci::statement st =
      (tx.sql().prepare << "UPDATE campaign_optimizations SET status = :status, applied_on = " +
                               internal::date_in(d, ":applied") + ", payload = " +
                               internal::json_in(d, ":payload") + ", updated_at = " +
                               internal::ts_in(d, ":updated") +
                               " WHERE tenant_id = :tenant AND id = :id",
       soci::use(record.status), soci::use(applied.value, applied.ind), soci::use(record.payload),
       soci::use(now), soci::use(tenant), soci::use(record.id));
  st.execute(true);
  if (st.get_affected_rows() == 0) return std::nullopt;
  return find(tx, record.id);
}

Page<RecommendationRecord> list(Tx& tx, const RecommendationQuery& query) {
  const std::string& tenant = internal::require_tenant(tx, "campaign_optimizations::list");
  internal::NewestFirst pages("campaign_optimizations", query.cursor, query.limit);
  const Dialect d = tx.dialect();
  Row row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(query.client_id, "client"));
  if (query.campaign_id) st.exchange(soci::use(*query.campaign_id, "campaign"));
  if (query.status) st.exchange(soci::use(*query.status, "status"));
  if (query.kind) st.exchange(soci::use(*query.kind, "kind"));
  pages.bind(st);
  st.alloc();
  st.prepare(select_columns(d) + " AND client_id = :client" +
             (query.campaign_id ? " AND campaign_id = :campaign" : "") +
             (query.status ? " AND status = :status" : "") +
             (query.kind ? " AND kind = :kind" : "") + pages.where(d) +
             internal::NewestFirst::order_and_limit());
  st.define_and_bind();
  Page<RecommendationRecord> page;
  internal::collect(st, row, page.items);
  pages.finish(page);
  return page;
}

}  // namespace store::campaign_optimizations
