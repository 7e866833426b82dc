#include "forecast/internal/benchmark_table.h"

#include <array>
#include <charconv>
#include <optional>
#include <system_error>

namespace forecast::internal {
namespace {

constexpr std::size_t kColumns = 8;  // platform,industry,metric,value,unit,year,title,url

// Hosts of aggregators whose methodology is undocumented (see data README).
constexpr std::array<std::string_view, 4> kAggregatorHosts = {
    "ad-calc.com", "calc4marketers.com", "stackmatix.com", "affectgroup.com"};

// Splits the next record off `csv` (advancing it). nullopt on an unterminated quote.
std::optional<std::vector<std::string>> next_record(std::string_view& csv) {
  std::vector<std::string> fields(1);
  std::size_t i = 0;
  bool quoted = false;
  for (; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c != '"') {
        fields.back() += c;
      } else if (i + 1 < csv.size() && csv[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  csv.remove_prefix(i < csv.size() ? i + 1 : csv.size());
  if (quoted) return std::nullopt;
  return fields;
}

template <typename T>
std::optional<T> parse_number(std::string_view text) {
  T out{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return out;
}

// Splits "search_cpc_low" into prefix "search", base "cpc", kind range_low.
void split_metric(std::string_view metric, BenchmarkRow& row) {
  auto strip = [&](std::string_view suffix) {
    if (!metric.ends_with(suffix)) return false;
    metric.remove_suffix(suffix.size());
    return true;
  };
  if (strip("_low")) {
    row.kind = BenchmarkRow::Kind::range_low;
  } else if (strip("_high")) {
    row.kind = BenchmarkRow::Kind::range_high;
  } else {
    strip("_rounded");
  }
  const std::size_t cut = metric.rfind('_');
  row.base = std::string(cut == std::string_view::npos ? metric : metric.substr(cut + 1));
  row.prefix = cut == std::string_view::npos ? "" : std::string(metric.substr(0, cut));
  if (row.prefix == "average") row.prefix.clear();
}

std::optional<BenchmarkRow> to_row(const std::vector<std::string>& f) {
  if (f.size() != kColumns) return std::nullopt;
  const auto value = parse_number<double>(f[3]);
  const auto year = parse_number<int>(f[5]);
  if (!value || !year) return std::nullopt;
  BenchmarkRow row;
  row.platform = f[0];
  row.industry = f[1];
  split_metric(f[2], row);
  row.value = f[4] == "%" ? *value / 100.0 : *value;
  row.year = *year;
  row.citation = f[6] + " (" + f[5] + ") " + f[7];
  for (std::string_view host : kAggregatorHosts) {
    if (f[7].find(host) != std::string::npos) row.aggregator = true;
  }
  return row;
}

}  // namespace

BenchmarkTable parse_benchmark_csv(std::string_view csv) {
  BenchmarkTable table;
  next_record(csv);  // header
  while (!csv.empty()) {
    const auto fields = next_record(csv);
    if (fields && fields->size() == 1 && fields->front().empty()) continue;  // blank line
    const auto row = fields ? to_row(*fields) : std::nullopt;
    if (row) {
      table.rows.push_back(*row);
    } else {
      ++table.malformed_rows;
    }
  }
  return table;
}

const BenchmarkTable& benchmark_table() {
  static const BenchmarkTable table = parse_benchmark_csv(embedded_benchmarks_csv());
  return table;
}

}  // namespace forecast::internal
