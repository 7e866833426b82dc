// Stored recommendations: a run refreshes the open recommendation with the same key instead of
// adding a copy and expires the open ones it no longer makes (only within its scope); status
// changes with the applied day; listing with filters, newest first; tenant isolation.
#include <nlohmann/json.hpp>

#include "store/campaign_optimizations.h"
#include "store/campaigns.h"
#include "store/clients.h"
#include "test_support.h"

using namespace store_test;
using store::RecommendationRecord;
using store::Tx;

namespace {

RecommendationRecord rec(const std::string& id, const std::string& campaign, const std::string& key,
                         const std::string& payload = R"({"title":"x"})") {
  RecommendationRecord r;
  r.id = id;
  r.campaign_id = campaign;
  r.kind = "cpa_vs_target";
  r.content_key = key;
  r.payload = payload;
  return r;
}

// "Names only campaigns this run analysed" for a run over `campaign`.
auto only(const std::string& campaign) {
  return [campaign](const RecommendationRecord& r) { return r.campaign_id == campaign; };
}

}  // namespace

template <class B>
class StoreRecommendations : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    this->db().write(this->A, [](Tx& tx) {
      store::clients::insert(tx, make_client("c1"));
      store::campaigns::insert(tx, make_campaign("k1", "c1"));
      store::campaigns::insert(tx, make_campaign("k2", "c1"));
    });
  }
  store::SavedRun run(std::vector<RecommendationRecord> records, const std::string& scope) {
    return this->db().write(this->A, [&](Tx& tx) {
      return store::campaign_optimizations::save_run(tx, "c1", std::move(records), only(scope));
    });
  }
  std::vector<RecommendationRecord> all(std::optional<std::string> status = std::nullopt) {
    return this->db().read(this->A, [&](Tx& tx) {
      store::RecommendationQuery q;
      q.client_id = "c1";
      q.status = status;
      return store::campaign_optimizations::list(tx, q).items;
    });
  }
};
TYPED_TEST_SUITE(StoreRecommendations, Backends, BackendNames);

TYPED_TEST(StoreRecommendations, ARunRefreshesTheSameRecommendationAndExpiresWhatItNoLongerMakes) {
  auto first = this->run({rec("r1", "k1", "cpa|k1"), rec("r2", "k1", "pacing|k1"),
                          rec("r3", "k2", "pacing|k2")},
                         "k1");
  ASSERT_EQ(first.saved.size(), 3u);
  EXPECT_TRUE(first.expired.empty());
  // The next analysis of k1 still makes the CPA recommendation (new numbers, new id offered)
  // but no longer the pacing one; k2 was not analysed, so its recommendation stays open.
  auto second = this->run({rec("r9", "k1", "cpa|k1", R"({"title":"y"})")}, "k1");
  ASSERT_EQ(second.saved.size(), 1u);
  EXPECT_EQ(second.saved[0].id, "r1");
  EXPECT_EQ(second.saved[0].created_at, first.saved[0].created_at);
  EXPECT_EQ(second.expired, std::vector<std::string>{"r2"});
  auto open = this->all("open");
  ASSERT_EQ(open.size(), 2u);
  for (const auto& r : open) {
    EXPECT_NE(r.id, "r9");
    if (r.id == "r1") {
      EXPECT_EQ(nlohmann::json::parse(r.payload)["title"], "y");
    }
  }
  EXPECT_EQ(this->all("expired").size(), 1u);
  EXPECT_EQ(this->all().size(), 3u);
}

TYPED_TEST(StoreRecommendations, AppliedRecommendationsAreNotRefreshedAndKeepTheirDay) {
  this->run({rec("r1", "k1", "cpa|k1")}, "k1");
  auto applied = this->db().write(this->A, [](Tx& tx) {
    auto r = *store::campaign_optimizations::find(tx, "r1");
    r.status = "applied";
    r.applied_on = core::parse_iso_date("2026-11-20");
    return store::campaign_optimizations::update(tx, r);
  });
  ASSERT_TRUE(applied);
  EXPECT_EQ(applied->applied_on, core::parse_iso_date("2026-11-20"));
  // The same recommendation made again is a new open row; the applied one is untouched.
  auto again = this->run({rec("r2", "k1", "cpa|k1")}, "k1");
  EXPECT_EQ(again.saved[0].id, "r2");
  EXPECT_TRUE(again.expired.empty());
  EXPECT_EQ(this->all("applied").size(), 1u);
  // Reopening the applied one would give two open rows with one key.
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) {
    auto r = *store::campaign_optimizations::find(tx, "r1");
    r.status = "open";
    r.applied_on.reset();
    store::campaign_optimizations::update(tx, r);
  }), store::Conflict);
}

TYPED_TEST(StoreRecommendations, ListsNewestFirstWithFiltersAndPages) {
  this->run({rec("r1", "k1", "a"), rec("r2", "k2", "b")}, "k1");
  this->run({rec("r3", "k2", "c")}, "none");
  auto ids = [&](store::RecommendationQuery q) {
    std::vector<std::string> out;
    this->db().read(this->A, [&](Tx& tx) {
      do {
        auto page = store::campaign_optimizations::list(tx, q);
        for (const auto& r : page.items) out.push_back(r.id);
        q.cursor = page.next_cursor;
      } while (!q.cursor.empty());
    });
    return out;
  };
  store::RecommendationQuery q;
  q.client_id = "c1";
  q.limit = 1;
  auto every = ids(q);
  ASSERT_EQ(every.size(), 3u);
  EXPECT_EQ(every[0], "r3");
  q.campaign_id = "k2";
  EXPECT_EQ(ids(q).size(), 2u);
  q.kind = "budget_pacing";
  EXPECT_TRUE(ids(q).empty());
}

TYPED_TEST(StoreRecommendations, AnotherTenantsRecommendationIsMissing) {
  this->run({rec("r1", "k1", "a")}, "k1");
  this->db().write(this->B, [](Tx& tx) {
    EXPECT_FALSE(store::campaign_optimizations::find(tx, "r1"));
    RecommendationRecord r;
    r.id = "r1";
    r.status = "dismissed";
    EXPECT_FALSE(store::campaign_optimizations::update(tx, r));
  });
  EXPECT_THROW(this->db().write(this->B, [](Tx& tx) {
    store::campaign_optimizations::save_run(tx, "c1", {}, [](const auto&) { return true; });
  }), store::NotFound);
  EXPECT_EQ(this->all("open").size(), 1u);
}

TYPED_TEST(StoreRecommendations, TwoRecordsWithOneKeyAreRefusedAndNothingIsStored) {
  EXPECT_THROW(this->run({rec("r1", "k1", "a"), rec("r2", "k2", "a")}, "k1"), store::Conflict);
  EXPECT_TRUE(this->all().empty());
}
