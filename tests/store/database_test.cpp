// Database: migrations, transactions, pool, and PostgreSQL row-level security.
#include <soci/soci.h>

#include <atomic>
#include <set>
#include <thread>

#include "store/clients.h"
#include "store/internal/migrations.h"
#include "test_support.h"

using namespace store_test;
using store::Tx;

namespace {

const std::vector<std::string> kTenantTables = {"clients",
                                                "users",
                                                "api_keys",
                                                "platform_connections",
                                                "campaigns",
                                                "campaign_metrics",
                                                "audit_log",
                                                "idempotency_keys",
                                                "marketing_strategies",
                                                "campaign_optimizations",
                                                "client_communications",
                                                "performance_reports",
                                                "budget_optimizations",
                                                "competitor_analysis",
                                                "content_strategies",
                                                "experiments",
                                                "rules",
                                                "report_schedules",
                                                "models",
                                                "jobs"};

std::string first_column(Tx& tx, const std::string& table) {
  std::string name;
  if (tx.dialect() == store::Dialect::sqlite) {
    tx.sql() << "SELECT name FROM pragma_table_info(:t) ORDER BY cid LIMIT 1", soci::use(table),
        soci::into(name);
  } else {
    tx.sql() << "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = :t ORDER BY ordinal_position LIMIT 1",
        soci::use(table), soci::into(name);
  }
  return name;
}

}  // namespace

template <class B>
class StoreMigrations : public StoreTest<B, false> {};
TYPED_TEST_SUITE(StoreMigrations, Backends, BackendNames);

TYPED_TEST(StoreMigrations, MigratesAnEmptyDatabaseThenDoesNothing) {
  auto& db = this->db();
  EXPECT_EQ(db.schema_version(), 0);
  std::vector<int> all;
  for (const auto& m : store::internal::embedded_migrations(db.dialect())) all.push_back(m.version);
  EXPECT_EQ(db.migrate(), all);
  EXPECT_EQ(db.schema_version(), db.latest_schema_version());
  EXPECT_EQ(db.latest_schema_version(), all.back());
  EXPECT_TRUE(db.migrate().empty());
  EXPECT_EQ(db.schema_version(), all.back());
}

TYPED_TEST(StoreMigrations, EveryTableLeadsWithTenantId) {
  this->db().migrate();
  this->db().system([](Tx& tx) {
    EXPECT_EQ(first_column(tx, "tenants"), "id");
    for (const auto& table : kTenantTables)
      EXPECT_EQ(first_column(tx, table), "tenant_id") << table;
  });
}

TYPED_TEST(StoreMigrations, ConcurrentMigratorsApplyEachVersionOnce) {
  std::vector<std::vector<int>> applied(4);
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      try {
        applied[i] = store::Database::open({this->url(), 2})->migrate();  // as separate processes
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  std::multiset<int> all;
  for (const auto& versions : applied) all.insert(versions.begin(), versions.end());
  std::multiset<int> expected;
  for (const auto& m : store::internal::embedded_migrations(this->db().dialect())) {
    expected.insert(m.version);
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(all, expected);
}

TYPED_TEST(StoreMigrations, PostgresForcesRowLevelSecurityOnEveryTenantTable) {
  if (!this->is_postgres()) GTEST_SKIP() << "row-level security is PostgreSQL's";
  this->db().migrate();
  this->db().system([](Tx& tx) {
    for (const auto& table : kTenantTables) {
      int enabled = 0, forced = 0, policies = 0;
      tx.sql() << "SELECT CAST(relrowsecurity AS INTEGER), CAST(relforcerowsecurity AS INTEGER) "
                  "FROM pg_class WHERE oid = CAST(:t AS regclass)",
          soci::use(table), soci::into(enabled), soci::into(forced);
      tx.sql() << "SELECT count(*) FROM pg_policies WHERE tablename = :t", soci::use(table),
          soci::into(policies);
      EXPECT_EQ(enabled, 1) << table;
      EXPECT_EQ(forced, 1) << table;
      EXPECT_EQ(policies, 1) << table;
    }
  });
}

TEST(StoreMigrationFiles, BothDialectsHaveTheSameVersions) {
  auto sqlite = store::internal::embedded_migrations(store::Dialect::sqlite);
  auto postgres = store::internal::embedded_migrations(store::Dialect::postgresql);
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i) + 1);
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
  }
}

TEST(StoreOpen, RejectsUnknownSchemesAndHidesPasswords) {
  EXPECT_THROW(store::Database::open({"mysql://u:p@localhost/db"}), store::Error);
  EXPECT_THROW(store::Database::open({"sqlite:"}), store::Error);
  try {
    store::Database::open({"postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=2"});
    FAIL() << "connected to port 1";
  } catch (const store::Error& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("127.0.0.1"), std::string::npos) << e.what();
  }
}

// ---- transactions -------------------------------------------------------------------------

template <class B>
class StoreDatabase : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreDatabase, Backends, BackendNames);

TYPED_TEST(StoreDatabase, PingsAndCountsLeasedSessions) {
  EXPECT_TRUE(this->db().ping());
  EXPECT_EQ(this->db().pool_stats().size, 8u);
  EXPECT_EQ(this->db().pool_stats().in_use, 0u);
  this->db().read(this->A, [&](Tx&) { EXPECT_EQ(this->db().pool_stats().in_use, 1u); });
  EXPECT_EQ(this->db().pool_stats().in_use, 0u);
}

TYPED_TEST(StoreDatabase, ExceptionRollsBackAndIsRethrown) {
  EXPECT_THROW(this->db().write(this->A,
                                [](Tx& tx) {
                                  store::clients::insert(tx, make_client("c1"));
                                  throw std::runtime_error("handler failed");
                                }),
               std::runtime_error);
  this->db().read(this->A, [](Tx& tx) { EXPECT_FALSE(store::clients::find(tx, "c1")); });
  EXPECT_EQ(this->db().pool_stats().in_use, 0u);
}

TYPED_TEST(StoreDatabase, DatabaseErrorsSurfaceAsStoreErrorsAndTheSessionRecovers) {
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) { tx.sql() << "SELECT * FROM no_such_table"; }),
               store::Error);
  EXPECT_TRUE(this->db().ping());
  auto name = this->db().write(
      this->A, [](Tx& tx) { return store::clients::insert(tx, make_client("c1", "After")).name; });
  EXPECT_EQ(name, "After");
}

TYPED_TEST(StoreDatabase, ReadTransactionsRefuseWrites) {
  EXPECT_THROW(
      this->db().read(this->A, [](Tx& tx) { store::clients::insert(tx, make_client("c1")); }),
      store::Error);
  // The session's read-only mode does not leak into the next transaction.
  for (int i = 0; i < 10; ++i) {
    this->db().write(this->A,
                     [i](Tx& tx) { store::clients::insert(tx, make_client(std::to_string(i))); });
  }
}

TYPED_TEST(StoreDatabase, TenantTransactionsNeedATenant) {
  EXPECT_THROW(this->db().write(store::TenantScope{""}, [](Tx&) {}), store::InvalidArgument);
  EXPECT_THROW(this->db().system([](Tx& tx) { store::clients::find(tx, "c1"); }),
               store::InvalidArgument);
}

TYPED_TEST(StoreDatabase, ConcurrentWritersAllSucceed) {
  constexpr int kThreads = 4, kWrites = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        try {
          this->db().write(this->A, [&](Tx& tx) {
            store::clients::insert(tx, make_client(std::to_string(t * 1000 + i)));
            store::clients::list(tx, {});  // a read inside the write transaction too
          });
        } catch (const std::exception& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  int count = this->db().read(this->A, [](Tx& tx) {
    int n = 0;
    tx.sql() << "SELECT count(*) FROM clients WHERE tenant_id = 'acme'", soci::into(n);
    return n;
  });
  EXPECT_EQ(count, kThreads * kWrites);
}

TYPED_TEST(StoreDatabase, RowLevelSecurityShowsATenantOnlyItsOwnRows) {
  if (!this->is_postgres()) GTEST_SKIP() << "row-level security is PostgreSQL's";
  this->db().write(this->A, [](Tx& tx) {
    for (auto id : {"a1", "a2"}) store::clients::insert(tx, make_client(id));
  });
  this->db().write(this->B, [](Tx& tx) {
    for (auto id : {"b1", "b2", "b3"}) store::clients::insert(tx, make_client(id));
  });
  this->db().read(this->A, [](Tx& tx) {
    int privileged = 1;
    tx.sql() << "SELECT CAST(rolsuper OR rolbypassrls AS INTEGER) FROM pg_roles "
                "WHERE rolname = current_user",
        soci::into(privileged);
    ASSERT_EQ(privileged, 0) << "the test role bypasses row-level security";
    int visible = 0;
    tx.sql() << "SELECT count(*) FROM clients", soci::into(visible);  // no WHERE on purpose
    EXPECT_EQ(visible, 2);
  });
  int all = this->db().system([](Tx& tx) {
    int n = 0;
    tx.sql() << "SELECT count(*) FROM clients", soci::into(n);
    return n;
  });
  EXPECT_EQ(all, 5);
  // WITH CHECK: A's transaction cannot write a row for B.
  EXPECT_THROW(this->db().write(this->A,
                                [](Tx& tx) {
                                  tx.sql()
                                      << "INSERT INTO clients (tenant_id, id, name, currency, "
                                         "time_zone, created_at, updated_at) VALUES ('globex', "
                                         "'x', 'x', 'USD', 'UTC', now(), now())";
                                }),
               store::Error);
}

TYPED_TEST(StoreDatabase, ASessionTheServerDroppedIsReplaced) {
  if (!this->is_postgres()) GTEST_SKIP() << "SQLite has no server to drop the connection";
  auto db = store::Database::open({this->url(), 1});
  auto backend_pid = [&] {
    return db->read(this->A, [](Tx& tx) {
      int pid = 0;
      tx.sql() << "SELECT pg_backend_pid()", soci::into(pid);
      return pid;
    });
  };
  int pid = backend_pid();
  this->db().system([pid](Tx& tx) {
    int done = 0;
    tx.sql() << "SELECT CAST(pg_terminate_backend(:pid, 5000) AS INTEGER)", soci::use(pid),
        soci::into(done);
    ASSERT_EQ(done, 1);
  });
  EXPECT_THROW(backend_pid(), store::Error);  // the dead session fails once and is discarded
  EXPECT_NE(backend_pid(), pid);
  EXPECT_TRUE(db->ping());
  EXPECT_EQ(db->pool_stats().open, 1u);
}
