#include "forecast/conformal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

using forecast::calibrate;
using forecast::conformal_quantile;
using forecast::empirical_coverage;

namespace {

TEST(ConformalQuantile, IsTheFiniteSampleRankOfTheAbsoluteResiduals) {
  // |r| = 1 … 10. n = 10: rank ⌈11 · 0.8⌉ = 9 → 9; rank ⌈11 · 0.95⌉ = 11 > 10 → +infinity.
  std::vector<double> r;
  for (int i = 1; i <= 10; ++i) r.push_back(i % 2 ? i : -i);
  EXPECT_EQ(conformal_quantile(r, 0.2), 9);
  EXPECT_TRUE(std::isinf(conformal_quantile(r, 0.05)));
  // n = 19 is the smallest set with a finite 95% quantile: rank ⌈20 · 0.95⌉ = 19.
  std::vector<double> r19;
  for (int i = 1; i <= 19; ++i) r19.push_back(i);
  EXPECT_EQ(conformal_quantile(r19, 0.05), 19);
  // n = 99, α = 0.2: rank exactly 80 (no floating-point round-up to 81).
  std::vector<double> r99;
  for (int i = 1; i <= 99; ++i) r99.push_back(i);
  EXPECT_EQ(conformal_quantile(r99, 0.2), 80);
  EXPECT_THROW(conformal_quantile(r, 0.0), std::invalid_argument);
  EXPECT_THROW(conformal_quantile(r, 1.0), std::invalid_argument);
}

TEST(Calibrate, FallsBackToTheLargestResidualWhenTheSetIsTooSmall) {
  const std::vector<double> r = {0.1, -0.4, 0.2, 0.3, -0.05};
  const auto c = calibrate(r);
  EXPECT_EQ(c.calibration_size, 5u);
  EXPECT_FALSE(c.finite_sample_valid);
  EXPECT_DOUBLE_EQ(c.half_width_80, 0.4);  // rank ⌈6 · 0.8⌉ = 5 of 5: the largest anyway
  EXPECT_DOUBLE_EQ(c.half_width_95, 0.4);  // rank 6 > 5: falls back to the largest
  EXPECT_TRUE(std::isinf(calibrate({}).half_width_80));
}

// Exchangeable data: calibration and test residuals from one distribution (a heavy-tailed t
// with 3 degrees of freedom, so nothing Gaussian is assumed). Conditional on the calibration
// set, each test point is covered with probability P ~ Beta(k, n + 1 − k), k the rank: mean
// k/(n + 1) ∈ [1 − α, 1 − α + 1/(n + 1)), sd ≈ √(α(1 − α)/n). The empirical coverage of m test
// points adds binomial sd √(α(1 − α)/m). Tolerance: 4 combined sds around the mean.
TEST(Conformal, CoversExchangeableDataAtTheNominalRate) {
  std::mt19937 rng(11);
  std::student_t_distribution<double> t3(3);
  const std::size_t n = 2000, m = 20000;
  int failures = 0;
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<double> calibration(n), test(m);
    for (double& r : calibration) r = t3(rng);
    for (double& r : test) r = t3(rng);
    const auto c = calibrate(calibration);
    EXPECT_TRUE(c.finite_sample_valid);
    const auto coverage = empirical_coverage(test, c);
    EXPECT_EQ(coverage.points, m);
    for (auto [alpha, observed] :
         {std::pair{0.2, coverage.coverage_80}, std::pair{0.05, coverage.coverage_95}}) {
      const double expected = std::ceil((n + 1) * (1 - alpha)) / (n + 1);
      const double sd = std::sqrt(alpha * (1 - alpha) * (1.0 / n + 1.0 / m));
      if (std::abs(observed - expected) > 4 * sd) ++failures;
      EXPECT_NEAR(observed, expected, 4 * sd) << "alpha " << alpha << " trial " << trial;
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(EmpiricalCoverage, CountsPointsOnTheBoundaryAsCovered) {
  forecast::ConformalCalibration c;
  c.half_width_80 = 1;
  c.half_width_95 = 2;
  const auto coverage = empirical_coverage(std::vector<double>{0.5, -1, 1.5, -2, 3}, c);
  EXPECT_DOUBLE_EQ(coverage.coverage_80, 2.0 / 5);
  EXPECT_DOUBLE_EQ(coverage.coverage_95, 4.0 / 5);
  EXPECT_EQ(empirical_coverage({}, c).coverage_80, 0);
}

}  // namespace
