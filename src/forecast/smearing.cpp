#include "forecast/smearing.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace forecast {
namespace {
constexpr std::size_t kMaxBins = 10;
constexpr std::size_t kMinPerBin = 30;
}  // namespace

double SmearingCurve::log_factor(double prediction) const {
  if (knots.empty()) return 0;
  if (prediction <= knots.front()) return log_factors.front();
  if (prediction >= knots.back()) return log_factors.back();
  const auto upper = static_cast<std::size_t>(
      std::upper_bound(knots.begin(), knots.end(), prediction) - knots.begin());
  const std::size_t lower = upper - 1;
  const double t = (prediction - knots[lower]) / (knots[upper] - knots[lower]);
  return log_factors[lower] + t * (log_factors[upper] - log_factors[lower]);
}

double SmearingCurve::expected(double prediction) const {
  return std::exp(prediction + log_factor(prediction));
}

SmearingCurve fit_smearing(std::span<const double> predictions, std::span<const double> residuals) {
  if (predictions.size() != residuals.size()) {
    throw std::invalid_argument("smearing: one residual per prediction");
  }
  SmearingCurve curve;
  const std::size_t n = predictions.size();
  if (n == 0) return curve;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return predictions[a] < predictions[b]; });
  const std::size_t bins = std::clamp<std::size_t>(n / kMinPerBin, 1, kMaxBins);
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t first = n * b / bins, last = n * (b + 1) / bins;
    double mean_prediction = 0, mean_factor = 0;
    for (std::size_t i = first; i < last; ++i) {
      mean_prediction += predictions[order[i]];
      mean_factor += std::exp(residuals[order[i]]);
    }
    const auto count = static_cast<double>(last - first);
    mean_prediction /= count;
    const double log_factor = std::log(mean_factor / count);
    // Ties in the predictions can give two bins one mean: merge them (average the factors).
    if (!curve.knots.empty() && mean_prediction <= curve.knots.back()) {
      curve.log_factors.back() = (curve.log_factors.back() + log_factor) / 2;
      continue;
    }
    curve.knots.push_back(mean_prediction);
    curve.log_factors.push_back(log_factor);
  }
  for (std::size_t b = 1; b < curve.knots.size(); ++b) {
    curve.log_factors[b] = std::max(
        curve.log_factors[b], curve.log_factors[b - 1] - (curve.knots[b] - curve.knots[b - 1]));
  }
  return curve;
}

}  // namespace forecast
