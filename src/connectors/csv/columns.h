// Header rows: recognizing which export a header belongs to and which column feeds which field.
// Each layout has a table of accepted column names per field, in order of preference; names are
// compared after normalization (case, '_' versus ' ', a trailing "(USD)" currency code).
// Internal to the CSV importer. Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/csv_import.h"

namespace connectors::csv {

enum class Field : std::uint8_t {
  date,
  reporting_starts,  // Meta: first day the row covers
  reporting_ends,    // Meta: last day the row covers
  campaign_name,
  campaign_id,
  platform,
  currency,
  impressions,
  clicks,
  spend,
  conversions,
  conversion_value,
  reach,
  frequency,
  video_views,
};
inline constexpr std::size_t kFieldCount = 15;

// The generic layout's spelling of a field ("conversion_value").
std::string_view field_name(Field field);

struct HeaderName {
  std::string name;                     // lower case, single spaces: "amount spent"
  std::optional<std::string> currency;  // "USD" from "Amount spent (USD)"
};

HeaderName normalize_header(std::string_view cell);

// True when some layout accepts `normalized` (a HeaderName::name) as a column name.
bool is_known_column_name(std::string_view normalized);

// The layout a header row belongs to; generic when no platform's distinctive column is there.
CsvFormat detect_format(std::span<const HeaderName> header);

struct ColumnMap {
  static constexpr int kAbsent = -1;
  std::array<int, kFieldCount> index;          // column of each field, or kAbsent
  std::array<std::string, kFieldCount> label;  // that column's header text as in the file
  std::optional<std::string> header_currency;  // from the spend (or value) column's header
  std::size_t column_count = 0;

  int operator[](Field field) const { return index[static_cast<std::size_t>(field)]; }
  const std::string& label_of(Field field) const { return label[static_cast<std::size_t>(field)]; }
};

struct ColumnMapping {
  ColumnMap map;
  std::optional<std::string> fatal_error;  // a required column is missing
  std::vector<std::string> notes;          // "spend <- 'Amount spent (USD)'", ignored columns
};

// Maps the cells of a header row for `format` (not auto_detect).
ColumnMapping map_columns(CsvFormat format, std::span<const std::string_view> header_cells);

}  // namespace connectors::csv
