#include "analytics/trend.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace analytics {
namespace {

constexpr std::size_t kWeek = 7;

// Prefix sums of numerator and denominator, so any run of days sums in O(1). Adding a zero
// leaves a prefix sum bit-for-bit unchanged, so a run of zero denominators sums to exactly 0
// and never turns into a tiny spurious divisor.
class PrefixSums {
 public:
  explicit PrefixSums(std::span<const RatioParts> daily)
      : num_(daily.size() + 1), den_(daily.size() + 1) {
    for (std::size_t i = 0; i < daily.size(); ++i) {
      num_[i + 1] = num_[i] + daily[i].numerator;
      den_[i + 1] = den_[i] + daily[i].denominator;
    }
  }
  // The ratio of the sums over days [first, end).
  std::optional<double> value(std::size_t first, std::size_t end) const {
    return ratio_of({num_[end] - num_[first], den_[end] - den_[first]});
  }

 private:
  std::vector<double> num_, den_;
};

std::optional<double> relative_change(std::optional<double> current,
                                      std::optional<double> previous) {
  std::optional<Change> change = kpi_change(current, previous);
  return change ? change->relative : std::nullopt;
}

void fill_moving_average(const PrefixSums& sums, std::size_t n, std::size_t window,
                         TrendReport& report) {
  report.moving_average.assign(n, std::nullopt);
  for (std::size_t end = window; end <= n; ++end) {
    report.moving_average[end - 1] = sums.value(end - window, end);
  }
}

void fill_windows(const PrefixSums& sums, std::size_t n, TrendReport& report) {
  if (n >= 2 * kWeek) {
    report.last_7_days = sums.value(n - kWeek, n);
    report.previous_7_days = sums.value(n - 2 * kWeek, n - kWeek);
    report.week_over_week = relative_change(report.last_7_days, report.previous_7_days);
  }
  const std::size_t half = n / 2;
  if (half >= 1) {
    report.first_half = sums.value(0, half);
    report.second_half = sums.value(n - half, n);
    report.period_growth = relative_change(report.second_half, report.first_half);
  }
}

void fill_day_of_week(core::Date first_day, std::span<const RatioParts> daily,
                      TrendReport& report) {
  std::array<RatioParts, 7> by_weekday{};
  RatioParts all{};
  const int first_weekday = core::iso_weekday(first_day) - 1;  // Monday = 0
  for (std::size_t i = 0; i < daily.size(); ++i) {
    const std::size_t w = (static_cast<std::size_t>(first_weekday) + i) % kWeek;
    by_weekday[w].numerator += daily[i].numerator;
    by_weekday[w].denominator += daily[i].denominator;
    all.numerator += daily[i].numerator;
    all.denominator += daily[i].denominator;
    if (daily[i].denominator != 0) ++report.day_of_week_days[w];
  }
  const std::optional<double> overall = ratio_of(all);
  if (!overall || *overall == 0) return;
  for (std::size_t w = 0; w < kWeek; ++w) {
    if (std::optional<double> value = ratio_of(by_weekday[w])) {
      report.day_of_week_index[w] = *value / *overall;
    }
  }
}

// Fills the slope fields of `report` (see TrendSlope for the conventions).
void fit_slope(std::span<const RatioParts> daily, double confidence, TrendReport& report) {
  std::size_t n = 0;
  double sum_x = 0, sum_y = 0;
  for (std::size_t i = 0; i < daily.size(); ++i) {
    if (daily[i].denominator == 0) continue;
    ++n;
    sum_x += static_cast<double>(i);
    sum_y += daily[i].numerator / daily[i].denominator;
  }
  if (n < 3) {
    report.slope_status = SlopeStatus::too_few_points;
    return;
  }
  const double mean_x = sum_x / static_cast<double>(n), mean_y = sum_y / static_cast<double>(n);
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < daily.size(); ++i) {
    if (daily[i].denominator == 0) continue;
    const double dx = static_cast<double>(i) - mean_x;
    const double dy = daily[i].numerator / daily[i].denominator - mean_y;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx == 0) {
    report.slope_status = SlopeStatus::no_variance_in_x;
    return;
  }
  TrendSlope s;
  s.points = n;
  s.degrees_of_freedom = static_cast<int>(n) - 2;
  s.per_day = sxy / sxx;
  s.intercept = mean_y - s.per_day * mean_x;
  double sse = 0;  // from the residuals themselves, so it is never negative
  for (std::size_t i = 0; i < daily.size(); ++i) {
    if (daily[i].denominator == 0) continue;
    const double residual = (daily[i].numerator / daily[i].denominator - mean_y) -
                            s.per_day * (static_cast<double>(i) - mean_x);
    sse += residual * residual;
  }
  if (syy > 0) s.r_squared = std::clamp(1.0 - sse / syy, 0.0, 1.0);
  s.standard_error = std::sqrt(sse / s.degrees_of_freedom / sxx);

  const boost::math::students_t_distribution<double> t_dist(s.degrees_of_freedom);
  if (s.standard_error > 0) {
    s.t_statistic = s.per_day / s.standard_error;
    s.p_value = 2 * boost::math::cdf(boost::math::complement(t_dist, std::fabs(s.t_statistic)));
  } else if (s.per_day != 0) {
    s.t_statistic = std::copysign(std::numeric_limits<double>::infinity(), s.per_day);
    s.p_value = 0;
  }  // else a flat exact line: t = 0, p = 1 (the defaults)
  const double half_width = boost::math::quantile(t_dist, (1 + confidence) / 2) * s.standard_error;
  s.ci_low = s.per_day - half_width;
  s.ci_high = s.per_day + half_width;
  s.significant = s.p_value < 1 - confidence;
  report.slope_status = SlopeStatus::fitted;
  report.slope = s;
}

std::string format_optional_percent(std::optional<double> relative) {
  if (!relative) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", *relative * 100);
  return buf;
}
}  // namespace

std::optional<OptionError> check(const TrendOptions& options) {
  if (options.moving_average_days < 1) {
    return OptionError{"moving_average_days", "must be at least 1"};
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return OptionError{"confidence", "must be strictly between 0 and 1"};
  }
  return std::nullopt;
}

TrendReport analyze_trend(core::Date first_day, std::span<const RatioParts> daily,
                          const TrendOptions& options) {
  if (std::optional<OptionError> error = check(options)) {
    throw std::invalid_argument(error->field + ": " + error->message);
  }
  TrendReport report;
  const std::size_t n = daily.size();
  report.days = n;
  report.defined_days = static_cast<std::size_t>(std::count_if(
      daily.begin(), daily.end(), [](const RatioParts& p) { return p.denominator != 0; }));
  const PrefixSums sums(daily);
  fill_moving_average(sums, n, static_cast<std::size_t>(options.moving_average_days), report);
  fill_windows(sums, n, report);
  fit_slope(daily, options.confidence, report);
  fill_day_of_week(first_day, daily, report);
  return report;
}

TrendReport kpi_trend(core::Date first_day, std::span<const Counters> daily, Kpi kpi,
                      const TrendOptions& options) {
  std::vector<RatioParts> parts(daily.size());
  for (std::size_t i = 0; i < daily.size(); ++i) parts[i] = kpi_parts(daily[i], kpi);
  return analyze_trend(first_day, parts, options);
}

TrendReport counter_trend(core::Date first_day, std::span<const Counters> daily, Counter counter,
                          const TrendOptions& options) {
  std::vector<RatioParts> parts(daily.size());
  for (std::size_t i = 0; i < daily.size(); ++i) parts[i] = {counter_value(daily[i], counter), 1};
  return analyze_trend(first_day, parts, options);
}

std::string TrendReport::summary() const {
  std::string out = std::to_string(days) + " days (" + std::to_string(defined_days) +
                    " with a value); week over week " + format_optional_percent(week_over_week) +
                    "; period growth " + format_optional_percent(period_growth) + "; slope ";
  if (!slope)
    return out + (slope_status == SlopeStatus::too_few_points ? "n/a (too few points)"
                                                              : "n/a (no variance in x)");
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.6g/day [%.6g, %.6g], p=%.4g, %s (%zu points)", slope->per_day,
                slope->ci_low, slope->ci_high, slope->p_value,
                slope->significant ? "significant" : "not significant", slope->points);
  return out + buf;
}

}  // namespace analytics
