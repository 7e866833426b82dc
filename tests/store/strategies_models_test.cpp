// Stored strategies and versioned forecast models.
#include <nlohmann/json.hpp>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>

#include "store/models.h"
#include "store/strategies.h"
#include "test_support.h"

using namespace store_test;
using store::Tx;

namespace {
store::StrategyRecord strategy(const std::string& id, std::optional<std::string> client) {
  store::StrategyRecord r;
  r.id = id;
  r.client_id = std::move(client);
  r.name = "Holiday Campaign";
  r.objective = "sales_conversion";
  r.budget_micros = 15'000'000'000;
  r.currency = "USD";
  r.payload = std::string(R"({"estimated_roi": 1.25, "id": ")").append(id).append(R"("})");
  return r;
}
}  // namespace

template <class B>
class StoreStrategies : public StoreTestWithClients<B> {};
TYPED_TEST_SUITE(StoreStrategies, Backends, BackendNames);

TYPED_TEST(StoreStrategies, InsertsFindsAndKeepsThePayload) {
  auto stored = this->db().write(this->A, [](Tx& tx) {
    return store::strategies::insert(tx, strategy("s1", "c1"));
  });
  EXPECT_FALSE(stored.created_at.empty());
  auto found = this->db().read(this->A, [](Tx& tx) { return store::strategies::find(tx, "s1"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->client_id, "c1");
  EXPECT_EQ(found->budget_micros, 15'000'000'000);
  EXPECT_EQ(found->objective, "sales_conversion");
  EXPECT_EQ(found->currency, "USD");
  const nlohmann::json payload = nlohmann::json::parse(found->payload);
  EXPECT_DOUBLE_EQ(payload.at("estimated_roi").template get<double>(), 1.25);
  EXPECT_EQ(found->created_at, stored.created_at);
}

TYPED_TEST(StoreStrategies, AnotherTenantSeesNothing) {
  this->db().write(this->A, [](Tx& tx) { store::strategies::insert(tx, strategy("s1", "c1")); });
  this->db().read(this->B, [](Tx& tx) {
    EXPECT_FALSE(store::strategies::find(tx, "s1"));
    EXPECT_TRUE(store::strategies::list(tx, {}).items.empty());
  });
  // Nor can B attach a strategy to A's client.
  EXPECT_THROW(this->db().write(this->B, [](Tx& tx) {
    store::strategies::insert(tx, strategy("s2", "c1"));
  }), store::NotFound);
}

TYPED_TEST(StoreStrategies, ListsNewestFirstPerClientInPages) {
  this->db().write(this->A, [](Tx& tx) {
    for (int i = 0; i < 5; ++i) store::strategies::insert(tx, strategy(std::string("a").append(std::to_string(i)), "c1"));
    store::strategies::insert(tx, strategy("b0", "c2"));
    store::strategies::insert(tx, strategy("n0", std::nullopt));
  });
  std::vector<std::string> seen;
  store::StrategyQuery q;
  q.client_id = "c1";
  q.limit = 2;
  do {
    auto page = this->db().read(this->A, [&](Tx& tx) { return store::strategies::list(tx, q); });
    for (const auto& s : page.items) {
      seen.push_back(s.id);
      EXPECT_EQ(s.payload, "{}");  // lists leave payloads out unless asked
    }
    q.cursor = page.next_cursor;
  } while (!q.cursor.empty());
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 5u);
  auto all = this->db().read(this->A, [](Tx& tx) {
    store::StrategyQuery everything;
    everything.with_payload = true;
    return store::strategies::list(tx, everything);
  });
  ASSERT_EQ(all.items.size(), 7u);
  for (std::size_t i = 1; i < all.items.size(); ++i) {
    EXPECT_GE(all.items[i - 1].created_at, all.items[i].created_at);
  }
  EXPECT_NE(all.items.front().payload, "{}");
}

TYPED_TEST(StoreStrategies, RejectsABadCursor) {
  this->db().read(this->A, [](Tx& tx) {
    store::StrategyQuery q;
    q.cursor = "not-a-cursor";
    EXPECT_THROW(store::strategies::list(tx, q), store::InvalidArgument);
  });
}

template <class B>
class StoreModels : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreModels, Backends, BackendNames);

TYPED_TEST(StoreModels, VersionsCountUpPerTenantAndTheLatestServes) {
  auto make = [](const std::string& id, const std::string& kind) {
    store::ModelRecord m;
    m.id = id;
    m.kind = kind;
    m.payload = R"({"rows": 100})";
    m.artifact = "QUJD";
    return m;
  };
  this->db().read(this->A, [](Tx& tx) {
    EXPECT_EQ(store::models::latest_version(tx), 0);
    EXPECT_FALSE(store::models::latest(tx));
  });
  this->db().write(this->A, [&](Tx& tx) {
    EXPECT_EQ(store::models::insert(tx, make("m1", "linear")).version, 1);
    EXPECT_EQ(store::models::insert(tx, make("m2", "random_forest")).version, 2);
  });
  this->db().write(this->B, [&](Tx& tx) {
    EXPECT_EQ(store::models::insert(tx, make("m3", "linear")).version, 1);
  });
  this->db().read(this->A, [](Tx& tx) {
    auto latest = store::models::latest(tx);
    ASSERT_TRUE(latest);
    EXPECT_EQ(latest->id, "m2");
    EXPECT_EQ(latest->artifact, "QUJD");
    EXPECT_FALSE(latest->trained_at.empty());
    auto listed = store::models::list(tx, 10);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].version, 2);
    EXPECT_TRUE(listed[0].artifact.empty());
    EXPECT_EQ(store::models::latest_version(tx), 2);
  });
  auto tenants = this->db().system([](Tx& tx) { return store::models::tenants_with_models(tx); });
  EXPECT_EQ(std::set<std::string>(tenants.begin(), tenants.end()),
            (std::set<std::string>{"acme", "globex"}));
}

// Group commit: concurrent writers share transactions on SQLite; a writer whose function throws
// loses only its own work and gets its own error.
TYPED_TEST(StoreStrategies, GroupedWritesCommitTogetherAndFailAlone) {
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> conflicts{0}, stored{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Every fifth write of thread 0 reuses an id: a Conflict for that writer alone.
        std::string id = (t == 0 && i % 5 == 4) ? std::string("g-0-0")
                                                : "g-" + std::to_string(t) + "-" + std::to_string(i);
        try {
          auto r = this->db().write_grouped(this->A, [&](Tx& tx) {
            return store::strategies::insert(tx, strategy(id, "c1"));
          });
          EXPECT_EQ(r.id, id);
          ++stored;
        } catch (const store::Conflict&) {
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(conflicts.load(), kEach / 5);
  EXPECT_EQ(stored.load(), kThreads * kEach - kEach / 5);
  store::StrategyQuery all;
  all.limit = 500;
  auto page = this->db().read(this->A, [&](Tx& tx) { return store::strategies::list(tx, all); });
  EXPECT_EQ(static_cast<int>(page.items.size()), stored.load());
  // A throwing function's own work is rolled back.
  EXPECT_THROW(this->db().write_grouped(this->A, [](Tx& tx) {
    store::strategies::insert(tx, strategy("rolled-back", "c1"));
    throw std::runtime_error("changed my mind");
  }), std::runtime_error);
  EXPECT_FALSE(this->db().read(this->A, [](Tx& tx) { return store::strategies::find(tx, "rolled-back"); }));
  // The tenant is the caller's: B cannot see A's grouped writes.
  EXPECT_FALSE(this->db().read(this->B, [](Tx& tx) { return store::strategies::find(tx, "g-1-1"); }));
}

TYPED_TEST(StoreStrategies, AContentKeyStoresOneStrategyPerTenantEvenUnderConcurrentWriters) {
  constexpr int kThreads = 6;
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  std::vector<std::string> ids(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto r = this->db().write_grouped(this->A, [&](Tx& tx) {
        return store::strategies::insert_unless_stored(tx, strategy("k-" + std::to_string(t), "c1"),
                                                       "same-brief");
      });
      if (r.created) ++created;
      ids[static_cast<std::size_t>(t)] = r.record.id;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1u) << "all callers see one row";
  // The key is per tenant: B stores its own, and a different key is a different strategy.
  auto theirs = this->db().write(this->B, [](Tx& tx) {
    store::clients::insert(tx, make_client("c1"));
    return store::strategies::insert_unless_stored(tx, strategy("b-1", "c1"), "same-brief");
  });
  EXPECT_TRUE(theirs.created);
  auto other = this->db().write(this->A, [](Tx& tx) {
    return store::strategies::insert_unless_stored(tx, strategy("k-other", "c1"), "other-brief");
  });
  EXPECT_TRUE(other.created);
  EXPECT_EQ(other.record.id, "k-other");
  EXPECT_EQ(this->db().read(this->A, [](Tx& tx) { return store::strategies::list(tx, {}); }).items.size(), 2u);
}
