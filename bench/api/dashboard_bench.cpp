// The analytics dashboard without HTTP, on the data set: one tenant with 1,000 campaigns
// × 365 days (365,000 rows) across the five ad platforms, on SQLite and on PostgreSQL.
// Measures the cold load of the in-memory copy, and an uncached answer (version check in the
// database + aggregation + JSON) for 30 and 365 days. Targets (docs/benchmarks.md): ≤ 3 ms and
// ≤ 25 ms uncached. PostgreSQL runs need STRATEGIST_TEST_POSTGRES_URL.
#include <benchmark/benchmark.h>

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "analytics/periods.h"
#include "api/dashboard_data.h"
#include "api/dashboard_render.h"
#include "api/metrics_snapshot.h"
#include "store/campaigns.h"
#include "store/clients.h"
#include "store/database.h"
#include "store/metrics.h"
#include "store/tenants.h"

namespace {

constexpr int kCampaigns = 1000;
constexpr int kDays = 365;
const core::Date kLastDay = *core::parse_iso_date("2026-11-23");

std::string postgres_database(const char* base) {
  std::string name = "bench_dashboard_" + std::to_string(::getpid());
  PGconn* admin = PQconnectdb(base);
  for (const std::string& sql : {"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name}) {
    PGresult* result = PQexec(admin, sql.c_str());
    PQclear(result);
  }
  PQfinish(admin);
  return std::string(base).substr(0, std::string(base).rfind('/') + 1) + name;
}

// A database holding the data set (built once per backend per process).
store::Database* dataset(bool postgres) {
  static std::unique_ptr<store::Database> dbs[2];
  auto& db = dbs[postgres ? 1 : 0];
  if (db) return db.get();
  std::string url;
  if (postgres) {
    url = postgres_database(std::getenv("STRATEGIST_TEST_POSTGRES_URL"));
  } else {
    auto dir = std::filesystem::temp_directory_path() / "strategist-dashboard-bench";
    std::filesystem::remove_all(dir);
    url = "sqlite:" + (dir / "bench.db").string();
  }
  db = store::Database::open({url, 4});
  db->migrate();
  db->system([](store::Tx& tx) { store::tenants::create(tx, "bench", "Bench"); });
  db->write(store::TenantScope{"bench"}, [](store::Tx& tx) {
    for (int c = 0; c < 10; ++c) {
      store::clients::insert(tx, {"client-" + std::to_string(c), "Client", "USD", "UTC", {}, {}, {}, {}});
    }
    std::vector<store::MetricRow> rows;
    rows.reserve(static_cast<std::size_t>(kCampaigns) * kDays);
    for (int i = 0; i < kCampaigns; ++i) {
      store::Campaign campaign;
      campaign.id = "cmp-" + std::to_string(100000 + i);
      campaign.client_id = "client-" + std::to_string(i % 10);
      campaign.name = "Campaign " + std::to_string(i);
      campaign.platform = static_cast<core::Platform>(i % 5);
      store::campaigns::insert(tx, campaign);
      for (int d = 0; d < kDays; ++d) {
        std::int64_t impressions = 1000 + (i * 37 + d * 11) % 9000;
        std::int64_t clicks = impressions / (20 + i % 30);
        rows.push_back({campaign.id, kLastDay - d, impressions, clicks,
                        clicks * (300'000 + (i % 50) * 10'000), static_cast<double>(clicks / 25),
                        (clicks / 25) * 80'000'000, std::nullopt, std::nullopt, std::nullopt});
      }
    }
    store::metrics::upsert(tx, rows);
  });
  return db.get();
}

void load(benchmark::State& state, bool postgres) {
  if (postgres && !std::getenv("STRATEGIST_TEST_POSTGRES_URL")) return state.SkipWithError("no PostgreSQL");
  store::Database* db = dataset(postgres);
  std::size_t rows = 0;
  for (auto _ : state) rows = api::load_snapshot(*db, {"bench"})->day.size();
  state.counters["rows"] = static_cast<double>(rows);
}

void answer(benchmark::State& state, bool postgres, int days) {
  if (postgres && !std::getenv("STRATEGIST_TEST_POSTGRES_URL")) return state.SkipWithError("no PostgreSQL");
  store::Database* db = dataset(postgres);
  api::SnapshotCache snapshots;
  snapshots.get(*db, {"bench"});  // warm: the copy is kept current between requests
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto snapshot = snapshots.get(*db, {"bench"});  // includes the data-version check
    api::DashboardRequest request;
    request.period = {kLastDay - (days - 1), kLastDay};
    request.comparison = analytics::previous_period(request.period);
    request.compare_mode = "previous_period";
    request.time_zone = "UTC";
    std::vector<std::uint32_t> clients;
    for (std::uint32_t c = 0; c < snapshot->clients.size(); ++c) clients.push_back(c);
    api::DashboardFilter filter;
    filter.clients = clients;
    filter.from = request.period.from;
    filter.to = request.period.to;
    filter.compare_from = request.comparison->from;
    filter.compare_to = request.comparison->to;
    request.groups.push_back({"USD", clients, api::gather_dashboard_data(*snapshot, filter)});
    bytes = api::render_dashboard(*snapshot, request).dump().size();
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

void BM_LoadCopySqlite(benchmark::State& s) { load(s, false); }
void BM_LoadCopyPostgres(benchmark::State& s) { load(s, true); }
void BM_Dashboard30dSqlite(benchmark::State& s) { answer(s, false, 30); }
void BM_Dashboard365dSqlite(benchmark::State& s) { answer(s, false, 365); }
void BM_Dashboard30dPostgres(benchmark::State& s) { answer(s, true, 30); }
void BM_Dashboard365dPostgres(benchmark::State& s) { answer(s, true, 365); }

BENCHMARK(BM_LoadCopySqlite)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_LoadCopyPostgres)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_Dashboard30dSqlite)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Dashboard365dSqlite)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Dashboard30dPostgres)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Dashboard365dPostgres)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
