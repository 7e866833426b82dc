// One treatment against the control: frequentist, Bayesian and sequential estimates.
#include "experiments/internal/comparison.h"

#include <cmath>
#include <limits>

#include "experiments/internal/distributions.h"

namespace experiments::internal {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The variance of one arm's CUPED-adjusted value per unit: s_y² + θ² s_x² − 2θ s_xy.
double adjusted_unit_variance(const Arm& arm, double theta) {
  if (theta == 0) return arm.unit_variance;
  return std::max(
      0.0, arm.unit_variance + theta * theta * arm.covariate_variance - 2 * theta * arm.covariance);
}

// Welch–Satterthwaite: (v_t + v_c)² / (v_t² / (n_t − 1) + v_c² / (n_c − 1)).
double welch_degrees_of_freedom(double v_t, double n_t, double v_c, double n_c) {
  const double denominator = v_t * v_t / (n_t - 1) + v_c * v_c / (n_c - 1);
  if (denominator == 0) return kInfinity;
  return (v_t + v_c) * (v_t + v_c) / denominator;
}

// `critical` is the t quantile at 1 − α/2 for df (computed once per comparison: it is the
// costliest step of the analysis).
Estimate estimate(double value, double variance, double df, double critical) {
  Estimate e;
  e.value = value;
  e.standard_error = std::sqrt(variance);
  if (e.standard_error == 0) {
    e.interval = {value, value};
    e.p_value = value == 0 ? 1.0 : 0.0;
    return e;
  }
  e.interval = {value - critical * e.standard_error, value + critical * e.standard_error};
  e.p_value = two_sided_p_value(value / e.standard_error, df);
  return e;
}

// Normal posterior of the lift: flat prior → the likelihood itself; normal prior → precisions
// add and the mean is precision-weighted.
BayesianResult bayesian(const Estimate& lift, const ComparisonSettings& settings) {
  double mean = lift.value;
  double variance = lift.standard_error * lift.standard_error;
  if (settings.prior.proper) {
    const double precision =
        1 / settings.prior.variance + (variance > 0 ? 1 / variance : kInfinity);
    mean = variance > 0
               ? (settings.prior.mean / settings.prior.variance + mean / variance) / precision
               : mean;
    variance = 1 / precision;
  }
  BayesianResult b;
  b.posterior_mean = mean;
  b.posterior_sd = std::sqrt(variance);
  const double direction = settings.higher_is_better ? 1.0 : -1.0;
  const double m = direction * mean, s = b.posterior_sd;
  if (s == 0) {
    b.chance_to_beat_control = m > 0 ? 1.0 : (m < 0 ? 0.0 : 0.5);
    b.expected_loss = std::max(0.0, -m);
    b.control_expected_loss = std::max(0.0, m);
    b.credible_interval = {mean, mean};
    return b;
  }
  // X ~ N(m, s²) in the good direction: E[max(0, −X)] = s φ(m/s) − m Φ(−m/s) and
  // E[max(0, X)] = s φ(m/s) + m Φ(m/s).
  const double z = m / s;
  b.chance_to_beat_control = normal_cdf(z);
  b.expected_loss = s * normal_pdf(z) - m * normal_cdf(-z);
  b.control_expected_loss = s * normal_pdf(z) + m * normal_cdf(z);
  const double critical = normal_quantile(1 - settings.alpha / 2);
  b.credible_interval = {mean - critical * s, mean + critical * s};
  return b;
}

Interval sequence_interval(const Estimate& e, double total_units,
                           const ComparisonSettings& settings, double alpha) {
  const double unit_variance = e.standard_error * e.standard_error * total_units;
  const double half =
      confidence_sequence_half_width(unit_variance, total_units, settings.sequence, alpha);
  return {e.value - half, e.value + half};
}

SequentialResult sequential(const Comparison& c, const ComparisonSettings& settings) {
  SequentialResult s;
  s.absolute_interval = sequence_interval(c.absolute, c.total_units, settings, settings.alpha);
  if (c.relative) {
    s.relative_interval = sequence_interval(*c.relative, c.total_units, settings, settings.alpha);
  }
  const Estimate& tested = c.relative ? *c.relative : c.absolute;
  s.p_value =
      anytime_p_value(tested.value, tested.standard_error * tested.standard_error * c.total_units,
                      c.total_units, settings.sequence);
  return s;
}

}  // namespace

double difference_variance(const Arm& control, const Arm& treatment, double theta) {
  return adjusted_unit_variance(treatment, theta) / treatment.n +
         adjusted_unit_variance(control, theta) / control.n;
}

Comparison compare(const Arm& control, const Arm& treatment, const ComparisonSettings& settings) {
  const double theta = settings.theta;
  const double v_t = adjusted_unit_variance(treatment, theta) / treatment.n;
  const double v_c = adjusted_unit_variance(control, theta) / control.n;
  const double difference = (treatment.mean - theta * treatment.covariate_mean) -
                            (control.mean - theta * control.covariate_mean);
  Comparison c;
  c.total_units = treatment.n + control.n;
  c.degrees_of_freedom = settings.kind == MetricKind::proportion
                             ? kInfinity
                             : welch_degrees_of_freedom(v_t, treatment.n, v_c, control.n);
  const double critical = student_t_quantile(1 - settings.alpha / 2, c.degrees_of_freedom);
  c.absolute = estimate(difference, v_t + v_c, c.degrees_of_freedom, critical);
  if (control.mean != 0) {
    // Delta method on (ȳ_t − θx̄_t − ȳ_c + θx̄_c) / ȳ_c: the gradient on the treatment's means
    // is (1, −θ) / ȳ_c, on the control's (−(ȳ_c + difference) / ȳ_c², θ / ȳ_c).
    const double yc = control.mean;
    const double relative_v_t = v_t / (yc * yc);
    const double g_y = -(yc + difference) / (yc * yc), g_x = theta / yc;
    const double relative_v_c =
        std::max(0.0, g_y * g_y * control.unit_variance + g_x * g_x * control.covariate_variance +
                          2 * g_y * g_x * control.covariance) /
        control.n;
    c.relative =
        estimate(difference / yc, relative_v_t + relative_v_c, c.degrees_of_freedom, critical);
    c.bayesian = bayesian(*c.relative, settings);
  }
  if (settings.sequential) c.sequential = sequential(c, settings);
  c.decision_p_value = c.sequential ? c.sequential->p_value
                                    : (c.relative ? c.relative->p_value : c.absolute.p_value);
  return c;
}

Interval relative_interval_at(const Comparison& comparison, const ComparisonSettings& settings,
                              double alpha) {
  const Estimate& e = *comparison.relative;
  if (settings.sequential) return sequence_interval(e, comparison.total_units, settings, alpha);
  if (e.standard_error == 0) return {e.value, e.value};
  const double critical = student_t_quantile(1 - alpha / 2, comparison.degrees_of_freedom);
  return {e.value - critical * e.standard_error, e.value + critical * e.standard_error};
}

}  // namespace experiments::internal
