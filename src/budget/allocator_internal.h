// Internals of the budget allocator shared by its .cpp files; not part of the module's contract
// (read allocator.h and planning.h for that). Everything here works on plain vectors of
// per-period spends in currency units, already validated, with bounds in whole money steps.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "budget/allocator.h"
#include "budget/response_curves.h"

namespace budget::detail {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A channel's steady-state curve g(s) = beta · saturate(s · unit) with unit = Σ w / scale: the
// outcome per period at a constant spend s per period (steady_state_response without
// recomputing the adstock weights on every call).
struct SteadyCurve {
  Saturation saturation;
  double beta = 1;
  double unit = 1;

  double value(double spend) const;
  double slope(double spend) const;
  double curvature(double spend) const;  // second derivative, for Newton steps
  bool s_shaped() const { return saturation.kind == SaturationKind::hill && saturation.shape > 1; }
  // The spend where the slope peaks: 0 for concave curves, the inflection of an S-shaped Hill.
  double inflection() const;
  // The spend in [from, to] where the slope equals mu > 0, on a part of the curve where the
  // slope falls (from >= inflection()): `from` when the slope there is already <= mu, `to` when
  // the slope at `to` is still >= mu.
  double spend_at_slope(double mu, double from, double to) const;
  // The point w > from where the tangent passes through (from, g(from)): the end of the linear
  // part of the concave envelope of an S-shaped curve on [from, ∞). Requires from < inflection().
  double tangent_point(double from) const;
};

// Throws std::invalid_argument "<prefix>.<parameter>: ..." when a parameter is out of range.
SteadyCurve steady_curve(const ResponseCurve& curve, const std::string& prefix);

// "1234.50": amounts in error messages and reasons.
std::string money(double amount);

// A channel's bounds after combining absolute bounds, multiples of current spend, the
// learning-phase minimum and the lock, rounded inwards to whole money steps; with the field
// and the reason of the bound that is tightest.
struct Bounds {
  double lower = 0, upper = kInfinity;
  std::string lower_field, upper_field;    // "lower", "learning_minimum", "locked", ...
  std::string lower_reason, upper_reason;  // the caller's reason, or a description
};
// Throws std::invalid_argument naming channels[index].<field> for inconsistent values.
Bounds resolve_bounds(const Channel& channel, std::size_t index, double step);

// One channel in a concave problem: its curve on [lower, upper], replaced on [lower, knee] by
// the straight line of slope knee_slope (the concave envelope of an S-shaped curve); knee =
// lower when the curve is used as is.
struct Piece {
  const SteadyCurve* curve = nullptr;
  double lower = 0, upper = kInfinity;
  double knee = 0, knee_slope = 0;
};

struct EqualMarginal {
  std::vector<double> spend;   // sums to the budget
  double marginal_return = 0;  // μ
  int iterations = 0;
  bool converged = false;
};

// The exact optimum of Σ g_i(s_i) subject to Σ s_i = budget and the pieces' bounds, every g_i
// concave on its piece: safeguarded Newton on log μ, using Σ ds_i/dμ = Σ 1/g_i''(s_i), with
// bisection whenever Newton would leave the bracket (and at the jumps of envelope pieces, where
// the channel on its linear part takes the remainder). Requires Σ lower <= budget <= Σ upper.
EqualMarginal solve_equal_marginal(std::span<const Piece> pieces, double budget,
                                   double relative_tolerance, int max_iterations);

// The largest relative violation of the equal-marginal-return (KKT) conditions of `spend`,
// judged at the resolution of money (a spend within half a step of a bound counts as at it);
// sets `marginal_return` to the μ it judged against.
double kkt_residual(std::span<const SteadyCurve> curves, std::span<const double> lower,
                    std::span<const double> upper, std::span<const double> spend, double step,
                    double& marginal_return);

// clamp(k · weight_i, lower_i, upper_i) with k such that the total is `total`; when the
// weighted channels cannot absorb it, the rest goes evenly to the others (up to their upper).
// Requires Σ lower <= total <= Σ upper.
std::vector<double> mix_to_total(std::span<const double> weight, std::span<const double> lower,
                                 std::span<const double> upper, double total);

// Rounds spends to whole steps with the total exactly `total` (a whole number of steps) and
// every spend inside its bounds (whole steps too): each spend rounds down, then the steps left
// go one by one to the channels that gain the most outcome from them.
// `gain(i, from, to)` is the outcome gained by moving spend i from `from` to `to`.
using StepGain = std::function<double(std::size_t i, double from, double to)>;
std::vector<double> round_to_steps(std::span<const double> lower, std::span<const double> upper,
                                   std::span<const double> spend, double total, double step,
                                   const StepGain& gain);
// The same with the gains of the channels' steady-state curves.
std::vector<double> round_to_steps(std::span<const SteadyCurve> curves, std::span<const double> lower,
                                   std::span<const double> upper, std::span<const double> spend,
                                   double total, double step);

// The allocation problem at a given total budget.
struct Problem {
  std::vector<SteadyCurve> curves;
  std::vector<double> lower, upper;
  std::vector<double> current;  // the reference mix and a start for non-concave curves
  bool concave = true;
  int starts = 8;
  unsigned seed = 1;
  double relative_tolerance = 1e-12;
  int max_iterations = 200;
  int max_local_evaluations = 2000;
  double step = 0.01;
};

struct Solution {
  std::vector<double> spend;
  double outcome = 0;
  double marginal_return = 0;  // the slope shared by unbound channels: d best outcome / d budget
  int iterations = 0;          // Newton / bisection steps on μ, plus NLopt evaluations
  int starts = 0;              // local solves (non-concave curves)
  double upper_bound = 0;      // no plan at this budget does better (concave envelope)
  bool converged = false;
  std::string termination;
};

double total_outcome(const Problem& problem, std::span<const double> spend);
// The best plan at `budget` (unrounded): exact for concave curves, multi-start for S-shaped.
Solution best_at_budget(const Problem& problem, double budget);
// The multi-start NLopt path (allocator_nonconcave.cpp).
Solution best_nonconcave(const Problem& problem, double budget);

// Searches over the total budget for an outcome function f(B) that is nondecreasing and
// continuous in B (the best plan's outcome, or the reference plan's), between `low` and `high`
// (high may be infinite). Illinois (regula falsi) steps, to relative_tolerance in B.
struct BudgetSearch {
  bool found = false;
  double budget = 0;        // meets the target (the end of the final bracket on the good side)
  int evaluations = 0;
  double best_ratio = 0;    // the best f(B) / B seen, for the message when nothing meets it
  double best_ratio_budget = 0;
};
using OutcomeAt = std::function<double(double budget)>;
// The least B with f(B) >= target; not found when f(high) < target.
BudgetSearch least_budget_reaching(const OutcomeAt& f, double target, double low, double high,
                                   double relative_tolerance, int max_iterations);
// The largest B > 0 with f(B) >= ratio · B (a grid from the top down, then the bracket's root;
// the feasible budgets form an interval when f is concave, and the grid finds it then).
// `high` must be finite.
BudgetSearch largest_budget_within_ratio(const OutcomeAt& f, double ratio, double low, double high,
                                         double relative_tolerance, int max_iterations);

// What allocate decided, for the summary (allocator_report.cpp) to describe.
struct Plans {
  std::vector<double> reference, optimal;  // rounded to steps; optimal = reference when not improved
  double budget = 0;                       // the optimal plan's total
  bool reference_meets_target = true;
  bool improved = false;
  Solution solution;    // the solver at the optimal budget (unrounded)
  double kkt_residual = 0;
  int search_evaluations = 0;
};
AllocationSummary summarise(const std::vector<Channel>& channels, const Problem& problem,
                            const std::vector<Bounds>& bounds, const AllocationOptions& options,
                            const Plans& plans);

}  // namespace budget::detail
