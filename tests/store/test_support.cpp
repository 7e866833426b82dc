#include "test_support.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/tenants.h"

namespace store_test {
namespace {

std::string random_suffix() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> dist;
  char text[20];
  std::snprintf(text, sizeof text, "%016llx", dist(rd));
  return text;
}

class SqliteSandbox : public Sandbox {
 public:
  SqliteSandbox() {
    const char* tmp = std::getenv("STRATEGIST_TEST_TMP");
    auto dir = tmp ? std::filesystem::path(tmp) : std::filesystem::temp_directory_path();
    path_ = (dir / ("store_test_" + random_suffix() + ".db")).string();
    url_ = "sqlite:" + path_;
    dialect_ = store::Dialect::sqlite;
  }
  ~SqliteSandbox() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

 private:
  std::string path_;
};

// Runs one statement on a short-lived libpq connection; returns the error text or "".
std::string run_on(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQerrorMessage(conn);
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

// "postgresql://u:p@host:port/postgres?x" with the database replaced by `name`.
std::string with_database(const std::string& url, const std::string& name) {
  auto slash = url.find('/', url.find("://") + 3);
  auto query = url.find('?');
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, slash) + "/" + name + rest;
}

class PostgresSandbox : public Sandbox {
 public:
  PostgresSandbox(std::string server_url, std::string name)
      : server_url_(std::move(server_url)), name_(std::move(name)) {
    url_ = with_database(server_url_, name_);
    dialect_ = store::Dialect::postgresql;
  }
  ~PostgresSandbox() override {
    run_on(server_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }

 private:
  std::string server_url_, name_;
};

}  // namespace

std::unique_ptr<Sandbox> SqliteBackend::make(std::string&) {
  return std::make_unique<SqliteSandbox>();
}

std::unique_ptr<Sandbox> PostgresBackend::make(std::string& why_not) {
  const char* url = std::getenv("STRATEGIST_TEST_POSTGRES_URL");
  if (!url || !*url) {
    why_not = "STRATEGIST_TEST_POSTGRES_URL is not set (scripts/run-tests.sh starts a server)";
    return nullptr;
  }
  std::string name = "t_" + random_suffix();
  std::string error = run_on(url, "CREATE DATABASE " + name);
  if (!error.empty()) {
    why_not = "cannot create a test database: " + error;
    return nullptr;
  }
  return std::make_unique<PostgresSandbox>(url, name);
}

void create_tenants_in(store::Tx& tx) {
  store::tenants::create(tx, "acme", "Acme Agency");
  store::tenants::create(tx, "globex", "Globex Agency");
}

store::Client make_client(const std::string& id, const std::string& name) {
  store::Client c;
  c.id = id;
  c.name = name;
  c.currency = "USD";
  c.time_zone = "America/New_York";
  return c;
}

store::Campaign make_campaign(const std::string& id, const std::string& client_id,
                              const std::string& name) {
  store::Campaign c;
  c.id = id;
  c.client_id = client_id;
  c.name = name;
  c.platform = core::Platform::meta_ads;
  c.objective = core::Objective::traffic;
  c.status = core::CampaignStatus::active;
  return c;
}

}  // namespace store_test
