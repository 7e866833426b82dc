// Synthetic daily metrics for the anomaly-detector tests: a known weekly pattern around a
// level, Gaussian noise of a known sd, and days to overwrite with spikes, dips or gaps.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace optimize_test {

// Day 0 is a Monday: weekdays busy, weekend quiet (additive, in the metric's units).
inline constexpr double kWeeklyPattern[7] = {40, 60, 70, 50, 20, -100, -140};

inline std::vector<std::optional<double>> weekly_series(int days, std::uint32_t seed,
                                                         double level = 1000.0,
                                                         double noise_sd = 20.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, noise_sd);
  std::vector<std::optional<double>> series(days);
  for (int d = 0; d < days; ++d) series[d] = level + kWeeklyPattern[d % 7] + noise(rng);
  return series;
}

}  // namespace optimize_test
