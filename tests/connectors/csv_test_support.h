// Helpers shared by the CSV import tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "connectors/csv_import.h"
#include "core/date.h"

namespace csv_test {

inline connectors::CsvImportResult parse(std::string_view text,
                                         connectors::CsvImportOptions options = {}) {
  return connectors::parse_metrics_csv(text, options);
}

inline connectors::CsvImportOptions generic_for(core::Platform platform) {
  connectors::CsvImportOptions options;
  options.platform = platform;
  return options;
}

inline core::Date day(std::string_view iso) { return *core::parse_iso_date(iso); }

// The record of a campaign (by name) and day, or nullptr.
inline const connectors::MetricRecord* find(const connectors::CsvImportResult& result,
                                            std::string_view campaign, std::string_view date) {
  for (const auto& record : result.records) {
    if (record.campaign_name == campaign && record.date == day(date)) return &record;
  }
  return nullptr;
}

// Everything a failing expectation should show about a result.
inline std::string dump(const connectors::CsvImportResult& result) {
  std::ostringstream out;
  out << "fatal: " << result.fatal_error.value_or("-") << "\n";
  for (const auto& note : result.column_mapping_notes) out << "note: " << note << "\n";
  for (const auto& rejection : result.rejections) out << describe(rejection) << "\n";
  return out.str();
}

inline void append_unit(std::string& out, unsigned unit, bool little_endian) {
  char high = static_cast<char>(unit >> 8), low = static_cast<char>(unit & 0xFF);
  out += little_endian ? low : high;
  out += little_endian ? high : low;
}

// UTF-8 (BMP only, as in these tests) to UTF-16 with a byte-order mark.
inline std::string to_utf16(std::string_view utf8, bool little_endian) {
  std::string out;
  append_unit(out, 0xFEFF, little_endian);
  for (std::size_t i = 0; i < utf8.size();) {
    auto b = static_cast<unsigned char>(utf8[i]);
    unsigned cp = b;
    std::size_t n = 1;
    if (b >= 0xE0) {
      cp = b & 0x0F;
      n = 3;
    } else if (b >= 0xC0) {
      cp = b & 0x1F;
      n = 2;
    }
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
    append_unit(out, cp, little_endian);
    i += n;
  }
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace csv_test
