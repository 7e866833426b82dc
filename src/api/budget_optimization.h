// POST /api/v1/budget/optimize without the HTTP: a validated request and a client's curves
// (client_curves.h) in, the allocator's answer (budget/allocator.h, budget/planning.h) out as
// the JSON document that is returned and stored.
//
// Periods. The curves are per period of `curves.period_days` (a day or a week); the request's
// budget, bounds and targets are over its own period of `period_days` days. Amounts cross
// between the two by the factor period_days / curves.period_days, so a 30-day budget on daily
// curves is allocated per day and reported back over the 30 days.
//
// Defaults every answer lists under "assumptions": an upper bound of default_max_multiple ×
// current spend on channels that spend now (a curve is an extrapolation beyond what was spent);
// learning-phase minimums (the spend at which the channel's curve gives
// learning_events_per_week optimization events a week) when the outcome is conversions,
// dropped with a warning when the budget cannot fund them all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/client_curves.h"

namespace api {

enum class BudgetGoal { max_outcome, min_budget_for_target, target_cpa, target_roas };
inline constexpr std::array<std::string_view, 4> kBudgetGoalNames{
    "max_outcome", "min_budget_for_target", "target_cpa", "target_roas"};
inline constexpr std::array<std::string_view, 2> kBudgetLevelNames{"platform", "campaign"};
inline constexpr std::array<std::string_view, 2> kBudgetOutcomeNames{"conversions", "revenue"};

// A constraint on one channel; amounts over the request's period, currency units.
struct ChannelConstraint {
  std::string channel;  // a channel id of the curves, or (platform level) any platform's name
  std::optional<double> min_spend, max_spend, min_multiple, max_multiple;
  bool locked = false;
  std::optional<double> spend;  // with locked: the fixed spend (default: the current spend)
};

struct OptimizationRequest {
  std::string client_id, currency, industry;
  core::Objective objective = core::Objective::sales_conversion;  // for benchmark priors
  BudgetOutcome outcome = BudgetOutcome::conversions;
  BudgetGoal goal = BudgetGoal::max_outcome;
  std::optional<double> budget;  // over the period
  std::optional<double> target;  // outcome over the period, CPA or ROAS, by goal
  core::Date start;              // the period: start … start + period_days − 1
  int period_days = 30;
  std::vector<ChannelConstraint> channels;  // the request's field "channels", in order
  double default_max_multiple = 3;
  bool learning_phase = true;
  double learning_events_per_week = 50;
  std::optional<double> value_per_conversion;  // prices benchmark conversions for revenue
  int plan_ahead_weeks = 0;                    // 0: no week-by-week plan
  bool count_carry_over_after_horizon = false;
  int curve_points = 25;
};

// The answer. Throws schema validation problems (400) naming the request field for what the
// allocator refuses ("budget", "channels[2].min_spend", "target") and for channels it does not
// know ("channels[0].channel").
nlohmann::json optimize_budget(const OptimizationRequest& request, const ClientCurves& curves);

// A channel's curve for GET /api/v1/budget/response-curves: its source, parameters, fit and
// bootstrap figures, and `points` samples over a period of `period_days` days.
nlohmann::json curve_json(const ChannelCurve& channel, int curve_period_days, int period_days,
                          int points);

}  // namespace api
