// One treatment against the control for one metric: the per-variant moments (arm), CUPED's θ,
// and every estimate analyze() reports for the pair. Internal to the module.
#pragma once

#include <optional>
#include <vector>

#include "experiments/analysis.h"
#include "experiments/sequential.h"

namespace experiments::internal {

// A variant's moments for one metric. mean is the metric's value; unit_variance the variance of
// one unit's (linearised, for a ratio) value, so that Var(mean) = unit_variance / n.
struct Arm {
  double n = 0;
  double mean = 0;
  double unit_variance = 0;
  bool has_covariate = false;
  double covariate_mean = 0;      // x̄
  double covariate_variance = 0;  // s_x²
  double covariance = 0;          // s_xy
};

// The metric's value for a variant: rate, mean or ratio; nullopt with no units or ΣD = 0.
std::optional<double> variant_value(const MetricSpec& spec, const VariantData& data);

// The moments, or nullopt when the variant cannot be compared yet (fewer than 2 units, or a
// ratio whose denominator sums to 0).
std::optional<Arm> make_arm(const MetricSpec& spec, const VariantData& data);

// CUPED's θ: the pooled within-variant slope of y on x over the arms that have covariates;
// 0 when x does not vary.
double pooled_theta(const std::vector<Arm>& arms);

struct ComparisonSettings {
  MetricKind kind = MetricKind::proportion;
  bool higher_is_better = true;
  double alpha = 0.05;
  double theta = 0;  // 0: no CUPED
  Prior prior;
  bool sequential = false;
  ConfidenceSequenceOptions sequence;
};

struct Comparison {
  Estimate absolute;
  std::optional<Estimate> relative;
  double degrees_of_freedom = 0;
  double total_units = 0;  // N of the pair, for confidence sequences
  std::optional<BayesianResult> bayesian;
  std::optional<SequentialResult> sequential;
  double decision_p_value = 1;  // see VariantResult::p_value
};

Comparison compare(const Arm& control, const Arm& treatment, const ComparisonSettings& settings);

// The relative lift's interval at another level (the multiplicity-adjusted one): Student t at
// the comparison's degrees of freedom, or the confidence sequence when sequential. Needs
// comparison.relative.
Interval relative_interval_at(const Comparison& comparison, const ComparisonSettings& settings,
                              double alpha);

// Var(difference) with and without θ for the pair: CUPED's variance reduction.
double difference_variance(const Arm& control, const Arm& treatment, double theta);

}  // namespace experiments::internal
