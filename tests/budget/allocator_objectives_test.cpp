// The target objectives — the least budget for a volume, the most volume within a cost per
// outcome or a return on spend — against closed forms (Michaelis–Menten channels) and a
// brute-force search (S-shaped channels); the reference plan for each, and their messages.
#include <gtest/gtest.h>

#include <cmath>

#include "allocator_test_support.h"
#include "budget/allocator.h"

namespace {

using budget::AllocationOptions;
using budget::Channel;
using budget::Objective;
using namespace budget_test;

// Three Michaelis–Menten channels g_i(s) = β_i s / (K + s), all inside their (absent) bounds:
// the best outcome at budget B is F(B) = Σβ − K S² / (B + nK) with S = Σ √β_i.
struct ClosedForm {
  double K = 2000;
  std::vector<double> beta = {9000, 6000, 4000};
  std::vector<Channel> channels() const {
    return {channel("a", beta[0], 1, michaelis_menten(K), 1000), channel("b", beta[1], 1, michaelis_menten(K), 3000),
            channel("c", beta[2], 1, michaelis_menten(K), 2000)};
  }
  double beta_sum() const { return beta[0] + beta[1] + beta[2]; }
  double root_sum() const { return std::sqrt(beta[0]) + std::sqrt(beta[1]) + std::sqrt(beta[2]); }
  double best(double budget) const { return beta_sum() - K * root_sum() * root_sum() / (budget + 3 * K); }
  // F(B) = T  ⇔  B = K S² / (Σβ − T) − nK.
  double budget_for(double target) const { return K * root_sum() * root_sum() / (beta_sum() - target) - 3 * K; }
  // F(B) = B / a  ⇔  y² − (nK + aΣβ) y + a K S² = 0 with y = B + nK (the larger root).
  double budget_at_cost(double a) const {
    double p = 3 * K + a * beta_sum(), q = a * K * root_sum() * root_sum();
    return (p + std::sqrt(p * p - 4 * q)) / 2 - 3 * K;
  }
};

AllocationOptions objective(Objective o, double target) {
  AllocationOptions options;
  options.objective = o;
  options.target = target;
  return options;
}

TEST(AllocatorObjectives, TheLeastBudgetForATargetMatchesTheClosedForm) {
  ClosedForm f;
  const double target = 10'000;
  auto result = budget::allocate(f.channels(), objective(Objective::min_budget_for_target, target));
  double expected = f.budget_for(target);
  // The least whole-cent budget whose plan reaches the target.
  EXPECT_NEAR(result.budget, expected, 0.011);
  EXPECT_GE(result.budget, expected - 1e-6);
  EXPECT_GE(result.optimal.outcome, target);
  EXPECT_NEAR(result.optimal.outcome, target, 1e-6 * target);
  EXPECT_DOUBLE_EQ(result.optimal.spend, result.budget);
  // The current split (1 : 3 : 2) needs more to reach the same target.
  EXPECT_TRUE(result.improved);
  EXPECT_GE(result.reference.outcome, target);
  EXPECT_GT(result.spend_saving, 0);
  EXPECT_NEAR(result.spend_saving, result.reference.spend - result.optimal.spend, 1e-9);
  EXPECT_GT(result.diagnostics.budget_evaluations, 0);
}

TEST(AllocatorObjectives, TheMostVolumeWithinACostPerOutcomeMatchesTheClosedForm) {
  ClosedForm f;
  const double cost = 1.5;  // currency per outcome
  auto result = budget::allocate(f.channels(), objective(Objective::max_outcome_within_cost_per_outcome, cost));
  double expected = f.budget_at_cost(cost);
  EXPECT_NEAR(result.budget, expected, 0.011);
  EXPECT_LE(result.budget, expected + 1e-6);
  EXPECT_NEAR(result.optimal.outcome, f.best(expected), 1e-6 * f.best(expected));
  ASSERT_TRUE(result.optimal.cost_per_outcome.has_value());
  EXPECT_LE(*result.optimal.cost_per_outcome, cost);
  EXPECT_NEAR(*result.optimal.cost_per_outcome, cost, 1e-6);
  EXPECT_TRUE(result.improved);
  EXPECT_TRUE(result.reference_meets_target);
  EXPECT_LE(*result.reference.cost_per_outcome, cost * (1 + 1e-12));
  EXPECT_GT(result.outcome_gain, 0);
}

TEST(AllocatorObjectives, TheMostRevenueWithinAReturnOnSpendMatchesTheClosedForm) {
  ClosedForm f;  // outcomes read as revenue
  const double roas = 0.8;
  auto result = budget::allocate(f.channels(), objective(Objective::max_outcome_within_return_on_spend, roas));
  double expected = f.budget_at_cost(1 / roas);
  EXPECT_NEAR(result.budget, expected, 0.011);
  EXPECT_GE(*result.optimal.return_on_spend, roas);
  EXPECT_NEAR(*result.optimal.return_on_spend, roas, 1e-6);
}

TEST(AllocatorObjectives, ABudgetCapsTheRatioObjectives) {
  ClosedForm f;
  AllocationOptions options = objective(Objective::max_outcome_within_cost_per_outcome, 1.5);
  options.budget = 5000;  // below the ≈ 22 700 the cost target alone allows
  auto result = budget::allocate(f.channels(), options);
  EXPECT_DOUBLE_EQ(result.budget, 5000);
  EXPECT_NEAR(result.optimal.outcome, f.best(5000), 1e-6 * f.best(5000));
}

TEST(AllocatorObjectives, TheLeastBudgetMatchesABruteForceSearchWithSShapedChannels) {
  std::vector<Channel> channels = {channel("a", 6000, 2000, hill(1, 2.5), 2000), channel("b", 4000, 1500, hill(1, 3), 2000)};
  const double target = 4500;
  auto result = budget::allocate(channels, objective(Objective::min_budget_for_target, target));
  // Independent: bisection on the budget, each budget's best split by an exhaustive search.
  double lo = 0, hi = 50'000;
  for (int i = 0; i < 50; ++i) {
    double mid = (lo + hi) / 2;
    (brute_force(channels, {0, 0}, {1e300, 1e300}, mid, 4000, 5).outcome >= target ? hi : lo) = mid;
  }
  EXPECT_NEAR(result.budget, hi, std::max(0.011, 1e-6 * hi));
  EXPECT_GE(result.optimal.outcome, target);
}

TEST(AllocatorObjectives, TheCostTargetMatchesABruteForceSearchWithSShapedChannels) {
  std::vector<Channel> channels = {channel("a", 6000, 2000, hill(1, 2.5), 2000), channel("b", 4000, 1500, hill(1, 3), 2000)};
  const double cost = 1.2;
  auto result = budget::allocate(channels, objective(Objective::max_outcome_within_cost_per_outcome, cost));
  // Independent: the largest budget on a fine grid whose best split meets the cost, refined.
  auto meets = [&](double b) { return brute_force(channels, {0, 0}, {1e300, 1e300}, b, 4000, 5).outcome * cost >= b; };
  double lo = 0, hi = 0;
  for (double b = 20'000; b > 0; b -= 100) {
    if (meets(b)) {
      lo = b, hi = b + 100;
      break;
    }
  }
  for (int i = 0; i < 40; ++i) {
    double mid = (lo + hi) / 2;
    (meets(mid) ? lo : hi) = mid;
  }
  EXPECT_NEAR(result.budget, lo, std::max(0.011, 1e-6 * lo));
  EXPECT_LE(*result.optimal.cost_per_outcome, cost);
}

TEST(AllocatorObjectives, KeepsTheCurrentSplitWhenItIsAlreadyTheCheapestWayToTheTarget) {
  std::vector<Channel> channels = {channel("a", 1000, 500, michaelis_menten(1), 2500),
                                   channel("b", 1000, 500, michaelis_menten(1), 2500)};
  auto result = budget::allocate(channels, objective(Objective::min_budget_for_target, 1500));
  EXPECT_FALSE(result.improved);
  EXPECT_EQ(result.channels[0].optimal_spend, result.channels[0].reference_spend);
  EXPECT_EQ(result.spend_saving, 0);
  EXPECT_GE(result.optimal.outcome, 1500);
}

TEST(AllocatorObjectives, SaysWhenATargetCannotBeMet) {
  ClosedForm f;
  EXPECT_EQ(error_of([&] { budget::allocate(f.channels(), objective(Objective::min_budget_for_target, 0)); }),
            "target: must be > 0");
  // The three channels saturate at Σβ = 19 000.
  EXPECT_EQ(error_of([&] { budget::allocate(f.channels(), objective(Objective::min_budget_for_target, 20'000)); }),
            "target: 20000.00 is out of reach: the channels reach at most 19000.00 within their upper bounds");
  AllocationOptions capped = objective(Objective::min_budget_for_target, 10'000);
  capped.budget = 3000;
  EXPECT_EQ(error_of([&] { budget::allocate(f.channels(), capped); }).rfind("target: 10000.00 is out of reach: the channels "
                                                                           "reach at most 6", 0), 0u);
  // The best cost per outcome is 1 / max slope at 0 = K / β_a ≈ 0.22.
  std::string message = error_of([&] {
    budget::allocate(f.channels(), objective(Objective::max_outcome_within_cost_per_outcome, 0.1));
  });
  EXPECT_EQ(message.rfind("target: no plan within the bounds has a cost per outcome of 0.10 or less; the lowest is 0.2", 0), 0u)
      << message;
  std::vector<Channel> floors = f.channels();
  floors[2].lower = 5000;  // a weak channel forced high makes every plan too costly
  message = error_of([&] {
    budget::allocate(floors, objective(Objective::max_outcome_within_return_on_spend, 1.5));
  });
  EXPECT_EQ(message.rfind("target: no plan within the bounds has a return on spend of 1.50 or more; the highest is", 0), 0u)
      << message;
}

}  // namespace
