#include "connectors/csv/row_reader.h"

#include <csv.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace connectors::csv {
namespace {

// Line ends within `text`: LF, CR LF and lone CR each count once.
std::size_t count_line_ends(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++count;
    }
  }
  return count;
}

// True when `text` holds a CR or LF; branch-free so that the compiler vectorizes it.
bool has_line_end(const char* text, std::size_t length) {
  unsigned found = 0;
  for (std::size_t i = 0; i < length; ++i) found |= (text[i] == '\n') | (text[i] == '\r');
  return found != 0;
}

class Reader {
 public:
  Reader(std::size_t first_line, RowHandler& handler) : line_(first_line), handler_(handler) {
    cells_.reserve(64);
    spans_.reserve(64);
  }

  std::size_t line() const { return line_; }
  bool stopped() const { return stopped_; }

  static void on_field(void* data, std::size_t length, void* self) {
    static_cast<Reader*>(self)->add_cell(static_cast<const char*>(data), length);
  }
  static void on_row_end(int terminator, void* self) {
    static_cast<Reader*>(self)->end_row(terminator);
  }

 private:
  void add_cell(const char* data, std::size_t length) {
    if (spans_.empty()) row_line_ = line_;
    spans_.emplace_back(chars_.size(), length);
    if (length == 0) return;
    chars_.append(data, length);
    // Only a quoted cell can hold a line end; those lines belong to this row.
    if (has_line_end(data, length)) line_ += count_line_ends({data, length});
  }

  // libcsv reports every unquoted CR and LF (CSV_REPALL_NL): the LF of a CR LF pair arrives as
  // an empty row right after the CR and must not count as a second line end.
  void end_row(int terminator) {
    bool has_cells = !spans_.empty();
    if (terminator == '\r') {
      ++line_;
    } else if (terminator == '\n' && !(after_cr_ && !has_cells)) {
      ++line_;
    }
    after_cr_ = terminator == '\r';
    if (!has_cells || stopped_) return clear();
    cells_.clear();
    for (auto [offset, length] : spans_) cells_.emplace_back(chars_.data() + offset, length);
    stopped_ = !handler_.on_row(RowView{row_line_, cells_});
    clear();
  }

  void clear() {
    spans_.clear();
    chars_.clear();
  }

  std::size_t line_;
  std::size_t row_line_ = 0;
  bool after_cr_ = false;
  bool stopped_ = false;
  RowHandler& handler_;
  std::string chars_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
  std::vector<std::string_view> cells_;
};

// Owns a libcsv parser for the duration of one read.
class Parser {
 public:
  explicit Parser(char delimiter) {
    ok_ = csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) == 0;
    if (ok_) csv_set_delim(&parser_, static_cast<unsigned char>(delimiter));
  }
  ~Parser() {
    if (ok_) csv_free(&parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  bool ok() const { return ok_; }
  csv_parser* get() { return &parser_; }

 private:
  csv_parser parser_{};
  bool ok_ = false;
};

std::string quoting_message(int error) {
  if (error == CSV_EPARSE) {
    return "malformed quoting: a quote inside an unquoted field or text after a closing quote "
           "(a field containing quotes must be quoted as a whole, with inner quotes doubled)";
  }
  return std::string("the CSV parser failed: ") + csv_strerror(error);
}

}  // namespace

std::optional<ReadFailure> read_rows(std::string_view text, char delimiter, std::size_t first_line,
                                     RowHandler& handler) {
  Parser parser(delimiter);
  if (!parser.ok()) return ReadFailure{first_line, "the CSV parser could not start"};
  Reader reader(first_line, handler);
  // Fed in blocks so that a handler that stops is not kept waiting for the whole file.
  constexpr std::size_t kBlock = 1 << 16;
  for (std::size_t start = 0; start < text.size() && !reader.stopped(); start += kBlock) {
    std::string_view block = text.substr(start, kBlock);
    std::size_t parsed = csv_parse(parser.get(), block.data(), block.size(), Reader::on_field,
                                   Reader::on_row_end, &reader);
    if (parsed != block.size()) {
      std::size_t line = first_line + count_line_ends(text.substr(0, start + parsed));
      return ReadFailure{line, quoting_message(csv_error(parser.get()))};
    }
  }
  if (reader.stopped()) return std::nullopt;
  if (csv_fini(parser.get(), Reader::on_field, Reader::on_row_end, &reader) != 0) {
    return ReadFailure{reader.line(),
                       "a quoted field starting on this line is never closed "
                       "(unterminated quote)"};
  }
  return std::nullopt;
}

}  // namespace connectors::csv
