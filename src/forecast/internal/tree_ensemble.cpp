#include "forecast/internal/tree_ensemble.h"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace forecast::internal {
namespace {

[[noreturn]] void bad_dump(std::string_view line) {
  throw std::invalid_argument("unrecognised XGBoost tree dump line: " + std::string(line));
}

// Reads a number at the front of `text` and drops it (and the characters it used).
template <typename T>
T take_number(std::string_view& text, std::string_view line) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{}) bad_dump(line);
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return value;
}

void expect(std::string_view& text, std::string_view prefix, std::string_view line) {
  if (!text.starts_with(prefix)) bad_dump(line);
  text.remove_prefix(prefix.size());
}

}  // namespace

TreeEnsemble TreeEnsemble::from_text_dump(std::span<const std::string_view> trees, float base_score,
                                          std::size_t features) {
  TreeEnsemble ensemble;
  ensemble.base_score_ = base_score;
  ensemble.features_ = features;
  for (std::string_view dump : trees) {
    const auto offset = static_cast<std::int32_t>(ensemble.nodes_.size());
    std::vector<Node> tree;
    std::vector<bool> seen;
    while (!dump.empty()) {
      const std::size_t eol = dump.find('\n');
      std::string_view line = dump.substr(0, eol);
      dump.remove_prefix(eol == std::string_view::npos ? dump.size() : eol + 1);
      const std::string_view whole = line;
      while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
      if (line.empty()) continue;
      const auto id = take_number<std::int32_t>(line, whole);
      if (id < 0 || id > 1 << 24) bad_dump(whole);
      expect(line, ":", whole);
      Node node;
      if (line.starts_with("leaf=")) {
        line.remove_prefix(5);
        node.value = take_number<float>(line, whole);
      } else {
        expect(line, "[f", whole);
        node.feature = take_number<std::int32_t>(line, whole);
        if (node.feature < 0 || static_cast<std::size_t>(node.feature) >= features) bad_dump(whole);
        expect(line, "<", whole);
        node.value = take_number<float>(line, whole);
        expect(line, "] yes=", whole);
        node.yes = take_number<std::int32_t>(line, whole) + offset;
        expect(line, ",no=", whole);
        node.no = take_number<std::int32_t>(line, whole) + offset;
        expect(line, ",missing=", whole);
        node.missing = take_number<std::int32_t>(line, whole) + offset;
      }
      if (!line.empty()) bad_dump(whole);
      if (static_cast<std::size_t>(id) >= tree.size()) tree.resize(id + 1), seen.resize(id + 1);
      tree[id] = node;
      seen[id] = true;
    }
    if (tree.empty()) throw std::invalid_argument("empty XGBoost tree dump");
    // Every node reachable from the root exactly once: no dangling child and no cycle, so
    // predict() always ends at a leaf.
    std::vector<bool> reached(tree.size());
    std::vector<std::int32_t> stack = {0};
    while (!stack.empty()) {
      const auto local = static_cast<std::size_t>(stack.back());
      stack.pop_back();
      if (local >= tree.size() || !seen[local] || reached[local]) {
        throw std::invalid_argument("XGBoost tree dump is not a tree");
      }
      reached[local] = true;
      const Node& n = tree[local];
      if (n.feature < 0) continue;
      stack.push_back(n.yes - offset);
      stack.push_back(n.no - offset);
      if (n.missing != n.yes && n.missing != n.no) {
        throw std::invalid_argument("XGBoost tree dump: missing branch is neither child");
      }
    }
    ensemble.roots_.push_back(offset);
    ensemble.nodes_.insert(ensemble.nodes_.end(), tree.begin(), tree.end());
  }
  return ensemble;
}

void TreeEnsemble::predict(std::span<const float> x, std::span<float> out) const {
  const std::size_t rows = out.size();
  for (std::size_t r = 0; r < rows; ++r) out[r] = base_score_;
  const Node* nodes = nodes_.data();
  // Tree-major: one tree's nodes stay in cache while every row walks it.
  for (std::int32_t root : roots_) {
    for (std::size_t r = 0; r < rows; ++r) {
      const float* row = x.data() + r * features_;
      std::int32_t i = root;
      while (nodes[i].feature >= 0) {
        const Node& n = nodes[i];
        const float v = row[n.feature];
        i = std::isnan(v) ? n.missing : (v < n.value ? n.yes : n.no);
      }
      out[r] += nodes[i].value;
    }
  }
}

}  // namespace forecast::internal
