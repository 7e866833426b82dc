// Input checks of the response-curve fit, internal to budget/. Every check throws
// std::invalid_argument whose message starts with the path of the offending field (fit.h).
#pragma once

#include <Eigen/Dense>

#include "budget/fit.h"

namespace budget::detail {

// Sizes, finiteness, signs, names and option ranges.
void validate_fit_input(const FitData& data, const FitOptions& options);

// The baseline's columns (intercept, trend, Fourier terms, controls, in that order) must be
// linearly independent, or the baseline coefficients are not defined; names the last column
// that depends on the others (a control copying another, a constant control, ...).
void check_baseline_rank(const Eigen::MatrixXd& columns, const FitData& data,
                         const FitOptions& options);

// At least two periods per fitted parameter.
void check_enough_periods(int periods, int parameters);

// The adstock window in periods: options.adstock_window, or 8 weeks' worth when it is 0.
int adstock_window_periods(const FitOptions& options, int period_days);

}  // namespace budget::detail
