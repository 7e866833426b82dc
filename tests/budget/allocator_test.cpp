// The allocator with concave curves (max_outcome) against a closed form, a brute-force search and
// properties over random curves and bounds: totals to the cent, bounds and locks hold, never
// worse than the reference plan, no feasible move does better; and its messages.
#include "budget/allocator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "allocator_test_support.h"
#include "budget/allocator_internal.h"

namespace {

using budget::AllocationOptions;
using budget::Binding;
using budget::Channel;
using namespace budget_test;

TEST(Allocator, MatchesTheClosedFormForMichaelisMentenChannels) {
  // s_i = √(β_i K / μ) − K with Σ s_i = B: √μ = Σ √(β_i K) / (B + nK).
  const double K = 20'000, B = 1'000'000;
  std::vector<Channel> channels = {channel("a", 9e5, 1, michaelis_menten(K), 300'000),
                                   channel("b", 4e5, 1, michaelis_menten(K), 300'000),
                                   channel("c", 1e5, 1, michaelis_menten(K), 400'000)};
  auto result = budget::allocate(channels, max_outcome(B));
  double root_sum = 0;
  for (const auto& c : channels) root_sum += std::sqrt(c.curve.beta * K);
  double sqrt_mu = root_sum / (B + 3 * K);
  for (std::size_t i = 0; i < channels.size(); ++i) {
    double expected = std::sqrt(channels[i].curve.beta * K) / sqrt_mu - K;
    EXPECT_NEAR(result.channels[i].optimal_spend, expected, std::max(0.01, 1e-6 * expected)) << i;
  }
  EXPECT_NEAR(result.diagnostics.marginal_return, sqrt_mu * sqrt_mu, 1e-9 * sqrt_mu * sqrt_mu);
  EXPECT_DOUBLE_EQ(result.optimal.spend, B);
  EXPECT_LT(result.diagnostics.kkt_residual, 1e-9);
  EXPECT_TRUE(result.improved);
  EXPECT_EQ(result.diagnostics.method, "equal_marginal");
  EXPECT_LT(result.diagnostics.iterations, 20) << "Newton on μ, not ~100 bisection steps";
}

TEST(Allocator, MatchesABruteForceSearchWithMixedCurvesAndBounds) {
  std::vector<Channel> channels = {channel("search", 5000, 3000, logistic(1.3), 4000),
                                   channel("social", 3500, 2500, hill(1, 0.7), 4000),
                                   channel("video", 2600, 1, michaelis_menten(4000), 4000)};
  channels[0].upper = 6000;
  channels[1].lower = 1000;
  channels[2].lower = 500;
  const double B = 12'000;
  auto result = budget::allocate(channels, max_outcome(B));
  auto best = brute_force(channels, {0, 1000, 500}, {6000, 1e300, 1e300}, B);
  EXPECT_GE(result.optimal.outcome, best.outcome * (1 - 1e-9)) << "the allocator is beaten by the grid";
  EXPECT_NEAR(result.optimal.outcome, best.outcome, 1e-6 * best.outcome);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(result.channels[i].optimal_spend, best.spend[i], std::max(0.01, 1e-6 * best.spend[i])) << i;
  }
  EXPECT_DOUBLE_EQ(result.optimal.spend, B);
}

TEST(Allocator, TheSlopeInversesAreExact) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 3000; ++trial) {
    budget::detail::SteadyCurve c;
    c.beta = 10 + u(rng) * 1e4;
    c.unit = 1e-4 + u(rng) * 1e-2;
    int kind = trial % 4;
    c.saturation = kind == 0 ? logistic(0.1 + 3 * u(rng))
                 : kind == 1 ? michaelis_menten(0.1 + 3 * u(rng), 0.5 + u(rng))
                 : kind == 2 ? hill(0.1 + 3 * u(rng), 0.2 + 0.8 * u(rng))
                             : hill(0.1 + 3 * u(rng), 1 + 5 * u(rng));
    double from = c.inflection();
    double spend = from + std::exp(u(rng) * 12 - 4) / c.unit;
    if (!(c.slope(spend) > 1e-250)) continue;  // a logistic slope far out underflows to 0
    double found = c.spend_at_slope(c.slope(spend), from, budget::detail::kInfinity);
    EXPECT_NEAR(found, spend, 1e-9 * spend) << "kind " << kind;
  }
}

TEST(Allocator, PropertiesHoldOverRandomCurvesBoundsAndLocks) {
  std::mt19937_64 rng(20261124);
  std::uniform_real_distribution<double> u(0, 1);
  int improved = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    SCOPED_TRACE(trial);
    int n = 2 + static_cast<int>(u(rng) * 19);  // 2–20 channels
    std::vector<Channel> channels;
    double lower_sum = 0, upper_sum = 0;
    for (int i = 0; i < n; ++i) {
      double pick = u(rng);
      auto saturation = pick < 0.33 ? logistic(0.2 + u(rng) * 3)
                      : pick < 0.66 ? hill(0.2 + u(rng) * 3, 0.3 + u(rng) * 0.7)
                                    : michaelis_menten(0.2 + u(rng) * 3, 1 + u(rng));
      Channel c = channel(std::string("c").append(std::to_string(i)), 100 + u(rng) * 10'000, 100 + u(rng) * 5'000, saturation,
                          std::round(u(rng) * 3000));
      c.lower = u(rng) < 0.3 ? std::round(u(rng) * 2000) : 0;
      c.upper = u(rng) < 0.3 ? c.lower + std::round(u(rng) * 8000) : budget::kUnbounded;
      if (u(rng) < 0.15) c.upper_multiple = 1 + u(rng);
      c.locked = u(rng) < 0.1;
      double low = c.locked ? c.current : std::max(c.lower, c.learning_minimum);
      double high = c.locked ? c.current : std::min(c.upper, c.upper_multiple * c.current);
      if (high < low) c.upper_multiple = budget::kUnbounded, high = c.upper;
      lower_sum += low;
      upper_sum += high;
      channels.push_back(c);
    }
    double budget = std::round((lower_sum + u(rng) * std::min(upper_sum - lower_sum, 50'000.0)) * 100) / 100;
    auto result = budget::allocate(channels, max_outcome(budget));
    double sum_cents = 0;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      const auto& r = result.channels[i];
      EXPECT_GE(r.optimal_spend, r.lower - 1e-9);
      EXPECT_LE(r.optimal_spend, r.upper + 1e-9);
      EXPECT_NEAR(r.optimal_spend * 100, std::round(r.optimal_spend * 100), 1e-6) << "whole cents";
      if (channels[i].locked) {
        EXPECT_EQ(r.optimal_spend, channels[i].current);
        EXPECT_EQ(r.binding, Binding::locked);
      }
      sum_cents += std::round(r.optimal_spend * 100);
    }
    EXPECT_EQ(sum_cents, std::round(budget * 100)) << "total to the cent";
    EXPECT_LT(result.diagnostics.kkt_residual, 1e-6);
    EXPECT_GE(result.optimal.outcome, result.reference.outcome) << "never worse than the reference";
    improved += result.improved;
    // No feasible move of money between two channels does better (beyond the cent rounding).
    std::vector<double> spend = spends(result);
    double base = outcome(channels, spend);
    for (int move = 0; move < 50; ++move) {
      std::size_t from = static_cast<std::size_t>(u(rng) * n), to = static_cast<std::size_t>(u(rng) * n);
      if (from == to) continue;
      double amount = std::min({spend[from] - result.channels[from].lower,
                                result.channels[to].upper - spend[to], u(rng) * 500});
      if (amount <= 0.01) continue;
      auto moved = spend;
      moved[from] -= amount;
      moved[to] += amount;
      EXPECT_LE(outcome(channels, moved), base * (1 + 1e-9) + 1e-6);
    }
  }
  EXPECT_GT(improved, 900) << "random current splits are almost never optimal";
}

TEST(Allocator, LocksMultiplesOfCurrentSpendAndLearningMinimumsBindWithTheirReasons) {
  std::vector<Channel> channels = {channel("search", 9000, 2000, michaelis_menten(1), 3000),
                                   channel("tv", 500, 2000, michaelis_menten(1), 4000),
                                   channel("social", 3000, 3000, logistic(1), 1000),
                                   channel("display", 100, 1000, hill(1, 0.8), 2000)};
  channels[0].upper_multiple = 1.2;
  channels[0].upper_multiple_reason = "keep search within 20% of its plan";
  channels[1].locked = true;
  channels[1].locked_reason = "tv contract";
  channels[3].learning_minimum = 750;  // display would otherwise drop below its learning phase
  auto result = budget::allocate(channels, max_outcome(10'000));
  EXPECT_DOUBLE_EQ(result.channels[0].optimal_spend, 3600);
  EXPECT_EQ(result.channels[0].binding, Binding::upper);
  EXPECT_EQ(result.channels[0].binding_field, "upper_multiple");
  EXPECT_EQ(result.channels[0].binding_reason, "keep search within 20% of its plan");
  EXPECT_DOUBLE_EQ(result.channels[1].optimal_spend, 4000);
  EXPECT_EQ(result.channels[1].binding, Binding::locked);
  EXPECT_EQ(result.channels[1].binding_reason, "tv contract");
  EXPECT_EQ(result.channels[2].binding, Binding::none);
  EXPECT_DOUBLE_EQ(result.channels[3].optimal_spend, 750);
  EXPECT_EQ(result.channels[3].binding, Binding::lower);
  EXPECT_EQ(result.channels[3].binding_field, "learning_minimum");
  EXPECT_EQ(result.channels[3].binding_reason, "learning-phase minimum 750.00");
  EXPECT_DOUBLE_EQ(result.optimal.spend, 10'000);
  EXPECT_DOUBLE_EQ(result.channels[2].optimal_spend, 10'000 - 3600 - 4000 - 750);
  ASSERT_EQ(result.diagnostics.binding.size(), 3u);
  EXPECT_EQ(result.diagnostics.binding[1], "tv: locked (tv contract)");
}

TEST(Allocator, KeepsTheCurrentPlanWhenItIsAlreadyOptimal) {
  // Two identical channels split evenly: the current plan is the optimum.
  std::vector<Channel> channels = {channel("a", 1000, 500, michaelis_menten(1), 2500),
                                   channel("b", 1000, 500, michaelis_menten(1), 2500)};
  auto result = budget::allocate(channels, max_outcome(5000));
  EXPECT_FALSE(result.improved);
  EXPECT_EQ(result.channels[0].optimal_spend, 2500);
  EXPECT_EQ(result.channels[1].optimal_spend, 2500);
  EXPECT_EQ(result.outcome_gain, 0);
  EXPECT_EQ(result.reason, "no plan within the constraints beats the reference plan; "
                           "its marginal returns are already equal across the channels");
}

TEST(Allocator, KeepsTheReferencePlanAndNamesTheBoundsThatBind) {
  // b earns more at the margin, but it is locked and a is held at its current spend from below.
  std::vector<Channel> channels = {channel("a", 100, 500, michaelis_menten(1), 3000),
                                   channel("b", 5000, 500, michaelis_menten(1), 2000)};
  channels[0].lower_multiple = 1;
  channels[0].lower_multiple_reason = "brand floor";
  channels[1].locked = true;
  auto result = budget::allocate(channels, max_outcome(5000));
  EXPECT_FALSE(result.improved);
  EXPECT_EQ(result.channels[0].optimal_spend, 3000);
  EXPECT_EQ(result.reason, "no plan within the constraints beats the reference plan; binding: "
                           "a: lower (brand floor), b: locked (locked at 2000.00)");
}

TEST(Allocator, ScalesTheCurrentSplitToANewBudgetAsTheReference) {
  std::vector<Channel> channels = {channel("a", 1000, 500, michaelis_menten(1), 1000),
                                   channel("b", 3000, 500, michaelis_menten(1), 3000),
                                   channel("c", 2000, 500, michaelis_menten(1), 0)};
  channels[1].upper = 4000;
  auto result = budget::allocate(channels, max_outcome(6000));
  // k · (1000, 3000, 0) with b capped at 4000: k = 2, a = 2000, b = 4000, c = 0.
  EXPECT_DOUBLE_EQ(result.channels[0].reference_spend, 2000);
  EXPECT_DOUBLE_EQ(result.channels[1].reference_spend, 4000);
  EXPECT_DOUBLE_EQ(result.channels[2].reference_spend, 0);
  EXPECT_DOUBLE_EQ(result.current.spend, 4000);
  EXPECT_GT(result.optimal.outcome, result.reference.outcome);
  EXPECT_NEAR(result.outcome_gain, result.optimal.outcome - result.reference.outcome, 1e-9);
  // When the weighted channels cannot take the budget, the rest goes evenly to the others.
  channels[0].upper = 2500;
  result = budget::allocate(channels, max_outcome(8000));
  EXPECT_DOUBLE_EQ(result.channels[0].reference_spend, 2500);
  EXPECT_DOUBLE_EQ(result.channels[1].reference_spend, 4000);
  EXPECT_DOUBLE_EQ(result.channels[2].reference_spend, 1500);
}

TEST(Allocator, CountsTheAdstockCarryOverInTheSteadyState) {
  Channel c = channel("tv", 1000, 800, hill(1, 0.9), 500);
  c.curve.adstock.normalized = false;  // geometric 0.5 over 8 periods: Σ w ≈ 1.99
  std::vector<Channel> channels = {c, channel("search", 900, 800, hill(1, 0.9), 500)};
  auto result = budget::allocate(channels, max_outcome(1000));
  EXPECT_GT(result.channels[0].optimal_spend, result.channels[1].optimal_spend);
  EXPECT_NEAR(result.channels[0].optimal_outcome,
              budget::steady_state_response(result.channels[0].optimal_spend, c.curve), 1e-9);
  EXPECT_NEAR(*result.channels[0].optimal_marginal_return,
              budget::steady_state_slope(result.channels[0].optimal_spend, c.curve), 1e-12);
}

TEST(Allocator, SaysWhichConstraintCannotBeMet) {
  auto message = [](std::vector<Channel> channels, double budget) {
    return error_of([&] { budget::allocate(channels, max_outcome(budget)); });
  };
  auto mm = [](double lower, double upper = budget::kUnbounded) {
    Channel c = channel("x", 10, 1, michaelis_menten(1));
    c.lower = lower, c.upper = upper;
    return c;
  };
  EXPECT_EQ(message({mm(600), mm(600)}, 1000), "budget: the lower bounds sum to 1200.00, above the budget of 1000.00");
  EXPECT_EQ(message({mm(0, 300), mm(0, 300)}, 1000), "budget: the upper bounds sum to 600.00, below the budget of 1000.00");
  EXPECT_EQ(message({mm(0), mm(500, 400)}, 1000), "channels[1].upper: must be >= lower (500.00)");
  EXPECT_EQ(message({mm(-5)}, 1000), "channels[0].lower: must be >= 0");
  Channel learning = mm(0, 300);
  learning.learning_minimum = 400;
  EXPECT_EQ(message({learning}, 1000), "channels[0].upper: must be >= learning_minimum (400.00)");
  Channel bad_curve = mm(0);
  bad_curve.curve.saturation.half_saturation = -1;
  EXPECT_EQ(message({mm(0), bad_curve}, 1000), "channels[1].curve.saturation.half_saturation: must be > 0");
  Channel bad_adstock = mm(0);
  bad_adstock.curve.adstock.alpha = 1.5;
  EXPECT_EQ(message({bad_adstock}, 1000), "channels[0].curve.adstock.alpha: must be in [0, 1)");
  EXPECT_EQ(message({mm(0)}, -1), "budget: must be a finite amount >= 0");
  EXPECT_EQ(message({}, 1), "channels: at least one channel is needed");
  AllocationOptions no_budget;
  EXPECT_EQ(error_of([&] { budget::allocate({mm(0)}, no_budget); }), "budget: is required to maximise the outcome");
}

TEST(Allocator, SamplesACurveWithTheCurrentAndOptimalPoints) {
  Channel c = channel("search", 1000, 500, hill(1, 0.5), 400);
  auto points = budget::sample_curve(c.curve, 2000, 5);
  ASSERT_EQ(points.size(), 5u);
  EXPECT_EQ(points[0].spend, 0);
  EXPECT_EQ(points[0].outcome, 0);
  EXPECT_FALSE(points[0].marginal.has_value()) << "Hill shape < 1 is infinitely steep at 0";
  EXPECT_EQ(points[4].spend, 2000);
  EXPECT_NEAR(points[2].outcome, budget::steady_state_response(1000, c.curve), 1e-12);
  EXPECT_NEAR(*points[2].marginal, budget::steady_state_slope(1000, c.curve), 1e-15);
  auto result = budget::allocate({c, channel("video", 800, 500, hill(1, 0.5), 600)}, max_outcome(1000));
  auto sample = budget::sample_channel_curve(c, result.channels[0], 31);
  EXPECT_EQ(sample.points.size(), 31u);
  EXPECT_DOUBLE_EQ(sample.points.back().spend, 1.5 * std::max(400.0, result.channels[0].optimal_spend));
  EXPECT_EQ(sample.current.spend, 400);
  EXPECT_EQ(sample.optimal.spend, result.channels[0].optimal_spend);
  EXPECT_EQ(error_of([&] { budget::sample_curve(c.curve, 0, 5); }), "max_spend: must be > 0");
}

}  // namespace
