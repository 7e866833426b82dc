// Fixtures for storage tests: every test runs once on SQLite (a fresh temporary file) and once
// on PostgreSQL (a fresh database created through STRATEGIST_TEST_POSTGRES_URL, dropped after).
// Without that variable the PostgreSQL run is skipped, or fails when STRATEGIST_REQUIRE_SERVERS=1.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "store/campaigns.h"
#include "store/clients.h"
#include "store/database.h"

namespace store_test {

// A throwaway database; removed when destroyed.
class Sandbox {
 public:
  virtual ~Sandbox() = default;
  const std::string& url() const { return url_; }
  store::Dialect dialect() const { return dialect_; }

 protected:
  std::string url_;
  store::Dialect dialect_ = store::Dialect::sqlite;
};

struct SqliteBackend {
  static constexpr store::Dialect kDialect = store::Dialect::sqlite;
  static std::unique_ptr<Sandbox> make(std::string& why_not);
};
struct PostgresBackend {
  static constexpr store::Dialect kDialect = store::Dialect::postgresql;
  static std::unique_ptr<Sandbox> make(std::string& why_not);
};

struct BackendNames {
  template <class T>
  static std::string GetName(int) {
    return T::kDialect == store::Dialect::sqlite ? "SQLite" : "PostgreSQL";
  }
};
using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

// Creates the tenants every migrated fixture starts with.
void create_tenants_in(store::Tx& tx);

// A fresh database per test. With `migrated`, the schema is applied and tenants "acme" (A) and
// "globex" (B) exist.
template <class Backend, bool migrated = true>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why_not;
    sandbox_ = Backend::make(why_not);
    if (!sandbox_) {
      const char* require = std::getenv("STRATEGIST_REQUIRE_SERVERS");
      if (require && std::string(require) == "1") FAIL() << why_not;
      GTEST_SKIP() << why_not;
    }
    db_ = store::Database::open({sandbox_->url(), 8});
    if constexpr (migrated) {
      db_->migrate();
      db_->system([](store::Tx& tx) { create_tenants_in(tx); });
    }
  }
  void TearDown() override {
    db_.reset();
    sandbox_.reset();
  }

  store::Database& db() { return *db_; }
  const std::string& url() const { return sandbox_->url(); }
  bool is_postgres() const { return Backend::kDialect == store::Dialect::postgresql; }

  const store::TenantScope A{"acme"};
  const store::TenantScope B{"globex"};

 private:
  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<store::Database> db_;
};

// Sample values.
store::Client make_client(const std::string& id, const std::string& name = "Client");
store::Campaign make_campaign(const std::string& id, const std::string& client_id,
                              const std::string& name = "Campaign");

// As StoreTest, with tenant A's clients "c1" and "c2" stored.
template <class Backend>
class StoreTestWithClients : public StoreTest<Backend> {
 protected:
  void SetUp() override {
    StoreTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    this->db().write(this->A, [](store::Tx& tx) {
      store::clients::insert(tx, make_client("c1"));
      store::clients::insert(tx, make_client("c2"));
    });
  }
};

}  // namespace store_test
