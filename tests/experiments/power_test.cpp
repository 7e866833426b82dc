// Sample size, power and detectable effect against the standard formulas (reference_values.py)
// and a published calculator figure.
#include "experiments/power.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace {

using namespace experiments;

TEST(Power, ProportionSampleSizeMatchesEvanMillersCalculator) {
  // Evan Miller's sample-size calculator (evanmiller.org/ab-testing/sample-size.html): baseline
  // 20%, minimum detectable effect 2% absolute, power 80%, α 5% → 6,347 per variation. His
  // calculator plans the test of the absolute difference.
  PowerProblem problem{MetricKind::proportion, 0.20, 0, 0.5, 0.5};
  PowerOptions absolute;
  absolute.lift_test = false;
  auto size = required_sample_size(problem, 0.10, absolute);
  EXPECT_NEAR(size.control_units, 6347.056284, 1e-5);  // reference_values.py, same formula
  EXPECT_EQ(std::lround(size.control_units), 6347);
  EXPECT_DOUBLE_EQ(size.control_units, size.treatment_units);
  EXPECT_NEAR(required_sample_size({MetricKind::proportion, 0.05, 0, 0.5, 0.5}, 0.10, absolute)
                  .control_units,
              30244.40475, 1e-4);
}

TEST(Power, TheLiftTestNeedsSlightlyMoreUnitsForAnIncrease) {
  // The delta-method variance of the lift weighs the control by (1 + L)².
  PowerProblem problem{MetricKind::proportion, 0.20, 0, 0.5, 0.5};
  EXPECT_NEAR(required_sample_size(problem, 0.10, {}).control_units, 6539.388796, 1e-5);
  EXPECT_NEAR(
      required_sample_size({MetricKind::proportion, 0.05, 0, 0.5, 0.5}, 0.10, {}).control_units,
      31154.85847, 1e-4);
}

TEST(Power, MeanMetricIsTheTwoSampleZFormula) {
  // Total n = (z_.975 s0 + z_.8 s1)² / δ², σ = 30, δ = 5% of 50.
  PowerProblem problem{MetricKind::mean, 50, 900, 0.5, 0.5};
  PowerOptions absolute;
  absolute.lift_test = false;
  EXPECT_NEAR(required_sample_size(problem, 0.05, absolute).total_units, 4520.954727, 1e-5);
  EXPECT_NEAR(required_sample_size(problem, 0.05, {}).total_units, 4589.950749, 1e-5);
}

TEST(Power, PowerAndDetectableEffectWithUnequalShares) {
  PowerProblem problem{MetricKind::mean, 50, 900, 0.2, 0.8};
  PowerOptions absolute;
  absolute.lift_test = false;
  EXPECT_NEAR(power_at(problem, 0.05, 10000, absolute), 0.915181223237, 1e-11);
  EXPECT_NEAR(detectable_effect(problem, 10000, absolute), 0.0420237782717, 1e-9);
  EXPECT_NEAR(power_at(problem, 0.05, 10000, {}), 0.906633118617, 1e-11);
  EXPECT_NEAR(detectable_effect(problem, 10000, {}), 0.0424543039779, 1e-9);
}

TEST(Power, SampleSizeGivesTheTargetPowerAndBonferroniCostsUnits) {
  PowerProblem problem{MetricKind::proportion, 0.08, 0, 0.5, 0.5};
  auto n = required_sample_size(problem, 0.07, {}).total_units;
  EXPECT_NEAR(power_at(problem, 0.07, n, {}), 0.8, 1e-9);
  PowerOptions three;
  three.comparisons = 3;
  EXPECT_GT(required_sample_size(problem, 0.07, three).total_units, 1.3 * n);
  EXPECT_NEAR(detectable_effect(problem, n, {}), 0.07, 1e-6);
}

TEST(Power, SequentialTestingNeedsMoreUnits) {
  PowerProblem problem{MetricKind::proportion, 0.10, 0, 0.5, 0.5};
  PowerOptions sequential;
  sequential.sequential = true;
  const double fixed = required_sample_size(problem, 0.1, {}).total_units;
  const double seq = required_sample_size(problem, 0.1, sequential).total_units;
  EXPECT_GT(seq, 1.2 * fixed);
  EXPECT_LT(seq, 4 * fixed);
  EXPECT_NEAR(power_at(problem, 0.1, seq, sequential), 0.8, 1e-4);
}

TEST(Power, RejectsImpossibleProblemsNamingTheField) {
  try {
    required_sample_size({MetricKind::proportion, 1.5, 0, 0.5, 0.5}, 0.1, {});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("problem.baseline:", 0), 0u) << e.what();
  }
  EXPECT_THROW(required_sample_size({MetricKind::proportion, 0.6, 0, 0.5, 0.5}, 1.0, {}),
               std::invalid_argument);  // 120% is not a rate
  PowerOptions bad;
  bad.power = 1;
  EXPECT_THROW(power_at({MetricKind::mean, 1, 1, 0.5, 0.5}, 0.1, 100, bad), std::invalid_argument);
}

}  // namespace
