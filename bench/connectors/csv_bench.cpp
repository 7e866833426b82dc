// CSV import speed: a generated 200k-row generic file (every row its own campaign-day, the
// worst case for aggregation) and the real 637-row Meta Ads Manager export. The target is
// >= 1,000,000 rows/s on one core for the generic file (docs/csv-import.md).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "connectors/csv_import.h"
#include "core/date.h"

namespace {

std::string generic_file(int rows) {
  std::string out =
      "date,campaign_name,campaign_id,platform,impressions,clicks,spend,conversions,"
      "conversion_value,currency\n";
  const int campaigns = 200;
  char line[256];
  for (int i = 0; i < rows; ++i) {
    int campaign = i % campaigns;
    core::Date date = *core::parse_iso_date("2020-01-01") + i / campaigns;
    std::snprintf(line, sizeof line,
                  "%s,Campaign %03d - Always-on prospecting,%d,google_ads,%d,%d,%d.%02d,%d.%d,"
                  "%d.%02d,USD\n",
                  core::format_iso_date(date).c_str(), campaign, 100000 + campaign,
                  1000 + (i * 7919) % 90000, 10 + i % 500, 10 + i % 900, i % 100, i % 40, i % 10,
                  100 + i % 5000, (i * 3) % 100);
    out += line;
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void run(benchmark::State& state, const std::string& content,
         const connectors::CsvImportOptions& options) {
  std::size_t rows = 0;
  for (auto _ : state) {
    connectors::CsvImportResult result = connectors::parse_metrics_csv(content, options);
    if (result.fatal_error || result.rows_rejected != 0) {
      state.SkipWithError("the benchmark file did not import cleanly");
      return;
    }
    rows = result.rows_read;
    benchmark::DoNotOptimize(result.records.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * content.size()));
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows_per_second"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_GenericCsv200k(benchmark::State& state) {
  static const std::string content = generic_file(200'000);
  connectors::CsvImportOptions options;
  run(state, content, options);
}
BENCHMARK(BM_GenericCsv200k)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_MetaAdsManagerExport(benchmark::State& state) {
  static const std::string content =
      read_file(std::string(STRATEGIST_SHARED_DIR) +
                "/data/campaigns/meta_ads_manager_export_ab_test_2024.csv");
  connectors::CsvImportOptions options;
  run(state, content, options);
}
BENCHMARK(BM_MetaAdsManagerExport)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
