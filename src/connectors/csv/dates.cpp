// Date cells of the CSV importer (declared in values.h).
#include <array>
#include <vector>

#include "connectors/csv/values.h"

namespace connectors::csv {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

DateStatus make(int year, int month, int day, core::Date& out) {
  if (year < 1900 || year > 2999 || month < 1 || day < 1) return DateStatus::impossible;
  std::optional<core::Date> date =
      core::make_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!date) return DateStatus::impossible;
  out = *date;
  return DateStatus::ok;
}

// "YYYY-MM-DD": malformed when the shape is wrong, impossible when the day does not exist.
DateStatus parse_iso(std::string_view text, core::Date& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return DateStatus::malformed;
  }
  return make(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)), out);
}

// "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM": the time part is dropped.
DateStatus parse_iso_with_time(std::string_view text, core::Date& out) {
  if (text.size() > 10 && (text[10] == ' ' || text[10] == 'T')) {
    std::string_view time = text.substr(11);
    bool looks_like_time = time.size() >= 5 && time[2] == ':';
    if (looks_like_time) text = text.substr(0, 10);
  }
  return parse_iso(text, out);
}

// "M/D/YYYY" (US order, as LinkedIn writes it) or ISO.
DateStatus parse_month_day_year(std::string_view text, core::Date& out) {
  std::size_t first = text.find('/');
  std::size_t second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos) return parse_iso(text, out);
  std::string_view month = text.substr(0, first);
  std::string_view day = text.substr(first + 1, second - first - 1);
  std::string_view year = text.substr(second + 1);
  if (!all_digits(month) || !all_digits(day) || !all_digits(year) || month.size() > 2 ||
      day.size() > 2 || year.size() != 4) {
    return DateStatus::malformed;
  }
  return make(to_int(year), to_int(month), to_int(day), out);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

// Index in `names` of a full name or its three-letter abbreviation ("Sep", "Sept"), or -1.
template <std::size_t N>
int name_index(const std::array<std::string_view, N>& names, std::string_view token) {
  std::string word = lower(token);
  if (word.size() < 3) return -1;
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == word || names[i].substr(0, 3) == word ||
        (word.size() == 4 && names[i].substr(0, 4) == word)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// "Sep 1, 2026", "Tue, September 1, 2026" or "1 Sep 2026" (Google Ads long dates).
DateStatus parse_long(std::string_view text, core::Date& out) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == ',') {
      if (i > start) tokens.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (tokens.size() == 4 && name_index(kWeekdayNames, tokens[0]) >= 0) {
    tokens.erase(tokens.begin());
  }
  if (tokens.size() != 3 || !all_digits(tokens[2]) || tokens[2].size() != 4) {
    return DateStatus::malformed;
  }
  int month = name_index(kMonthNames, tokens[0]);
  std::string_view day = tokens[1];
  if (month < 0) {
    month = name_index(kMonthNames, tokens[1]);
    day = tokens[0];
  }
  if (month < 0 || !all_digits(day) || day.size() > 2) return DateStatus::malformed;
  return make(to_int(tokens[2]), month + 1, to_int(day), out);
}

}  // namespace

DateStatus parse_date(std::string_view cell, DateStyle style, core::Date& out) {
  std::string_view text = trim(cell);
  if (text.empty() || text == "-" || text == "--") return DateStatus::missing;
  switch (style) {
    case DateStyle::iso: return parse_iso(text, out);
    case DateStyle::iso_with_time: return parse_iso_with_time(text, out);
    case DateStyle::month_day_year: return parse_month_day_year(text, out);
    case DateStyle::google: {
      DateStatus status = parse_iso(text, out);
      return status == DateStatus::malformed ? parse_long(text, out) : status;
    }
  }
  return DateStatus::malformed;
}

std::string describe_date_problem(DateStatus status, DateStyle style, std::string_view cell) {
  std::string value = quote_cell(cell);
  switch (status) {
    case DateStatus::missing: return "the date is empty";
    case DateStatus::impossible: return value + " is not a real calendar date";
    case DateStatus::malformed: break;
    case DateStatus::ok: return {};
  }
  switch (style) {
    case DateStyle::month_day_year: return value + " is not a date of the form M/D/YYYY";
    case DateStyle::google:
      return value + " is not a date of the form YYYY-MM-DD or 'September 1, 2026'";
    case DateStyle::iso:
    case DateStyle::iso_with_time: break;
  }
  return value + " is not a date of the form YYYY-MM-DD";
}

}  // namespace connectors::csv
