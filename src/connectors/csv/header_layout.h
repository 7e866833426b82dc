// Finding the header row and the delimiter. Exports put title, date-range or account lines
// above the header (Google Ads two, LinkedIn about five), so the header is the line among the
// first kHeaderSearchLines whose cells, split by one of ',', '\t' or ';', include the most known
// column names. Internal to the CSV importer. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace connectors::csv {

inline constexpr std::size_t kHeaderSearchLines = 30;

struct HeaderLocation {
  char delimiter = ',';
  std::size_t line = 1;    // 1-based physical line of the header row
  std::size_t offset = 0;  // byte offset of that line in the text
  std::size_t known_columns = 0;
};

// nullopt when no line of the first kHeaderSearchLines names any known column.
std::optional<HeaderLocation> locate_header(std::string_view text);

}  // namespace connectors::csv
