#include "store/clients.h"

#include <set>

#include "test_support.h"

using namespace store_test;
using store::Tx;

template <class B>
class StoreClients : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreClients, Backends, BackendNames);

TYPED_TEST(StoreClients, InsertFindUpdateRemove) {
  auto stored = this->db().write(this->A, [](Tx& tx) {
    auto c = make_client("c1", "Northwind");
    c.industry = "retail";
    return store::clients::insert(tx, c);
  });
  EXPECT_FALSE(stored.created_at.empty());
  EXPECT_EQ(stored.created_at, stored.updated_at);
  this->db().write(this->A, [&](Tx& tx) {
    auto found = store::clients::find(tx, "c1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Northwind");
    EXPECT_EQ(found->currency, "USD");
    EXPECT_EQ(found->time_zone, "America/New_York");
    EXPECT_EQ(found->industry, "retail");
    EXPECT_FALSE(found->website);
    EXPECT_EQ(found->created_at, stored.created_at);

    auto change = *found;
    change.name = "Northwind Traders";
    change.currency = "EUR";
    change.industry.reset();
    change.website = "https://northwind.test";
    auto updated = store::clients::update(tx, change);
    EXPECT_EQ(updated.name, "Northwind Traders");
    EXPECT_EQ(updated.currency, "EUR");
    EXPECT_FALSE(updated.industry);
    EXPECT_EQ(updated.website, "https://northwind.test");
    EXPECT_EQ(updated.created_at, stored.created_at);
    EXPECT_GE(updated.updated_at, stored.updated_at);

    store::clients::remove(tx, "c1");
    EXPECT_FALSE(store::clients::find(tx, "c1"));
  });
}

TYPED_TEST(StoreClients, DuplicateIdIsAConflict) {
  this->db().write(this->A, [](Tx& tx) { store::clients::insert(tx, make_client("c1")); });
  EXPECT_THROW(
      this->db().write(this->A, [](Tx& tx) { store::clients::insert(tx, make_client("c1")); }),
      store::Conflict);
  // Ids are per tenant.
  this->db().write(this->B, [](Tx& tx) { store::clients::insert(tx, make_client("c1")); });
}

TYPED_TEST(StoreClients, MissingClientsAreNotFound) {
  this->db().write(this->A, [](Tx& tx) {
    EXPECT_FALSE(store::clients::find(tx, "nope"));
    EXPECT_THROW(store::clients::update(tx, make_client("nope")), store::NotFound);
    EXPECT_THROW(store::clients::remove(tx, "nope"), store::NotFound);
  });
}

TYPED_TEST(StoreClients, RemoveIsRefusedWhileCampaignsExist) {
  this->db().write(this->A, [](Tx& tx) {
    store::clients::insert(tx, make_client("c1"));
    store::campaigns::insert(tx, make_campaign("k1", "c1"));
  });
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) { store::clients::remove(tx, "c1"); }),
               store::Conflict);
  this->db().read(this->A, [](Tx& tx) { EXPECT_TRUE(store::clients::find(tx, "c1")); });
}

TYPED_TEST(StoreClients, PagesCoverEveryClientOnceInIdOrder) {
  this->db().write(this->A, [](Tx& tx) {
    for (auto id : {"c5", "c2", "c7", "c1", "c4", "c3", "c6"})
      store::clients::insert(tx, make_client(id));
  });
  this->db().write(this->B, [](Tx& tx) { store::clients::insert(tx, make_client("c0")); });
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = this->db().read(this->A, [&](Tx& tx) {
      return store::clients::list(tx, store::ClientQuery{3, cursor});
    });
    for (const auto& c : page.items) seen.push_back(c.id);
    cursor = page.next_cursor;
    ++pages;
  } while (!cursor.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"c1", "c2", "c3", "c4", "c5", "c6", "c7"}));
}

TYPED_TEST(StoreClients, RejectsBadLimitsAndCursors) {
  this->db().read(this->A, [](Tx& tx) {
    EXPECT_THROW(store::clients::list(tx, {0, ""}), store::InvalidArgument);
    EXPECT_THROW(store::clients::list(tx, {501, ""}), store::InvalidArgument);
    EXPECT_THROW(store::clients::list(tx, {10, "not a cursor!"}), store::InvalidArgument);
    EXPECT_NO_THROW(store::clients::list(tx, {500, ""}));
  });
}

TYPED_TEST(StoreClients, AnotherTenantCannotSeeOrTouchThem) {
  this->db().write(this->A, [](Tx& tx) { store::clients::insert(tx, make_client("c1", "Mine")); });
  this->db().write(this->B, [](Tx& tx) {
    EXPECT_FALSE(store::clients::find(tx, "c1"));
    EXPECT_TRUE(store::clients::list(tx, {}).items.empty());
    EXPECT_THROW(store::clients::update(tx, make_client("c1", "Stolen")), store::NotFound);
    EXPECT_THROW(store::clients::remove(tx, "c1"), store::NotFound);
  });
  this->db().read(this->A, [](Tx& tx) { EXPECT_EQ(store::clients::find(tx, "c1")->name, "Mine"); });
}
