// Ridge regression behind forecast::Regressor's linear kind (model.h documents the method).
// Internal to the forecast library.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "forecast/model.h"

namespace forecast::internal {

struct RidgeModel {
  std::vector<double> coefficients;  // raw feature scale, one per feature
  double intercept = 0;

  // Throws std::invalid_argument when lambda < 0.
  static RidgeModel train(const Dataset& data, double lambda);
  std::size_t feature_count() const { return coefficients.size(); }
  void predict(std::span<const float> x, std::span<float> out) const;
};

}  // namespace forecast::internal
