// Power and sample size for a comparison of one treatment with the control.
//
// The test is the one analyze() decides with: a two-sided test of the relative lift L with the
// delta-method variance (or, with lift_test = false, of the absolute difference with the
// unpooled variance), normal approximation. With shares w_c and w_t of all N experiment units
// in control and treatment, per-unit variances σ_c² (control) and σ_t² (treatment, at the
// alternative), an absolute effect δ = L × baseline, and variances expressed on the absolute
// scale (the lift's times baseline²),
//
//   s0² = σ_c² (1/w_c + 1/w_t)                  variance × N of the estimate under no effect
//   s1² = (1 + L)² σ_c²/w_c + σ_t²/w_t          … under the effect, lift test (delta method)
//   s1² = σ_c²/w_c + σ_t²/w_t                   … under the effect, absolute test
//   power(N)       = Φ( (|δ| − z_{1−α/2} s0 / √N) / (s1 / √N) )
//   sample size N  = ( (z_{1−α/2} s0 + z_{power} s1) / δ )²
//
// For a proportion σ_c² = p (1 − p) and σ_t² = p' (1 − p') with p' = p + δ (with equal shares
// and the absolute test this is the formula of Evan Miller's sample-size calculator); for a
// mean or ratio metric σ_t = σ_c = unit_variance. α is divided by `comparisons` (Bonferroni) so
// that the plan also holds after a Holm correction. With sequential testing the fixed-horizon
// critical value z s0/√N is replaced by the confidence sequence's half-width at N (sequential.h)
// for the variance s1² the data will show under the effect: the chance that the look at N is
// significant — conservative, since earlier looks may stop sooner.
//
// Pure functions, safe to call from several threads at once. Invalid input throws
// std::invalid_argument naming the field ("problem.baseline: …", "options.power: …").
#pragma once

#include <cstdint>

#include "experiments/metric.h"
#include "experiments/sequential.h"

namespace experiments {

struct PowerProblem {
  MetricKind kind = MetricKind::proportion;
  double baseline = 0;         // control value: a rate in (0, 1) for a proportion, != 0 otherwise
  double unit_variance = 0;    // σ_c² per unit (mean, ratio); ignored for a proportion
  double control_share = 0.5;  // shares of all experiment units, each in (0, 1]
  double treatment_share = 0.5;
};

struct PowerOptions {
  double alpha = 0.05;  // two-sided, in (0, 1)
  double power = 0.8;   // target power, in (0, 1)
  int comparisons = 1;  // Bonferroni divisor for alpha, >= 1
  bool sequential = false;
  double sequential_tuning_units = 5000;  // see sequential.h
  bool lift_test = true;  // plan for analyze()'s test of the lift; false: the absolute test
};

struct SampleSize {
  double total_units = 0;      // N, unrounded (+inf when the effect cannot be reached)
  double control_units = 0;    // N w_c
  double treatment_units = 0;  // N w_t
};

// Units needed for `power` against a relative effect (!= 0; for a proportion the treatment rate
// must stay inside (0, 1)).
SampleSize required_sample_size(const PowerProblem& problem, double relative_effect,
                                const PowerOptions& options);

// Power at `total_units` (> 0) against a relative effect.
double power_at(const PowerProblem& problem, double relative_effect, double total_units,
                const PowerOptions& options);

// The smallest relative increase that `total_units` detects with options.power (for a
// proportion, capped where the treatment rate would reach 1: +inf then).
double detectable_effect(const PowerProblem& problem, double total_units,
                         const PowerOptions& options);

}  // namespace experiments
