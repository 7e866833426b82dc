// XGBoost tree ensembles behind forecast::Regressor (model.h): the parameter sets of the forest
// and the boosted trees, training, and the copy of the trees that serves predictions.
//
// No XGBoost object outlives a call: a booster exists only while a model is trained or loaded,
// long enough to save its UBJSON bytes and copy its trees (tree_ensemble.h). A model kept in a
// static therefore never frees a booster during static destruction, after XGBoost's own
// thread-local state is gone (which crashed at exit). Internal to the forecast library;
// model.h documents the behaviour.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "forecast/internal/tree_ensemble.h"
#include "forecast/model.h"

namespace forecast::internal {

class XgbModel {
 public:
  // kind is random_forest or gradient_boosting.
  static XgbModel train(ModelKind kind, const Dataset& data, const RegressorOptions& options);
  // Throws std::invalid_argument when XGBoost cannot read `model_bytes` or its trees cannot be
  // copied faithfully.
  static XgbModel load(std::string_view model_bytes);

  std::size_t feature_count() const { return ensemble_.feature_count(); }
  // Thread-safe: walks the TreeEnsemble copy, never XGBoost.
  void predict(std::span<const float> x, std::span<float> out) const { ensemble_.predict(x, out); }
  // The same through XGBoost's in-place prediction (XGBoosterPredictFromDense) on a booster
  // loaded from the saved bytes: slow, for checks.
  void predict_with_xgboost(std::span<const float> x, std::span<float> out) const;
  const std::string& save() const { return bytes_; }  // XGBoost's UBJSON model

 private:
  std::string bytes_;
  TreeEnsemble ensemble_;
};

// Throws std::runtime_error with XGBGetLastError() when rc != 0.
void check_xgb(int rc, const char* what);

}  // namespace forecast::internal
