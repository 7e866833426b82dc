// The budget allocator: how to split spend across channels whose response curves are known.
//
// Units. Spend is per period (the period of the fitted curves, usually a week) in currency
// units; a channel's outcome is its steady-state response at that spend (the outcome per period
// once the adstock has settled under a constant spend: steady_state_response), in conversions
// or, for a return-on-spend target, in revenue. Every spend in a plan is a whole number of
// `step`s (cents by default) and the total is exact to the step.
//
// Objectives. max_outcome: the most outcome for `budget`. min_budget_for_target: the least
// budget whose best plan reaches `target` outcome. max_outcome_within_cost_per_outcome /
// max_outcome_within_return_on_spend: the most outcome whose total spend / total outcome is at
// most `target` (or total outcome / total spend at least `target`), spending at most `budget`
// when one is given. For the last three the best plan at a given budget is the max_outcome
// plan, so the allocator searches for the budget and splits it as for max_outcome.
//
// Method. Concave curves (Hill with shape <= 1, logistic, Michaelis–Menten): the exact optimum,
// where every channel inside its bounds has the same marginal return μ (a safeguarded Newton
// iteration on μ with closed-form or Newton inverses of each slope); the KKT residual says how
// exactly. S-shaped curves (Hill with shape > 1): the problem is not concave; the allocator
// solves its concave envelope exactly (an upper bound on any plan), starts NLopt's SLSQP from
// the envelope's plans, the reference plan and `starts` random plans, and polishes each local
// optimum by the exact equal-marginal solve on the channels that are on. It keeps the best.
//
// Reference plan and the never-worse rule. The reference is the current split at the budget
// being allocated: spend_i = clamp(k · current_i, lower_i, upper_i) with the one factor k that
// makes the total equal the budget (k = 1, the current plan itself, when the budget is the
// current total and the current spends are inside their bounds); if the channels with current
// spend cannot take the budget within their upper bounds, the rest is spread evenly over the
// others. For min_budget_for_target the reference budget is the least one whose reference plan
// reaches the target; for the target-ratio objectives the largest (up to `budget`) whose
// reference plan meets the ratio. The allocator never returns a plan worse than its
// reference: if the optimum does not beat it by more than `minimum_relative_improvement`, the
// answer is the reference plan with improved = false and a reason naming the bounds and locks
// that bind.
//
// Errors. allocate throws std::invalid_argument whose message starts with the field path and
// says which constraint cannot be met ("budget: the lower bounds sum to 1200.00, above the
// budget of 1000.00", "channels[1].upper: must be >= lower (300.00)", "target: ..."). Pure
// functions, safe to call from several threads at once.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "budget/response_curves.h"

namespace budget {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// A channel, its response curve and the bounds on its spend per period. The lower bound is
// the largest of `lower`, lower_multiple × current and learning_minimum; the upper bound the
// smallest of `upper` and upper_multiple × current; each keeps its reason, so a result can say
// why it binds (empty reasons get a description such as "at most 1.50x current spend"). A
// locked channel spends exactly `current` (its bounds are then ignored); to pin a channel at
// another amount set lower = upper to it.
struct Channel {
  std::string name;
  ResponseCurve curve;
  double current = 0;  // spend per period now, >= 0
  double lower = 0;
  std::string lower_reason;
  double upper = kUnbounded;
  std::string upper_reason;
  double lower_multiple = 0;  // lower bound = lower_multiple × current
  std::string lower_multiple_reason;
  double upper_multiple = kUnbounded;  // upper bound = upper_multiple × current
  std::string upper_multiple_reason;
  double learning_minimum = 0;  // the least spend that keeps the platform's learning phase going
  std::string learning_reason;
  bool locked = false;
  std::string locked_reason;
};

enum class Objective {
  max_outcome,                          // needs budget
  min_budget_for_target,                // needs target (outcome per period); budget caps it
  max_outcome_within_cost_per_outcome,  // needs target (spend per outcome); budget caps it
  max_outcome_within_return_on_spend,   // needs target (revenue per spend); budget caps it
};

struct AllocationOptions {
  Objective objective = Objective::max_outcome;
  std::optional<double> budget;  // total spend per period, currency units
  double target = 0;
  double step = 0.01;            // the money step spends are rounded to
  int starts = 8;                // random starts for S-shaped curves, besides the planned ones
  unsigned seed = 1;             // for the random starts: same seed, same plan
  double relative_tolerance = 1e-12;  // on μ and on searched budgets
  int max_iterations = 200;           // Newton / bisection steps per search
  int max_local_evaluations = 2000;   // NLopt evaluations per start
  double minimum_relative_improvement = 1e-9;  // below this the reference plan is kept
};

enum class Binding { none, lower, upper, locked };

// One channel in the answer. Return on spend is outcome / spend (empty at zero spend); the
// marginal return is d outcome / d spend (empty where it is infinite: Hill shape < 1 at 0).
struct ChannelResult {
  std::string name;
  double current_spend = 0, current_outcome = 0;
  std::optional<double> current_return_on_spend, current_marginal_return;
  double reference_spend = 0, reference_outcome = 0;
  double optimal_spend = 0, optimal_outcome = 0;
  std::optional<double> optimal_return_on_spend, optimal_marginal_return;
  double change = 0;                     // optimal − current spend
  std::optional<double> change_percent;  // 100 · change / current (empty when current is 0)
  double lower = 0, upper = kUnbounded;  // the bounds in force, in whole steps
  Binding binding = Binding::none;       // the bound the optimal spend sits at
  std::string binding_field;             // "lower", "lower_multiple", "learning_minimum",
                                         // "upper", "upper_multiple" or "locked"
  std::string binding_reason;
};

struct PlanTotals {
  double spend = 0, outcome = 0;
  std::optional<double> return_on_spend, cost_per_outcome;
};

struct AllocationDiagnostics {
  std::string method;     // "equal_marginal" or "multi_start_slsqp"
  int iterations = 0;     // Newton / bisection steps on μ and budgets, NLopt evaluations
  int starts = 0;         // local solves (S-shaped curves)
  int budget_evaluations = 0;  // plans solved while searching for the budget (target objectives)
  double kkt_residual = 0;     // largest relative violation of equal marginal returns by the
                               // solver's optimum before rounding (a spend within half a step
                               // of a bound counts as at it)
  double marginal_return = 0;  // μ: the marginal return shared by unbound channels
  double upper_bound = 0;      // no plan at the optimal budget does better: the optimum itself
                               // (concave), the concave envelope's optimum (S-shaped)
  double optimality_gap = 0;   // (upper_bound − outcome) / outcome, before rounding
  std::vector<std::string> binding;  // "tv: upper (contract)", one per bound in force
  std::string termination;
};

struct AllocationSummary {
  std::vector<ChannelResult> channels;  // in input order
  PlanTotals current, reference, optimal;
  double budget = 0;                    // the total the optimal plan spends
  bool reference_meets_target = true;   // whether the reference plan meets the target ratio
  bool improved = false;                // the optimal plan is not the reference plan
  double outcome_gain = 0;              // optimal − reference outcome
  std::optional<double> outcome_gain_percent;
  double spend_saving = 0;              // reference − optimal spend (min_budget_for_target)
  std::string reason;                   // why the plan is what it is, one sentence
  AllocationDiagnostics diagnostics;

  // A few lines for logs and debugging (Ceres' FullReport).
  std::string report() const;
};

// Allocates as the options say. Throws std::invalid_argument (see the top of the file).
AllocationSummary allocate(const std::vector<Channel>& channels, const AllocationOptions& options);

// A channel's steady-state outcome per period at `spend` (steady_state_response).
double channel_outcome(const Channel& channel, double spend);

struct CurvePoint {
  double spend = 0, outcome = 0;
  std::optional<double> marginal;  // empty where the slope is infinite
};

// `points` (>= 2) evenly spaced points of the steady-state curve from 0 to max_spend (> 0), for
// plotting. Throws std::invalid_argument naming "max_spend" or "points".
std::vector<CurvePoint> sample_curve(const ResponseCurve& curve, double max_spend, int points);

struct CurveSample {
  std::vector<CurvePoint> points;
  CurvePoint current, optimal;
};
// A channel's curve up to 1.5 × the largest of its current and optimal spend (at least 1),
// with the current and optimal points marked.
CurveSample sample_channel_curve(const Channel& channel, const ChannelResult& result, int points);

}  // namespace budget
