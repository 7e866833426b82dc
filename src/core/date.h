// Calendar dates for campaign metrics and report periods.
//
// A Date is a day in the proleptic Gregorian calendar, held as the number of days since
// 1970-01-01. It carries no time zone: a metric row's date is the day in the ad account's
// (or client's) own zone, as the platform reported it. Pure values; safe to share across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

struct Date {
  std::int32_t days_since_epoch = 0;

  friend auto operator<=>(const Date&, const Date&) = default;
  Date operator+(int days) const { return Date{days_since_epoch + days}; }
  Date operator-(int days) const { return Date{days_since_epoch - days}; }
  int operator-(Date other) const { return days_since_epoch - other.days_since_epoch; }
};

// Builds a date from its parts; nullopt if the parts name no real day (2023-02-29, month 13).
std::optional<Date> make_date(int year, unsigned month, unsigned day);

// Parses exactly "YYYY-MM-DD" (years 1900–2999). Anything else, including a valid-looking
// but impossible day, gives nullopt.
std::optional<Date> parse_iso_date(std::string_view text);

// Formats as "YYYY-MM-DD".
std::string format_iso_date(Date date);

// ISO weekday: Monday = 1 … Sunday = 7.
int iso_weekday(Date date);

// Day of the year: 1 January = 1 … 31 December = 365 (366 in a leap year).
int day_of_year(Date date);

// Today's date in UTC, from the system clock. (The only clock reading in core; callers that need
// determinism pass dates in.)
Date today_utc();

}  // namespace core
