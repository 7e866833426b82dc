// Builders for experiments in tests: sums from raw values, so a test states its data.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "experiments/analysis.h"

namespace experiments_test {

using namespace experiments;

inline VariantData proportion(std::int64_t units, double conversions) {
  VariantData d;
  d.units = units;
  d.sum = conversions;
  d.sum_squares = conversions;
  return d;
}

inline VariantData from_values(const std::vector<double>& values) {
  VariantData d;
  d.units = static_cast<std::int64_t>(values.size());
  for (double y : values) {
    d.sum += y;
    d.sum_squares += y * y;
  }
  return d;
}

// (numerator, denominator) per unit.
inline VariantData from_pairs(const std::vector<std::pair<double, double>>& units) {
  VariantData d;
  d.units = static_cast<std::int64_t>(units.size());
  for (auto [m, den] : units) {
    d.sum += m;
    d.sum_squares += m * m;
    d.denominator_sum += den;
    d.denominator_sum_squares += den * den;
    d.cross_sum += m * den;
  }
  return d;
}

inline MetricSpec metric(std::string name, MetricKind kind = MetricKind::proportion,
                         MetricRole role = MetricRole::primary, bool higher_is_better = true) {
  return {std::move(name), kind, role, higher_is_better};
}

// Control "a" and treatments "b", "c", … with equal weights, one metric per entry of `data`.
inline Experiment experiment(std::vector<MetricData> metrics) {
  Experiment e;
  e.hypothesis = "test";
  const std::size_t variants = metrics.at(0).variants.size();
  for (std::size_t k = 0; k < variants; ++k) {
    e.variants.push_back(
        {std::string(1, static_cast<char>('a' + k)), 1.0 / static_cast<double>(variants)});
  }
  e.metrics = std::move(metrics);
  return e;
}

inline Experiment two_arm(MetricSpec spec, VariantData control, VariantData treatment) {
  return experiment({MetricData{std::move(spec), {control, treatment}}});
}

// Relative tolerance helper for EXPECT_NEAR.
inline double rel(double value, double tolerance) { return std::abs(value) * tolerance; }

}  // namespace experiments_test
