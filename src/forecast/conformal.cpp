#include "forecast/conformal.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace forecast {
namespace {

std::vector<double> sorted_abs(std::span<const double> residuals) {
  std::vector<double> a(residuals.size());
  std::transform(residuals.begin(), residuals.end(), a.begin(),
                 [](double r) { return std::abs(r); });
  std::sort(a.begin(), a.end());
  return a;
}

double rank_quantile(const std::vector<double>& sorted, double alpha) {
  const double n = static_cast<double>(sorted.size());
  // ⌈(n + 1)(1 − α)⌉, computed with a little slack so 0.8 · 100 is 80 and not 80.000000001.
  const auto rank = static_cast<std::size_t>(std::ceil((n + 1) * (1 - alpha) - 1e-9));
  if (rank == 0) return 0;
  if (rank > sorted.size()) return std::numeric_limits<double>::infinity();
  return sorted[rank - 1];
}

}  // namespace

double conformal_quantile(std::span<const double> residuals, double alpha) {
  if (!(alpha > 0 && alpha < 1)) throw std::invalid_argument("alpha must be in (0, 1)");
  return rank_quantile(sorted_abs(residuals), alpha);
}

ConformalCalibration calibrate(std::span<const double> residuals) {
  ConformalCalibration c;
  c.calibration_size = residuals.size();
  const std::vector<double> sorted = sorted_abs(residuals);
  c.half_width_80 = rank_quantile(sorted, 0.20);
  c.half_width_95 = rank_quantile(sorted, 0.05);
  if (!sorted.empty()) {
    if (std::isinf(c.half_width_80)) c.half_width_80 = sorted.back(), c.finite_sample_valid = false;
    if (std::isinf(c.half_width_95)) c.half_width_95 = sorted.back(), c.finite_sample_valid = false;
  } else {
    c.finite_sample_valid = false;
  }
  return c;
}

Coverage empirical_coverage(std::span<const double> residuals,
                            const ConformalCalibration& calibration) {
  Coverage c;
  c.points = residuals.size();
  if (c.points == 0) return c;
  std::size_t in80 = 0, in95 = 0;
  for (double r : residuals) {
    in80 += std::abs(r) <= calibration.half_width_80;
    in95 += std::abs(r) <= calibration.half_width_95;
  }
  c.coverage_80 = static_cast<double>(in80) / static_cast<double>(c.points);
  c.coverage_95 = static_cast<double>(in95) / static_cast<double>(c.points);
  return c;
}

}  // namespace forecast
