// The concave allocator against a closed form, a brute-force search, and properties over random
// curves and bounds: totals to the cent, bounds and locks hold, no feasible move does better.
#include "budget/allocator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace {

using budget::Channel;
using budget::SaturationKind;

Channel mm(const char* name, double beta, double k, double lower = 0, double upper = 1e300) {
  Channel c;
  c.name = name;
  c.beta = beta;
  c.scale = 1;
  c.saturation = {SaturationKind::michaelis_menten, k, 1, 1, 1};
  c.lower = lower;
  c.upper = upper;
  return c;
}

double total_outcome(const std::vector<Channel>& channels, const std::vector<double>& spend) {
  double total = 0;
  for (std::size_t i = 0; i < channels.size(); ++i) total += budget::channel_outcome(channels[i], spend[i]);
  return total;
}

TEST(Allocator, MatchesTheClosedFormForMichaelisMentenChannels) {
  // s_i = sqrt(β_i K / μ) − K with Σ s_i = B: √μ = Σ √(β_i K) / (B + nK).
  const double K = 20'000, B = 1'000'000;
  std::vector<Channel> channels = {mm("a", 9e5, K), mm("b", 4e5, K), mm("c", 1e5, K)};
  auto result = budget::solve_concave(channels, {B});
  double root_sum = 0;
  for (const auto& c : channels) root_sum += std::sqrt(c.beta * K);
  double sqrt_mu = root_sum / (B + 3 * K);
  for (std::size_t i = 0; i < channels.size(); ++i) {
    double expected = std::sqrt(channels[i].beta * K) / sqrt_mu - K;
    EXPECT_NEAR(result.channels[i].spend, expected, 1e-6 * expected) << channels[i].name;
  }
  EXPECT_NEAR(result.marginal_return, sqrt_mu * sqrt_mu, 1e-9 * sqrt_mu * sqrt_mu);
  EXPECT_DOUBLE_EQ(result.total_spend, B);
  EXPECT_LT(result.kkt_residual, 1e-9);
}

TEST(Allocator, MatchesABruteForceSearchWithMixedCurvesAndBounds) {
  std::vector<Channel> channels(3);
  channels[0].name = "search";
  channels[0].beta = 5000;
  channels[0].scale = 3000;
  channels[0].saturation = {SaturationKind::logistic, 1, 1, 1.3, 1};
  channels[0].upper = 6000;
  channels[1].name = "social";
  channels[1].beta = 3500;
  channels[1].scale = 2500;
  channels[1].saturation = {SaturationKind::hill, 1, 0.7, 1, 1};
  channels[1].lower = 1000;
  channels[2] = mm("video", 2600, 4000, 500, 1e300);
  const double B = 12'000;
  auto result = budget::solve_concave(channels, {B});
  // Brute force over (s0, s1), s2 = B − s0 − s1: a coarse grid, then finer grids around the best.
  double best = -1, best0 = 0, best1 = 0;
  double lo0 = 0, hi0 = 6000, lo1 = 1000, hi1 = B;
  for (int round = 0; round < 6; ++round) {
    const int n = 400;
    double c0 = best0, c1 = best1;
    for (int i = 0; i <= n; ++i) {
      for (int j = 0; j <= n; ++j) {
        double s0 = lo0 + (hi0 - lo0) * i / n, s1 = lo1 + (hi1 - lo1) * j / n, s2 = B - s0 - s1;
        if (s0 < 0 || s0 > 6000 || s1 < 1000 || s2 < 500) continue;
        double v = total_outcome(channels, {s0, s1, s2});
        if (v > best) best = v, c0 = s0, c1 = s1;
      }
    }
    best0 = c0, best1 = c1;
    double w0 = (hi0 - lo0) / 20, w1 = (hi1 - lo1) / 20;
    lo0 = best0 - w0, hi0 = best0 + w0, lo1 = best1 - w1, hi1 = best1 + w1;
  }
  EXPECT_GE(result.total_outcome, best * (1 - 1e-9)) << "the allocator is beaten by the grid";
  EXPECT_NEAR(result.total_outcome, best, 1e-6 * best);
  EXPECT_NEAR(result.channels[0].spend, best0, 1.0);
  EXPECT_NEAR(result.channels[1].spend, best1, 1.0);
  EXPECT_DOUBLE_EQ(result.total_spend, B);
}

TEST(Allocator, PropertiesHoldOverRandomCurvesBoundsAndLocks) {
  std::mt19937_64 rng(20261124);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 1000; ++trial) {
    SCOPED_TRACE(trial);
    int n = 2 + static_cast<int>(u(rng) * 19);  // 2–20 channels
    std::vector<Channel> channels(static_cast<std::size_t>(n));
    double lower_sum = 0, upper_sum = 0;
    for (auto& c : channels) {
      c.beta = 100 + u(rng) * 10'000;
      c.scale = 100 + u(rng) * 5'000;
      double pick = u(rng);
      if (pick < 0.33) {
        c.saturation = {SaturationKind::logistic, 1, 1, 0.2 + u(rng) * 3, 1};
      } else if (pick < 0.66) {
        c.saturation = {SaturationKind::hill, 0.2 + u(rng) * 3, 0.3 + u(rng) * 0.7, 1, 1};
      } else {
        c.saturation = {SaturationKind::michaelis_menten, 0.2 + u(rng) * 3, 1, 1, 1 + u(rng)};
      }
      c.lower = u(rng) < 0.3 ? std::round(u(rng) * 2000) : 0;
      c.upper = u(rng) < 0.3 ? c.lower + std::round(u(rng) * 8000) : 1e300;
      if (u(rng) < 0.1) c.upper = c.lower;  // locked
      lower_sum += c.lower;
      upper_sum += c.upper;
    }
    double budget = std::round((lower_sum + u(rng) * std::min(upper_sum - lower_sum, 50'000.0)) * 100) / 100;
    auto result = budget::solve_concave(channels, {budget});
    double sum_cents = 0;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      const auto& r = result.channels[i];
      EXPECT_GE(r.spend, channels[i].lower - 1e-9);
      EXPECT_LE(r.spend, channels[i].upper + 1e-9);
      if (channels[i].lower == channels[i].upper) {
        EXPECT_EQ(r.spend, channels[i].lower);
      }
      sum_cents += std::round(r.spend * 100);
    }
    EXPECT_EQ(sum_cents, std::round(budget * 100)) << "total to the cent";
    EXPECT_LT(result.kkt_residual, 1e-6);
    // No feasible move of money between two channels does better (beyond the cent rounding).
    std::vector<double> spend;
    for (const auto& r : result.channels) spend.push_back(r.spend);
    double base = total_outcome(channels, spend);
    for (int move = 0; move < 50; ++move) {
      std::size_t from = static_cast<std::size_t>(u(rng) * n), to = static_cast<std::size_t>(u(rng) * n);
      if (from == to) continue;
      double amount = std::min({spend[from] - channels[from].lower, channels[to].upper - spend[to],
                                u(rng) * 500});
      if (amount <= 0.01) continue;
      auto moved = spend;
      moved[from] -= amount;
      moved[to] += amount;
      EXPECT_LE(total_outcome(channels, moved), base * (1 + 1e-9) + 1e-6);
    }
  }
}

TEST(Allocator, SaysWhichConstraintCannotBeMet) {
  auto message = [](const std::vector<Channel>& channels, double budget) {
    try {
      budget::solve_concave(channels, {budget});
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({mm("a", 10, 1, 600), mm("b", 10, 1, 600)}, 1000),
            "budget: the lower bounds sum to 1200.00, above the budget of 1000.00");
  EXPECT_EQ(message({mm("a", 10, 1, 0, 300), mm("b", 10, 1, 0, 300)}, 1000),
            "budget: the upper bounds sum to 600.00, below the budget of 1000.00");
  EXPECT_EQ(message({mm("a", 10, 1, 500, 400)}, 1000).rfind("channels[0].upper", 0), 0u);
  EXPECT_EQ(message({mm("a", 10, 1, -5)}, 1000).rfind("channels[0].lower", 0), 0u);
  Channel s_shaped = mm("s", 10, 1);
  s_shaped.saturation = {SaturationKind::hill, 1, 2.5, 1, 1};
  EXPECT_EQ(message({mm("a", 10, 1), s_shaped}, 1000).rfind("channels[1].saturation.shape", 0), 0u);
  EXPECT_EQ(message({mm("a", 10, 1)}, -1).rfind("budget", 0), 0u);
}

}  // namespace
