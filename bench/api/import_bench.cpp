// End-to-end CSV import throughput: parse a generic export, match its campaigns, upsert every
// campaign-day in one transaction. Figures to reach (docs/benchmarks.md): ≥ 200,000 rows/s into
// SQLite and ≥ 100,000 rows/s into PostgreSQL. The PostgreSQL runs need
// STRATEGIST_TEST_POSTGRES_URL (scripts/run-benchmarks.sh starts a server and sets it).
#include <benchmark/benchmark.h>

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "api/import_service.h"
#include "core/date.h"
#include "store/clients.h"
#include "store/database.h"
#include "store/tenants.h"

namespace {

constexpr int kCampaigns = 200;
constexpr int kDays = 1000;  // 200,000 rows

const std::string& generic_csv() {
  static const std::string csv = [] {
    std::ostringstream out;
    out << "date,campaign_id,campaign_name,platform,impressions,clicks,spend,conversions,"
           "conversion_value\n";
    core::Date start = *core::parse_iso_date("2023-01-01");
    for (int c = 0; c < kCampaigns; ++c) {
      for (int d = 0; d < kDays; ++d) {
        out << core::format_iso_date(start + d) << ",ext" << c << ",Campaign " << c << ","
            << (c % 2 ? "meta_ads" : "google_ads") << "," << 1000 + (c * 7 + d) % 5000 << ","
            << 10 + (c + d) % 90 << "," << (c + d) % 500 << "." << (d % 100) << ","
            << (d % 7) << "," << (c % 13) * 10 << ".5\n";
      }
    }
    return out.str();
  }();
  return csv;
}

// A database with one tenant and one USD client, freshly migrated.
std::unique_ptr<store::Database> fresh_database(bool postgres, int run) {
  std::string url;
  if (postgres) {
    const char* base = std::getenv("STRATEGIST_TEST_POSTGRES_URL");
    std::string name = "bench_import_" + std::to_string(::getpid()) + "_" + std::to_string(run);
    // CREATE DATABASE cannot run inside a transaction, so it goes straight through libpq.
    PGconn* admin = PQconnectdb(base);
    for (const std::string& sql : {"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name}) {
      PGresult* result = PQexec(admin, sql.c_str());
      bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
      PQclear(result);
      if (!ok) throw std::runtime_error(PQerrorMessage(admin));
    }
    PQfinish(admin);
    url = std::string(base).substr(0, std::string(base).rfind('/') + 1) + name;
  } else {
    auto dir = std::filesystem::temp_directory_path() / "strategist-import-bench";
    std::filesystem::remove_all(dir);
    url = "sqlite:" + (dir / "bench.db").string();
  }
  auto db = store::Database::open({url, 4});
  db->migrate();
  db->system([](store::Tx& tx) { store::tenants::create(tx, "bench", "Bench"); });
  db->write(store::TenantScope{"bench"}, [](store::Tx& tx) {
    store::clients::insert(tx, {"client", "Client", "USD", "UTC", {}, {}, {}, {}});
  });
  return db;
}

void import_csv(benchmark::State& state, bool postgres, bool reimport) {
  if (postgres && !std::getenv("STRATEGIST_TEST_POSTGRES_URL")) {
    state.SkipWithError("STRATEGIST_TEST_POSTGRES_URL is not set");
    return;
  }
  const std::string& csv = generic_csv();
  api::ImportRequest request;
  request.client_id = "client";
  int run = 0;
  std::size_t rows = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto db = fresh_database(postgres, run++);
    if (reimport) api::import_metrics_csv(*db, {"bench"}, csv, request);
    state.ResumeTiming();
    auto report = api::import_metrics_csv(*db, {"bench"}, csv, request);
    rows = report.rows_read;
    if (report.rows_rejected != 0 || report.fatal_error) state.SkipWithError("rows rejected");
    state.PauseTiming();
    db.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(rows) * state.iterations());
  state.counters["rows"] = static_cast<double>(rows);
}

void BM_ImportSqlite(benchmark::State& s) { import_csv(s, false, false); }
void BM_ReimportSqlite(benchmark::State& s) { import_csv(s, false, true); }
void BM_ImportPostgres(benchmark::State& s) { import_csv(s, true, false); }
void BM_ReimportPostgres(benchmark::State& s) { import_csv(s, true, true); }

BENCHMARK(BM_ImportSqlite)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_ReimportSqlite)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_ImportPostgres)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_ReimportPostgres)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
