#include "experiments/internal/distributions.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numbers>

namespace experiments::internal {
namespace {

// Beyond this Student's t is the normal to far better than the tests can tell.
constexpr double kNormalDegreesOfFreedom = 1e7;

bool is_normal(double df) { return !(df < kNormalDegreesOfFreedom); }

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double normal_sf(double z) { return 0.5 * std::erfc(z / std::numbers::sqrt2); }

double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi); }

double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), p);
}

double student_t_sf(double t, double degrees_of_freedom) {
  if (is_normal(degrees_of_freedom)) return normal_sf(t);
  if (std::isinf(t)) return t > 0 ? 0.0 : 1.0;
  boost::math::students_t_distribution<double> dist(degrees_of_freedom);
  return boost::math::cdf(boost::math::complement(dist, t));
}

double student_t_quantile(double p, double degrees_of_freedom) {
  if (is_normal(degrees_of_freedom)) return normal_quantile(p);
  return boost::math::quantile(boost::math::students_t_distribution<double>(degrees_of_freedom), p);
}

double two_sided_p_value(double t, double degrees_of_freedom) {
  if (std::isnan(t)) return 1.0;
  return std::min(1.0, 2 * student_t_sf(std::abs(t), degrees_of_freedom));
}

double chi_squared_sf(double x, double degrees_of_freedom) {
  if (x <= 0) return 1.0;
  boost::math::chi_squared_distribution<double> dist(degrees_of_freedom);
  return boost::math::cdf(boost::math::complement(dist, x));
}

}  // namespace experiments::internal
