// S-shaped curves (Hill with shape > 1): the multi-start allocator against exhaustive searches
// over 2 and 3 channels, and properties over random S-shaped channels.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "allocator_test_support.h"
#include "budget/allocator.h"
#include "budget/allocator_internal.h"

namespace {

using budget::AllocationOptions;
using budget::Channel;
using namespace budget_test;

TEST(AllocatorSShaped, TheEnvelopeTangentFromZeroIsTheClosedForm) {
  // The tangent from the origin touches s^n / (s^n + K^n) where n r / (1 + r) = 1, r = (K/s)^n:
  // s = K (n − 1)^{1/n}.
  for (double n : {1.2, 2.0, 3.5, 7.0}) {
    budget::detail::SteadyCurve c{hill(2, n), 100, 0.01};
    double expected = 2 * std::pow(n - 1, 1 / n) / 0.01;
    EXPECT_NEAR(c.tangent_point(0), expected, 1e-9 * expected) << n;
  }
}

TEST(AllocatorSShaped, MatchesAnExhaustiveSearchOverTwoChannels) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 40; ++trial) {
    SCOPED_TRACE(trial);
    std::vector<Channel> channels = {channel("a", 1000 + 9000 * u(rng), 1000 + 3000 * u(rng), hill(1, 1.5 + 3 * u(rng)), 2000),
                                     channel("b", 1000 + 9000 * u(rng), 1000 + 3000 * u(rng), hill(1, 1.5 + 3 * u(rng)), 2000)};
    // From budgets where only one channel should be on to budgets where both are.
    double budget = std::round(500 + 8000 * u(rng));
    auto result = budget::allocate(channels, max_outcome(budget));
    auto best = brute_force(channels, {0, 0}, {1e300, 1e300}, budget, 5000, 6);
    EXPECT_GE(result.optimal.outcome, best.outcome * (1 - 1e-9)) << "beaten by the search";
    EXPECT_NEAR(result.optimal.outcome, best.outcome, 1e-6 * best.outcome);
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_NEAR(result.channels[i].optimal_spend, best.spend[i], std::max(0.01, 1e-6 * budget)) << i;
    }
    EXPECT_DOUBLE_EQ(result.optimal.spend, budget);
    EXPECT_EQ(result.diagnostics.method, "multi_start_slsqp");
    EXPECT_GE(result.diagnostics.upper_bound, best.outcome * (1 - 1e-12)) << "the envelope bounds every plan";
  }
}

TEST(AllocatorSShaped, MatchesAnExhaustiveSearchOverThreeMixedChannelsWithBounds) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 12; ++trial) {
    SCOPED_TRACE(trial);
    std::vector<Channel> channels = {channel("a", 2000 + 6000 * u(rng), 1000 + 2000 * u(rng), hill(1, 2 + 3 * u(rng)), 3000),
                                     channel("b", 2000 + 6000 * u(rng), 1000 + 2000 * u(rng), michaelis_menten(1), 3000),
                                     channel("c", 2000 + 6000 * u(rng), 1000 + 2000 * u(rng), hill(1, 1.5 + 2 * u(rng)), 3000)};
    std::vector<double> lower = {0, 0, 0}, upper = {1e300, 1e300, 1e300};
    if (trial % 2) channels[1].upper = upper[1] = 2500;
    if (trial % 3 == 0) channels[2].learning_minimum = lower[2] = 800;
    double budget = std::round(3000 + 7000 * u(rng));
    auto result = budget::allocate(channels, max_outcome(budget));
    auto best = brute_force(channels, lower, upper, budget, 200, 10);
    EXPECT_GE(result.optimal.outcome, best.outcome * (1 - 1e-9)) << "beaten by the search";
    EXPECT_NEAR(result.optimal.outcome, best.outcome, 1e-6 * best.outcome);
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_NEAR(result.channels[i].optimal_spend, best.spend[i], std::max(0.01, 1e-6 * budget)) << i;
    }
  }
}

TEST(AllocatorSShaped, PropertiesHoldOverRandomChannelsBoundsAndLocks) {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 200; ++trial) {
    SCOPED_TRACE(trial);
    int n = 2 + static_cast<int>(u(rng) * 11);  // 2–12 channels, a mix of S-shaped and concave
    std::vector<Channel> channels;
    double lower_sum = 0, upper_sum = 0;
    for (int i = 0; i < n; ++i) {
      auto saturation = u(rng) < 0.7 ? hill(0.3 + 2 * u(rng), 1.2 + 4 * u(rng)) : logistic(0.3 + 2 * u(rng));
      Channel c = channel(std::string("c").append(std::to_string(i)), 500 + 9000 * u(rng), 300 + 3000 * u(rng),
                          saturation, std::round(3000 * u(rng)));
      if (u(rng) < 0.3) c.lower = std::round(1000 * u(rng));
      if (u(rng) < 0.3) c.upper = c.lower + std::round(6000 * u(rng));
      c.locked = u(rng) < 0.1;
      lower_sum += c.locked ? c.current : c.lower;
      upper_sum += c.locked ? c.current : c.upper;
      channels.push_back(c);
    }
    double budget = std::round(lower_sum + u(rng) * std::min(upper_sum - lower_sum, 40'000.0));
    AllocationOptions options = max_outcome(budget);
    options.seed = static_cast<unsigned>(trial);
    auto result = budget::allocate(channels, options);
    std::int64_t cents = 0;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      const auto& r = result.channels[i];
      EXPECT_GE(r.optimal_spend, r.lower);
      EXPECT_LE(r.optimal_spend, r.upper);
      if (channels[i].locked) {
        EXPECT_EQ(r.optimal_spend, channels[i].current);
      }
      cents += std::llround(r.optimal_spend * 100);
    }
    EXPECT_EQ(cents, std::llround(budget * 100)) << "total to the cent";
    EXPECT_GE(result.optimal.outcome, result.reference.outcome) << "never worse than the reference";
    EXPECT_LE(result.optimal.outcome, result.diagnostics.upper_bound * (1 + 1e-9) + 1e-6);
    // A local optimum: no small transfer between two channels does better.
    std::vector<double> spend = spends(result);
    double base = outcome(channels, spend);
    for (int move = 0; move < 40; ++move) {
      std::size_t from = static_cast<std::size_t>(u(rng) * n), to = static_cast<std::size_t>(u(rng) * n);
      double amount = std::min({spend[from] - result.channels[from].lower, result.channels[to].upper - spend[to],
                                0.01 * spend[from] * u(rng)});
      if (from == to || amount <= 0.01) continue;
      auto moved = spend;
      moved[from] -= amount;
      moved[to] += amount;
      EXPECT_LE(outcome(channels, moved), base * (1 + 1e-9) + 1e-6);
    }
  }
}

TEST(AllocatorSShaped, TheSameSeedGivesTheSamePlan) {
  std::vector<Channel> channels;
  for (int i = 0; i < 8; ++i) {
    channels.push_back(channel(std::string("c").append(std::to_string(i)), 1000 + 500 * i, 800 + 100 * i, hill(1, 2 + 0.2 * i), 1000));
  }
  auto first = budget::allocate(channels, max_outcome(9000));
  auto second = budget::allocate(channels, max_outcome(9000));
  EXPECT_EQ(spends(first), spends(second));
  EXPECT_GT(first.diagnostics.starts, 8) << "the envelope's plans, the reference and the random starts";
  EXPECT_TRUE(first.improved);
}

}  // namespace
