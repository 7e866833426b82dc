// Tokenizing CSV text into rows with libcsv (RFC 4180, strict quoting), keeping count of the
// physical line each row starts on. A physical line ends at LF, CR LF or a lone CR; a line end
// inside a quoted field counts too, so a row may span several lines and the next row's number
// says so. Blank lines are counted but not delivered.
// Internal to the CSV importer. Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace connectors::csv {

struct RowView {
  std::size_t line = 0;                     // 1-based physical line where the row starts
  std::span<const std::string_view> cells;  // valid only during the on_row call
};

class RowHandler {
 public:
  virtual ~RowHandler() = default;
  // Called for each non-blank row, in order. Return false to stop reading.
  virtual bool on_row(const RowView& row) = 0;
};

struct ReadFailure {
  std::size_t line = 0;
  std::string message;  // what is wrong with the quoting, for a person
};

// Reads `text` (whose first byte is on physical line `first_line`) with the given delimiter.
// Returns the failure when the quoting is broken (a quote inside an unquoted field, text after
// a closing quote, a quoted field never closed); rows before it have been delivered.
std::optional<ReadFailure> read_rows(std::string_view text, char delimiter, std::size_t first_line,
                                     RowHandler& handler);

}  // namespace connectors::csv
