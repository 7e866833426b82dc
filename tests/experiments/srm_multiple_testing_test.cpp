// Sample-ratio check and multiple-testing corrections against hand-computed and published values.
#include <gtest/gtest.h>

#include <stdexcept>

#include "experiments/multiple_testing.h"
#include "experiments/srm.h"

namespace {

using namespace experiments;

TEST(SampleRatio, TwoVariantsMatchTheHandComputedChiSquare) {
  // 5050 vs 4950 of 10,000 at 50/50: χ² = (50² + 50²) / 5000 = 1; p = erfc(√(1/2)) = 0.3173.
  std::vector<std::int64_t> units = {5050, 4950};
  std::vector<double> weights = {0.5, 0.5};
  auto check = sample_ratio_check(units, weights);
  EXPECT_DOUBLE_EQ(check.chi_squared, 1.0);
  EXPECT_EQ(check.degrees_of_freedom, 1);
  EXPECT_NEAR(check.p_value, 0.317310507863, 1e-11);
  EXPECT_FALSE(check.mismatch);
  // 5200 vs 4800: χ² = 16, p = erfc(√8) = 6.334e-5 — a mismatch.
  units = {5200, 4800};
  check = sample_ratio_check(units, weights);
  EXPECT_DOUBLE_EQ(check.chi_squared, 16.0);
  EXPECT_NEAR(check.p_value, 6.33424836662e-05, 1e-15);
  EXPECT_TRUE(check.mismatch);
}

TEST(SampleRatio, ThreeVariantsUseTwoDegreesOfFreedom) {
  // χ² = (66.67² + 33.33² + 133.33²) / 3266.67 = 14.2857; with 2 df p = exp(−χ²/2) = 0.00079.
  std::vector<std::int64_t> units = {3400, 3300, 3100};
  std::vector<double> weights = {1.0 / 3, 1.0 / 3, 1.0 / 3};
  auto check = sample_ratio_check(units, weights);
  EXPECT_NEAR(check.chi_squared, 14.2857142857, 1e-9);
  EXPECT_EQ(check.degrees_of_freedom, 2);
  EXPECT_NEAR(check.p_value, 0.00079049032312, 1e-13);
  EXPECT_TRUE(check.mismatch);  // below 0.001
}

TEST(SampleRatio, UnequalWeightsAndNoUnitsYet) {
  std::vector<std::int64_t> units = {900, 100};
  std::vector<double> weights = {0.9, 0.1};
  EXPECT_DOUBLE_EQ(sample_ratio_check(units, weights).chi_squared, 0.0);
  units = {0, 0};
  EXPECT_DOUBLE_EQ(sample_ratio_check(units, weights).p_value, 1.0);
  weights = {0.9, 0.2};
  EXPECT_THROW(sample_ratio_check(units, weights), std::invalid_argument);
}

// Benjamini & Hochberg (1995), section 4: the 15 p-values of the myocardial-infarction study.
// At 0.05 the paper's procedure rejects 4 hypotheses and Bonferroni-type procedures 3.
const std::vector<double> kBenjaminiHochberg1995 = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201,
                                                    0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
                                                    0.4262, 0.5719, 0.6528, 0.7590, 1.0000};

TEST(MultipleTesting, BenjaminiHochbergRejectsFourOfThePaper15) {
  auto adjusted = benjamini_hochberg_adjust(kBenjaminiHochberg1995);
  // By definition (reference_values.py): min over j >= i of m p(j) / j.
  const std::vector<double> expected = {
      0.0015,       0.003,        0.0095,       0.035625,     0.0603,
      0.0638571429, 0.0638571429, 0.0645,       0.0765,       0.486,
      0.5811818182, 0.714875,     0.7532307692, 0.8132142857, 1};
  int rejected = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(adjusted[i], expected[i], 1e-9) << i;
    rejected += adjusted[i] <= 0.05;
  }
  EXPECT_EQ(rejected, 4);
}

TEST(MultipleTesting, HolmRejectsThreeOfThePaper15) {
  auto adjusted = holm_adjust(kBenjaminiHochberg1995);
  const std::vector<double> expected = {0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278,
                                        0.3213, 1,      1,      1,     1,      1,     1};
  int rejected = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(adjusted[i], expected[i], 1e-12) << i;
    rejected += adjusted[i] <= 0.05;
  }
  EXPECT_EQ(rejected, 3);
}

TEST(MultipleTesting, AdjustmentsKeepInputOrder) {
  const std::vector<double> p = {0.04, 0.01, 0.03};
  auto holm = holm_adjust(p);  // sorted 0.01·3, 0.03·2, 0.04·1 → 0.03, 0.06, 0.06
  EXPECT_NEAR(holm[0], 0.06, 1e-15);
  EXPECT_NEAR(holm[1], 0.03, 1e-15);
  EXPECT_NEAR(holm[2], 0.06, 1e-15);
  auto bh = benjamini_hochberg_adjust(p);  // 0.03, 0.045, 0.04 → step-up 0.03, 0.04, 0.04
  EXPECT_NEAR(bh[0], 0.04, 1e-15);
  EXPECT_NEAR(bh[1], 0.03, 1e-15);
  EXPECT_NEAR(bh[2], 0.04, 1e-15);
  EXPECT_THROW(holm_adjust(std::vector<double>{0.5, 1.5}), std::invalid_argument);
}

TEST(MultipleTesting, IntervalLevels) {
  EXPECT_DOUBLE_EQ(adjusted_interval_alpha(Correction::holm, 0.05, 10, 3), 0.005);
  EXPECT_DOUBLE_EQ(adjusted_interval_alpha(Correction::benjamini_hochberg, 0.05, 10, 3), 0.015);
  EXPECT_DOUBLE_EQ(adjusted_interval_alpha(Correction::benjamini_hochberg, 0.05, 10, 0), 0.005);
  EXPECT_DOUBLE_EQ(adjusted_interval_alpha(Correction::none, 0.05, 10, 3), 0.05);
}

}  // namespace
