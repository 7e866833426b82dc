// Per-variant moments from sums, and CUPED's pooled θ.
#include <algorithm>
#include <cmath>

#include "experiments/internal/comparison.h"

namespace experiments::internal {
namespace {

// (Σab − Σa Σb / n) / (n − 1): the sample covariance from sums.
double covariance_from_sums(double sum_ab, double sum_a, double sum_b, double n) {
  return (sum_ab - sum_a * sum_b / n) / (n - 1);
}

void add_covariate(const VariantData& data, Arm& arm) {
  if (!data.covariate) return;
  const auto& x = *data.covariate;
  arm.has_covariate = true;
  arm.covariate_mean = x.sum / arm.n;
  arm.covariate_variance = std::max(0.0, covariance_from_sums(x.sum_squares, x.sum, x.sum, arm.n));
  arm.covariance = covariance_from_sums(x.cross_sum, x.sum, data.sum, arm.n);
}

// Var of the linearised ratio M/D per unit: (s_M² − 2 r s_MD + r² s_D²) / D̄² (delta method).
double ratio_unit_variance(const VariantData& data, double n) {
  const double ratio = data.sum / data.denominator_sum;
  const double denominator_mean = data.denominator_sum / n;
  const double var_m = covariance_from_sums(data.sum_squares, data.sum, data.sum, n);
  const double var_d = covariance_from_sums(data.denominator_sum_squares, data.denominator_sum,
                                            data.denominator_sum, n);
  const double cov_md = covariance_from_sums(data.cross_sum, data.sum, data.denominator_sum, n);
  const double numerator = var_m - 2 * ratio * cov_md + ratio * ratio * var_d;
  return std::max(0.0, numerator / (denominator_mean * denominator_mean));
}

}  // namespace

std::optional<double> variant_value(const MetricSpec& spec, const VariantData& data) {
  if (data.units <= 0) return std::nullopt;
  if (spec.kind == MetricKind::ratio) {
    if (data.denominator_sum == 0) return std::nullopt;
    return data.sum / data.denominator_sum;
  }
  return data.sum / static_cast<double>(data.units);
}

std::optional<Arm> make_arm(const MetricSpec& spec, const VariantData& data) {
  const auto value = variant_value(spec, data);
  if (!value || data.units < 2) return std::nullopt;
  Arm arm;
  arm.n = static_cast<double>(data.units);
  arm.mean = *value;
  switch (spec.kind) {
    case MetricKind::proportion:
      arm.unit_variance = arm.mean * (1 - arm.mean);
      add_covariate(data, arm);
      break;
    case MetricKind::mean:
      arm.unit_variance =
          std::max(0.0, covariance_from_sums(data.sum_squares, data.sum, data.sum, arm.n));
      add_covariate(data, arm);
      break;
    case MetricKind::ratio:
      arm.unit_variance = ratio_unit_variance(data, arm.n);
      break;  // CUPED is not applied to ratio metrics (analysis.h)
  }
  return arm;
}

double pooled_theta(const std::vector<Arm>& arms) {
  double cross = 0, squares = 0;
  for (const auto& arm : arms) {
    if (!arm.has_covariate) continue;
    cross += (arm.n - 1) * arm.covariance;
    squares += (arm.n - 1) * arm.covariate_variance;
  }
  return squares > 0 ? cross / squares : 0.0;
}

}  // namespace experiments::internal
