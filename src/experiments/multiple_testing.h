// Multiple-comparison corrections for a family of p-values (several variants and/or metrics).
//
// Holm (1979) controls the family-wise error rate (the chance of any false positive) under any
// dependence between the tests. Benjamini–Hochberg (1995) controls the false discovery rate (the
// expected share of false positives among the discoveries) for independent or positively
// dependent tests. Both return adjusted p-values: a test is rejected at level α exactly when its
// adjusted p-value is <= α, so one family can be read at any α. Adjusted p-values are capped at 1
// and keep the input order.
//
// Pure functions, safe to call from several threads at once.
#pragma once

#include <span>
#include <vector>

namespace experiments {

enum class Correction { none, holm, benjamini_hochberg };

// Holm's step-down adjustment: sort ascending p(1) <= … <= p(m); the adjusted p(i) is
// max over j <= i of min(1, (m − j + 1) p(j)). Throws std::invalid_argument naming "p_values[i]"
// when a p-value is outside [0, 1] or NaN.
std::vector<double> holm_adjust(std::span<const double> p_values);

// Benjamini–Hochberg's step-up adjustment: the adjusted p(i) is min over j >= i of
// min(1, m p(j) / j). Same errors as holm_adjust.
std::vector<double> benjamini_hochberg_adjust(std::span<const double> p_values);

// holm_adjust, benjamini_hochberg_adjust, or a copy of the input for Correction::none.
std::vector<double> adjust_p_values(std::span<const double> p_values, Correction correction);

// The significance level at which to draw "adjusted" intervals for a family of `family_size`
// tests that `rejections` of which were rejected at level alpha:
//   holm:               alpha / m — Bonferroni's simultaneous intervals. Holm has no exactly
//                       compatible intervals; a Bonferroni interval excludes 0 only if Holm
//                       rejects, never the other way round.
//   benjamini_hochberg: alpha · max(R, 1) / m — the false-coverage-rate intervals of Benjamini
//                       & Yekutieli (2005) for the selected parameters.
//   none:               alpha.
double adjusted_interval_alpha(Correction correction, double alpha, int family_size,
                               int rejections);

}  // namespace experiments
