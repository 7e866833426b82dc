// The strategy planner: turns a Brief into a complete, explained cross-platform Strategy.
//
//   strategy::Strategy s = strategy::generate_strategy(brief, {&forecaster, history, today});
//
// What it does, in order (docs/strategy.md has every rule and formula):
//  1. Validates the brief (BriefError naming the field) and takes defaults for what it leaves
//     out, each recorded as an Assumption.
//  2. Measures each candidate platform's efficiency (outcome per currency unit) from the
//     client's history when a platform has min_history_days of it, otherwise from the
//     forecaster at reference_daily_spend; recommends platforms when the brief names none.
//  3. Splits the budget by equal marginal returns within the brief's bounds and above each
//     platform's learning-phase minimum, to the cent: on the client's fitted response curves
//     (PlanningContext::response_curves, through the budget allocator) when every platform has
//     one and the objective counts conversions, else under outcome_i = a_i · spend_i^β
//     (spend_i ∝ a_i^(1/(1−β))). Every platform's amount is non-decreasing in the total budget
//     for a fixed set of platforms.
//  4. Forecasts each platform at budget / flight days through the forecaster, and the total.
//  5. Builds audience segments (k-means over the client's audience cells when it has them),
//     platform plans, content, risks, timeline, KPIs and A/B tests, a summary and confidence.
//
// Pure: no I/O, no clock (dates are relative to PlanningContext::today), deterministic (same
// inputs → same strategy), and safe to call from several threads at once provided the
// forecaster is (forecast::Forecaster promises it).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "budget/response_curves.h"
#include "core/date.h"
#include "forecast/forecaster.h"
#include "strategy/brief.h"
#include "strategy/strategy.h"

namespace strategy {

// A platform's response curve learned from the client's history (budget/fit.h): conversions
// per period of `period_days` at a steady spend per period (budget::steady_state_response).
struct PlatformCurve {
  core::Platform platform = core::Platform::google_ads;
  budget::ResponseCurve curve;
  int period_days = 1;
  std::string source;  // how it was learned, e.g. "fitted" or "calibrated prior"
};

struct PlanningContext {
  const forecast::Forecaster* forecaster = nullptr;  // required; not owned
  ClientHistory history;                             // empty when the client has none
  core::Date today;                                  // flight defaults are relative to it
  // When every platform of the plan has one and the objective counts conversions, the split
  // is the response-curve allocator's (budget/allocator.h) on these; otherwise step 3 above.
  std::vector<PlatformCurve> response_curves;
};

struct PlannerOptions {
  // β in outcome = a · spend^β, in (0, 1): lower concentrates less on the most efficient
  // platform. 0.7 is a common media-mix prior for paid social and search.
  double diminishing_returns_exponent = 0.7;
  // Optimization events one ad set needs per week to leave the learning phase (Meta's 50;
  // the planner applies it to every ad platform, a conservative reading for Google/LinkedIn).
  double learning_events_per_ad_set_per_week = 50;
  // Largest share of the budget left after the brief's minimums that learning-phase floors may
  // take, in (0, 1]. Floors are met in full once the budget is Σ minimums + Σ learning / share;
  // below that they are scaled down together so the rest of the split still follows efficiency.
  double learning_floor_budget_share = 0.5;
  int default_flight_days = 30;  // when end_date is missing
  int min_history_days = 14;     // a platform's history drives the split from this many days
  // Daily spend at which the forecaster is asked for each platform's efficiency and cost per
  // event. Fixed (not a share of the budget) so the split is monotone in the budget.
  double reference_daily_spend = 100;
  int max_recommended_platforms = 4;
  int max_ad_sets_per_platform = 6;
  // Audience clustering: at most max_clusters clusters (k chosen by silhouette, at least
  // min_silhouette to split at all) once there are min_cells_for_clustering cells.
  int max_clusters = 4;
  int min_cells_for_clustering = 4;
  double min_silhouette = 0.25;
  // A/B tests: two-sided significance level, power, and relative minimum detectable effect.
  double ab_alpha = 0.05;
  double ab_power = 0.8;
  double ab_minimum_detectable_effect = 0.2;
  // When a conversion objective has no value per conversion from the brief, its targets or
  // history, the value is assumed to be this multiple of the forecast cost per conversion (a
  // conservative 2:1 ROAS planning ratio), so ROI is finite but stated as an assumption.
  double assumed_value_to_cpa_ratio = 2.0;
  int creative_refresh_days = 14;  // a creative is refreshed after this many days in market
};

// A brief the planner cannot plan, with the brief field that is wrong ("budget", "end_date",
// "bounds", "platforms", "audience.has_customer_list", …) for a 400 problem+json answer.
// what() is "<field>: <reason>".
class BriefError : public std::invalid_argument {
 public:
  BriefError(std::string field, const std::string& reason)
      : std::invalid_argument(field + ": " + reason), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// Builds the strategy for `brief`. Throws BriefError (a std::invalid_argument) when the brief
// is inconsistent: budget <= 0 or not finite, an unknown currency, end before start, a
// duplicate platform, email without a customer list, a malformed age range or gender,
// negative values or targets, margin outside (0, 1], a bound for a platform not in the plan,
// min bounds summing above the budget, max bounds summing below it. Throws
// std::invalid_argument naming "options.<field>" for invalid options and "context.forecaster"
// when it is null. Exceptions from the forecaster propagate.
Strategy generate_strategy(const Brief& brief, const PlanningContext& context,
                           const PlannerOptions& options = {});

// Visitors (or impressions/clicks) per arm for a two-sided two-proportion z-test to detect a
// change from `baseline_rate` to baseline_rate · (1 + relative_mde) with significance `alpha`
// and `power`:
//   n = (z(1−α/2)·√(2·p̄·(1−p̄)) + z(power)·√(p1(1−p1) + p2(1−p2)))² / (p2 − p1)²,
//   p̄ = (p1 + p2) / 2, rounded up; z from Boost.Math's standard normal quantile.
// Throws std::invalid_argument unless 0 < baseline_rate < 1, relative_mde != 0,
// 0 < p2 < 1, 0 < alpha < 1 and 0 < power < 1.
std::int64_t two_proportion_sample_size(double baseline_rate, double relative_mde,
                                        double alpha = 0.05, double power = 0.8);

}  // namespace strategy
