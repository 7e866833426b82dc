// Thin wrappers over Boost.Math's distributions, so that only one translation unit pays for
// their headers. Degrees of freedom of +inf (or beyond 1e7) mean the normal distribution.
#pragma once

namespace experiments::internal {

double normal_cdf(double z);
double normal_sf(double z);  // 1 − Φ(z), accurate in the upper tail
double normal_pdf(double z);
double normal_quantile(double p);  // p in (0, 1)

double student_t_sf(double t, double degrees_of_freedom);        // P(T > t)
double student_t_quantile(double p, double degrees_of_freedom);  // p in (0, 1)

// Two-sided p-value of a statistic t, 2 P(T > |t|).
double two_sided_p_value(double t, double degrees_of_freedom);

double chi_squared_sf(double x, double degrees_of_freedom);  // P(X > x)

}  // namespace experiments::internal
