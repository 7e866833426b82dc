// JSON rendering of an experiment analysis (GET /api/v1/experiments/{id}/results). A pure
// function of its arguments; thread-safe.
//
// Numbers are written at full precision, never rounded (callers compare them with their own
// statistics). An empty optional, and any number that is not finite (the +inf degrees of freedom
// of a proportion, an unreachable sample size), is null — never NaN, inf or 0. Relative values
// (lifts, losses, shares) are fractions: 0.05 is 5%. An interval is {"lower", "upper"}. A
// treatment without a comparison (fewer than 2 units, a zero denominator) has null estimates,
// degrees of freedom and p-values, and a note saying why.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/analysis.h"

namespace api {

// {"metrics": [{name, kind, role, higher_is_better, control {name, units, value},
//               variants [{name, units, value, absolute, relative (each {value,
//               standard_error, interval, p_value} or null), degrees_of_freedom, bayesian
//               {posterior_mean, posterior_sd, chance_to_beat_control, expected_loss,
//               control_expected_loss, credible_interval} | null, sequential {absolute_interval,
//               relative_interval, p_value} | null, p_value, adjusted_p_value, adjusted_interval,
//               verdict (better|worse|inconclusive), note}],
//               cuped {applied, theta, variance_reduction, note},
//               power {minimum_detectable_effect, power_now, units_needed, daily_units,
//                      days_needed, days_remaining, detectable_effect_now} | null}],
//  "srm": {metric, chi_squared, degrees_of_freedom, p_value, threshold, mismatch,
//          variants [{name, weight, observed_units, expected_units, observed_share}]},
//  "decision", "recommended_variant", "decision_text", "reasons",
//  "diagnostics": {comparisons, primary_family_size, secondary_family_size, notes}}
// `variants` are the experiment's, for the SRM weights (the result has the units).
nlohmann::json analysis_to_json(const experiments::AnalysisResult& result,
                                const std::vector<experiments::Variant>& variants);

}  // namespace api
