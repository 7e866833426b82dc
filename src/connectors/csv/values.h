// Reading one CSV cell as a number or a date, permissively, the way platform UIs write them:
// thousands separators, currency symbols and codes, '%' and blanks are stripped; "", "-" and
// "--" mean "no value". Money never passes through binary floating point.
// Internal to the CSV importer (docs/csv-import.md is the user-facing statement of these rules).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/date.h"

namespace connectors::csv {

// How a file writes decimals. Semicolon-delimited files are European: "1.234,56".
enum class NumberStyle { decimal_point, decimal_comma };

enum class CellStatus { ok, missing, not_a_number, negative, not_whole, too_large };

// A non-negative whole number ("1,234", "1234.0"). `out` is set only on ok.
CellStatus parse_count(std::string_view cell, NumberStyle style, std::int64_t& out);

// A non-negative amount in major units, as exact micros ("$1,234.56", "12.3 EUR").
CellStatus parse_money(std::string_view cell, NumberStyle style, std::int64_t& micros);

// A non-negative real number ("2.5", "1.07801418").
CellStatus parse_real(std::string_view cell, NumberStyle style, double& out);

// "'abc' is not a number" — the reason for a status other than ok and missing.
std::string describe_cell_problem(CellStatus status, std::string_view cell);

// Accepted date spellings per layout.
enum class DateStyle {
  iso,             // YYYY-MM-DD only (generic, Meta)
  iso_with_time,   // YYYY-MM-DD, optionally followed by " 00:00:00" (TikTok)
  month_day_year,  // M/D/YYYY or YYYY-MM-DD (LinkedIn)
  google,          // YYYY-MM-DD, "Sep 1, 2026", "Tue, September 1, 2026", "1 Sep 2026"
};

enum class DateStatus { ok, missing, malformed, impossible };

DateStatus parse_date(std::string_view cell, DateStyle style, core::Date& out);

// "'03/12/2024' is not a date of the form YYYY-MM-DD" — for malformed and impossible.
std::string describe_date_problem(DateStatus status, DateStyle style, std::string_view cell);

// Cell text without surrounding blanks (spaces, tabs, no-break spaces).
std::string_view trim(std::string_view text);

// The trimmed cell in single quotes for a message, cut at 40 characters: "'abc'".
std::string quote_cell(std::string_view cell);

}  // namespace connectors::csv
