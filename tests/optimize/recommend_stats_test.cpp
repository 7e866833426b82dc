// The recommendation engine's small statistics against published values.
#include "optimize/recommend_stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace optimize::recs;

TEST(RecommendStats, NormalQuantilesMatchTables) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963985, 1e-9);
  EXPECT_NEAR(normal_quantile(0.8), 0.841621234, 1e-9);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306, 1e-9);
  EXPECT_NEAR(normal_cdf(normal_quantile(0.3)), 0.3, 1e-12);
}

TEST(RecommendStats, StudentTQuantilesMatchTables) {
  EXPECT_NEAR(student_t_quantile(0.975, 10), 2.228139, 1e-3);
  EXPECT_NEAR(student_t_quantile(0.975, 26), 2.055529, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 5), 2.015048, 5e-3);
  EXPECT_NEAR(student_t_upper_tail(2.055529, 26), 0.025, 1e-3);
}

TEST(RecommendStats, PoissonTailsMatchTheirSums) {
  EXPECT_NEAR(poisson_cdf(2, 3), std::exp(-3) * (1 + 3 + 4.5), 1e-12);
  EXPECT_NEAR(poisson_cdf(2.7, 3), std::exp(-3) * (1 + 3 + 4.5), 1e-12);  // floored
  EXPECT_NEAR(poisson_upper_tail(5, 2), 1 - 7 * std::exp(-2), 1e-12);
  EXPECT_DOUBLE_EQ(poisson_cdf(-1, 3), 0);
  EXPECT_DOUBLE_EQ(poisson_upper_tail(0, 3), 1);
  EXPECT_NEAR(poisson_cdf(280, 319.2) + poisson_upper_tail(281, 319.2), 1, 1e-12);
}

TEST(RecommendStats, ByarIntervalIsCloseToTheExactOne) {
  const Interval i = poisson_interval(10, 0.95);
  EXPECT_NEAR(i.low, 4.795, 0.01);  // exact (Garwood): 4.7954, 18.3904
  EXPECT_NEAR(i.high, 18.390, 0.02);
  EXPECT_DOUBLE_EQ(poisson_interval(0, 0.95).low, 0);
}

TEST(RecommendStats, BinomialTwoSidedPValues) {
  EXPECT_NEAR(binomial_two_sided_p(0, 10, 0.5), 2.0 / 1024, 1e-15);
  EXPECT_NEAR(binomial_two_sided_p(10, 10, 0.5), 2.0 / 1024, 1e-15);
  EXPECT_DOUBLE_EQ(binomial_two_sided_p(5, 10, 0.5), 1);
  // P(X <= 1 | 20, 0.3) = 0.7^20 + 20 · 0.3 · 0.7^19
  EXPECT_NEAR(binomial_two_sided_p(1, 20, 0.3), 2 * (std::pow(0.7, 20) + 6 * std::pow(0.7, 19)),
              1e-15);
}

TEST(RecommendStats, LeastSquaresLineAndItsStandardError) {
  const std::vector<double> x = {0, 1, 2, 3}, exact = {1, 3, 5, 7}, noisy = {1, 3.5, 4.5, 7};
  const auto line = fit_line(x, exact);
  ASSERT_TRUE(line);
  EXPECT_NEAR(line->slope, 2, 1e-12);
  EXPECT_NEAR(line->intercept, 1, 1e-12);
  EXPECT_NEAR(line->slope_se, 0, 1e-12);
  const auto fit = fit_line(x, noisy);
  // Residuals −0.15, 0.45, −0.45, 0.15 around 1.15 + 1.9 x: rss 0.45, se = sqrt(0.45 / 2 / 5).
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->slope, 1.9, 1e-12);
  EXPECT_NEAR(fit->intercept, 1.15, 1e-12);
  EXPECT_NEAR(fit->slope_se, std::sqrt(0.045), 1e-12);
  EXPECT_FALSE(fit_line(std::vector<double>{1, 1, 1}, exact));
}
