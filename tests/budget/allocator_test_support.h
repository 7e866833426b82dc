// Builders and an independent brute-force search shared by the allocator tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "budget/allocator.h"

namespace budget_test {

inline budget::Saturation hill(double half, double shape) {
  return {budget::SaturationKind::hill, half, shape, 1, 1};
}
inline budget::Saturation logistic(double lambda) { return {budget::SaturationKind::logistic, 1, 1, lambda, 1}; }
inline budget::Saturation michaelis_menten(double half, double max_response = 1) {
  return {budget::SaturationKind::michaelis_menten, half, 1, 1, max_response};
}

inline budget::Channel channel(std::string name, double beta, double scale, budget::Saturation saturation,
                               double current = 0) {
  budget::Channel c;
  c.name = std::move(name);
  c.curve.beta = beta;
  c.curve.scale = scale;
  c.curve.saturation = saturation;  // default adstock: normalised weights, so the steady state
  c.current = current;              // is beta · saturate(spend / scale)
  return c;
}

inline double outcome(const std::vector<budget::Channel>& channels, const std::vector<double>& spend) {
  double total = 0;
  for (std::size_t i = 0; i < channels.size(); ++i) total += budget::channel_outcome(channels[i], spend[i]);
  return total;
}

inline std::vector<double> spends(const budget::AllocationSummary& s) {
  std::vector<double> out;
  for (const auto& c : s.channels) out.push_back(c.optimal_spend);
  return out;
}

struct BruteForce {
  double outcome = -1;
  std::vector<double> spend;
};

// The best split of `budget` between channels a and b (the others at `base`), by a grid over
// a's feasible range that zooms in around the best point, round after round.
inline void best_pair(const std::vector<budget::Channel>& channels, const std::vector<double>& lower,
                      const std::vector<double>& upper, std::vector<double> base, std::size_t a, std::size_t b,
                      double budget, int grid, int rounds, BruteForce& best) {
  double lo = std::max(lower[a], budget - upper[b]), hi = std::min(upper[a], budget - lower[b]);
  if (hi < lo) return;
  for (int round = 0; round < rounds; ++round) {
    double center = lo, center_value = -1;
    for (int k = 0; k <= grid; ++k) {
      base[a] = lo + (hi - lo) * k / grid;
      base[b] = budget - base[a];
      double v = outcome(channels, base);
      if (v > center_value) center = base[a], center_value = v;
      if (v > best.outcome) best = BruteForce{v, base};
    }
    double width = 3 * (hi - lo) / grid;
    lo = std::max(lo, center - width), hi = std::min(hi, center + width);
  }
}

// The best plan of 2 or 3 channels with Σ spend = budget inside [lower, upper], by exhaustive
// grids. For 3 channels: a grid over the inside of the feasible triangle that zooms in around
// its best point, and a search along each face where one channel sits at a bound (a grid's
// points miss slanted faces). Independent of the allocator: it only evaluates channel_outcome.
// (Not inlined: g++ would otherwise see 2-element vectors from the callers with 2 channels.)
[[gnu::noinline]] inline BruteForce brute_force_three(const std::vector<budget::Channel>& channels,
                                                      const std::vector<double>& lower,
                                                      const std::vector<double>& upper, double budget,
                                                      int grid, int rounds) {
  BruteForce best;
  for (std::size_t k = 0; k < 3; ++k) {  // the faces: channel k at a bound
    for (double bound : {lower[k], upper[k]}) {
      if (!(bound < 1e299)) continue;
      std::vector<double> base(3, 0.0);
      base[k] = bound;
      best_pair(channels, lower, upper, base, (k + 1) % 3, (k + 2) % 3, budget - bound, grid * 10, rounds, best);
    }
  }
  double lo[2] = {lower[0], lower[1]}, hi[2] = {std::min(upper[0], budget), std::min(upper[1], budget)};
  BruteForce inside;
  for (int round = 0; round < rounds; ++round) {
    for (int a = 0; a <= grid; ++a) {
      for (int b = 0; b <= grid; ++b) {
        std::vector<double> s = {lo[0] + (hi[0] - lo[0]) * a / grid, lo[1] + (hi[1] - lo[1]) * b / grid, 0};
        s[2] = budget - s[0] - s[1];
        if (s[2] < lower[2] || s[2] > upper[2]) continue;
        double v = outcome(channels, s);
        if (v > inside.outcome) inside = BruteForce{v, s};
      }
    }
    if (inside.outcome < 0) break;
    for (std::size_t i = 0; i < 2; ++i) {  // zoom in: ±5 cells around the best point
      double width = 5 * (hi[i] - lo[i]) / grid;
      lo[i] = std::max(lower[i], inside.spend[i] - width);
      hi[i] = std::min(std::min(upper[i], budget), inside.spend[i] + width);
    }
  }
  if (inside.outcome > best.outcome) best = inside;
  return best;
}

inline BruteForce brute_force(const std::vector<budget::Channel>& channels, const std::vector<double>& lower,
                              const std::vector<double>& upper, double budget, int grid = 400, int rounds = 8) {
  if (channels.size() == 3) return brute_force_three(channels, lower, upper, budget, grid, rounds);
  if (channels.size() != 2) throw std::logic_error("brute_force handles 2 or 3 channels");
  BruteForce best;
  best_pair(channels, lower, upper, {0, 0}, 0, 1, budget, grid, rounds, best);
  return best;
}

inline std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

// Options for the most outcome at `budget`.
inline budget::AllocationOptions max_outcome(double budget) {
  budget::AllocationOptions o;
  o.budget = budget;
  return o;
}

}  // namespace budget_test
