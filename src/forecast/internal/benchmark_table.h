#pragma once

// The parsed benchmark CSV. Internal to forecast: benchmark_priors.h is the public face.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace forecast::internal {

// One CSV row with its metric name split as [prefix_]base[_low|_high|_rounded].
struct BenchmarkRow {
  std::string platform;
  std::string industry;
  std::string prefix;  // "" when unprefixed ("average" is folded into "")
  std::string base;    // ctr, cpc, cvr, cpl, cpa, cpm, cpv, roas, or another last word
  enum class Kind { point, range_low, range_high } kind = Kind::point;
  double value = 0;  // converted: "%" rows divided by 100
  int year = 0;
  std::string citation;  // "title (year) url"
  bool aggregator = false;
};

struct BenchmarkTable {
  std::vector<BenchmarkRow> rows;
  std::size_t malformed_rows = 0;
};

// Generated at build time from data/platform_industry_benchmarks.csv.
std::string_view embedded_benchmarks_csv();

// Parses CSV text (RFC 4180 quoting, CRLF or LF line ends, header line first).
BenchmarkTable parse_benchmark_csv(std::string_view csv);

// The embedded table, parsed once on first use; thread-safe.
const BenchmarkTable& benchmark_table();

}  // namespace forecast::internal
