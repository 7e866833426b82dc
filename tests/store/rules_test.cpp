// Automated rules: stored, changed, listed newest first by client and enabled, deleted with
// their log; last_run_at recorded by compare-and-set; tenant isolation.
#include "store/rule_evaluations.h"
#include "store/rules.h"
#include "test_support.h"

using namespace store_test;
using store::RuleRecord;
using store::Tx;

namespace {

RuleRecord make_rule(const std::string& id, const std::string& client_id, bool enabled = true) {
  RuleRecord r;
  r.id = id;
  r.client_id = client_id;
  r.name = std::string("CPA guard ").append(id);
  r.enabled = enabled;
  r.payload = R"({"conditions": [{"metric": "cpa", "threshold": 50}]})";
  return r;
}

}  // namespace

template <class B>
class StoreRules : public StoreTestWithClients<B> {};
TYPED_TEST_SUITE(StoreRules, Backends, BackendNames);

TYPED_TEST(StoreRules, ARuleIsStoredFoundChangedAndDeleted) {
  auto stored = this->db().write(this->A, [](Tx& tx) { return store::rules::insert(tx, make_rule("r1", "c1")); });
  EXPECT_FALSE(stored.created_at.empty());
  EXPECT_EQ(stored.updated_at, stored.created_at);
  EXPECT_TRUE(stored.last_run_at.empty());

  auto found = this->db().read(this->A, [](Tx& tx) { return store::rules::find(tx, "r1"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->client_id, "c1");
  EXPECT_EQ(found->name, "CPA guard r1");
  EXPECT_TRUE(found->enabled);
  EXPECT_TRUE(found->last_run_at.empty());
  EXPECT_NE(found->payload.find("\"cpa\""), std::string::npos) << found->payload;
  EXPECT_EQ(found->created_at, stored.created_at);

  RuleRecord changed = *found;
  changed.client_id = "c2";
  changed.name = "ROAS floor";
  changed.enabled = false;
  changed.payload = R"({"conditions": [{"metric": "roas", "threshold": 2}]})";
  auto updated = this->db().write(this->A, [&](Tx& tx) { return store::rules::update(tx, changed); });
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->client_id, "c2");
  EXPECT_EQ(updated->name, "ROAS floor");
  EXPECT_FALSE(updated->enabled);
  EXPECT_NE(updated->payload.find("\"roas\""), std::string::npos);
  EXPECT_EQ(updated->created_at, stored.created_at);
  EXPECT_GE(updated->updated_at, stored.updated_at);

  // Deleting the rule deletes its log.
  this->db().write(this->A, [](Tx& tx) {
    store::RuleEvaluationRecord e;
    e.id = "e1";
    e.rule_id = "r1";
    e.campaign_id = "cmp1";
    e.evaluated_on = *core::parse_iso_date("2026-11-01");
    store::rule_evaluations::record(tx, {e});
  });
  EXPECT_TRUE(this->db().write(this->A, [](Tx& tx) { return store::rules::remove(tx, "r1"); }));
  EXPECT_FALSE(this->db().write(this->A, [](Tx& tx) { return store::rules::remove(tx, "r1"); }));
  this->db().read(this->A, [](Tx& tx) {
    EXPECT_FALSE(store::rules::find(tx, "r1"));
    EXPECT_TRUE(store::rule_evaluations::list(tx, "r1", false, 50, "").items.empty());
  });
  EXPECT_FALSE(this->db().write(this->A, [&](Tx& tx) { return store::rules::update(tx, changed); }));
}

TYPED_TEST(StoreRules, AMissingClientIsNotFoundAndADuplicateIdAConflict) {
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) { store::rules::insert(tx, make_rule("r1", "nobody")); }),
               store::NotFound);
  this->db().write(this->A, [](Tx& tx) { store::rules::insert(tx, make_rule("r1", "c1")); });
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) { store::rules::insert(tx, make_rule("r1", "c2")); }),
               store::Conflict);
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) { store::rules::update(tx, make_rule("r1", "nobody")); }),
               store::NotFound);
}

TYPED_TEST(StoreRules, ListsNewestFirstByClientAndEnabledInPages) {
  this->db().write(this->A, [](Tx& tx) {
    store::rules::insert(tx, make_rule("r1", "c1"));
    store::rules::insert(tx, make_rule("r2", "c1", false));
    store::rules::insert(tx, make_rule("r3", "c2"));
    store::rules::insert(tx, make_rule("r4", "c1"));
  });
  auto ids = [](const store::Page<RuleRecord>& page) {
    std::vector<std::string> out;
    for (const auto& r : page.items) out.push_back(r.id);
    return out;
  };
  auto list = [&](const store::RuleQuery& q) {
    return this->db().read(this->A, [&](Tx& tx) { return store::rules::list(tx, q); });
  };
  store::RuleQuery query;
  EXPECT_EQ(ids(list(query)), (std::vector<std::string>{"r4", "r3", "r2", "r1"}));
  query.client_id = "c1";
  EXPECT_EQ(ids(list(query)), (std::vector<std::string>{"r4", "r2", "r1"}));
  query.enabled = true;
  auto enabled = list(query);
  EXPECT_EQ(ids(enabled), (std::vector<std::string>{"r4", "r1"}));
  EXPECT_NE(enabled.items[0].payload.find("\"cpa\""), std::string::npos) << "listed with payloads";
  query.enabled = false;
  EXPECT_EQ(ids(list(query)), (std::vector<std::string>{"r2"}));

  store::RuleQuery paged;
  paged.limit = 3;
  auto first = list(paged);
  EXPECT_EQ(ids(first), (std::vector<std::string>{"r4", "r3", "r2"}));
  ASSERT_FALSE(first.next_cursor.empty());
  paged.cursor = first.next_cursor;
  auto second = list(paged);
  EXPECT_EQ(ids(second), (std::vector<std::string>{"r1"}));
  EXPECT_TRUE(second.next_cursor.empty());
  paged.limit = 0;
  EXPECT_THROW(list(paged), store::InvalidArgument);
}

TYPED_TEST(StoreRules, ARunIsRecordedOnlyOverTheLastRunItStartedFrom) {
  this->db().write(this->A, [](Tx& tx) { store::rules::insert(tx, make_rule("r1", "c1")); });
  const std::string first = "2026-11-02T11:00:00.250000Z", second = "2026-11-02T12:00:00.000000Z";
  auto record = [&](const std::string& ran_at, const std::string& expected) {
    return this->db().write(this->A, [&](Tx& tx) { return store::rules::record_run(tx, "r1", ran_at, expected); });
  };
  EXPECT_FALSE(record(first, second)) << "the rule never ran";
  EXPECT_TRUE(record(first, ""));
  EXPECT_FALSE(record(second, "")) << "a second run from the never-run state lost the race";
  auto found = this->db().read(this->A, [](Tx& tx) { return store::rules::find(tx, "r1"); });
  EXPECT_EQ(found->last_run_at, first);
  EXPECT_EQ(found->updated_at, found->created_at) << "a run is not an edit";
  EXPECT_TRUE(record(second, first));
  EXPECT_EQ(this->db().read(this->A, [](Tx& tx) { return store::rules::find(tx, "r1"); })->last_run_at, second);
  EXPECT_FALSE(this->db().write(this->A, [&](Tx& tx) {
    return store::rules::record_run(tx, "missing", first, "");
  }));
}

TYPED_TEST(StoreRules, AnotherTenantsRuleIsMissing) {
  auto stored = this->db().write(this->A, [](Tx& tx) { return store::rules::insert(tx, make_rule("r1", "c1")); });
  this->db().write(this->B, [&](Tx& tx) {
    EXPECT_FALSE(store::rules::find(tx, "r1"));
    EXPECT_TRUE(store::rules::list(tx, {}).items.empty());
    EXPECT_FALSE(store::rules::record_run(tx, "r1", "2026-11-02T11:00:00.000000Z", ""));
    EXPECT_FALSE(store::rules::remove(tx, "r1"));
  });
  EXPECT_THROW(this->db().write(this->B, [&](Tx& tx) { store::rules::update(tx, stored); }),
               store::NotFound);  // its client is not B's either
  auto still = this->db().read(this->A, [](Tx& tx) { return store::rules::find(tx, "r1"); });
  ASSERT_TRUE(still);
  EXPECT_TRUE(still->last_run_at.empty());
}
