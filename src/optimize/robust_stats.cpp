#include "optimize/robust_stats.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace optimize::detail {

std::size_t count_observed(std::span<const double> x, std::size_t lo, std::size_t hi) {
  std::size_t n = 0;
  for (std::size_t i = lo; i < hi; ++i) n += observed(x[i]) ? 1 : 0;
  return n;
}

double median_inplace(std::span<double> values) {
  const std::size_t n = values.size();
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (n % 2 == 1) return *mid;
  // The lower middle is the largest element left of mid once mid is in place.
  const double lower = *std::max_element(values.begin(), mid);
  return (lower + *mid) / 2;
}

std::optional<double> window_median(std::span<const double> x, std::size_t lo, std::size_t hi,
                                    std::size_t min_count, std::vector<double>& scratch,
                                    std::size_t skip) {
  scratch.clear();
  for (std::size_t i = lo; i < hi; ++i) {
    if (i != skip && observed(x[i])) scratch.push_back(x[i]);
  }
  if (scratch.empty() || scratch.size() < min_count) return std::nullopt;
  return median_inplace(scratch);
}

Window centred_window(std::size_t i, std::size_t width, std::size_t lo, std::size_t hi) {
  const std::size_t half = width / 2;
  std::size_t a = i >= lo + half ? i - half : lo;
  std::size_t b = std::min(hi, a + width);
  if (b - a < width) a = b >= lo + width ? b - width : lo;
  return {a, b};
}

double robust_scale(std::span<const double> residuals, std::vector<double>& scratch) {
  scratch.assign(residuals.begin(), residuals.end());
  const double centre = median_inplace(scratch);
  for (double& r : scratch) r = std::abs(r - centre);
  double mean_abs = 0;
  for (double d : scratch) mean_abs += d;
  mean_abs /= static_cast<double>(scratch.size());
  const double mad = median_inplace(scratch);
  if (mad > 0) return 1.4826 * mad;
  return 1.2533 * mean_abs;  // sqrt(pi / 2): mean absolute deviation to sigma under normality
}

namespace {

// Median of sorted[0, n) with the element at rank `skip` left out. Precondition: n >= 2.
double median_without(const std::vector<std::pair<double, std::size_t>>& sorted,
                      std::size_t skip) {
  const std::size_t m = sorted.size() - 1;
  const auto at = [&](std::size_t k) { return sorted[k < skip ? k : k + 1].first; };
  return m % 2 == 1 ? at(m / 2) : (at(m / 2 - 1) + at(m / 2)) / 2;
}

}  // namespace

SeasonalFit fit_seasonal(std::span<const double> x, std::size_t lo, std::size_t hi,
                         std::size_t period, bool with_left_out, std::vector<double>& scratch) {
  SeasonalFit fit;
  fit.profile.assign(period, 0.0);
  if (with_left_out) fit.left_out.assign(hi - lo, 0.0);
  if (period <= 1) return fit;
  const std::size_t width = odd_width(period);
  // Detrended values and their steps, grouped by phase (i % period).
  std::vector<std::vector<std::pair<double, std::size_t>>> by_phase(period);
  for (std::size_t i = lo; i < hi; ++i) {
    if (!observed(x[i])) continue;
    const Window w = centred_window(i, width, lo, hi);
    const auto level = window_median(x, w.lo, w.hi, 1, scratch);
    by_phase[i % period].emplace_back(x[i] - *level, i);
  }
  double sum = 0;
  std::size_t phases_seen = 0;
  for (std::size_t p = 0; p < period; ++p) {
    auto& values = by_phase[p];
    if (values.empty()) continue;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    fit.profile[p] = n % 2 == 1 ? values[n / 2].first
                                : (values[n / 2 - 1].first + values[n / 2].first) / 2;
    sum += fit.profile[p];
    ++phases_seen;
  }
  if (phases_seen == 0) return fit;
  const double mean = sum / static_cast<double>(phases_seen);
  for (std::size_t p = 0; p < period; ++p) {
    const auto& values = by_phase[p];
    if (values.empty()) continue;
    fit.profile[p] -= mean;
    if (!with_left_out || values.size() < 2) continue;
    for (std::size_t rank = 0; rank < values.size(); ++rank) {
      fit.left_out[values[rank].second - lo] = median_without(values, rank) - mean;
    }
  }
  return fit;
}

}  // namespace optimize::detail
