#include "analytics/periods.h"

#include <algorithm>
#include <chrono>

namespace analytics {
namespace {
using namespace std::chrono;

year_month_day ymd_of(core::Date date) {
  return year_month_day{sys_days{days{date.days_since_epoch}}};
}

core::Date date_of(const year_month_day& ymd) {
  return core::Date{static_cast<std::int32_t>(sys_days{ymd}.time_since_epoch().count())};
}

core::Date one_year_earlier(core::Date date) {
  year_month_day earlier = ymd_of(date) - years{1};
  // Only Feb 29 has no counterpart; it maps to the last day of February.
  if (!earlier.ok())
    earlier = year_month_day{year_month_day_last{earlier.year(), month_day_last{earlier.month()}}};
  return date_of(earlier);
}

// The first day of the bucket after the one starting at `start`.
core::Date next_bucket_start(core::Date start, Granularity granularity) {
  switch (granularity) {
    case Granularity::day:
      return start + 1;
    case Granularity::week:
      return start + 7;
    case Granularity::month:
      return date_of(ymd_of(start) + months{1});
  }
  return start + 1;
}
}  // namespace

core::Date bucket_start(core::Date date, Granularity granularity) {
  switch (granularity) {
    case Granularity::day:
      return date;
    case Granularity::week:
      return date - (core::iso_weekday(date) - 1);
    case Granularity::month: {
      year_month_day ymd = ymd_of(date);
      return date_of(ymd.year() / ymd.month() / day{1});
    }
  }
  return date;
}

Period previous_period(Period period) {
  return Period{period.from - period.days(), period.from - 1};
}

Period previous_year(Period period) {
  return Period{one_year_earlier(period.from), one_year_earlier(period.to)};
}

std::vector<Period> buckets(Period period, Granularity granularity) {
  std::vector<Period> out;
  if (!period.valid()) return out;
  for (core::Date start = bucket_start(period.from, granularity); start <= period.to;) {
    core::Date next = next_bucket_start(start, granularity);
    out.push_back(Period{std::max(start, period.from), std::min(next - 1, period.to)});
    start = next;
  }
  return out;
}

}  // namespace analytics
