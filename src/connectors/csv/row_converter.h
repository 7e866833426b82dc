// One data row of an export, read through the column map into typed values, or the reason it
// cannot be used. Internal to the CSV importer. A converter is immutable once built and can be
// used from several threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "connectors/csv/columns.h"
#include "connectors/csv/values.h"
#include "connectors/csv_import.h"

namespace connectors::csv {

// A row's values; the strings point into the row's cells.
struct ParsedRow {
  core::Platform platform = core::Platform::google_ads;
  std::string_view campaign_id;
  std::string_view campaign_name;
  std::optional<std::array<char, 3>> currency;
  core::Date date;
  std::int64_t impressions = 0, clicks = 0, spend_micros = 0, conversion_value_micros = 0;
  double conversions = 0;
  std::optional<std::int64_t> reach, video_views;
  std::optional<double> frequency;
};

struct RowProblem {
  std::string column;  // header text as in the file; empty when about the whole row
  std::string reason;
};

enum class RowKind {
  data,
  summary,  // "Total: Account" (Google), "Total of 3 results" (TikTok), Meta's summary row
  blank,    // every cell empty
};

class RowConverter {
 public:
  // `default_platform` is the platform of every row, or for generic files the one used where
  // the platform cell is empty (nullopt: such rows are rejected).
  RowConverter(CsvFormat format, ColumnMap map, std::optional<core::Platform> default_platform,
               NumberStyle style);

  RowKind classify(std::span<const std::string_view> cells) const;

  // Fills `out`, or returns the first problem of the row (cell count, date, campaign name,
  // platform, currency, then the numbers in the order of Field).
  std::optional<RowProblem> convert(std::span<const std::string_view> cells, ParsedRow& out) const;

  const ColumnMap& columns() const { return map_; }

 private:
  std::string_view cell(std::span<const std::string_view> cells, Field field) const;
  std::optional<RowProblem> read_date(std::span<const std::string_view> cells,
                                      core::Date& out) const;
  std::optional<RowProblem> read_identity(std::span<const std::string_view> cells,
                                          ParsedRow& out) const;
  std::optional<RowProblem> read_numbers(std::span<const std::string_view> cells,
                                         ParsedRow& out) const;

  CsvFormat format_;
  ColumnMap map_;
  std::optional<core::Platform> default_platform_;
  NumberStyle style_;
  DateStyle date_style_;
};

}  // namespace connectors::csv
