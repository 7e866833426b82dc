// Performance counters and the KPIs defined on them.
//
// Every KPI is a ratio of sums: add the Counters of the days, campaigns or platforms first, then
// call kpis_of() once (CTR of a week = its clicks / its impressions, never the mean of seven
// daily CTRs). A KPI whose denominator is zero is nullopt — never 0, never NaN or infinity.
// Money counters are integer micros; money KPIs (cpc, cpm, cpa) are in currency units.
// Inputs are assumed finite. Pure values and functions; safe to use from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace analytics {

// Additive totals of campaign-days. Reach is not additive across days (the same person can be
// reached twice), so `reach` is the SUM of daily reach and frequency is a mean daily frequency;
// it is summed only over rows that reported reach, with those rows' impressions in
// `impressions_with_reach`, so rows without reach neither dilute nor inflate it. Video views
// follow the same rule. Build one row's Counters with counters_of().
struct Counters {
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  std::int64_t spend_micros = 0;
  std::int64_t conversion_value_micros = 0;
  double conversions = 0;  // platforms report fractional (modelled) conversions
  std::int64_t reach = 0;
  std::int64_t impressions_with_reach = 0;
  std::int64_t video_views = 0;
  std::int64_t impressions_with_video = 0;

  Counters& operator+=(const Counters& other);
  friend Counters operator+(Counters a, const Counters& b) { return a += b; }
  friend bool operator==(const Counters&, const Counters&) = default;
};

// One reported row (a campaign-day) as it comes from a platform or the store. reach and
// video_views are nullopt when the platform reported none.
struct RowMetrics {
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  std::int64_t spend_micros = 0;
  std::int64_t conversion_value_micros = 0;
  double conversions = 0;
  std::optional<std::int64_t> reach = std::nullopt;  // initialized, so designated init may omit it
  std::optional<std::int64_t> video_views = std::nullopt;
};

// The row's Counters: its impressions count towards impressions_with_reach only when it has
// reach, and towards impressions_with_video only when it has video views.
Counters counters_of(const RowMetrics& row);

// The KPIs of a set of counters; nullopt where the denominator is zero.
//   ctr             = clicks / impressions
//   cpc             = spend / clicks                          (currency units)
//   cpm             = 1000 · spend / impressions              (currency units)
//   conversion_rate = conversions / clicks
//   cpa             = spend / conversions                     (currency units)
//   roas            = conversion_value / spend
//   roi             = (conversion_value − spend) / spend
//   frequency       = impressions_with_reach / reach
//   view_rate       = video_views / impressions_with_video
struct Kpis {
  std::optional<double> ctr, cpc, cpm, conversion_rate, cpa, roas, roi, frequency, view_rate;
};
Kpis kpis_of(const Counters& counters);

// The KPIs and counters by name, for code that loops over them (series, trends, rendering).
// The order of kKpiNames / kCounterNames follows the enums; names are the API spellings.
enum class Kpi { ctr, cpc, cpm, conversion_rate, cpa, roas, roi, frequency, view_rate };
inline constexpr std::array<std::string_view, 9> kKpiNames = {
    "ctr", "cpc", "cpm", "conversion_rate", "cpa", "roas", "roi", "frequency", "view_rate"};

enum class Counter {
  impressions,
  clicks,
  spend_micros,
  conversions,
  conversion_value_micros,
  reach,
  video_views
};
inline constexpr std::array<std::string_view, 7> kCounterNames = {
    "impressions", "clicks",     "spend_micros", "conversions", "conversion_value_micros",
    "reach",       "video_views"};

// The numerator and denominator of a KPI. Both are linear in the counters, so the parts of a sum
// are the sum of the parts: summing daily parts over a window and dividing once gives the
// window's KPI (this is what trend.h relies on). ratio_of() is nullopt when denominator == 0.
struct RatioParts {
  double numerator = 0;
  double denominator = 0;
};
RatioParts kpi_parts(const Counters& counters, Kpi kpi);
std::optional<double> ratio_of(RatioParts parts);

// One field of Kpis / Counters by enum. kpi_value(kpis_of(c), k) == ratio_of(kpi_parts(c, k)).
std::optional<double> kpi_value(const Kpis& kpis, Kpi kpi);
double counter_value(const Counters& counters, Counter counter);

// A change from a previous value to a current one. `absolute` = current − previous in the
// value's own unit (micros for money counters); `relative` = (current − previous) / |previous|,
// nullopt when previous is 0. Dividing by |previous| keeps the sign meaningful for values that
// can be negative (roi): an improvement is always positive.
struct Change {
  double absolute = 0;
  std::optional<double> relative;
};
Change counter_change(double current, double previous);
// nullopt when either side is nullopt (a KPI that is undefined in one period has no change).
std::optional<Change> kpi_change(std::optional<double> current, std::optional<double> previous);

// Everything the dashboard shows for "this period against the comparison period".
// counter_changes is indexed by Counter, kpi_changes by Kpi.
struct PeriodComparison {
  Counters current, previous;
  Kpis current_kpis, previous_kpis;
  std::array<Change, kCounterNames.size()> counter_changes;
  std::array<std::optional<Change>, kKpiNames.size()> kpi_changes;
};
PeriodComparison compare_periods(const Counters& current, const Counters& previous);

}  // namespace analytics
