#include "experiments/multiple_testing.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "experiments/internal/errors.h"

namespace experiments {
namespace {

void check(std::span<const double> p_values) {
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!(p_values[i] >= 0 && p_values[i] <= 1)) {
      internal::fail(internal::indexed("p_values", i), "must be in [0, 1]");
    }
  }
}

// Indices of p_values sorted ascending; ties keep input order so results are deterministic.
std::vector<std::size_t> ascending(std::span<const double> p_values) {
  std::vector<std::size_t> order(p_values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  return order;
}

}  // namespace

std::vector<double> holm_adjust(std::span<const double> p_values) {
  check(p_values);
  const auto order = ascending(p_values);
  const double m = static_cast<double>(p_values.size());
  std::vector<double> adjusted(p_values.size());
  double running_max = 0;
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    double scaled = std::min(1.0, (m - static_cast<double>(rank)) * p_values[order[rank]]);
    running_max = std::max(running_max, scaled);  // step-down: never below an earlier step
    adjusted[order[rank]] = running_max;
  }
  return adjusted;
}

std::vector<double> benjamini_hochberg_adjust(std::span<const double> p_values) {
  check(p_values);
  const auto order = ascending(p_values);
  const double m = static_cast<double>(p_values.size());
  std::vector<double> adjusted(p_values.size());
  double running_min = 1;
  for (std::size_t rank = order.size(); rank-- > 0;) {
    double scaled = m * p_values[order[rank]] / static_cast<double>(rank + 1);
    running_min = std::min(running_min, scaled);  // step-up: never above a later step
    adjusted[order[rank]] = running_min;
  }
  return adjusted;
}

std::vector<double> adjust_p_values(std::span<const double> p_values, Correction correction) {
  switch (correction) {
    case Correction::holm:
      return holm_adjust(p_values);
    case Correction::benjamini_hochberg:
      return benjamini_hochberg_adjust(p_values);
    case Correction::none:
      break;
  }
  check(p_values);
  return {p_values.begin(), p_values.end()};
}

double adjusted_interval_alpha(Correction correction, double alpha, int family_size,
                               int rejections) {
  const double m = std::max(1, family_size);
  switch (correction) {
    case Correction::holm:
      return alpha / m;
    case Correction::benjamini_hochberg:
      return alpha * std::max(1, rejections) / m;
    case Correction::none:
      break;
  }
  return alpha;
}

}  // namespace experiments
