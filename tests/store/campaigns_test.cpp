#include "store/campaigns.h"

#include <soci/soci.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "store/metrics.h"
#include "test_support.h"

using namespace store_test;
using core::CampaignStatus;
using core::Objective;
using core::Platform;
using store::CampaignQuery;
using store::CampaignSort;
using store::Tx;

namespace {
// A query with a few fields set: `query([](auto& q) { q.limit = 4; })`.
template <class Set>
CampaignQuery query(Set set) {
  CampaignQuery q;
  set(q);
  return q;
}
}  // namespace

template <class B>
class StoreCampaigns : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    for (const auto& scope : {this->A, this->B}) {
      this->db().write(scope, [](Tx& tx) {
        store::clients::insert(tx, make_client("c1"));
        store::clients::insert(tx, make_client("c2"));
      });
    }
  }
};
TYPED_TEST_SUITE(StoreCampaigns, Backends, BackendNames);

TYPED_TEST(StoreCampaigns, InsertFindUpdateRemoveRoundTripsEveryField) {
  store::Campaign c = make_campaign("k1", "c1", "Spring Sale");
  c.platform = Platform::google_ads;
  c.objective = Objective::sales_conversion;
  c.external_id = "g-123";
  c.daily_budget_micros = 50'000'000;
  c.start_date = core::parse_iso_date("2024-03-01");
  c.end_date = core::parse_iso_date("2024-03-31");
  c.targeting = R"({"geo": ["US", "CA"], "age": {"min": 25}})";
  this->db().write(this->A, [&](Tx& tx) {
    auto stored = store::campaigns::insert(tx, c);
    auto found = store::campaigns::find(tx, "k1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Spring Sale");
    EXPECT_EQ(found->client_id, "c1");
    EXPECT_EQ(found->platform, Platform::google_ads);
    EXPECT_EQ(found->objective, Objective::sales_conversion);
    EXPECT_EQ(found->status, CampaignStatus::active);
    EXPECT_EQ(found->external_id, "g-123");
    EXPECT_EQ(found->daily_budget_micros, 50'000'000);
    EXPECT_FALSE(found->lifetime_budget_micros);
    EXPECT_EQ(found->start_date, core::parse_iso_date("2024-03-01"));
    EXPECT_EQ(found->end_date, core::parse_iso_date("2024-03-31"));
    EXPECT_EQ(nlohmann::json::parse(found->targeting), nlohmann::json::parse(c.targeting));
    EXPECT_EQ(found->created_at, stored.created_at);

    auto change = *found;
    change.client_id = "c2";
    change.status = CampaignStatus::paused;
    change.daily_budget_micros.reset();
    change.lifetime_budget_micros = 900'000'000;
    change.end_date.reset();
    auto updated = store::campaigns::update(tx, change);
    EXPECT_EQ(updated.client_id, "c2");
    EXPECT_EQ(updated.status, CampaignStatus::paused);
    EXPECT_FALSE(updated.daily_budget_micros);
    EXPECT_EQ(updated.lifetime_budget_micros, 900'000'000);
    EXPECT_FALSE(updated.end_date);

    store::campaigns::remove(tx, "k1");
    EXPECT_FALSE(store::campaigns::find(tx, "k1"));
    EXPECT_THROW(store::campaigns::remove(tx, "k1"), store::NotFound);
    EXPECT_THROW(store::campaigns::update(tx, change), store::NotFound);
  });
}

TYPED_TEST(StoreCampaigns, UnknownClientIsNotFoundAndBadJsonIsRejected) {
  this->db().write(this->A, [](Tx& tx) { store::clients::insert(tx, make_client("only-a")); });
  this->db().write(this->B, [](Tx& tx) {
    EXPECT_THROW(store::campaigns::insert(tx, make_campaign("k1", "only-a")), store::NotFound);
  });
  EXPECT_THROW(this->db().write(this->A,
                                [](Tx& tx) {
                                  auto c = make_campaign("k1", "c1");
                                  c.targeting = "{not json";
                                  store::campaigns::insert(tx, c);
                                }),
               store::InvalidArgument);
}

TYPED_TEST(StoreCampaigns, DuplicateIdAndDuplicateExternalIdAreConflicts) {
  this->db().write(this->A, [](Tx& tx) {
    auto c = make_campaign("k1", "c1");
    c.external_id = "ext-1";
    store::campaigns::insert(tx, c);
    store::campaigns::insert(tx, make_campaign("k2", "c1"));  // no external ids: no clash
    store::campaigns::insert(tx, make_campaign("k3", "c1"));
  });
  EXPECT_THROW(
      this->db().write(this->A,
                       [](Tx& tx) { store::campaigns::insert(tx, make_campaign("k1", "c2")); }),
      store::Conflict);
  EXPECT_THROW(this->db().write(this->A,
                                [](Tx& tx) {
                                  auto c = make_campaign("k9", "c1");
                                  c.external_id = "ext-1";
                                  store::campaigns::insert(tx, c);
                                }),
               store::Conflict);
  this->db().write(this->A, [](Tx& tx) {
    auto other_platform = make_campaign("k4", "c1");
    other_platform.external_id = "ext-1";
    other_platform.platform = Platform::tiktok_ads;
    store::campaigns::insert(tx, other_platform);
    auto other_client = make_campaign("k5", "c2");
    other_client.external_id = "ext-1";
    store::campaigns::insert(tx, other_client);
  });
}

TYPED_TEST(StoreCampaigns, FindsByExternalIdAndByName) {
  this->db().write(this->A, [](Tx& tx) {
    auto c = make_campaign("k1", "c1", "Brand");
    c.external_id = "ext-1";
    store::campaigns::insert(tx, c);
    store::campaigns::insert(tx, make_campaign("k2", "c1", "Brand"));
    EXPECT_EQ(store::campaigns::find_by_external_id(tx, "c1", Platform::meta_ads, "ext-1")->id,
              "k1");
    EXPECT_FALSE(store::campaigns::find_by_external_id(tx, "c1", Platform::google_ads, "ext-1"));
    EXPECT_FALSE(store::campaigns::find_by_external_id(tx, "c2", Platform::meta_ads, "ext-1"));
    EXPECT_EQ(store::campaigns::find_by_name(tx, "c1", Platform::meta_ads, "Brand")->id, "k1");
    EXPECT_FALSE(store::campaigns::find_by_name(tx, "c1", Platform::meta_ads, "brand"));
  });
  this->db().read(this->B, [](Tx& tx) {
    EXPECT_FALSE(store::campaigns::find_by_external_id(tx, "c1", Platform::meta_ads, "ext-1"));
    EXPECT_FALSE(store::campaigns::find_by_name(tx, "c1", Platform::meta_ads, "Brand"));
  });
}

TYPED_TEST(StoreCampaigns, RemoveDeletesItsMetrics) {
  this->db().write(this->A, [](Tx& tx) {
    store::campaigns::insert(tx, make_campaign("k1", "c1"));
    store::MetricRow row;
    row.campaign_id = "k1";
    row.date = *core::parse_iso_date("2024-01-01");
    store::metrics::upsert(tx, {row});
    store::campaigns::remove(tx, "k1");
    int rows = 1;
    tx.sql() << "SELECT count(*) FROM campaign_metrics", soci::into(rows);
    EXPECT_EQ(rows, 0);
  });
}

TYPED_TEST(StoreCampaigns, AnotherTenantCannotSeeOrTouchThem) {
  this->db().write(this->A,
                   [](Tx& tx) { store::campaigns::insert(tx, make_campaign("k1", "c1", "Mine")); });
  this->db().write(this->B, [](Tx& tx) {
    EXPECT_FALSE(store::campaigns::find(tx, "k1"));
    EXPECT_TRUE(store::campaigns::list(tx, {}).items.empty());
    EXPECT_THROW(store::campaigns::update(tx, make_campaign("k1", "c1", "Stolen")),
                 store::NotFound);
    EXPECT_THROW(store::campaigns::remove(tx, "k1"), store::NotFound);
  });
  this->db().read(this->A,
                  [](Tx& tx) { EXPECT_EQ(store::campaigns::find(tx, "k1")->name, "Mine"); });
}

// ---- listing ------------------------------------------------------------------------------

template <class B>
class StoreCampaignList : public StoreCampaigns<B> {
 protected:
  // 11 campaigns with repeated names, some missing start dates, mixed filters.
  void SetUp() override {
    StoreCampaigns<B>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    this->db().write(this->A, [](Tx& tx) {
      const char* names[] = {"Beta", "alpha", "Gamma", "Beta",  "delta", "Alpha Brand",
                             "zeta", "Beta",  "eta",   "Theta", "iota"};
      for (int i = 0; i < 11; ++i) {
        auto c = make_campaign(std::string("k").append(std::to_string(10 + i)),
                               i % 3 == 0 ? "c2" : "c1", names[i]);
        c.platform = i % 2 == 0 ? Platform::google_ads : Platform::meta_ads;
        c.status = i % 4 == 0 ? CampaignStatus::paused : CampaignStatus::active;
        c.objective = i < 5 ? Objective::leads : Objective::awareness;
        if (i % 3 != 1) c.start_date = core::Date{19800 + (i * 7) % 5};  // ties on purpose
        store::campaigns::insert(tx, c);
      }
    });
    this->db().write(this->B,
                     [](Tx& tx) { store::campaigns::insert(tx, make_campaign("b1", "c1")); });
  }

  std::vector<store::Campaign> all_pages(CampaignQuery q, int* pages = nullptr) {
    std::vector<store::Campaign> out;
    int count = 0;
    do {
      auto page = this->db().read(this->A, [&](Tx& tx) { return store::campaigns::list(tx, q); });
      out.insert(out.end(), page.items.begin(), page.items.end());
      q.cursor = page.next_cursor;
      ++count;
    } while (!q.cursor.empty() && count < 100);
    if (pages) *pages = count;
    return out;
  }
};
TYPED_TEST_SUITE(StoreCampaignList, Backends, BackendNames);

namespace {
std::vector<std::string> ids(const std::vector<store::Campaign>& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs) out.push_back(c.id);
  return out;
}

// The order a listing must have: by key (a missing key is the smallest), then by id.
std::vector<std::string> expected_order(std::vector<store::Campaign> cs, CampaignSort sort,
                                        bool descending) {
  auto key = [sort](const store::Campaign& c) -> std::optional<std::string> {
    switch (sort) {
      case CampaignSort::name:
        return c.name;
      case CampaignSort::created_at:
        return c.created_at;
      case CampaignSort::updated_at:
        return c.updated_at;
      case CampaignSort::start_date:
        if (!c.start_date) return std::nullopt;
        return core::format_iso_date(*c.start_date);
    }
    return std::nullopt;
  };
  std::sort(cs.begin(), cs.end(), [&](const auto& a, const auto& b) {
    auto ka = key(a), kb = key(b);
    return descending ? std::tie(kb, b.id) < std::tie(ka, a.id)
                      : std::tie(ka, a.id) < std::tie(kb, b.id);
  });
  return ids(cs);
}
}  // namespace

TYPED_TEST(StoreCampaignList, EverySortInBothDirectionsPagesThroughEveryRowOnce) {
  auto everything = this->all_pages(query([](auto& q) { q.limit = 500; }));
  ASSERT_EQ(everything.size(), 11u);
  for (auto sort : {CampaignSort::name, CampaignSort::created_at, CampaignSort::start_date,
                    CampaignSort::updated_at}) {
    for (bool descending : {false, true}) {
      int pages = 0;
      auto listed = this->all_pages(query([&](auto& q) {
                                      q.sort = sort;
                                      q.descending = descending;
                                      q.limit = 4;
                                    }),
                                    &pages);
      EXPECT_EQ(ids(listed), expected_order(everything, sort, descending))
          << "sort " << static_cast<int>(sort) << (descending ? " desc" : " asc");
      EXPECT_EQ(pages, 3);
      auto listed_ids = ids(listed);
      EXPECT_EQ(std::set<std::string>(listed_ids.begin(), listed_ids.end()).size(), 11u);
    }
  }
}

TYPED_TEST(StoreCampaignList, FiltersCombine) {
  auto count = [&](auto set) { return this->all_pages(query(set)).size(); };
  EXPECT_EQ(count([](auto& q) { q.client_id = "c2"; }), 4u);
  EXPECT_EQ(count([](auto& q) { q.platform = Platform::google_ads; }), 6u);
  EXPECT_EQ(count([](auto& q) { q.status = CampaignStatus::paused; }), 3u);
  EXPECT_EQ(count([](auto& q) { q.objective = Objective::leads; }), 5u);
  EXPECT_EQ(count([](auto& q) { q.name_contains = "BETA"; }), 3u);
  EXPECT_EQ(count([](auto& q) { q.name_contains = "alpha"; }), 2u);
  EXPECT_EQ(count([](auto& q) {
              q.client_id = "c1";
              q.platform = Platform::meta_ads;
              q.name_contains = "a";
            }),
            3u);
  EXPECT_EQ(count([](auto& q) { q.client_id = "nope"; }), 0u);
  EXPECT_EQ(count([](auto& q) { q.name_contains = "%"; }), 0u);  // no wildcard semantics
}

TYPED_TEST(StoreCampaignList, RejectsCursorsFromAnotherSortAndBadLimits) {
  auto by_name = query([](auto& q) {
    q.sort = CampaignSort::name;
    q.limit = 2;
  });
  auto first =
      this->db().read(this->A, [&](Tx& tx) { return store::campaigns::list(tx, by_name); });
  ASSERT_FALSE(first.next_cursor.empty());
  this->db().read(this->A, [&](Tx& tx) {
    auto q = by_name;
    q.cursor = first.next_cursor;
    EXPECT_NO_THROW(store::campaigns::list(tx, q));
    q.sort = CampaignSort::created_at;
    EXPECT_THROW(store::campaigns::list(tx, q), store::InvalidArgument);
    q.sort = CampaignSort::name;
    q.descending = true;
    EXPECT_THROW(store::campaigns::list(tx, q), store::InvalidArgument);
    EXPECT_THROW(store::campaigns::list(tx, query([](auto& q) { q.limit = 0; })),
                 store::InvalidArgument);
    EXPECT_THROW(store::campaigns::list(tx, query([](auto& q) { q.limit = 501; })),
                 store::InvalidArgument);
  });
}
