#include "connectors/csv/header_layout.h"

#include "connectors/csv/columns.h"

namespace connectors::csv {
namespace {

// Known column names among the cells of one raw line. Quotes are only stripped, not parsed:
// a header cell with an embedded delimiter is merely not counted, which is harmless here.
std::size_t count_known(std::string_view line, char delimiter) {
  std::size_t known = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] != delimiter) continue;
    std::string_view cell = line.substr(start, i - start);
    while (!cell.empty() && (cell.front() == ' ' || cell.front() == '"')) cell.remove_prefix(1);
    while (!cell.empty() && (cell.back() == ' ' || cell.back() == '"')) cell.remove_suffix(1);
    if (is_known_column_name(normalize_header(cell).name)) ++known;
    start = i + 1;
  }
  return known;
}

}  // namespace

std::optional<HeaderLocation> locate_header(std::string_view text) {
  std::optional<HeaderLocation> best;
  std::size_t offset = 0;
  for (std::size_t line = 1; line <= kHeaderSearchLines && offset < text.size(); ++line) {
    std::size_t end = text.find_first_of("\r\n", offset);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(offset, end - offset);
    for (char delimiter : {',', '\t', ';'}) {
      std::size_t known = count_known(content, delimiter);
      if (known > 0 && (!best || known > best->known_columns)) {
        best = HeaderLocation{delimiter, line, offset, known};
      }
    }
    bool crlf = end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n';
    offset = end + (crlf ? 2 : 1);
  }
  return best;
}

}  // namespace connectors::csv
