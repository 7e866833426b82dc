#include "analytics/series.h"

#include <stdexcept>

namespace analytics {

DailyCounters::DailyCounters(Period period) : period_(period) {
  if (!period.valid()) throw std::invalid_argument("period: `to` is before `from`");
  days_.resize(static_cast<std::size_t>(period.days()));
}

bool DailyCounters::add(core::Date date, const Counters& counters) {
  if (!period_.contains(date)) {
    ++outside_rows_;
    return false;
  }
  days_[static_cast<std::size_t>(period_.offset_of(date))] += counters;
  return true;
}

Counters DailyCounters::total() const {
  Counters sum;
  for (const Counters& day : days_) sum += day;
  return sum;
}

Series build_series(Period period, std::span<const Counters> daily, Granularity granularity) {
  if (!period.valid()) throw std::invalid_argument("period: `to` is before `from`");
  if (daily.size() != static_cast<std::size_t>(period.days())) {
    throw std::invalid_argument("daily counters: need one entry per day of the period");
  }
  Series series;
  series.granularity = granularity;
  std::vector<Period> ranges = buckets(period, granularity);
  series.buckets.reserve(ranges.size());
  for (const Period& range : ranges) {
    Bucket bucket{range, {}, {}};
    const auto first = static_cast<std::size_t>(period.offset_of(range.from));
    const auto last = static_cast<std::size_t>(period.offset_of(range.to));
    for (std::size_t i = first; i <= last; ++i) bucket.counters += daily[i];
    bucket.kpis = kpis_of(bucket.counters);
    series.total += bucket.counters;
    series.buckets.push_back(bucket);
  }
  series.total_kpis = kpis_of(series.total);
  return series;
}

}  // namespace analytics
