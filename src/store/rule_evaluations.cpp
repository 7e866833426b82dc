#include "store/rule_evaluations.h"

#include <soci/soci.h>

#include <set>

#include "store/internal/newest_first.h"
#include "store/internal/sql.h"

namespace store::rule_evaluations {

std::vector<RuleEvaluationRecord> record(Tx& tx, std::vector<RuleEvaluationRecord> records) {
  const std::string& tenant = internal::require_tenant(tx, "rule_evaluations::record");
  std::set<std::string> checked;
  for (const auto& r : records) {
    if (!checked.insert(r.rule_id).second) continue;
    int found = 0;
    tx.sql() << "SELECT count(*) FROM rules WHERE tenant_id = :tenant AND id = :id",
        soci::use(tenant), soci::use(r.rule_id), soci::into(found);
    if (found == 0) throw NotFound("rule " + r.rule_id + " not found");
  }
  const Dialect d = tx.dialect();
  const std::string now = internal::now_timestamp();
  std::string id, rule, day, payload;
  internal::Nullable<std::string> campaign;
  int fired = 0;
  const std::string fired_in = d == Dialect::postgresql ? "(:fired <> 0)" : ":fired";
  soci::statement st =
      (tx.sql().prepare << "INSERT INTO rule_evaluations (tenant_id, id, rule_id, campaign_id, "
                           "evaluated_on, fired, payload, created_at) VALUES (:tenant, :id, "
                           ":rule, :campaign, " +
                               internal::date_in(d, ":day") + ", " + fired_in + ", " +
                               internal::json_in(d, ":payload") + ", " +
                               internal::ts_in(d, ":created") + ")",
       soci::use(tenant), soci::use(id), soci::use(rule), soci::use(campaign.value, campaign.ind),
       soci::use(day), soci::use(fired), soci::use(payload), soci::use(now));
  for (auto& r : records) {
    id = r.id;
    rule = r.rule_id;
    campaign = internal::nullable<std::string>(r.campaign_id);
    day = core::format_iso_date(r.evaluated_on);
    fired = r.fired ? 1 : 0;
    payload = r.payload;
    st.execute(true);
    r.created_at = now;
  }
  return records;
}

Page<RuleEvaluationRecord> list(Tx& tx, const std::string& rule_id, bool fired_only,
                                std::size_t limit, const std::string& cursor) {
  const std::string& tenant = internal::require_tenant(tx, "rule_evaluations::list");
  internal::NewestFirst pages("rule_evaluations", cursor, limit);
  const Dialect d = tx.dialect();
  std::string where = " AND rule_id = :rule";
  if (fired_only) where += d == Dialect::postgresql ? " AND fired" : " AND fired <> 0";
  RuleEvaluationRecord r;
  internal::Nullable<std::string> campaign;
  std::string day;
  int fired = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.rule_id));
  st.exchange(soci::into(campaign.value, campaign.ind));
  st.exchange(soci::into(day));
  st.exchange(soci::into(fired));
  st.exchange(soci::into(r.payload));
  st.exchange(soci::into(r.created_at));
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(rule_id, "rule"));
  pages.bind(st);
  st.alloc();
  st.prepare("SELECT id, rule_id, campaign_id, " + internal::date_out(d, "evaluated_on") + ", " +
             (d == Dialect::postgresql ? "CASE WHEN fired THEN 1 ELSE 0 END" : "fired") + ", " +
             internal::json_out(d, "payload") + ", " + internal::ts_out(d, "created_at") +
             " FROM rule_evaluations WHERE tenant_id = :tenant" + where + pages.where(d) +
             internal::NewestFirst::order_and_limit());
  st.define_and_bind();
  Page<RuleEvaluationRecord> page;
  if (st.execute(true)) {
    do {
      RuleEvaluationRecord row = r;
      row.campaign_id = internal::optional_of<std::string>(campaign);
      row.evaluated_on = internal::parse_stored_date(day);
      row.fired = fired != 0;
      page.items.push_back(std::move(row));
    } while (st.fetch());
  }
  pages.finish(page);
  return page;
}

std::map<std::string, core::Date> last_fired(Tx& tx, const std::string& rule_id) {
  const std::string& tenant = internal::require_tenant(tx, "rule_evaluations::last_fired");
  const Dialect d = tx.dialect();
  std::string campaign, day;
  soci::statement st(tx.sql());
  st.exchange(soci::into(campaign));
  st.exchange(soci::into(day));
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(rule_id, "rule"));
  st.alloc();
  st.prepare("SELECT campaign_id, " + internal::date_out(d, "MAX(evaluated_on)") +
             " FROM rule_evaluations WHERE tenant_id = :tenant AND rule_id = :rule AND " +
             (d == Dialect::postgresql ? "fired" : "fired <> 0") +
             " AND campaign_id IS NOT NULL GROUP BY campaign_id");
  st.define_and_bind();
  std::map<std::string, core::Date> out;
  if (st.execute(true)) {
    do {
      out[campaign] = internal::parse_stored_date(day);
    } while (st.fetch());
  }
  return out;
}

}  // namespace store::rule_evaluations
