// Always-valid inference: confidence sequences that may be looked at every day.
//
// The boundary is the asymptotic confidence sequence of Waudby-Smith et al. ("Time-uniform
// central limit theory and asymptotic confidence sequences", 2023), which is the two-sided
// normal-mixture boundary of Howard et al. (2021) with a plug-in variance — the method GrowthBook
// implements. For an estimate whose variance is s² / N after N units in total,
//
//   half-width(N) = s · sqrt( 2 (N ρ² + 1) / (N² ρ²) · ln( sqrt(N ρ² + 1) / α ) )
//   ρ²            = ( 2 ln(1/α) + ln(1 + 2 ln(1/α)) ) / tuning_units
//
// ρ is chosen so that the sequence is narrowest, relative to the fixed-horizon interval, when
// N = tuning_units; set tuning_units to the sample size at which decisions are usually made, and
// keep it fixed for the life of an experiment. (Written in Howard et al.'s form the boundary is
// sqrt((V + ρ_H) ln((V + ρ_H) / (ρ_H α²))) / N with V = N s² and ρ_H = s² / ρ².) The guarantee —
// the chance that the interval ever misses the true value, at any of infinitely many looks, is
// at most α — holds as the sample grows (asymptotically), not for tiny samples.
//
// Pure functions, safe to call from several threads at once.
#pragma once

namespace experiments {

struct ConfidenceSequenceOptions {
  double alpha = 0.05;         // in (0, 1); two-sided
  double tuning_units = 5000;  // N at which the sequence is tuned (GrowthBook's default), > 0
};

// ρ² above. Throws std::invalid_argument naming "alpha" or "tuning_units".
double confidence_sequence_rho_squared(const ConfidenceSequenceOptions& options);

// The half-width at `total_units` (N > 0) for an estimate whose variance is
// unit_variance / total_units (unit_variance = s² >= 0). `alpha` overrides options.alpha in the
// logarithm but keeps ρ tuned for options.alpha, so that intervals at several levels are nested
// and agree with anytime_p_value (this is how multiplicity-adjusted sequences are drawn); pass
// options.alpha for the plain sequence.
double confidence_sequence_half_width(double unit_variance, double total_units,
                                      const ConfidenceSequenceOptions& options, double alpha);

// The smallest α at which the sequence (ρ fixed as above) excludes 0: an anytime-valid p-value,
//   p = min(1, sqrt(N ρ² + 1) · exp(−estimate² N² ρ² / (2 s² (N ρ² + 1)))).
// The chance that it ever falls to α or below under the null is at most α. 1 when s² = 0 and the
// estimate is 0; 0 when s² = 0 and it is not.
double anytime_p_value(double estimate, double unit_variance, double total_units,
                       const ConfidenceSequenceOptions& options);

}  // namespace experiments
