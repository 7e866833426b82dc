// Planning ahead: how to spend a total budget week by week over a horizon of T periods, when
// each channel's adstock carries spend over into later periods, including the spend of the
// periods before the horizon (given, most recent last).
//
// Model. Channel i's outcome in period t is β_i · saturate(a_{i,t} / scale_i) with the adstocked
// level a_{i,t} = Σ_l w_l · y_{i,t−l}, where y is the past spend followed by the plan (the
// response curve of response_curves.h; spend before the given past counts as 0). The decision
// is x_{i,t}, the spend of channel i in period t (currency units, whole steps); the total over
// channels and periods equals the budget to the step. Each channel's bounds (allocator.h's
// Channel: absolute, multiples of its current spend, learning minimum, lock — a locked channel
// spends `current` every period) apply to every period, narrowed by the optional per-period
// bounds.
//
// Objective. The outcome of periods 0 … T−1. With count_carry_over_after_horizon the outcome
// that the plan's spend produces in the L−1 periods after the horizon (spending nothing then)
// counts too; without it, spend late in the horizon is worth less, because part of its effect
// lands after the horizon, and the plan shifts spend earlier.
//
// Method. With concave curves the objective is concave (a concave function of a linear map),
// so its maximum is the point where every period's spend that is inside its bounds has the
// same marginal return μ. An active-set Newton iteration on those (KKT) conditions finds it
// from the reference plan: Newton steps with the exact Hessian (block-diagonal, one T×T block
// per channel, solved through the Schur complement of the budget constraint) and a line search
// that only accepts ascent, a bound joining the active set when it blocks a step and leaving
// it when its marginal return says so. Where the Hessian is singular (a logistic curve at
// level 0) NLopt's SLSQP with exact gradients runs first and the Newton iteration polishes.
// S-shaped curves: SLSQP then Newton from the reference plan and `starts` random plans,
// keeping the best; no guarantee of the global optimum.
//
// Reference plan and the never-worse rule: the current spend per period of each channel, scaled
// to the budget (clamp(k · current_i, lower_{i,t}, upper_{i,t}) with the one k that meets the
// total; as allocator.h). If the optimum does not beat it, the answer is the reference plan
// with improved = false.
//
// Carried over. The part of a period's outcome carried over from past spend is its share of
// the adstocked level: outcome_{i,t} · (Σ_{l>t} w_l · past_{i,t−l}) / a_{i,t}.
//
// Errors: std::invalid_argument whose message starts with the field path, as allocate's.
// Pure, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "budget/allocator.h"

namespace budget {

struct PlanChannel {
  Channel channel;                      // curve, current spend per period, bounds per period
  std::vector<double> past_spend;       // periods before the horizon, oldest first, >= 0
  std::vector<double> lower_by_period;  // empty, or one lower bound per period
  std::vector<double> upper_by_period;  // empty, or one upper bound per period
};

struct HorizonOptions {
  int periods = 12;                            // T, 1–520
  double budget = 0;                           // total over all channels and periods
  bool count_carry_over_after_horizon = false;
  double step = 0.01;                          // money step of every spend
  int starts = 4;                              // random starts for S-shaped curves
  unsigned seed = 1;
  double relative_tolerance = 1e-10;           // on the KKT conditions and the spends
  int max_iterations = 200;                    // Newton iterations per start
  int max_local_evaluations = 5000;            // NLopt evaluations per start
  double minimum_relative_improvement = 1e-9;  // below this the reference plan is kept
};

struct PeriodResult {
  double spend = 0;
  double outcome = 0;
  double carried_over = 0;  // the part of `outcome` carried over from past spend
  double reference_spend = 0;
};

struct HorizonChannelResult {
  std::string name;
  std::vector<PeriodResult> periods;  // T entries
  double spend = 0, outcome = 0, carried_over = 0;  // over the horizon
  double outcome_after_horizon = 0;  // the plan's carry-over into the L−1 periods after it
  double reference_spend = 0, reference_outcome = 0;
  bool locked = false;
  int periods_at_lower = 0, periods_at_upper = 0;  // periods whose spend sits at a bound
  std::string lower_reason, upper_reason;          // why (the channel's bounds, as allocate)
};

struct HorizonDiagnostics {
  std::string method;      // "active_set_newton" or "multi_start_slsqp_newton"
  int iterations = 0;      // NLopt evaluations plus Newton iterations
  int starts = 0;
  double kkt_residual = 0;  // largest relative violation of equal marginal returns
  double marginal_return = 0;
  std::string termination;
};

struct HorizonPlan {
  std::vector<HorizonChannelResult> channels;  // in input order
  std::vector<double> spend_by_period, outcome_by_period;
  double spend = 0;                  // equals the budget to the step
  double outcome = 0;                // the objective: within the horizon (+ after, if counted)
  double outcome_within_horizon = 0, outcome_after_horizon = 0, carried_over = 0;
  double reference_outcome = 0;      // the objective at the reference plan
  bool improved = false;
  double outcome_gain = 0;
  std::optional<double> outcome_gain_percent;
  std::string reason;  // why the plan is what it is; names the bounds that bind when not improved
  HorizonDiagnostics diagnostics;
};

// Plans the horizon as the options say. Throws std::invalid_argument naming the field
// ("periods", "budget", "channels[1].past_spend[3]", "channels[0].upper_by_period", ...).
HorizonPlan plan_horizon(const std::vector<PlanChannel>& channels, const HorizonOptions& options);

}  // namespace budget
