// From log-scale predictions back to expected values: Duan's smearing estimate, by level.
//
// A model of log(1 + y) predicts ŷ ≈ E[log(1 + y)]; exp(ŷ) − 1 is then a median-like figure,
// below the mean when the noise is skewed, and sums of such figures (a flight's days) come out
// low — by 10–20% on the synthetic history. Duan (1983): E[1 + y | ŷ] ≈ exp(ŷ)·E[e^r], r the
// out-of-sample residual. One factor for all levels fails on zero-inflated targets: days near
// zero have huge relative residuals, and their factor, applied to large days, doubled the
// forecast conversion value of held-out flights. So the factor is estimated per level: the
// calibration pairs (ŷ, r) are sorted by ŷ and cut into up to 10 bins of equal count (at least
// 30 pairs each); each bin's log factor ln mean(e^r) sits at the bin's mean ŷ, and between
// these knots the log factor is interpolated linearly (flat beyond them).
//
// Monotone by construction: a knot's log factor is raised where needed so that
// ŷ + log_factor(ŷ) never decreases from one knot to the next (the log factor may fall at most
// as fast as ŷ rises), so the expected value stays monotone in ŷ, and so in spend.
//
// Pure values; thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace forecast {

struct SmearingCurve {
  std::vector<double> knots;        // mean prediction of each bin, increasing
  std::vector<double> log_factors;  // ln mean(e^r) of each bin, after the monotone guard

  // The log factor at `prediction`; 0 (factor 1) for an empty curve.
  double log_factor(double prediction) const;
  // exp(prediction + log_factor(prediction)): the expected 1 + y.
  double expected(double prediction) const;
};

// Fits the curve to out-of-sample (prediction, residual = actual − prediction) pairs on the
// model's log scale. Throws std::invalid_argument when the spans differ in length.
SmearingCurve fit_smearing(std::span<const double> predictions, std::span<const double> residuals);

}  // namespace forecast
