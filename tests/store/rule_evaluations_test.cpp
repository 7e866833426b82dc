// The rule-evaluation log: appends, newest-first pages, firings only, cooldown state, tenants.
#include "store/internal/sql.h"
#include "store/rule_evaluations.h"
#include "test_support.h"

using namespace store_test;
using store::RuleEvaluationRecord;
using store::Tx;

namespace {

void insert_rule(Tx& tx, const std::string& id) {
  const std::string now = store::internal::now_timestamp();
  const std::string& tenant = tx.tenant_id();
  tx.sql() << "INSERT INTO rules (tenant_id, id, name, created_at, updated_at) VALUES "
              "(:tenant, :id, 'High CPA', " +
                  store::internal::ts_in(tx.dialect(), ":created") + ", " +
                  store::internal::ts_in(tx.dialect(), ":updated") + ")",
      soci::use(tenant), soci::use(id), soci::use(now), soci::use(now);
}

RuleEvaluationRecord evaluation(const std::string& id, const char* campaign, const char* day,
                                bool fired) {
  RuleEvaluationRecord r;
  r.id = id;
  r.rule_id = "rule1";
  r.campaign_id = campaign;
  r.evaluated_on = *core::parse_iso_date(day);
  r.fired = fired;
  r.payload = std::string(R"({"cpa_3d": )").append(fired ? "61.5" : "42").append("}");
  return r;
}

}  // namespace

template <class B>
class StoreRuleEvaluations : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreRuleEvaluations, Backends, BackendNames);

TYPED_TEST(StoreRuleEvaluations, LogsPagesFiringsAndTheLastFiringPerCampaign) {
  this->db().write(this->A, [](Tx& tx) {
    insert_rule(tx, "rule1");
    store::rule_evaluations::record(tx, {evaluation("e1", "c1", "2026-11-01", true),
                                         evaluation("e2", "c2", "2026-11-01", false),
                                         evaluation("e3", "c1", "2026-11-03", true),
                                         evaluation("e4", "c2", "2026-11-03", true)});
  });
  auto last = this->db().read(this->A, [](Tx& tx) { return store::rule_evaluations::last_fired(tx, "rule1"); });
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last["c1"], *core::parse_iso_date("2026-11-03"));
  EXPECT_EQ(last["c2"], *core::parse_iso_date("2026-11-03"));

  auto all = this->db().read(this->A, [](Tx& tx) { return store::rule_evaluations::list(tx, "rule1", false, 3, ""); });
  ASSERT_EQ(all.items.size(), 3u);
  EXPECT_FALSE(all.next_cursor.empty());
  auto rest = this->db().read(this->A, [&](Tx& tx) {
    return store::rule_evaluations::list(tx, "rule1", false, 3, all.next_cursor);
  });
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_TRUE(rest.next_cursor.empty());
  auto fired = this->db().read(this->A, [](Tx& tx) { return store::rule_evaluations::list(tx, "rule1", true, 50, ""); });
  ASSERT_EQ(fired.items.size(), 3u);
  for (const auto& r : fired.items) {
    EXPECT_TRUE(r.fired);
    EXPECT_NE(r.payload.find("61.5"), std::string::npos) << r.payload;
  }
}

TYPED_TEST(StoreRuleEvaluations, AnotherTenantsRuleIsMissing) {
  this->db().write(this->A, [](Tx& tx) {
    insert_rule(tx, "rule1");
    store::rule_evaluations::record(tx, {evaluation("e1", "c1", "2026-11-01", true)});
  });
  EXPECT_THROW(this->db().write(this->B, [](Tx& tx) {
    store::rule_evaluations::record(tx, {evaluation("e9", "c1", "2026-11-01", true)});
  }), store::NotFound);
  this->db().read(this->B, [](Tx& tx) {
    EXPECT_TRUE(store::rule_evaluations::list(tx, "rule1", false, 50, "").items.empty());
    EXPECT_TRUE(store::rule_evaluations::last_fired(tx, "rule1").empty());
  });
}
