// The decision in words, rule by rule (docs/experiments.md, "Decision rules").
#include <gtest/gtest.h>

#include "experiments/analysis.h"
#include "experiments_test_support.h"

namespace {

using namespace experiments_test;

bool mentions(const AnalysisResult& r, const std::string& text) {
  for (const auto& reason : r.reasons) {
    if (reason.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Decision, SampleRatioMismatchComesFirst) {
  // A clear winner, but 5,200 vs 4,800 units at 50/50 (p = 6e-5).
  auto r = analyze(two_arm(metric("cvr"), proportion(5200, 520), proportion(4800, 720)));
  EXPECT_EQ(r.decision, Decision::fix_assignment);
  EXPECT_EQ(r.decision_text, "sample ratio mismatch: fix assignment first");
  EXPECT_TRUE(mentions(r, "sample ratio mismatch on cvr units"));
  EXPECT_TRUE(r.srm.mismatch);
}

TEST(Decision, ShipsASignificantWinner) {
  auto r = analyze(two_arm(metric("cvr"), proportion(10000, 1000), proportion(10000, 1150)));
  EXPECT_EQ(r.decision, Decision::ship);
  EXPECT_EQ(r.recommended_variant, "b");
  EXPECT_EQ(r.decision_text, "ship b");
  EXPECT_TRUE(mentions(r, "cvr: b +15.0% vs a")) << r.report();
}

TEST(Decision, AGuardrailLossVetoesShipping) {
  auto e = experiment(
      {MetricData{metric("cvr"), {proportion(10000, 1000), proportion(10000, 1150)}},
       MetricData{metric("unsubscribe", MetricKind::proportion, MetricRole::guardrail, false),
                  {proportion(10000, 100), proportion(10000, 160)}}});
  auto r = analyze(e);
  EXPECT_EQ(r.decision, Decision::stop_for_futility) << r.report();
  EXPECT_TRUE(mentions(r, "worse: unsubscribe: b +60.0% vs a"));
}

TEST(Decision, ASecondaryLossIsOnlyACaution) {
  auto e =
      experiment({MetricData{metric("cvr"), {proportion(10000, 1000), proportion(10000, 1150)}},
                  MetricData{metric("ctr", MetricKind::proportion, MetricRole::secondary),
                             {proportion(10000, 500), proportion(10000, 400)}}});
  auto r = analyze(e);
  EXPECT_EQ(r.decision, Decision::ship);
  EXPECT_TRUE(mentions(r, "caution (secondary metric worse): ctr"));
}

TEST(Decision, ASignificantLossStopsTheExperiment) {
  auto r = analyze(two_arm(metric("cvr"), proportion(10000, 1150), proportion(10000, 1000)));
  EXPECT_EQ(r.decision, Decision::stop_for_futility);
  EXPECT_EQ(r.decision_text, "stop for futility");
}

TEST(Decision, KeepsRunningWhileTheEffectIsStillPossibleAndSaysHowLong) {
  auto e = two_arm(metric("cvr"), proportion(2000, 200), proportion(2000, 210));
  e.days_observed = 4;
  auto r = analyze(e);
  EXPECT_EQ(r.decision, Decision::keep_running);
  ASSERT_TRUE(r.metrics[0].power);
  const auto& p = *r.metrics[0].power;
  // 10% baseline, 5% lift, 80% power: ≈ 115,000 users in all; 1,000 a day so far.
  EXPECT_GT(p.units_needed, 100000);
  EXPECT_NEAR(*p.daily_units, 1000, 1e-9);
  EXPECT_NEAR(*p.days_remaining, p.units_needed / 1000 - 4, 1e-6);
  EXPECT_TRUE(mentions(r, "more days at current traffic"));
}

TEST(Decision, StopsForFutilityWhenTheMinimumEffectIsRuledOut) {
  // 1,000,000 users per arm, no difference: the interval on the lift is about ±0.6%.
  auto r =
      analyze(two_arm(metric("cvr"), proportion(1000000, 100000), proportion(1000000, 100100)));
  EXPECT_EQ(r.decision, Decision::stop_for_futility);
  EXPECT_TRUE(mentions(r, "ruled out"));
}

TEST(Decision, ShipsTheBestOfSeveralWinnersAndCorrectsForMultiplicity) {
  auto e = experiment({MetricData{metric("cvr"),
                                  {proportion(20000, 2000), proportion(20000, 2200),
                                   proportion(20000, 2350), proportion(20000, 2010)}}});
  auto r = analyze(e);
  EXPECT_EQ(r.decision, Decision::ship);
  EXPECT_EQ(r.recommended_variant, "c");
  EXPECT_EQ(r.diagnostics.primary_family_size, 3);
  for (const auto& v : r.metrics[0].variants) {
    EXPECT_GE(v.adjusted_p_value, v.p_value);
    // Bonferroni interval (α/3) is wider than the plain one.
    EXPECT_LT(v.adjusted_interval->lower, v.relative->interval.lower);
  }
}

TEST(Decision, TheBayesianEngineNeedsChanceAndLowRisk) {
  AnalysisOptions options;
  options.engine = DecisionEngine::bayesian;
  auto r =
      analyze(two_arm(metric("cvr"), proportion(10000, 1000), proportion(10000, 1100)), options);
  // Chance 98.6% ≥ 95% and expected loss 0.02% ≤ 0.25%.
  EXPECT_EQ(r.decision, Decision::ship);
  EXPECT_TRUE(mentions(r, "chance to beat control 98.6%")) << r.report();
  options.chance_to_win_threshold = 0.99;
  EXPECT_EQ(
      analyze(two_arm(metric("cvr"), proportion(10000, 1000), proportion(10000, 1100)), options)
          .decision,
      Decision::keep_running);
}

TEST(Decision, ReportPrintsEveryMetric) {
  auto r = analyze(two_arm(metric("cvr"), proportion(10000, 1000), proportion(10000, 1150)));
  const auto text = r.report();
  EXPECT_NE(text.find("Decision: ship b"), std::string::npos);
  EXPECT_NE(text.find("Metric cvr (proportion, primary, higher is better)"), std::string::npos);
  EXPECT_STREQ(decision_name(r.decision), "ship");
}

}  // namespace

namespace {

using namespace experiments_test;

TEST(Corrections, PrimaryAndSecondaryMetricsAreSeparateFamiliesAndGuardrailsAreNotCorrected) {
  auto e = experiment(
      {MetricData{metric("cvr"),
                  {proportion(10000, 1000), proportion(10000, 1090), proportion(10000, 1020)}},
       MetricData{metric("ctr", MetricKind::proportion, MetricRole::secondary),
                  {proportion(10000, 500), proportion(10000, 530), proportion(10000, 560)}},
       MetricData{metric("refunds", MetricKind::proportion, MetricRole::guardrail, false),
                  {proportion(10000, 100), proportion(10000, 110), proportion(10000, 95)}}});
  AnalysisOptions options;
  options.correction = Correction::benjamini_hochberg;
  auto r = analyze(e, options);
  EXPECT_EQ(r.diagnostics.primary_family_size, 2);
  EXPECT_EQ(r.diagnostics.secondary_family_size, 2);
  // BH within the primary family, by hand: sorted p (p1 <= p2) → adjusted min(2 p1, p2), p2.
  const double p_b = r.metrics[0].variants[0].p_value, p_c = r.metrics[0].variants[1].p_value;
  ASSERT_LT(p_b, p_c);
  EXPECT_DOUBLE_EQ(r.metrics[0].variants[0].adjusted_p_value, std::min(2 * p_b, p_c));
  EXPECT_DOUBLE_EQ(r.metrics[0].variants[1].adjusted_p_value, p_c);
  for (const auto& v : r.metrics[2].variants) {
    EXPECT_DOUBLE_EQ(v.adjusted_p_value, v.p_value);
    EXPECT_DOUBLE_EQ(v.adjusted_interval->lower, v.relative->interval.lower);
  }
}

TEST(Corrections, SequentialAdjustedIntervalsAreWiderSequences) {
  auto e = experiment({MetricData{
      metric("cvr"), {proportion(20000, 2000), proportion(20000, 2300), proportion(20000, 2050)}}});
  AnalysisOptions options;
  options.sequential = true;
  auto r = analyze(e, options);
  for (const auto& v : r.metrics[0].variants) {
    ASSERT_TRUE(v.sequential && v.sequential->relative_interval);
    EXPECT_LT(v.sequential->relative_interval->lower, v.relative->interval.lower);  // wider
    EXPECT_LT(v.adjusted_interval->lower, v.sequential->relative_interval->lower);  // α/2
    EXPECT_DOUBLE_EQ(v.p_value, v.sequential->p_value);
    // The anytime p-value is ≤ α exactly when the sequence excludes 0.
    EXPECT_EQ(v.p_value <= 0.05, v.sequential->relative_interval->lower > 0);
  }
  EXPECT_EQ(r.decision, Decision::ship);
}

}  // namespace
