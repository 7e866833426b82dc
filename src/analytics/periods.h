// Report periods and the calendar buckets a period is charted in.
//
// A Period is an inclusive range of calendar days. Weeks are ISO weeks (Monday to Sunday), months
// calendar months. The functions assume from <= to (Period::valid()); handlers validate the query
// before calling. Pure functions; safe to use from any thread.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace analytics {

enum class Granularity { day, week, month };
inline constexpr std::array<std::string_view, 3> kGranularityNames = {"day", "week", "month"};

// The first day of the bucket holding `date`: the date itself, the Monday of its ISO week
// (2020-12-31 → 2020-12-28, the start of ISO week 53 of 2020), or the 1st of its month.
core::Date bucket_start(core::Date date, Granularity granularity);

// The days from `from` to `to`, both included.
struct Period {
  core::Date from, to;

  bool valid() const { return from <= to; }
  // Number of days, both ends included (a one-day period has 1).
  int days() const { return to - from + 1; }
  bool contains(core::Date date) const { return from <= date && date <= to; }
  // Offset of `date` from `from`: the index of its entry in a dense daily vector.
  int offset_of(core::Date date) const { return date - from; }
  friend bool operator==(const Period&, const Period&) = default;
};

// The period of the same length that ends the day before `period` starts.
Period previous_period(Period period);

// The same calendar dates one year earlier; a Feb 29 end maps to Feb 28. The result can be one
// day shorter or longer than `period` (2024-01-01..2024-12-31 → 2023-01-01..2023-12-31), so
// compare totals, not per-day values, with care. Weekdays do not line up; a caller that wants
// weekday-aligned comparison uses {from − 364, to − 364} instead.
Period previous_year(Period period);

// Every bucket that overlaps `period`, clipped to it, in date order, including buckets with no
// data: together they cover each day of the period exactly once. The first and last bucket can
// be partial (a Wednesday–Sunday week). Empty for an invalid period.
std::vector<Period> buckets(Period period, Granularity granularity);

}  // namespace analytics
