// Split-conformal prediction intervals (Vovk et al.; Lei et al. 2018, "Distribution-free
// predictive inference for regression").
//
// A model is fitted on one part of the data and its residuals r = actual − predicted are
// measured on a calibration part it never saw. With n calibration residuals, the interval
// prediction ± q̂ where q̂ is the ⌈(n + 1)(1 − α)⌉-th smallest |r| — the empirical quantile of
// the |r| at level ⌈(n + 1)(1 − α)⌉ / n — covers a new point with probability at least 1 − α
// (and below 1 − α + 1/(n + 1)) whenever the calibration points and the new point are
// exchangeable. Nothing is assumed about the model or the noise's distribution.
//
// The forecaster applies it to log(1 + count) residuals, so its intervals are multiplicative on
// the count scale: [(1 + ŷ)·e^(−q̂) − 1, (1 + ŷ)·e^(q̂) − 1].
//
// Campaign days are not exchangeable in time (auctions drift, seasons turn), so training.h
// calibrates on the most recent block and measures the coverage it actually gets on later
// data; docs/forecasting.md reports it.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <span>

namespace forecast {

// The conformal half-width for miscoverage `alpha` in (0, 1): the ⌈(n + 1)(1 − α)⌉-th smallest
// of the |residuals|. +infinity when that rank exceeds n (n < 1/α − 1: e.g. fewer than 19
// residuals for α = 0.05) — no finite interval then has the guarantee. Throws
// std::invalid_argument when alpha is outside (0, 1).
double conformal_quantile(std::span<const double> residuals, double alpha);

// What a calibration set gives an interval: half-widths at 80% and 95% on the residuals' scale.
struct ConformalCalibration {
  std::size_t calibration_size = 0;
  double half_width_80 = 0;  // conformal_quantile(residuals, 0.20)
  double half_width_95 = 0;  // conformal_quantile(residuals, 0.05)
  // False when a half-width had to fall back to the largest |residual| because the set was too
  // small for the finite-sample rank (see conformal_quantile); the guarantee does not hold then.
  bool finite_sample_valid = true;
};

// Calibrates from residuals (actual − predicted). With fewer residuals than the 95% rank needs,
// the largest |residual| stands in (and finite_sample_valid is false); with none, half-widths
// are +infinity.
ConformalCalibration calibrate(std::span<const double> residuals);

// The share of `residuals` (of a test set, never the calibration set) inside each interval.
struct Coverage {
  std::size_t points = 0;
  double coverage_80 = 0;  // share with |r| <= half_width_80; 0 when points == 0
  double coverage_95 = 0;
};
Coverage empirical_coverage(std::span<const double> residuals,
                            const ConformalCalibration& calibration);

}  // namespace forecast
