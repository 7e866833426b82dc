#include "forecast/smearing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

// Log-scale residuals whose spread shrinks as the prediction grows (large days are
// relatively less noisy), as with zero-inflated counts.
struct Pairs {
  std::vector<double> predictions, residuals;
};
Pairs heteroscedastic(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> level(0, 8);
  std::normal_distribution<double> normal(0, 1);
  Pairs p;
  for (std::size_t i = 0; i < n; ++i) {
    const double y = level(rng);
    p.predictions.push_back(y);
    p.residuals.push_back(normal(rng) * (1.5 - y / 8));  // sd 1.5 at 0, 0.5 at 8
  }
  return p;
}

TEST(Smearing, EstimatesTheMeanAtEachLevel) {
  const Pairs p = heteroscedastic(20000, 1);
  const auto curve = forecast::fit_smearing(p.predictions, p.residuals);
  EXPECT_EQ(curve.knots.size(), 10u);
  for (double y : {1.0, 4.0, 7.0}) {
    const double sd = 1.5 - y / 8;  // log-normal noise: E[e^r] = e^(sd²/2)
    EXPECT_NEAR(curve.log_factor(y), sd * sd / 2, 0.1) << "at " << y;
  }
  // One factor for all levels would over-state the large days.
  double global = 0;
  for (double r : p.residuals) global += std::exp(r) / static_cast<double>(p.residuals.size());
  EXPECT_GT(std::log(global), curve.log_factor(7.5) + 0.2);
}

TEST(Smearing, KeepsTheExpectedValueMonotone) {
  // Huge factors at low predictions, none above: a naive curve would fall as ŷ rises.
  std::vector<double> predictions, residuals;
  for (int i = 0; i < 600; ++i) {
    predictions.push_back(i / 100.0);
    residuals.push_back(i < 300 ? (i % 2 ? 3.0 : -1.0) : 0.0);
  }
  const auto curve = forecast::fit_smearing(predictions, residuals);
  double previous = 0;
  for (double y = -1; y <= 7; y += 0.01) {
    EXPECT_GE(curve.expected(y), previous) << "at " << y;
    previous = curve.expected(y);
  }
}

TEST(Smearing, IsNeutralWithoutDataAndRejectsMismatchedSpans) {
  const forecast::SmearingCurve empty = forecast::fit_smearing({}, {});
  EXPECT_EQ(empty.log_factor(3), 0);
  EXPECT_DOUBLE_EQ(empty.expected(2), std::exp(2.0));
  const std::vector<double> one = {1}, two = {1, 2};
  EXPECT_THROW(forecast::fit_smearing(one, two), std::invalid_argument);
  // Fewer than 60 pairs: one bin, the plain Duan factor.
  const std::vector<double> y = {1, 2, 3}, r = {0.1, -0.2, 0.3};
  const auto curve = forecast::fit_smearing(y, r);
  ASSERT_EQ(curve.knots.size(), 1u);
  EXPECT_NEAR(curve.log_factor(0), std::log((std::exp(0.1) + std::exp(-0.2) + std::exp(0.3)) / 3),
              1e-12);
}

}  // namespace
