// A read-only copy of an XGBoost tree ensemble in flat arrays, for fast, lock-free prediction.
//
// Why: XGBoost 1.7's in-place prediction costs ~7 µs per call before it visits a node (JSON
// parsing of its arguments, adapters, buffers), and 2–3 ns per node after; a 30-day plan needs
// one call per target. Walking the same trees here costs a fraction of that and touches no
// XGBoost state, so any number of threads can predict at once.
//
// Exactness: the trees come from XGBoost's text dump, which prints split thresholds and leaf
// values with 9 significant digits (float max_digits10, so they parse back to the same float),
// and base_score from the learner's JSON configuration. Prediction follows XGBoost's CPU
// predictor: start from base_score and add each tree's leaf, in tree order, in float; a missing
// (NaN) value takes the node's "missing" branch, otherwise value < threshold goes to "yes". The
// result is bit-for-bit XGBoost's (tests/forecast check it). Internal to the forecast library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace forecast::internal {

class TreeEnsemble {
 public:
  // Parses XGBoost's per-tree text dumps ("0:[f12<4.5] yes=1,no=2,missing=1" / "3:leaf=0.1").
  // Throws std::invalid_argument on text it does not recognise (e.g. categorical splits).
  static TreeEnsemble from_text_dump(std::span<const std::string_view> trees, float base_score,
                                     std::size_t features);

  std::size_t feature_count() const { return features_; }
  std::size_t tree_count() const { return roots_.size(); }
  // x: out.size() rows of feature_count() floats, row-major.
  void predict(std::span<const float> x, std::span<float> out) const;

 private:
  struct Node {
    float value = 0;            // threshold of a split, output of a leaf
    std::int32_t feature = -1;  // -1 for a leaf
    std::int32_t yes = 0;       // value < threshold
    std::int32_t no = 0;
    std::int32_t missing = 0;  // NaN
  };
  std::vector<Node> nodes_;
  std::vector<std::int32_t> roots_;
  float base_score_ = 0;
  std::size_t features_ = 0;
};

}  // namespace forecast::internal
