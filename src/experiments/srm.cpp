#include "experiments/srm.h"

#include <cmath>

#include "experiments/internal/distributions.h"
#include "experiments/internal/errors.h"

namespace experiments {
namespace {

void check(std::span<const std::int64_t> units, std::span<const double> weights) {
  if (units.size() != weights.size() || weights.size() < 2) {
    internal::fail("weights", "need one weight per variant and at least two variants");
  }
  double total = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] > 0 && weights[i] <= 1)) {
      internal::fail(internal::indexed("weights", i), "must be in (0, 1]");
    }
    if (units[i] < 0) internal::fail(internal::indexed("units", i), "must be >= 0");
    total += weights[i];
  }
  if (std::abs(total - 1) > 1e-6) internal::fail("weights", "must sum to 1 (within 1e-6)");
}

}  // namespace

SampleRatioCheck sample_ratio_check(std::span<const std::int64_t> units,
                                    std::span<const double> weights, double threshold) {
  check(units, weights);
  SampleRatioCheck check;
  check.threshold = threshold;
  check.degrees_of_freedom = static_cast<int>(weights.size()) - 1;
  double total = 0;
  for (auto u : units) total += static_cast<double>(u);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double expected = total * weights[i];
    const double observed = static_cast<double>(units[i]);
    check.expected_units.push_back(expected);
    check.observed_share.push_back(total > 0 ? observed / total : 0.0);
    if (expected > 0) check.chi_squared += (observed - expected) * (observed - expected) / expected;
  }
  check.p_value =
      total > 0 ? internal::chi_squared_sf(check.chi_squared, check.degrees_of_freedom) : 1.0;
  check.mismatch = check.p_value < threshold;
  return check;
}

}  // namespace experiments
