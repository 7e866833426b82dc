// Daily counters of a period, and the per-bucket chart series built from them.
//
// The dashboard gathers a period's rows into DailyCounters (one dense entry per day, zero where
// nothing was reported), then asks for the series at the granularity the chart shows. Every
// bucket's KPIs are ratios of that bucket's sums. Pure values; a DailyCounters is not safe to
// modify from several threads at once, everything else is.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analytics/kpi.h"
#include "analytics/periods.h"
#include "core/date.h"

namespace analytics {

// A dense per-day accumulator over a period: entry i holds the sum of everything added for day
// period.from + i. Adding several campaigns' rows for the same day sums them.
class DailyCounters {
 public:
  // Throws std::invalid_argument for an invalid period (to < from).
  explicit DailyCounters(Period period);

  // Adds `counters` to `date`'s entry. Returns false, and changes nothing, when `date` lies
  // outside the period (the caller queried too wide a range; outside_rows() counts them).
  bool add(core::Date date, const Counters& counters);

  Period period() const { return period_; }
  std::span<const Counters> days() const { return days_; }
  std::size_t outside_rows() const { return outside_rows_; }
  // The sum over the whole period.
  Counters total() const;

 private:
  Period period_;
  std::vector<Counters> days_;
  std::size_t outside_rows_ = 0;
};

// One point of a chart: the bucket's days, their summed counters and the KPIs of the sums.
struct Bucket {
  Period period;
  Counters counters;
  Kpis kpis;
};

struct Series {
  Granularity granularity = Granularity::day;
  std::vector<Bucket> buckets;  // as analytics::buckets(period, granularity): in order, gapless
  Counters total;               // over the whole period
  Kpis total_kpis;
};

// Builds the series of `period` at `granularity` from `daily`, where daily[i] is day
// period.from + i (DailyCounters::days() has that shape). Buckets with no data are present with
// zero counters and nullopt KPIs. Throws std::invalid_argument when daily.size() != days().
Series build_series(Period period, std::span<const Counters> daily, Granularity granularity);

}  // namespace analytics
