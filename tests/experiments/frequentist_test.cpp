// The fixed-horizon tests against values computed independently in
// tests/experiments/reference_values.py (raw data, Python standard library + mpmath).
#include <gtest/gtest.h>

#include <cmath>

#include "experiments/analysis.h"
#include "experiments_test_support.h"

namespace {

using namespace experiments_test;

TEST(Frequentist, WelchTestMatchesTheTextbookExample) {
  // Wikipedia, "Welch's t-test", example 1: t = 2.46, ν ≈ 25.0, p = 0.021.
  const std::vector<double> a1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
                                  21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
  const std::vector<double> a2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
                                  24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
  auto result =
      analyze(two_arm(metric("score", MetricKind::mean), from_values(a1), from_values(a2)));
  const auto& b = result.metrics[0].variants[0];
  ASSERT_TRUE(b.absolute && b.relative);
  // reference_values.py: diff, se, ν, p and the 95% interval with mpmath's t quantile.
  EXPECT_NEAR(b.absolute->value, 2.16666666667, 1e-10);
  EXPECT_NEAR(b.absolute->standard_error, 0.882424510014, 1e-10);
  EXPECT_NEAR(b.absolute->value / b.absolute->standard_error, 2.45535639829, 1e-9);
  EXPECT_NEAR(b.degrees_of_freedom, 24.9885292902, 1e-8);
  EXPECT_NEAR(b.absolute->p_value, 0.0213780014629, 1e-10);
  EXPECT_NEAR(b.absolute->interval.lower, 0.349237066192, 1e-9);
  EXPECT_NEAR(b.absolute->interval.upper, 3.98409626714, 1e-9);
  // Relative lift by the delta method at the same ν.
  EXPECT_NEAR(b.relative->value, 0.104066602626, 1e-11);
  EXPECT_NEAR(b.relative->standard_error, 0.0454015784503, 1e-11);
  EXPECT_NEAR(b.relative->p_value, 0.0305940100905, 1e-10);
}

TEST(Frequentist, TwoProportionsUseTheUnpooledZTest) {
  auto result = analyze(two_arm(metric("cvr"), proportion(10000, 1000), proportion(10000, 1100)));
  const auto& b = result.metrics[0].variants[0];
  EXPECT_TRUE(std::isinf(b.degrees_of_freedom));
  EXPECT_NEAR(b.absolute->value, 0.01, 1e-15);
  EXPECT_NEAR(b.absolute->standard_error, 0.00433474336034, 1e-13);
  EXPECT_NEAR(b.absolute->p_value, 0.0210580732161, 1e-11);
  EXPECT_NEAR(b.absolute->interval.lower, 0.00150405913151, 1e-12);
  EXPECT_NEAR(b.absolute->interval.upper, 0.0184959408685, 1e-12);
  EXPECT_NEAR(b.relative->value, 0.1, 1e-14);
  EXPECT_NEAR(b.relative->standard_error, 0.0454752680036, 1e-12);
  EXPECT_NEAR(b.relative->p_value, 0.0278781010853, 1e-11);
  EXPECT_NEAR(b.relative->interval.lower, 0.0108701125256, 1e-11);
  EXPECT_NEAR(b.relative->interval.upper, 0.189129887474, 1e-11);
  EXPECT_DOUBLE_EQ(b.p_value, b.relative->p_value);  // the decision reads the lift's test
}

TEST(Frequentist, RatioMetricUsesTheDeltaMethodOverUnits) {
  // Cost and conversions per day; CPA = Σcost / Σconversions, lower is better.
  const std::vector<std::pair<double, double>> control = {{120, 10}, {95, 7},  {130, 12}, {110, 8},
                                                          {140, 13}, {100, 9}, {125, 11}, {90, 6}};
  const std::vector<std::pair<double, double>> treatment = {
      {118, 12}, {101, 10}, {128, 14}, {99, 9}, {135, 15}, {97, 11}, {122, 12}, {94, 9}, {110, 10}};
  auto spec = metric("cpa", MetricKind::ratio, MetricRole::primary, false);
  auto result = analyze(two_arm(spec, from_pairs(control), from_pairs(treatment)));
  const auto& m = result.metrics[0];
  EXPECT_NEAR(*m.control.value, 11.9736842105, 1e-9);
  const auto& b = m.variants[0];
  EXPECT_NEAR(*b.summary.value, 9.8431372549, 1e-9);
  EXPECT_NEAR(b.absolute->value, -2.13054695562, 1e-10);
  EXPECT_NEAR(b.absolute->standard_error, 0.556320195859, 1e-10);
  EXPECT_NEAR(b.degrees_of_freedom, 11.0746488273, 1e-8);
  EXPECT_NEAR(b.absolute->p_value, 0.00276222409117, 1e-10);
  EXPECT_NEAR(b.relative->value, -0.1779357897, 1e-10);
  EXPECT_NEAR(b.relative->standard_error, 0.0403016997737, 1e-11);
  EXPECT_NEAR(b.relative->p_value, 0.00102026229979, 1e-10);
  EXPECT_EQ(b.verdict, Verdict::better);  // a lower CPA is better
}

TEST(Frequentist, AZeroControlRateLeavesTheLiftEmptyNotNaN) {
  auto result = analyze(two_arm(metric("cvr"), proportion(500, 0), proportion(500, 4)));
  const auto& b = result.metrics[0].variants[0];
  ASSERT_TRUE(b.absolute);
  EXPECT_FALSE(b.relative);
  EXPECT_FALSE(b.bayesian);
  EXPECT_FALSE(b.note.empty());
  EXPECT_FALSE(std::isnan(b.p_value));
}

TEST(Frequentist, TooFewUnitsGiveAnEmptyComparisonAndKeepRunning) {
  auto result = analyze(two_arm(metric("cvr"), proportion(1, 0), proportion(0, 0)));
  const auto& b = result.metrics[0].variants[0];
  EXPECT_FALSE(b.absolute);
  EXPECT_FALSE(b.summary.value);
  EXPECT_EQ(result.decision, Decision::keep_running);
}

}  // namespace
