// allocate: checks the input, picks the budget the objective asks for, solves at it, builds the
// reference plan and applies the never-worse rule. The solvers live in allocator_*.cpp.
#include "budget/allocator.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "budget/allocator_internal.h"

namespace budget {
namespace {

using detail::Problem;

[[noreturn]] void fail(const char* field, const std::string& why) {
  throw std::invalid_argument(std::string(field).append(": ").append(why));
}

void check_options(const AllocationOptions& o, std::size_t channel_count) {
  if (channel_count == 0) fail("channels", "at least one channel is needed");
  if (!(o.step > 0) || !std::isfinite(o.step)) fail("step", "must be > 0");
  if (o.budget && (!(*o.budget >= 0) || !std::isfinite(*o.budget))) fail("budget", "must be a finite amount >= 0");
  if (o.objective == Objective::max_outcome && !o.budget) fail("budget", "is required to maximise the outcome");
  if (o.objective != Objective::max_outcome && (!(o.target > 0) || !std::isfinite(o.target))) fail("target", "must be > 0");
  if (o.starts < 0) fail("starts", "must be >= 0");
  if (!(o.relative_tolerance > 0 && o.relative_tolerance < 0.01)) fail("relative_tolerance", "must be in (0, 0.01)");
  if (o.max_iterations < 1) fail("max_iterations", "must be >= 1");
  if (o.max_local_evaluations < 1) fail("max_local_evaluations", "must be >= 1");
  if (!(o.minimum_relative_improvement >= 0)) fail("minimum_relative_improvement", "must be >= 0");
}

struct Setup {
  Problem problem;
  std::vector<detail::Bounds> bounds;
  double lower_sum = 0, upper_sum = 0;
};

Setup set_up(const std::vector<Channel>& channels, const AllocationOptions& o) {
  check_options(o, channels.size());
  Setup s;
  Problem& p = s.problem;
  p.starts = o.starts, p.seed = o.seed, p.relative_tolerance = o.relative_tolerance;
  p.max_iterations = o.max_iterations, p.max_local_evaluations = o.max_local_evaluations, p.step = o.step;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    std::string prefix = std::string("channels[").append(std::to_string(i)).append("].curve");
    p.curves.push_back(detail::steady_curve(channels[i].curve, prefix));
    s.bounds.push_back(detail::resolve_bounds(channels[i], i, o.step));
    p.lower.push_back(s.bounds.back().lower);
    p.upper.push_back(s.bounds.back().upper);
    p.current.push_back(channels[i].current);
    p.concave = p.concave && !p.curves.back().s_shaped();
    s.lower_sum += p.lower.back(), s.upper_sum += p.upper.back();
  }
  return s;
}

double whole_steps(double amount, double step) { return std::round(amount / step) * step; }

// The outcome no plan can exceed: each channel at its upper bound, or at its saturation level.
double reach(const Problem& p) {
  double total = 0;
  for (std::size_t i = 0; i < p.curves.size(); ++i) {
    const Saturation& s = p.curves[i].saturation;
    double limit = s.kind == SaturationKind::michaelis_menten ? s.max_response : 1;
    total += std::isfinite(p.upper[i]) ? p.curves[i].value(p.upper[i]) : p.curves[i].beta * limit;
  }
  return total;
}

// The budget can carry the lower bounds; for max_outcome it must also fit under the uppers.
void check_budget(const Setup& s, double budget, bool must_fill, double step) {
  if (s.lower_sum > budget + step / 2) {
    fail("budget", "the lower bounds sum to " + detail::money(s.lower_sum) + ", above the budget of " + detail::money(budget));
  }
  if (must_fill && s.upper_sum < budget - step / 2) {
    fail("budget", "the upper bounds sum to " + detail::money(s.upper_sum) + ", below the budget of " + detail::money(budget));
  }
}

std::vector<double> optimal_plan(const Problem& p, double budget, detail::Solution* solution) {
  detail::Solution solved = detail::best_at_budget(p, budget);
  std::vector<double> plan = detail::round_to_steps(p.curves, p.lower, p.upper, solved.spend, budget, p.step);
  if (solution) *solution = std::move(solved);
  return plan;
}

std::vector<double> reference_plan(const Problem& p, double budget) {
  std::vector<double> mix = detail::mix_to_total(p.current, p.lower, p.upper, budget);
  return detail::round_to_steps(p.curves, p.lower, p.upper, mix, budget, p.step);
}

double reference_outcome(const Problem& p, double budget) {
  return detail::total_outcome(p, detail::mix_to_total(p.current, p.lower, p.upper, budget));
}

// A budget found by a search, in whole steps, moved step by step (a few at most) until its
// rounded plan meets the target: up for a volume target, down for a ratio target.
double settle(const Problem& p, double found, double low, double high, bool up,
              const std::function<bool(const std::vector<double>&, double)>& meets,
              const std::function<std::vector<double>(double)>& plan_at) {
  double b = up ? std::ceil(found / p.step - 1e-9) * p.step : std::floor(found / p.step + 1e-9) * p.step;
  b = std::clamp(b, low, high);
  for (int i = 0; i < 8 && !meets(plan_at(b), b); ++i) {
    double next = b + (up ? p.step : -p.step);
    if (next < low - p.step / 2 || next > high + p.step / 2) break;
    b = next;
  }
  return b;
}

using Meets = std::function<bool(const std::vector<double>& plan, double budget)>;

// The reference plan of a target objective: the current split at the budget the search found
// for it (settled to whole steps), else at the optimal budget, flagged as missing the target.
void set_reference(const Problem& p, const detail::BudgetSearch& search, double low, double high, bool up,
                   const Meets& meets, detail::Plans& plans) {
  plans.search_evaluations += search.evaluations;
  double budget = plans.budget;
  if (search.found) {
    budget = settle(p, search.budget, low, high, up, meets, [&](double b) { return reference_plan(p, b); });
  }
  plans.reference = reference_plan(p, budget);
  plans.reference_meets_target = search.found && meets(plans.reference, budget);
}

[[noreturn]] void out_of_reach(const Problem& p, const Setup& s, const AllocationOptions& o, double cap, double high) {
  double most = std::isfinite(high) ? detail::best_at_budget(p, high).outcome : reach(p);
  std::string why = std::string("the channels reach at most ").append(detail::money(most));
  why.append(cap < s.upper_sum ? " within the budget of " + detail::money(cap) : std::string(" within their upper bounds"));
  fail("target", detail::money(o.target) + " is out of reach: " + why);
}

[[noreturn]] void ratio_out_of_reach(const AllocationOptions& o, const detail::BudgetSearch& found) {
  const bool per_outcome = o.objective == Objective::max_outcome_within_cost_per_outcome;
  std::string why = per_outcome ? "no plan within the bounds has a cost per outcome of " + detail::money(o.target) + " or less"
                                : "no plan within the bounds has a return on spend of " + detail::money(o.target) + " or more";
  if (found.best_ratio > 0) {
    why.append(per_outcome ? "; the lowest is " + detail::money(1 / found.best_ratio)
                           : "; the highest is " + detail::money(found.best_ratio));
    why.append(" (at a budget of ").append(detail::money(found.best_ratio_budget)).append(")");
  }
  fail("target", why);
}

void plan_min_budget(const Setup& s, const AllocationOptions& o, detail::Plans& plans) {
  const Problem& p = s.problem;
  const double cap = o.budget ? whole_steps(*o.budget, o.step) : detail::kInfinity;
  check_budget(s, cap, false, o.step);
  const double high = std::min(cap, s.upper_sum);
  auto best = [&](double b) { return detail::best_at_budget(p, b).outcome; };
  detail::BudgetSearch found = detail::least_budget_reaching(best, o.target, s.lower_sum, high,
                                                             o.relative_tolerance, o.max_iterations);
  plans.search_evaluations += found.evaluations;
  if (!found.found) out_of_reach(p, s, o, cap, high);
  Meets reaches = [&](const std::vector<double>& plan, double) { return detail::total_outcome(p, plan) >= o.target; };
  plans.budget = settle(p, found.budget, s.lower_sum, high, true, reaches,
                        [&](double b) { return optimal_plan(p, b, nullptr); });
  plans.optimal = optimal_plan(p, plans.budget, &plans.solution);
  auto ref = [&](double b) { return reference_outcome(p, b); };
  set_reference(p, detail::least_budget_reaching(ref, o.target, s.lower_sum, high, o.relative_tolerance, o.max_iterations),
                s.lower_sum, high, true, reaches, plans);
  double ref_total = 0;
  for (double x : plans.reference) ref_total += x;
  plans.improved = !plans.reference_meets_target ||
                   plans.budget < ref_total * (1 - o.minimum_relative_improvement) - o.step / 2;
}

void plan_within_ratio(const Setup& s, const AllocationOptions& o, detail::Plans& plans) {
  const Problem& p = s.problem;
  const bool per_outcome = o.objective == Objective::max_outcome_within_cost_per_outcome;
  const double ratio = per_outcome ? 1 / o.target : o.target;  // outcome per unit of spend
  const double cap = o.budget ? whole_steps(*o.budget, o.step) : detail::kInfinity;
  check_budget(s, cap, false, o.step);
  // No budget above reach / ratio can meet the ratio: the search has a finite top.
  const double high = std::min({cap, s.upper_sum, std::max(reach(p) / ratio, s.lower_sum)});
  auto best = [&](double b) { return detail::best_at_budget(p, b).outcome; };
  detail::BudgetSearch found = detail::largest_budget_within_ratio(best, ratio, s.lower_sum, high,
                                                                   o.relative_tolerance, o.max_iterations);
  plans.search_evaluations += found.evaluations;
  Meets meets = [&](const std::vector<double>& plan, double b) {
    return detail::total_outcome(p, plan) >= ratio * b * (1 - 1e-12);
  };
  auto optimal_at = [&](double b) { return optimal_plan(p, b, nullptr); };
  double budget = found.found ? settle(p, found.budget, s.lower_sum, high, false, meets, optimal_at) : 0;
  if (!found.found || budget < o.step / 2 || !meets(optimal_at(budget), budget)) ratio_out_of_reach(o, found);
  plans.budget = budget;
  plans.optimal = optimal_plan(p, budget, &plans.solution);
  auto ref = [&](double b) { return reference_outcome(p, b); };
  set_reference(p, detail::largest_budget_within_ratio(ref, ratio, s.lower_sum, high, o.relative_tolerance, o.max_iterations),
                s.lower_sum, high, false, meets, plans);
  double reference = detail::total_outcome(p, plans.reference);
  plans.improved = !plans.reference_meets_target ||
                   detail::total_outcome(p, plans.optimal) - reference > o.minimum_relative_improvement * reference;
}

void plan_max_outcome(const Setup& s, const AllocationOptions& o, detail::Plans& plans) {
  const Problem& p = s.problem;
  plans.budget = whole_steps(*o.budget, o.step);
  check_budget(s, plans.budget, true, o.step);
  plans.optimal = optimal_plan(p, plans.budget, &plans.solution);
  plans.reference = reference_plan(p, plans.budget);
  double reference = detail::total_outcome(p, plans.reference);
  plans.improved = detail::total_outcome(p, plans.optimal) - reference > o.minimum_relative_improvement * reference;
}

}  // namespace

AllocationSummary allocate(const std::vector<Channel>& channels, const AllocationOptions& options) {
  Setup s = set_up(channels, options);
  detail::Plans plans;
  switch (options.objective) {
    case Objective::max_outcome: plan_max_outcome(s, options, plans); break;
    case Objective::min_budget_for_target: plan_min_budget(s, options, plans); break;
    case Objective::max_outcome_within_cost_per_outcome:
    case Objective::max_outcome_within_return_on_spend: plan_within_ratio(s, options, plans); break;
  }
  // The KKT residual of the solver's own optimum, before rounding: how exact the method is.
  double mu = 0;
  plans.kkt_residual = detail::kkt_residual(s.problem.curves, s.problem.lower, s.problem.upper,
                                            plans.solution.spend, options.step, mu);
  if (!plans.improved) {
    plans.optimal = plans.reference;  // never worse than the reference plan
    plans.budget = 0;
    for (double x : plans.reference) plans.budget += x;
  }
  return detail::summarise(channels, s.problem, s.bounds, options, plans);
}

double channel_outcome(const Channel& channel, double spend) {
  return steady_state_response(spend, channel.curve);
}

}  // namespace budget
