// Trend of one metric over the days of a period: moving average, week over week, growth across
// the period, a least-squares slope with its confidence interval, and the weekday pattern.
//
// A day is given as RatioParts (numerator, denominator) and its value is their ratio, defined
// when the denominator is not zero. Every figure over several days (a window, a half, all
// Mondays) is the ratio of that group's SUMS — clicks/impressions of the week, not the mean of
// daily CTRs — so a KPI's trend agrees with the KPI of the same days in the series.
//   - a KPI:     kpi_parts(day, kpi)  → kpi_trend()
//   - a counter: {value, 1}           → counter_trend(); a group's value is then its mean per
//                                       day, and a relative change of means over equal-length
//                                       windows equals the relative change of their sums.
// Inputs must be finite. Pure functions; safe to call from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analytics/kpi.h"
#include "analytics/option_error.h"
#include "core/date.h"

namespace analytics {

struct TrendOptions {
  // Length of the trailing moving-average window, in days. At least 1.
  int moving_average_days = 7;
  // Two-sided confidence level of the slope's interval, and the slope is `significant` when its
  // p-value is below 1 − confidence. Strictly between 0 and 1.
  double confidence = 0.95;
};

// The first invalid field of `options`, or nullopt when they are all valid.
std::optional<OptionError> check(const TrendOptions& options);

enum class SlopeStatus {
  fitted,            // `slope` holds the fit
  too_few_points,    // fewer than 3 days with a value: no residual degrees of freedom
  no_variance_in_x,  // all points on one day (cannot happen for distinct days; kept explicit)
};

// Ordinary least squares of the daily value on the day index (0 = first day), over the days
// that have a value; days without one are skipped, not treated as 0. Days are unweighted: for a
// KPI a day with 10 impressions counts as much as one with 100,000, so on sparse data read
// `points` and `r_squared` before trusting it. The interval and p-value use Student's t with
// points − 2 degrees of freedom (exact quantiles, Boost.Math). When the points lie exactly on a
// line the standard error is 0: the interval has zero width and the p-value is 0 (or 1 for a
// flat line).
struct TrendSlope {
  double per_day = 0;    // change of the value per day, in the value's unit
  double intercept = 0;  // fitted value on day index 0
  double ci_low = 0, ci_high = 0;
  double standard_error = 0;        // of per_day
  double t_statistic = 0;           // per_day / standard_error (±infinity when the error is 0)
  double p_value = 1;               // two-sided, H0: per_day == 0
  bool significant = false;         // p_value < 1 − confidence
  std::optional<double> r_squared;  // nullopt when every value is the same
  std::size_t points = 0;           // days that had a value
  int degrees_of_freedom = 0;       // points − 2
};

// Window values (last_7_days, first_half, …) are ratios of sums in the metric's unit; for a
// counter that is a mean per day (multiply by the window's length for its total).
struct TrendReport {
  std::size_t days = 0;          // length of the input
  std::size_t defined_days = 0;  // days whose denominator is not zero

  // moving_average[i] is the ratio of the sums over days i−w+1 … i (w = moving_average_days).
  // Rule: nullopt for the first w−1 days (the window is not full yet) and for any window whose
  // denominator sums to 0. Inside a full window, a day with a zero denominator simply adds
  // nothing — it does not void the window, because ratio of sums needs no daily value (a day
  // with no conversions must not blank a 7-day CPA). For a counter: the trailing w-day mean.
  std::vector<std::optional<double>> moving_average;

  // Last 7 days against the 7 before: (last − previous) / |previous|. nullopt with fewer than
  // 14 days, when either window has no value, or when the previous value is 0.
  std::optional<double> week_over_week;
  std::optional<double> last_7_days, previous_7_days;

  // Second half of the period against the first half, relative, with the same nullopt rules.
  // Halves are the first ⌊n/2⌋ and last ⌊n/2⌋ days (the middle day of an odd n is in neither),
  // so growth does not depend on the chart's granularity or on a partial first/last bucket.
  std::optional<double> period_growth;
  std::optional<double> first_half, second_half;

  SlopeStatus slope_status = SlopeStatus::too_few_points;
  std::optional<TrendSlope> slope;  // present exactly when slope_status == fitted

  // Value of each ISO weekday's days (Monday first) divided by the value of all days: 1.2 means
  // that weekday runs 20% above the period's level. nullopt for a weekday without a value and
  // for all seven when the overall value is 0 or undefined. Meaningful for metrics with a
  // positive level (use roas rather than roi), and with at least two full weeks of data;
  // day_of_week_days says how many days with a value stand behind each entry.
  std::array<std::optional<double>, 7> day_of_week_index;
  std::array<std::size_t, 7> day_of_week_days{};

  // One line for logs and test failures: days, week over week, growth, slope with interval.
  std::string summary() const;
};

// Analyzes daily[i] = day first_day + i. Throws std::invalid_argument when check(options)
// fails (the message names the field). An empty input gives an empty, all-nullopt report.
TrendReport analyze_trend(core::Date first_day, std::span<const RatioParts> daily,
                          const TrendOptions& options = {});

// The trend of a KPI over daily counters: analyze_trend over kpi_parts of each day.
TrendReport kpi_trend(core::Date first_day, std::span<const Counters> daily, Kpi kpi,
                      const TrendOptions& options = {});

// The trend of a counter over daily counters: analyze_trend over {value, 1} of each day, so
// every day has a value (a day with nothing reported is 0, not missing).
TrendReport counter_trend(core::Date first_day, std::span<const Counters> daily, Counter counter,
                          const TrendOptions& options = {});

}  // namespace analytics
