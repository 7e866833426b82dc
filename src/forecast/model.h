// A regressor over a dense feature matrix: the one learning routine behind the campaign
// forecaster (training.h) and the evaluation program (bench/forecast/forecast_evaluation.cpp).
//
// Three kinds:
//  - random_forest: XGBoost with one boosting round of forest_trees parallel trees
//    (num_parallel_tree), eta 1, rows subsampled at 0.632 per tree (the share of distinct rows
//    in a bootstrap sample) and 70% of the features considered at each split
//    (colsample_bynode), leaves barely regularised (lambda 1e-5), at least 2 rows per leaf:
//    Breiman's forest on XGBoost's histogram trees.
//  - gradient_boosting: XGBoost histogram boosting, boosting_rounds rounds of trees of depth
//    boosting_depth at learning_rate, 80% row subsampling, at least 2 rows per leaf. A fixed
//    number of rounds, no early stopping: the rolling-origin cross-validation in training.h is
//    what judges it.
//  - linear: ridge regression solved in closed form (Eigen) on standardized features.
// Both tree kinds start from the target's mean (base_score) and use max_bin-bin histograms
// ("hist"), squared error.
//
// Monotone constraints. Dataset::monotone gives each feature a sign: +1 means predictions never
// fall when that feature rises (others fixed), −1 never rise, 0 free. Trees get XGBoost's
// monotone_constraints, which holds exactly for every tree and so for their sum or mean. The
// ridge keeps each constrained coefficient on its side of zero: a coefficient whose unconstrained
// optimum has the wrong sign is fixed at 0 and the rest re-solved (an active-set solution of the
// constrained least squares, exact when one feature is constrained).
//
// Ridge, precisely: each column is centred on its mean and divided by its population standard
// deviation (a constant column gets coefficient 0); β = (ZᵀZ + λI)⁻¹ Zᵀ(y − ȳ) on the
// standardized matrix Z, the intercept ȳ is not penalised; β is mapped back to the raw scale.
// A 1e-9 relative jitter on the diagonal keeps λ = 0 solvable with collinear one-hot columns.
//
// Prediction. Trees are not walked by XGBoost at prediction time: train() and load() copy them
// into flat arrays (internal/tree_ensemble.h) and check the copy against XGBoost's own
// in-place prediction; predict() then gives XGBoost's result bit for bit at a fraction of its
// per-call cost (~7 µs of argument parsing per XGBoosterPredictFromDense call).
//
// Thread safety: a trained or loaded Regressor is immutable and predict() may be called from
// any number of threads at once: it reads plain arrays (trees or coefficients) and nothing
// else. train() uses options.threads XGBoost threads of its own (1 by default, see below).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace forecast {

enum class ModelKind { random_forest, gradient_boosting, linear };

// Every kind, simplest first: the order in which ties are broken.
inline constexpr std::array<ModelKind, 3> kModelKindsBySimplicity = {
    ModelKind::linear, ModelKind::random_forest, ModelKind::gradient_boosting};

// "random_forest", "gradient_boosting", "linear".
std::string_view model_kind_name(ModelKind kind);
// The inverse of model_kind_name; nullopt for any other text.
std::optional<ModelKind> model_kind_from_name(std::string_view name);

// A dense training set: `rows` rows of feature_names.size() features each, and one target.
struct Dataset {
  std::vector<std::string> feature_names;
  std::size_t rows = 0;
  std::vector<float> x;       // row-major, rows × cols()
  std::vector<float> y;       // one target per row
  std::vector<int> monotone;  // per feature −1 / 0 / +1; empty means no constraints

  std::size_t cols() const { return feature_names.size(); }
  // Throws std::invalid_argument when the sizes disagree, a monotone entry is not −1/0/+1, or
  // a value is not finite.
  void validate() const;
  // The rows listed in `row_indices`, in that order, with the same features and constraints.
  Dataset subset(std::span<const std::size_t> row_indices) const;
};

// Defaults chosen so that the whole training of training.h (cross-validation of three kinds on
// three or four targets, then the serving fit) stays well under 5 s for 100,000 rows on 2
// cores; docs/forecasting.md has the measurements.
struct RegressorOptions {
  int forest_trees = 16;        // random forest: trees (num_parallel_tree, one round)
  int forest_depth = 10;        // random forest: depth of each tree
  int boosting_rounds = 40;     // gradient boosting: rounds, one tree each
  int boosting_depth = 6;       // gradient boosting: depth of each tree
  double learning_rate = 0.15;  // gradient boosting: shrinkage (eta)
  double ridge_lambda = 1.0;    // linear: the penalty λ on standardized coefficients, >= 0
  int max_bin = 64;             // histogram bins per feature (XGBoost "hist")
  // XGBoost's OpenMP threads for one fit, >= 1 (predict() runs on the caller's thread). 1 by
  // default: XGBoost 1.7 synchronises its threads at every tree node, and on a busy machine a
  // preempted thread leaves the others spinning (fits measured 5–20× slower on this shared
  // 2-core host). training.h and out_of_fold_predictions() run whole fits in parallel instead.
  int threads = 1;
  std::uint64_t seed = 42;  // row and feature sampling of the trees
  // XGBoost parameters applied after all of the above, overriding them: for baselines such as
  // a default-settings forest. Ignored by linear.
  std::vector<std::pair<std::string, std::string>> xgboost_overrides;
};

class Regressor {
 public:
  // Fits `kind` to `data`. Throws std::invalid_argument when data fails Dataset::validate(), has
  // no rows or the options are out of range; std::runtime_error when XGBoost reports an error
  // (its message included).
  static Regressor train(ModelKind kind, const Dataset& data, const RegressorOptions& options);

  // Rebuilds a regressor from save()'s bytes; predictions are identical to the saved one's.
  // Throws std::invalid_argument when the bytes are not a saved regressor.
  static Regressor load(std::string_view bytes);

  Regressor(Regressor&&) noexcept;
  Regressor& operator=(Regressor&&) noexcept;
  ~Regressor();

  ModelKind kind() const;
  std::size_t feature_count() const;

  // Predicts out.size() rows whose features are row-major in x (x.size() must equal
  // out.size() × feature_count(), else std::invalid_argument). Safe from several threads.
  void predict(std::span<const float> x, std::span<float> out) const;
  std::vector<float> predict(std::span<const float> x) const;

  // The model as bytes (binary: a kind tag, XGBoost's UBJSON model or the ridge coefficients,
  // a checksum). Portable across little-endian machines with XGBoost 1.7 or later.
  std::string save() const;

  // Linear only: the coefficients on the raw feature scale and the intercept; empty otherwise.
  std::span<const double> linear_coefficients() const;
  double linear_intercept() const;

 private:
  struct Impl;
  explicit Regressor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace forecast
