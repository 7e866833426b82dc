#include "strategy/internal/csv.h"

#include <stdexcept>

namespace strategy::internal {

std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool field_started = false;  // distinguishes an empty last field from a blank line
  bool at_field_start = true;  // a quote opens a quoted field only here
  std::size_t i = 0;
  auto end_record = [&] {
    if (field_started || !record.empty()) {
      record.push_back(std::move(field));
      records.push_back(std::move(record));
    }
    record.clear();
    field.clear();
    field_started = false;
    at_field_start = true;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' && at_field_start) {
      field_started = true;
      at_field_start = false;
      for (++i;; ++i) {
        if (i >= text.size()) throw std::logic_error("ad specs CSV: unterminated quoted field");
        if (text[i] != '"') {
          field += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          break;
        }
      }
      ++i;
      if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        throw std::logic_error("ad specs CSV: text after a closing quote");
      }
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = true;
      at_field_start = true;
    } else if (c == '\n') {
      end_record();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // the LF ends the record
    } else {
      field += c;
      field_started = true;
      at_field_start = false;
    }
    ++i;
  }
  end_record();
  return records;
}

}  // namespace strategy::internal
