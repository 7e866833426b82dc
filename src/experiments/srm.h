// Sample-ratio mismatch: are the units in each variant what the traffic weights promised?
//
// A chi-square goodness-of-fit test of the observed units against total × weight, with
// (variants − 1) degrees of freedom. A p-value below the threshold (default 0.001, as in
// GrowthBook and most experimentation platforms: a strict level, because the test is run on
// every look and a false alarm stops an experiment) means assignment or logging is broken and
// no metric result can be trusted until it is fixed.
//
// Pure function, safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace experiments {

struct SampleRatioCheck {
  double chi_squared = 0;
  int degrees_of_freedom = 0;
  double p_value = 1;     // 1 when there are no units yet
  bool mismatch = false;  // p_value < threshold
  double threshold = 0.001;
  std::vector<double> expected_units;  // total × weight, per variant
  std::vector<double> observed_share;  // units / total, per variant (0 with no units)
};

// `units` and `weights` are per variant, in the same order; weights are > 0 and sum to 1 within
// 1e-6. Throws std::invalid_argument naming "weights[i]", "units[i]" (negative) or "weights"
// (length or sum).
SampleRatioCheck sample_ratio_check(std::span<const std::int64_t> units,
                                    std::span<const double> weights, double threshold = 0.001);

}  // namespace experiments
