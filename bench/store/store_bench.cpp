// metrics::upsert throughput, rows/s as items_per_second, 100k rows per call (10 campaigns x
// 10,000 days) inside one write transaction, commit included:
//   fresh     — every key is new (the table is emptied, untimed, before each call)
//   identical — every row re-upserted unchanged (counted as unchanged, nothing rewritten)
//   changed   — every row re-upserted with new values (all updated)
// SQLite uses a file under /tmp; PostgreSQL runs when STRATEGIST_TEST_POSTGRES_URL is set (a
// fresh database is created through it and dropped at exit).
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <soci/soci.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/campaigns.h"
#include "store/clients.h"
#include "store/database.h"
#include "store/metrics.h"
#include "store/tenants.h"

namespace {

constexpr int kCampaigns = 10;
constexpr int kDays = 10'000;
const store::TenantScope kTenant{"bench"};

std::string random_suffix() {
  std::random_device rd;
  char text[20];
  std::snprintf(text, sizeof text, "%016llx",
                std::uniform_int_distribution<unsigned long long>()(rd));
  return text;
}

std::string run_on(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error = PQstatus(conn) == CONNECTION_OK ? "" : PQerrorMessage(conn);
  if (error.empty()) {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQerrorMessage(conn);
    PQclear(r);
  }
  PQfinish(conn);
  return error;
}

// A migrated database with one tenant, one client and kCampaigns campaigns.
struct Environment {
  std::string url, cleanup_sql, server_url, sqlite_path;
  std::unique_ptr<store::Database> db;

  ~Environment() {
    db.reset();
    if (!server_url.empty()) run_on(server_url, cleanup_sql);
    for (const char* s : {"", "-wal", "-shm"}) {
      if (!sqlite_path.empty()) std::filesystem::remove(sqlite_path + s);
    }
  }

  void open() {
    db = store::Database::open({url, 4});
    db->migrate();
    db->system([](store::Tx& tx) { store::tenants::create(tx, kTenant.tenant_id, "Bench"); });
    db->write(kTenant, [](store::Tx& tx) {
      store::Client c;
      c.id = "client";
      c.name = "Client";
      c.currency = "USD";
      c.time_zone = "UTC";
      store::clients::insert(tx, c);
      for (int i = 0; i < kCampaigns; ++i) {
        store::Campaign k;
        k.id = "campaign-" + std::to_string(i);
        k.client_id = "client";
        k.name = k.id;
        store::campaigns::insert(tx, k);
      }
    });
  }

  void clear_metrics() {
    db->write(kTenant, [&](store::Tx& tx) {
      tx.sql() << (db->dialect() == store::Dialect::sqlite ? "DELETE FROM campaign_metrics"
                                                           : "TRUNCATE campaign_metrics");
    });
  }
};

std::unique_ptr<Environment> g_sqlite, g_postgres;

std::vector<store::MetricRow> make_rows(int salt) {
  std::vector<store::MetricRow> rows;
  rows.reserve(kCampaigns * kDays);
  core::Date start = *core::parse_iso_date("2000-01-01");
  for (int c = 0; c < kCampaigns; ++c) {
    for (int d = 0; d < kDays; ++d) {
      store::MetricRow r;
      r.campaign_id = "campaign-" + std::to_string(c);
      r.date = start + d;
      r.impressions = 10'000 + d + salt;
      r.clicks = 300 + d % 50;
      r.spend_micros = 123'456'789 + d;
      r.conversions = 12.5 + d % 7;
      r.conversion_value_micros = 987'654'321;
      if (d % 2 == 0) r.reach = 8'000 + d;
      if (d % 2 == 0) r.frequency = 1.25;
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

store::UpsertCounts upsert(Environment& env, const std::vector<store::MetricRow>& rows) {
  return env.db->write(kTenant, [&](store::Tx& tx) { return store::metrics::upsert(tx, rows); });
}

void report(benchmark::State& state, const store::UpsertCounts& last) {
  state.SetItemsProcessed(state.iterations() * kCampaigns * kDays);
  state.counters["inserted"] = static_cast<double>(last.inserted);
  state.counters["updated"] = static_cast<double>(last.updated);
  state.counters["unchanged"] = static_cast<double>(last.unchanged);
}

void upsert_fresh(benchmark::State& state, Environment* env) {
  auto rows = make_rows(0);
  store::UpsertCounts last;
  for (auto _ : state) {
    state.PauseTiming();
    env->clear_metrics();
    state.ResumeTiming();
    last = upsert(*env, rows);
  }
  report(state, last);
}

void upsert_identical(benchmark::State& state, Environment* env) {
  auto rows = make_rows(0);
  env->clear_metrics();
  upsert(*env, rows);
  store::UpsertCounts last;
  for (auto _ : state) last = upsert(*env, rows);
  report(state, last);
}

void upsert_changed(benchmark::State& state, Environment* env) {
  std::vector<store::MetricRow> versions[2] = {make_rows(0), make_rows(1)};
  env->clear_metrics();
  upsert(*env, versions[0]);
  store::UpsertCounts last;
  int i = 1;
  for (auto _ : state) last = upsert(*env, versions[i++ % 2]);
  report(state, last);
}

void register_all(const char* backend, Environment* env) {
  for (auto [name, fn] :
       {std::pair{"fresh", &upsert_fresh}, std::pair{"identical", &upsert_identical},
        std::pair{"changed", &upsert_changed}}) {
    benchmark::RegisterBenchmark(
        (std::string("metrics_upsert_100k/") + backend + "/" + name).c_str(), fn, env)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Iterations(5);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  g_sqlite = std::make_unique<Environment>();
  g_sqlite->sqlite_path = "/tmp/store_bench_" + random_suffix() + ".db";
  g_sqlite->url = "sqlite:" + g_sqlite->sqlite_path;
  g_sqlite->open();
  register_all("sqlite", g_sqlite.get());

  if (const char* server = std::getenv("STRATEGIST_TEST_POSTGRES_URL"); server && *server) {
    std::string name = "bench_" + random_suffix();
    if (std::string error = run_on(server, "CREATE DATABASE " + name); !error.empty()) {
      std::fprintf(stderr, "skipping PostgreSQL: %s\n", error.c_str());
    } else {
      g_postgres = std::make_unique<Environment>();
      g_postgres->server_url = server;
      g_postgres->cleanup_sql = "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
      std::string url = server;
      g_postgres->url = url.substr(0, url.find('/', url.find("://") + 3)) + "/" + name;
      g_postgres->open();
      register_all("postgresql", g_postgres.get());
    }
  } else {
    std::fprintf(stderr, "STRATEGIST_TEST_POSTGRES_URL not set: PostgreSQL benchmarks skipped\n");
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_postgres.reset();
  g_sqlite.reset();
}
