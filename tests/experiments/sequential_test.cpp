// Confidence sequences: the closed form (reference_values.py, two algebraic forms), and a seeded
// simulation of A/A tests looked at every day — the reason sequential testing exists.
#include "experiments/sequential.h"

#include <gtest/gtest.h>

#include <random>

#include "experiments/analysis.h"
#include "experiments/power.h"
#include "experiments_test_support.h"

namespace {

using namespace experiments_test;

TEST(ConfidenceSequence, HalfWidthMatchesTheClosedForm) {
  EXPECT_NEAR(confidence_sequence_half_width(0.25, 10000, {0.05, 5000}, 0.05), 0.0153073860943,
              1e-13);
  EXPECT_NEAR(confidence_sequence_half_width(4.0, 1234, {0.01, 5000}, 0.01), 0.215045283316, 1e-12);
  EXPECT_NEAR(confidence_sequence_half_width(0.25, 200, {0.05, 100000}, 0.05), 0.693251785923,
              1e-12);
}

TEST(ConfidenceSequence, IsWiderThanTheFixedIntervalAndClosestAtTheTuningSize) {
  // Ratio of the sequence to the 95% z interval: > 1 everywhere, smallest near N = tuning_units.
  auto ratio = [](double n) {
    return confidence_sequence_half_width(1.0, n, {0.05, 5000}, 0.05) /
           (1.959963984540054 / std::sqrt(n));
  };
  EXPECT_GT(ratio(500), ratio(5000));
  EXPECT_GT(ratio(50000), ratio(5000));
  for (double n : {10.0, 100.0, 5000.0, 1e6}) EXPECT_GT(ratio(n), 1.0) << n;
}

TEST(ConfidenceSequence, AnytimePValueIsWhereTheSequenceTouchesZero) {
  // reference_values.py finds it by bisection on α of the half-width.
  EXPECT_NEAR(anytime_p_value(0.025, 0.25, 10000, {0.05, 5000}), 3.2111246171e-05, 1e-14);
  const double half = confidence_sequence_half_width(0.25, 10000, {0.05, 5000}, 0.05);
  EXPECT_NEAR(anytime_p_value(half, 0.25, 10000, {0.05, 5000}), 0.05, 1e-12);
  EXPECT_DOUBLE_EQ(anytime_p_value(0, 0.25, 10000, {0.05, 5000}), 1.0);
}

// A/A experiments: two arms of 250 users a day, both converting at 10%, looked at every day for
// 30 days. A "false positive" is any day on which the analysis calls a winner or a loser.
struct PeekingRates {
  double naive = 0;
  double sequential = 0;
};

PeekingRates simulate_daily_peeking(double treatment_rate, int experiments, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::binomial_distribution<std::int64_t> control_day(250, 0.10),
      treatment_day(250, treatment_rate);
  AnalysisOptions naive, sequential;
  sequential.sequential = true;
  int naive_hits = 0, sequential_hits = 0;
  for (int e = 0; e < experiments; ++e) {
    std::int64_t xc = 0, xt = 0;
    bool naive_hit = false, sequential_hit = false;
    for (int day = 1; day <= 30; ++day) {
      xc += control_day(rng);
      xt += treatment_day(rng);
      auto data = two_arm(metric("cvr"), proportion(250 * day, static_cast<double>(xc)),
                          proportion(250 * day, static_cast<double>(xt)));
      naive_hit =
          naive_hit || analyze(data, naive).metrics[0].variants[0].verdict != Verdict::inconclusive;
      sequential_hit = sequential_hit || analyze(data, sequential).metrics[0].variants[0].verdict !=
                                             Verdict::inconclusive;
    }
    naive_hits += naive_hit;
    sequential_hits += sequential_hit;
  }
  return {naive_hits / double(experiments), sequential_hits / double(experiments)};
}

TEST(ConfidenceSequence, DailyPeekingAtAnAATestKeepsFalsePositivesBelowAlpha) {
  const auto rates = simulate_daily_peeking(0.10, 1000, 17);
  // Naive daily peeking at a fixed-horizon 5% test: far above 5% (the peeking problem; about
  // 20–30% over 30 looks). The sequence keeps the chance of ever crossing below α.
  EXPECT_GT(rates.naive, 0.12) << "naive " << rates.naive;
  EXPECT_LE(rates.sequential, 0.05) << "sequential " << rates.sequential;
  std::cout << "A/A, 30 daily looks, 1000 runs: naive " << rates.naive << ", sequential "
            << rates.sequential << "\n";
}

TEST(ConfidenceSequence, StillDetectsARealEffectAsOftenAsThePowerPlanSays) {
  // 10% → 12% (a 20% lift), 250 users per arm per day for 30 days. power.h predicts the chance
  // that the last look (15,000 users) is significant; detecting it on any of the 30 looks is at
  // least about as likely. (The fixed-horizon test would have power ≈ 0.98 at day 30: that is
  // the price of looking every day.)
  const auto rates = simulate_daily_peeking(0.12, 400, 23);
  PowerOptions sequential;
  sequential.sequential = true;
  const double predicted =
      power_at({MetricKind::proportion, 0.10, 0, 0.5, 0.5}, 0.2, 15000, sequential);
  EXPECT_GT(predicted, 0.6);
  EXPECT_GT(rates.sequential, predicted - 0.05) << rates.sequential << " vs " << predicted;
  std::cout << "20% lift, 30 daily looks: detected in " << rates.sequential
            << " of runs; predicted power of the last look " << predicted << "\n";
}

}  // namespace
