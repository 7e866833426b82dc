#include "experiments/sequential.h"

#include <algorithm>
#include <cmath>

#include "experiments/internal/errors.h"

namespace experiments {
namespace {

void check(const ConfidenceSequenceOptions& options) {
  if (!(options.alpha > 0 && options.alpha < 1)) internal::fail("alpha", "must be in (0, 1)");
  if (!(options.tuning_units > 0) || std::isinf(options.tuning_units)) {
    internal::fail("tuning_units", "must be a positive number");
  }
}

}  // namespace

double confidence_sequence_rho_squared(const ConfidenceSequenceOptions& options) {
  check(options);
  const double log_inverse_alpha = -std::log(options.alpha);
  return (2 * log_inverse_alpha + std::log1p(2 * log_inverse_alpha)) / options.tuning_units;
}

double confidence_sequence_half_width(double unit_variance, double total_units,
                                      const ConfidenceSequenceOptions& options, double alpha) {
  if (!(alpha > 0 && alpha < 1)) internal::fail("alpha", "must be in (0, 1)");
  if (!(total_units > 0)) internal::fail("total_units", "must be > 0");
  if (!(unit_variance >= 0)) internal::fail("unit_variance", "must be >= 0");
  const double rho2 = confidence_sequence_rho_squared(options);
  const double n_rho2 = total_units * rho2;
  const double log_term = std::log(std::sqrt(n_rho2 + 1) / alpha);
  return std::sqrt(unit_variance * 2 * (n_rho2 + 1) / (total_units * n_rho2) * log_term);
}

double anytime_p_value(double estimate, double unit_variance, double total_units,
                       const ConfidenceSequenceOptions& options) {
  if (!(total_units > 0)) internal::fail("total_units", "must be > 0");
  if (!(unit_variance >= 0)) internal::fail("unit_variance", "must be >= 0");
  const double rho2 = confidence_sequence_rho_squared(options);
  if (unit_variance == 0) return estimate == 0 ? 1.0 : 0.0;
  const double n_rho2 = total_units * rho2;
  // log p = ½ ln(Nρ² + 1) − estimate² N² ρ² / (2 s² (Nρ² + 1)); in logs to avoid overflow.
  const double log_p = 0.5 * std::log1p(n_rho2) - estimate * estimate * total_units * n_rho2 /
                                                      (2 * unit_variance * (n_rho2 + 1));
  return std::min(1.0, std::exp(log_p));
}

}  // namespace experiments
