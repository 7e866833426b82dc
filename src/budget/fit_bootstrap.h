// The response-curve fit's moving-block residual bootstrap, internal to budget/ (fit.h).
#pragma once

#include <random>
#include <vector>

#include "budget/fit.h"
#include "budget/fit_problem.h"

namespace budget::detail {

// Refits options.bootstrap_samples resampled outcomes, fitted + residuals resampled in blocks
// of options.bootstrap_block_length periods (ceil(T^(1/3)) when 0) taken at uniformly drawn
// starts and concatenated; each refit is one local search warm-started at `unit`, the point
// estimate. Fills every active channel's intervals and bootstrap curves and the summary's
// bootstrap counters; leaves `problem` at the original outcome and `unit`.
void bootstrap(ProjectedProblem& problem, const std::vector<double>& unit, const FitData& data,
               const FitOptions& options, std::mt19937_64& rng, FitSummary& summary);

// The type-7 (linearly interpolated) percentile interval of `values` with central coverage
// `level`. `values` is sorted in place; it must not be empty.
Interval percentile_interval(std::vector<double>& values, double level);

}  // namespace budget::detail
