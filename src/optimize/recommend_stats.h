// Small statistics for the recommendation engine: normal and Student-t quantiles, Poisson and
// binomial tails, a least-squares line with its standard error. Internal to optimize/.
// The engine's tests need one-sided tails of counts and the t of a slope; nothing here is
// meant to be a general library. Pure functions.
#pragma once

#include <optional>
#include <span>

namespace optimize::recs {

double normal_cdf(double z);
// Inverse of normal_cdf for p in (0, 1) (Acklam's rational approximation, refined by one
// Halley step: relative error below 1e-12).
double normal_quantile(double p);
// Student's t quantile by the Cornish–Fisher expansion around the normal (error < 1e-3 for
// df >= 3 at the usual levels); the normal quantile when df is large.
double student_t_quantile(double p, double df);
// One-sided upper tail P(T >= t) for Student's t, through the normal approximation
// z = t (1 − 1/(4 df)) / sqrt(1 + t² / (2 df)).
double student_t_upper_tail(double t, double df);

// P(X <= k) for X ~ Poisson(lambda); k is floored (modelled conversions can be fractional).
double poisson_cdf(double k, double lambda);
// P(X >= floor(k)) for X ~ Poisson(lambda).
double poisson_upper_tail(double k, double lambda);
// Byar's approximation of the exact two-sided interval for a Poisson mean given `count`.
struct Interval {
  double low = 0, high = 0;
};
Interval poisson_interval(double count, double confidence);

// Two-sided p-value of `k` successes in `n` trials with success probability p (twice the smaller
// tail, at most 1; the smaller tail is the one away from the mean). n and k are rounded.
double binomial_two_sided_p(double k, double n, double p);

// Ordinary least squares of y on x.
struct LineFit {
  int n = 0;
  double intercept = 0, slope = 0, slope_se = 0;
  double t() const { return slope_se > 0 ? slope / slope_se : 0; }
};
// nullopt with fewer than 3 points or no spread in x.
std::optional<LineFit> fit_line(std::span<const double> x, std::span<const double> y);

}  // namespace optimize::recs
