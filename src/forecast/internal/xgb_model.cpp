#include "forecast/internal/xgb_model.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace forecast::internal {
namespace {

// In-place prediction settings: plain values (type 0), every tree, NaN as the missing marker.
// Parsed by XGBoost on each call; it is short, and built once.
constexpr const char* kPredictConfig =
    R"({"type":0,"training":false,"iteration_begin":0,"iteration_end":0,)"
    R"("strict_shape":false,"cache_id":0,"missing":NaN})";

// A DMatrix owned for the duration of training.
class Matrix {
 public:
  Matrix(const Dataset& data, int threads) {
    check_xgb(XGDMatrixCreateFromMat_omp(data.x.data(), data.rows, data.cols(), std::nanf(""),
                                         &handle_, threads),
              "XGDMatrixCreateFromMat");
    check_xgb(XGDMatrixSetFloatInfo(handle_, "label", data.y.data(), data.rows),
              "XGDMatrixSetFloatInfo");
  }
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
  ~Matrix() { XGDMatrixFree(handle_); }
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

// An owned booster handle.
class Booster {
 public:
  explicit Booster(std::span<const DMatrixHandle> matrices = {}) {
    check_xgb(XGBoosterCreate(matrices.data(), matrices.size(), &handle_), "XGBoosterCreate");
  }
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  ~Booster() { XGBoosterFree(handle_); }
  BoosterHandle get() const { return handle_; }

 private:
  BoosterHandle handle_ = nullptr;
};

// A booster read from UBJSON bytes, predicting on one thread. Throws std::invalid_argument
// when XGBoost cannot read them.
std::unique_ptr<Booster> load_booster(std::string_view bytes) {
  auto booster = std::make_unique<Booster>();
  if (XGBoosterLoadModelFromBuffer(booster->get(), bytes.data(), bytes.size()) != 0) {
    throw std::invalid_argument(std::string("not an XGBoost model: ") + XGBGetLastError());
  }
  check_xgb(XGBoosterSetParam(booster->get(), "nthread", "1"), "XGBoosterSetParam");
  return booster;
}

std::string save_booster(BoosterHandle booster) {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  check_xgb(XGBoosterSaveModelToBuffer(booster, R"({"format":"ubj"})", &length, &bytes),
            "XGBoosterSaveModelToBuffer");
  return std::string(bytes, length);
}

// In-place prediction with XGBoost itself.
void xgboost_predict(BoosterHandle booster, std::size_t features, std::span<const float> x,
                     std::span<float> out) {
  if (out.empty()) return;
  // __array_interface__ of the caller's buffer: address, read-only, shape, little-endian f4.
  char array[160];
  std::snprintf(array, sizeof array,
                R"({"data":[%)" PRIuPTR R"(,true],"shape":[%zu,%zu],"typestr":"<f4","version":3})",
                reinterpret_cast<std::uintptr_t>(x.data()), out.size(), features);
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  check_xgb(
      XGBoosterPredictFromDense(booster, array, kPredictConfig, nullptr, &shape, &dims, &result),
      "XGBoosterPredictFromDense");
  bst_ulong values = 1;
  for (bst_ulong d = 0; d < dims; ++d) values *= shape[d];
  if (values != out.size()) throw std::runtime_error("XGBoost returned an unexpected shape");
  // The result lives in XGBoost's thread-local buffer until this thread's next call: copy now.
  std::copy(result, result + out.size(), out.begin());
}

// The booster's trees as a TreeEnsemble, checked against XGBoost's own prediction of `rows`.
TreeEnsemble copy_trees(BoosterHandle booster, std::size_t features, std::span<const float> rows) {
  bst_ulong tree_count = 0;
  const char** dumps = nullptr;
  check_xgb(XGBoosterDumpModelEx(booster, "", 0, "text", &tree_count, &dumps),
            "XGBoosterDumpModelEx");
  std::vector<std::string_view> trees(dumps, dumps + tree_count);
  bst_ulong config_length = 0;
  const char* config = nullptr;
  check_xgb(XGBoosterSaveJsonConfig(booster, &config_length, &config), "XGBoosterSaveJsonConfig");
  // The one number needed from the configuration: "base_score":"<float>".
  const std::string_view text(config, config_length);
  constexpr std::string_view key = R"("base_score":")";
  const std::size_t at = text.find(key);
  if (at == std::string_view::npos) throw std::runtime_error("XGBoost config without base_score");
  float base_score = 0;
  const char* first = text.data() + at + key.size();
  if (std::from_chars(first, text.data() + text.size(), base_score).ec != std::errc{}) {
    throw std::runtime_error("XGBoost config: unreadable base_score");
  }
  TreeEnsemble ensemble = TreeEnsemble::from_text_dump(trees, base_score, features);
  const std::size_t n = rows.size() / features;
  std::vector<float> ours(n), theirs(n);
  ensemble.predict(rows, ours);
  xgboost_predict(booster, features, rows, theirs);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::abs(ours[i] - theirs[i]) > 1e-5f * (1.0f + std::abs(theirs[i]))) {
      throw std::runtime_error("copied trees disagree with XGBoost's prediction");
    }
  }
  return ensemble;
}

std::string monotone_param(const Dataset& data) {
  std::string text = "(";
  for (std::size_t j = 0; j < data.cols(); ++j) {
    if (j > 0) text += ',';
    text += std::to_string(data.monotone.empty() ? 0 : data.monotone[j]);
  }
  return text + ")";
}

using Params = std::vector<std::pair<std::string, std::string>>;

Params parameters(ModelKind kind, const Dataset& data, const RegressorOptions& options) {
  if (options.forest_trees < 1 || options.forest_depth < 1 || options.boosting_rounds < 1 ||
      options.boosting_depth < 1 || !(options.learning_rate > 0) || options.max_bin < 2) {
    throw std::invalid_argument("regressor options out of range");
  }
  const bool forest = kind == ModelKind::random_forest;
  const int depth = forest ? options.forest_depth : options.boosting_depth;
  // Start from the target's mean rather than XGBoost's 0.5: the boosted trees then spend no
  // rounds walking to the level of a log-scale target.
  const double mean =
      std::accumulate(data.y.begin(), data.y.end(), 0.0) / static_cast<double>(data.rows);
  Params p = {
      {"objective", "reg:squarederror"},
      {"tree_method", "hist"},
      {"max_bin", std::to_string(options.max_bin)},
      {"nthread", std::to_string(options.threads)},
      {"seed", std::to_string(options.seed % 2147483647ULL)},
      {"verbosity", "0"},
      {"max_depth", std::to_string(depth)},
      {"base_score", std::to_string(mean)},
      {"monotone_constraints", monotone_param(data)},
  };
  if (forest) {
    p.insert(p.end(), {{"num_parallel_tree", std::to_string(options.forest_trees)},
                       {"eta", "1"},
                       {"subsample", "0.632"},
                       {"colsample_bynode", "0.7"},
                       {"lambda", "1e-5"},
                       {"min_child_weight", "2"}});
  } else {
    p.insert(p.end(), {{"eta", std::to_string(options.learning_rate)},
                       {"subsample", "0.8"},
                       {"min_child_weight", "2"}});
  }
  for (const auto& kv : options.xgboost_overrides) p.push_back(kv);
  return p;
}

int boosting_rounds(ModelKind kind, const RegressorOptions& options) {
  return kind == ModelKind::random_forest ? 1 : options.boosting_rounds;
}

}  // namespace

void check_xgb(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string("XGBoost ") + what + ": " + XGBGetLastError());
}

XgbModel XgbModel::train(ModelKind kind, const Dataset& data, const RegressorOptions& options) {
  Matrix matrix(data, options.threads);
  const DMatrixHandle handles[] = {matrix.get()};
  Booster booster(handles);
  for (const auto& [name, value] : parameters(kind, data, options)) {
    check_xgb(XGBoosterSetParam(booster.get(), name.c_str(), value.c_str()), "XGBoosterSetParam");
  }
  const int rounds = boosting_rounds(kind, options);
  for (int round = 0; round < rounds; ++round) {
    check_xgb(XGBoosterUpdateOneIter(booster.get(), round, matrix.get()), "XGBoosterUpdateOneIter");
  }
  XgbModel model;
  model.bytes_ = save_booster(booster.get());
  const std::size_t check_rows = std::min<std::size_t>(data.rows, 64);
  model.ensemble_ = copy_trees(booster.get(), data.cols(),
                               std::span<const float>(data.x.data(), check_rows * data.cols()));
  return model;
}

XgbModel XgbModel::load(std::string_view model_bytes) {
  const auto booster = load_booster(model_bytes);
  bst_ulong features = 0;
  check_xgb(XGBoosterGetNumFeature(booster->get(), &features), "XGBoosterGetNumFeature");
  if (features == 0) throw std::invalid_argument("XGBoost model without features");
  // Two probe rows (all zeros, all ones) check the copied trees against XGBoost.
  std::vector<float> probe(2 * features, 0.0f);
  std::fill(probe.begin() + static_cast<std::ptrdiff_t>(features), probe.end(), 1.0f);
  XgbModel model;
  model.bytes_ = std::string(model_bytes);
  try {
    model.ensemble_ = copy_trees(booster->get(), features, probe);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(std::string("unusable XGBoost model: ") + e.what());
  }
  return model;
}

void XgbModel::predict_with_xgboost(std::span<const float> x, std::span<float> out) const {
  xgboost_predict(load_booster(bytes_)->get(), feature_count(), x, out);
}

}  // namespace forecast::internal
