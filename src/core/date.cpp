#include "core/date.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace core {
namespace {
using namespace std::chrono;

Date from_ymd(const year_month_day& ymd) {
  return Date{static_cast<std::int32_t>(sys_days{ymd}.time_since_epoch().count())};
}

bool parse_digits(std::string_view text, int& out) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}
}  // namespace

std::optional<Date> make_date(int y, unsigned m, unsigned d) {
  year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  return from_ymd(ymd);
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_digits(text.substr(0, 4), y) || !parse_digits(text.substr(5, 2), m) ||
      !parse_digits(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  if (y < 1900 || y > 2999) return std::nullopt;
  return make_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_iso_date(Date date) {
  year_month_day ymd{sys_days{days{date.days_since_epoch}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int iso_weekday(Date date) {
  return static_cast<int>(weekday{sys_days{days{date.days_since_epoch}}}.iso_encoding());
}

int day_of_year(Date date) {
  year_month_day ymd{sys_days{days{date.days_since_epoch}}};
  return date - from_ymd(ymd.year() / January / 1) + 1;
}

Date today_utc() {
  return Date{static_cast<std::int32_t>(
      floor<days>(system_clock::now()).time_since_epoch().count())};
}

}  // namespace core
