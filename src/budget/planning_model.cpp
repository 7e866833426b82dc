// The horizon objective: outcomes of adstocked spend, with exact gradient and Hessian.
#include <algorithm>

#include "budget/planning_internal.h"

namespace budget::detail {
namespace {

// Slopes and curvatures are judged a hair above level 0, where a Hill curve with shape < 1 is
// infinitely steep.
double floored(const HorizonChannel& c, double level) { return std::max(level, 1e-12 / c.curve.unit); }

}  // namespace

std::vector<double> levels(const Horizon& h, std::size_t i, std::span<const double> x, int end,
                           std::vector<double>* from_past) {
  const HorizonChannel& c = h.channels[i];
  const int window = static_cast<int>(c.weights.size()), past = window - 1, T = h.periods;
  auto spend = [&](int k) {  // k indexes past (0 … past−1), then the plan, then zeros
    if (k < past) return c.past[static_cast<std::size_t>(k)];
    if (k < past + T) return x[i * static_cast<std::size_t>(T) + static_cast<std::size_t>(k - past)];
    return 0.0;
  };
  std::vector<double> out(static_cast<std::size_t>(end), 0.0);
  if (from_past) from_past->assign(static_cast<std::size_t>(end), 0.0);
  for (int t = 0; t < end; ++t) {
    double level = 0, old = 0;
    for (int l = 0; l < window; ++l) {
      double term = c.weights[static_cast<std::size_t>(l)] * spend(past + t - l);
      level += term;
      if (l > t) old += term;
    }
    out[static_cast<std::size_t>(t)] = level;
    if (from_past) (*from_past)[static_cast<std::size_t>(t)] = old;
  }
  return out;
}

double horizon_value(const Horizon& h, std::span<const double> x, std::span<double> gradient) {
  const int T = h.periods;
  double value = 0;
  for (std::size_t i = 0; i < h.channels.size(); ++i) {
    const HorizonChannel& c = h.channels[i];
    std::vector<double> level = levels(h, i, x, c.counted);
    for (double a : level) value += c.curve.value(a);
    if (gradient.empty()) continue;
    std::vector<double> slope(level.size());
    for (std::size_t t = 0; t < level.size(); ++t) slope[t] = c.curve.slope(floored(c, level[t]));
    const int window = static_cast<int>(c.weights.size());
    for (int tau = 0; tau < T; ++tau) {
      double g = 0;
      for (int t = tau; t < std::min(tau + window, c.counted); ++t) {
        g += c.weights[static_cast<std::size_t>(t - tau)] * slope[static_cast<std::size_t>(t)];
      }
      gradient[i * static_cast<std::size_t>(T) + static_cast<std::size_t>(tau)] = g;
    }
  }
  return value;
}

std::vector<double> hessian_block(const Horizon& h, std::size_t i, std::span<const double> x) {
  const HorizonChannel& c = h.channels[i];
  const int T = h.periods, window = static_cast<int>(c.weights.size());
  std::vector<double> level = levels(h, i, x, c.counted);
  std::vector<double> curvature(level.size());
  for (std::size_t t = 0; t < level.size(); ++t) curvature[t] = c.curve.curvature(floored(c, level[t]));
  std::vector<double> block(static_cast<std::size_t>(T * T), 0.0);
  for (int tau = 0; tau < T; ++tau) {
    for (int sigma = tau; sigma < std::min(T, tau + window); ++sigma) {
      double sum = 0;  // periods t that both spends reach: sigma <= t < tau + window
      for (int t = sigma; t < std::min(tau + window, c.counted); ++t) {
        sum += curvature[static_cast<std::size_t>(t)] * c.weights[static_cast<std::size_t>(t - tau)] *
               c.weights[static_cast<std::size_t>(t - sigma)];
      }
      block[static_cast<std::size_t>(tau * T + sigma)] = block[static_cast<std::size_t>(sigma * T + tau)] = sum;
    }
  }
  return block;
}

}  // namespace budget::detail
