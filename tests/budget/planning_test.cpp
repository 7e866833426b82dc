// The horizon planner against independent solutions: an exhaustive search (2 channels × 2
// periods), a projected-gradient ascent on the objective computed with contributions() (3
// channels × 4 periods, bounds), and the steady-state allocator when nothing carries over;
// carry-over from past spend, the after-horizon option, properties and messages.
#include "budget/planning.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "allocator_test_support.h"

namespace {

using budget::HorizonOptions;
using budget::PlanChannel;
using namespace budget_test;

PlanChannel plan_channel(budget::Channel c, std::vector<double> past, int window, double alpha = 0.5) {
  c.curve.adstock.window = window;
  c.curve.adstock.alpha = alpha;
  return PlanChannel{std::move(c), std::move(past), {}, {}};
}

HorizonOptions horizon(int periods, double budget, bool after = false) {
  HorizonOptions o;
  o.periods = periods;
  o.budget = budget;
  o.count_carry_over_after_horizon = after;
  return o;
}

// The objective from response_curves' contributions(), independent of the planner's model.
double independent_value(const std::vector<PlanChannel>& channels, const std::vector<double>& x, int periods,
                         bool after) {
  double total = 0;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    std::vector<double> spend(x.begin() + static_cast<long>(i) * periods, x.begin() + static_cast<long>(i + 1) * periods);
    if (after) spend.resize(spend.size() + static_cast<std::size_t>(channels[i].channel.curve.adstock.window) - 1, 0.0);
    for (double c : budget::contributions(spend, channels[i].channel.curve, channels[i].past_spend)) total += c;
  }
  return total;
}

std::vector<double> flat_spend(const budget::HorizonPlan& plan) {
  std::vector<double> x;
  for (const auto& c : plan.channels) {
    for (const auto& p : c.periods) x.push_back(p.spend);
  }
  return x;
}

TEST(Planning, MatchesAnExhaustiveSearchOverTwoChannelsAndTwoPeriods) {
  std::vector<PlanChannel> channels = {
      plan_channel(channel("tv", 3000, 1500, hill(1, 0.8), 1000), {800, 1200, 2500}, 3, 0.6),
      plan_channel(channel("search", 2500, 1000, michaelis_menten(1), 1000), {0, 0, 300}, 3, 0.3)};
  const double B = 4000;
  for (bool after : {false, true}) {
    SCOPED_TRACE(after);
    auto plan = budget::plan_horizon(channels, horizon(2, B, after));
    // (x_tv0, x_tv1, x_search0) on a grid, x_search1 the rest; zooming in round after round.
    double lo[3] = {0, 0, 0}, hi[3] = {B, B, B}, best = -1, at[3] = {0, 0, 0};
    for (int round = 0; round < 9; ++round) {
      const int n = 40;
      double found[3] = {at[0], at[1], at[2]};
      for (int a = 0; a <= n; ++a) {
        for (int b = 0; b <= n; ++b) {
          for (int c = 0; c <= n; ++c) {
            double x0 = lo[0] + (hi[0] - lo[0]) * a / n, x1 = lo[1] + (hi[1] - lo[1]) * b / n;
            double x2 = lo[2] + (hi[2] - lo[2]) * c / n, x3 = B - x0 - x1 - x2;
            if (x3 < 0) continue;
            double v = independent_value(channels, {x0, x1, x2, x3}, 2, after);
            if (v > best) best = v, found[0] = x0, found[1] = x1, found[2] = x2;
          }
        }
      }
      for (int k = 0; k < 3; ++k) {
        at[k] = found[k];
        double width = 3 * (hi[k] - lo[k]) / n;
        lo[k] = std::max(0.0, at[k] - width), hi[k] = std::min(B, at[k] + width);
      }
    }
    EXPECT_GE(plan.outcome, best * (1 - 1e-9)) << "beaten by the search";
    EXPECT_NEAR(plan.outcome, best, 1e-6 * best);
    EXPECT_NEAR(plan.outcome, independent_value(channels, flat_spend(plan), 2, after), 1e-9 * best);
    std::vector<double> x = flat_spend(plan);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(x[static_cast<std::size_t>(k)], at[k], std::max(0.01, 1e-6 * B)) << k;
    EXPECT_DOUBLE_EQ(plan.spend, B);
    EXPECT_EQ(plan.diagnostics.method, "active_set_newton");
  }
}

// Projects y onto {lower <= x <= upper, Σ x = total}: x = clamp(y − λ), λ by bisection.
std::vector<double> project(const std::vector<double>& y, const std::vector<double>& lower,
                            const std::vector<double>& upper, double total) {
  double lo = -1e9, hi = 1e9;
  std::vector<double> x(y.size());
  for (int i = 0; i < 200; ++i) {
    double lambda = (lo + hi) / 2, sum = 0;
    for (std::size_t j = 0; j < y.size(); ++j) sum += x[j] = std::clamp(y[j] - lambda, lower[j], upper[j]);
    (sum > total ? lo : hi) = lambda;
  }
  return x;
}

TEST(Planning, MatchesAProjectedGradientAscentWithCarryOverAndBounds) {
  std::vector<PlanChannel> channels = {
      plan_channel(channel("tv", 4000, 2000, logistic(1.2), 1500), {2000, 2000, 2000}, 4, 0.7),
      plan_channel(channel("search", 3000, 1200, hill(1, 0.7), 1500), {}, 2, 0.4),
      plan_channel(channel("social", 2000, 800, michaelis_menten(1), 500), {100, 400}, 3, 0.5)};
  channels[0].channel.upper = 1800;
  channels[2].lower_by_period = {0, 0, 600, 600};
  const int T = 4;
  const double B = 12'000;
  std::vector<double> lower(12, 0.0), upper(12, 1e12);
  for (int t = 0; t < T; ++t) upper[static_cast<std::size_t>(t)] = 1800;
  lower[10] = lower[11] = 600;
  for (bool after : {false, true}) {
    SCOPED_TRACE(after);
    auto plan = budget::plan_horizon(channels, horizon(T, B, after));
    // Independent: projected gradient ascent with central-difference gradients, backtracking.
    auto f = [&](const std::vector<double>& x) { return independent_value(channels, x, T, after); };
    std::vector<double> x = project(std::vector<double>(12, B / 12), lower, upper, B);
    double value = f(x), step = 1000;
    for (int it = 0; it < 4000; ++it) {
      std::vector<double> g(12), y(12);
      for (std::size_t j = 0; j < 12; ++j) {
        auto up = x, down = x;
        up[j] += 1e-3, down[j] = std::max(0.0, down[j] - 1e-3);
        g[j] = (f(up) - f(down)) / (up[j] - down[j]);
      }
      for (; step > 1e-9; step /= 2) {
        for (std::size_t j = 0; j < 12; ++j) y[j] = x[j] + step * g[j];
        auto trial = project(y, lower, upper, B);
        double v = f(trial);
        if (v >= value) {
          x = trial, value = v, step *= 1.5;
          break;
        }
      }
    }
    EXPECT_GE(plan.outcome, value * (1 - 1e-9)) << "beaten by projected gradient";
    EXPECT_NEAR(plan.outcome, value, 1e-7 * value);
    std::vector<double> mine = flat_spend(plan);
    for (std::size_t j = 0; j < 12; ++j) EXPECT_NEAR(mine[j], x[j], 0.5) << j;
    EXPECT_LT(plan.diagnostics.kkt_residual, 1e-8);
    for (int t = 0; t < T; ++t) EXPECT_LE(plan.channels[0].periods[static_cast<std::size_t>(t)].spend, 1800);
    EXPECT_GE(plan.channels[2].periods[3].spend, 600);
  }
}

TEST(Planning, WithoutCarryOverEachPeriodIsTheSteadyStateAllocation) {
  std::vector<budget::Channel> base = {channel("a", 5000, 2000, hill(1, 0.6), 1000), channel("b", 3000, 900, logistic(1), 1000),
                                       channel("c", 2000, 500, michaelis_menten(1), 1000)};
  std::vector<PlanChannel> channels;
  for (const auto& c : base) channels.push_back(plan_channel(c, {}, 1));
  auto plan = budget::plan_horizon(channels, horizon(6, 6 * 7000));
  budget::AllocationOptions o;
  o.budget = 7000;
  auto steady = budget::allocate(base, o);
  for (std::size_t i = 0; i < 3; ++i) {
    for (const auto& p : plan.channels[i].periods) EXPECT_NEAR(p.spend, steady.channels[i].optimal_spend, 0.011);
  }
  EXPECT_NEAR(plan.outcome, 6 * steady.optimal.outcome, 1e-7 * plan.outcome);
}

TEST(Planning, CarryOverFromPastSpendIsReportedAndShiftsSpend) {
  // Twin channels; "tv" spent heavily in the weeks before the horizon, "video" did not.
  budget::Channel twin = channel("tv", 4000, 1500, michaelis_menten(1), 1000);
  budget::Channel other = twin;
  other.name = "video";
  std::vector<PlanChannel> channels = {plan_channel(twin, {3000, 3000, 3000}, 4, 0.6), plan_channel(other, {}, 4, 0.6)};
  auto plan = budget::plan_horizon(channels, horizon(8, 8 * 2000, true));
  const auto& tv = plan.channels[0].periods;
  const auto& video = plan.channels[1].periods;
  EXPECT_LT(tv[0].spend, video[0].spend) << "tv's past spend still works in week 0";
  for (std::size_t t = 0; t < 8; ++t) {
    EXPECT_EQ(video[t].carried_over, 0) << t;
    if (t < 3) {
      EXPECT_GT(tv[t].carried_over, 0) << t;
      EXPECT_LE(tv[t].carried_over, tv[t].outcome) << t;
    } else {
      EXPECT_EQ(tv[t].carried_over, 0) << t << ": the window is 4 periods";
    }
  }
  EXPECT_NEAR(plan.carried_over, plan.channels[0].carried_over, 1e-9);
  EXPECT_GT(plan.outcome_after_horizon, 0);
  EXPECT_NEAR(plan.outcome, plan.outcome_within_horizon + plan.outcome_after_horizon, 1e-9 * plan.outcome);
}

TEST(Planning, CountingTheCarryOverAfterTheHorizonKeepsSpendingLate) {
  std::vector<PlanChannel> channels = {plan_channel(channel("tv", 4000, 1500, hill(1, 0.8), 1000), {}, 6, 0.7),
                                       plan_channel(channel("search", 2000, 800, michaelis_menten(1), 1000), {}, 1)};
  auto within = budget::plan_horizon(channels, horizon(8, 16'000, false));
  auto after = budget::plan_horizon(channels, horizon(8, 16'000, true));
  // Without the option, tv's late spend mostly lands after the horizon, so it moves to search.
  EXPECT_LT(within.channels[0].periods[7].spend, after.channels[0].periods[7].spend);
  EXPECT_NEAR(within.outcome, within.outcome_within_horizon, 1e-9 * within.outcome);
  EXPECT_GT(within.outcome_after_horizon, 0) << "reported even when it does not count";
  EXPECT_NEAR(after.outcome, after.outcome_within_horizon + after.outcome_after_horizon, 1e-9 * after.outcome);
}

TEST(Planning, PropertiesHoldOverRandomChannelsBoundsAndLocks) {
  std::mt19937_64 rng(314);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 60; ++trial) {
    SCOPED_TRACE(trial);
    const int n = 2 + static_cast<int>(u(rng) * 5), T = 1 + static_cast<int>(u(rng) * 12);
    std::vector<PlanChannel> channels;
    double lower_sum = 0, upper_sum = 0;
    for (int i = 0; i < n; ++i) {
      auto saturation = u(rng) < 0.33 ? logistic(0.3 + 2 * u(rng)) : u(rng) < 0.5 ? hill(0.3 + 2 * u(rng), 0.3 + 0.7 * u(rng))
                                                                                 : michaelis_menten(0.3 + 2 * u(rng));
      auto c = channel(std::string("c").append(std::to_string(i)), 500 + 5000 * u(rng), 300 + 3000 * u(rng), saturation,
                       std::round(2000 * u(rng)));
      if (u(rng) < 0.3) c.upper = 500 + std::round(3000 * u(rng));
      c.locked = u(rng) < 0.1;
      auto pc = plan_channel(c, std::vector<double>(static_cast<std::size_t>(u(rng) * 6), 1000 * u(rng)),
                             1 + static_cast<int>(u(rng) * 6), 0.2 + 0.7 * u(rng));
      if (u(rng) < 0.3 && !c.locked) pc.lower_by_period.assign(static_cast<std::size_t>(T), std::round(300 * u(rng)));
      double low = c.locked ? c.current : pc.lower_by_period.empty() ? 0 : pc.lower_by_period[0];
      double high = c.locked ? c.current : c.upper;
      if (high < low) pc.lower_by_period.clear(), low = 0;
      lower_sum += T * low, upper_sum += T * high;
      channels.push_back(pc);
    }
    double budget = std::round(lower_sum + u(rng) * std::min(upper_sum - lower_sum, 30'000.0 * T));
    HorizonOptions o = horizon(T, budget, u(rng) < 0.5);
    auto plan = budget::plan_horizon(channels, o);
    std::int64_t cents = 0;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      const auto& c = channels[i];
      for (std::size_t t = 0; t < static_cast<std::size_t>(T); ++t) {
        double s = plan.channels[i].periods[t].spend;
        cents += std::llround(s * 100);
        if (c.channel.locked) {
          EXPECT_EQ(s, c.channel.current);
          continue;
        }
        EXPECT_LE(s, c.channel.upper);
        if (!c.lower_by_period.empty()) {
          EXPECT_GE(s, c.lower_by_period[t]);
        }
        EXPECT_GE(s, 0);
      }
    }
    EXPECT_EQ(cents, std::llround(budget * 100)) << "total to the cent";
    EXPECT_GE(plan.outcome, plan.reference_outcome) << "never worse than the current split";
    EXPECT_NEAR(plan.outcome, independent_value(channels, flat_spend(plan), T, o.count_carry_over_after_horizon),
                1e-9 * plan.outcome);
    EXPECT_LT(plan.diagnostics.kkt_residual, 1e-6) << plan.diagnostics.termination;
  }
}

TEST(Planning, KeepsTheCurrentSplitWhenNothingBeatsIt) {
  budget::Channel a = channel("a", 3000, 1000, michaelis_menten(1), 1500);
  budget::Channel b = a;
  b.name = "b";
  auto plan = budget::plan_horizon({plan_channel(a, {}, 1), plan_channel(b, {}, 1)}, horizon(4, 12'000));
  EXPECT_FALSE(plan.improved);
  EXPECT_EQ(plan.outcome_gain, 0);
  EXPECT_EQ(plan.reason, "no plan within the constraints beats the current split every period");
  for (const auto& p : plan.channels[0].periods) EXPECT_EQ(p.spend, 1500);
  // Locked and capped: the reason says so.
  b.locked = true;
  b.locked_reason = "sponsorship";
  a.upper = 1500;
  plan = budget::plan_horizon({plan_channel(a, {}, 3), plan_channel(b, {}, 3)}, horizon(4, 12'000));
  EXPECT_FALSE(plan.improved);
  EXPECT_EQ(plan.reason, "no plan within the constraints beats the current split every period; binding: "
                         "a: upper in 4 of 4 periods (upper bound 1500.00), b: locked (sponsorship)");
}

TEST(Planning, SShapedCurvesAreNeverWorseThanTheCurrentSplit) {
  std::vector<PlanChannel> channels = {plan_channel(channel("a", 5000, 1500, hill(1, 2.5), 1000), {1000, 1000}, 3),
                                       plan_channel(channel("b", 3000, 1000, hill(1, 3), 1000), {1000, 1000}, 3),
                                       plan_channel(channel("c", 2000, 800, michaelis_menten(1), 1000), {1000}, 2)};
  auto plan = budget::plan_horizon(channels, horizon(6, 18'000, true));
  EXPECT_EQ(plan.diagnostics.method, "multi_start_slsqp_newton");
  EXPECT_EQ(plan.diagnostics.starts, 5);
  EXPECT_GE(plan.outcome, plan.reference_outcome);
  EXPECT_DOUBLE_EQ(plan.spend, 18'000);
}

TEST(Planning, SaysWhichFieldIsWrong) {
  auto c = plan_channel(channel("a", 3000, 1000, michaelis_menten(1), 1500), {100, -1}, 3);
  EXPECT_EQ(error_of([&] { budget::plan_horizon({c}, horizon(4, 1000)); }), "channels[0].past_spend[1]: must be a finite amount >= 0");
  c.past_spend = {};
  EXPECT_EQ(error_of([&] { budget::plan_horizon({c}, horizon(0, 1000)); }), "periods: must be 1-520");
  c.lower_by_period = {1, 2};
  EXPECT_EQ(error_of([&] { budget::plan_horizon({c}, horizon(4, 1000)); }), "channels[0].lower_by_period: needs 4 values, one per period");
  c.lower_by_period = {};
  c.channel.lower = 300;
  EXPECT_EQ(error_of([&] { budget::plan_horizon({c}, horizon(4, 1000)); }),
            "budget: the lower bounds sum to 1200.00 over 4 periods, above the budget of 1000.00");
  c.channel.lower = 0;
  c.upper_by_period = {100, 100, 100, 100};
  EXPECT_EQ(error_of([&] { budget::plan_horizon({c}, horizon(4, 1000)); }),
            "budget: the upper bounds sum to 400.00 over 4 periods, below the budget of 1000.00");
}

}  // namespace
