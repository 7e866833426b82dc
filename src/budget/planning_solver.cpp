// The horizon solver: NLopt SLSQP with exact gradients, then an active-set Newton iteration on
// the equal-marginal (KKT) conditions with the exact block-diagonal Hessian.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <random>

#include "budget/fixed_sum_search.h"
#include "budget/planning_internal.h"

namespace budget::detail {
namespace {

struct Local {
  const Horizon* h;
  std::vector<std::size_t> free;  // indices of x that move
  std::vector<double> x;          // the full plan; free entries overwritten on each call
  double scale_spend = 1, scale_value = 1;
  int evaluations = 0;
};

double local_objective(unsigned n, const double* v, double* gradient, void* data) {
  auto* local = static_cast<Local*>(data);
  ++local->evaluations;
  for (unsigned k = 0; k < n; ++k) local->x[local->free[k]] = std::max(v[k], 0.0) * local->scale_spend;
  std::vector<double> full(gradient ? local->x.size() : 0);
  double value = horizon_value(*local->h, local->x, full);
  for (unsigned k = 0; gradient && k < n; ++k) {
    gradient[k] = full[local->free[k]] * local->scale_spend / local->scale_value;
  }
  return value / local->scale_value;
}


// Moves what the plan misses of the budget (SLSQP's tolerance) onto entries with room.
void restore_total(const Horizon& h, std::vector<double>& x) {
  double remainder = h.budget;
  for (double s : x) remainder -= s;
  for (std::size_t j = 0; j < x.size() && remainder != 0; ++j) {
    double take = remainder > 0 ? std::min(remainder, h.upper[j] - x[j]) : std::max(remainder, h.lower[j] - x[j]);
    x[j] += take, remainder -= take;
  }
}

std::vector<double> slsqp(const Horizon& h, std::span<const double> start, const HorizonSettings& s, int& iterations) {
  Local local{&h, {}, std::vector<double>(start.begin(), start.end())};
  for (std::size_t j = 0; j < start.size(); ++j) {
    if (h.upper[j] > h.lower[j]) local.free.push_back(j);
  }
  if (local.free.empty()) return local.x;
  const unsigned n = static_cast<unsigned>(local.free.size());
  local.scale_spend = std::max(h.budget / n, 1e-9);
  local.scale_value = std::max(std::abs(horizon_value(h, start)), 1e-300);
  // The entries held at a single value (lower == upper) take their share of the budget first.
  double fixed = 0;
  for (std::size_t j = 0; j < start.size(); ++j) {
    if (h.upper[j] <= h.lower[j]) fixed += h.lower[j];
  }
  std::vector<double> v(n);
  FixedSumSearch search{std::vector<double>(n), std::vector<double>(n),
                        (h.budget - fixed) / local.scale_spend, 1e-12, 1e-10, 1e-14,
                        s.max_local_evaluations};
  for (unsigned k = 0; k < n; ++k) {
    std::size_t j = local.free[k];
    v[k] = start[j] / local.scale_spend, search.lower[k] = h.lower[j] / local.scale_spend;
    search.upper[k] = std::isfinite(h.upper[j]) ? h.upper[j] / local.scale_spend : HUGE_VAL;
  }
  maximise_on_fixed_sum(local_objective, &local, v, search);
  iterations += local.evaluations;
  std::vector<double> x(start.begin(), start.end());
  for (unsigned k = 0; k < n; ++k) {
    std::size_t j = local.free[k];
    x[j] = std::clamp(v[k] * local.scale_spend, h.lower[j], h.upper[j]);
  }
  restore_total(h, x);
  return x;
}

enum class State { free, at_lower, at_upper, pinned };

// One Newton step on the free entries: δ = M⁻¹(g − μ1) per channel block with M = −H, and μ
// such that Σ δ restores the budget. False when a block is not negative definite.
bool newton_step(const Horizon& h, std::span<const double> x, std::span<const double> g,
                 const std::vector<State>& state, std::vector<double>& delta, double& mu) {
  const int T = h.periods;
  double remainder = h.budget, sum_p = 0, sum_q = 0;
  for (double s : x) remainder -= s;
  std::vector<std::vector<std::size_t>> free(h.channels.size());
  std::vector<Eigen::VectorXd> p(h.channels.size()), q(h.channels.size());
  for (std::size_t i = 0; i < h.channels.size(); ++i) {
    for (int t = 0; t < T; ++t) {
      std::size_t j = i * static_cast<std::size_t>(T) + static_cast<std::size_t>(t);
      if (state[j] == State::free) free[i].push_back(j);
    }
    if (free[i].empty()) continue;
    std::vector<double> block = hessian_block(h, i, x);
    const auto m = static_cast<Eigen::Index>(free[i].size());
    Eigen::MatrixXd minus_h(m, m);
    Eigen::VectorXd grad(m);
    for (Eigen::Index a = 0; a < m; ++a) {
      std::size_t ta = free[i][static_cast<std::size_t>(a)] % static_cast<std::size_t>(T);
      grad(a) = g[free[i][static_cast<std::size_t>(a)]];
      for (Eigen::Index b = 0; b < m; ++b) {
        std::size_t tb = free[i][static_cast<std::size_t>(b)] % static_cast<std::size_t>(T);
        minus_h(a, b) = -block[ta * static_cast<std::size_t>(T) + tb];
      }
    }
    Eigen::LDLT<Eigen::MatrixXd> ldlt(minus_h);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) return false;
    p[i] = ldlt.solve(grad);
    q[i] = ldlt.solve(Eigen::VectorXd::Ones(m));
    if (!p[i].allFinite() || !q[i].allFinite()) return false;
    sum_p += p[i].sum(), sum_q += q[i].sum();
  }
  if (!(sum_q > 0)) return false;
  mu = (sum_p - remainder) / sum_q;
  std::fill(delta.begin(), delta.end(), 0.0);
  for (std::size_t i = 0; i < h.channels.size(); ++i) {
    for (std::size_t a = 0; a < free[i].size(); ++a) {
      delta[free[i][a]] = p[i](static_cast<Eigen::Index>(a)) - mu * q[i](static_cast<Eigen::Index>(a));
    }
  }
  return true;
}

std::vector<State> initial_states(const Horizon& h, std::vector<double>& x) {
  const double eps = 1e-9 * std::max(h.budget / static_cast<double>(x.size()), h.step);
  std::vector<State> state(x.size());
  for (std::size_t j = 0; j < x.size(); ++j) {
    state[j] = h.upper[j] <= h.lower[j] ? State::pinned
             : x[j] <= h.lower[j] + eps ? State::at_lower
             : x[j] >= h.upper[j] - eps ? State::at_upper : State::free;
    if (state[j] == State::at_lower || state[j] == State::pinned) x[j] = h.lower[j];
    if (state[j] == State::at_upper) x[j] = h.upper[j];
  }
  return state;
}

// x += α δ with the largest α <= 1 inside the bounds, halved until the objective does not
// fall; the bound that limited α joins the active set. False when nothing moved.
bool take_step(const Horizon& h, std::vector<double>& x, std::vector<State>& state,
               const std::vector<double>& delta, double value) {
  const std::size_t n = x.size();
  double step = 1;
  std::size_t blocking = n;
  for (std::size_t j = 0; j < n; ++j) {
    double room = delta[j] < 0 ? (h.lower[j] - x[j]) / delta[j] : delta[j] > 0 ? (h.upper[j] - x[j]) / delta[j] : kInfinity;
    if (room < step) step = std::max(room, 0.0), blocking = j;
  }
  std::vector<double> trial(n);
  double tried = step;
  for (int halving = 0; halving < 40; ++halving, tried /= 2) {
    for (std::size_t j = 0; j < n; ++j) trial[j] = std::clamp(x[j] + tried * delta[j], h.lower[j], h.upper[j]);
    if (horizon_value(h, trial) >= value - 1e-15 * std::abs(value)) break;
  }
  bool moved = trial != x;
  x = std::move(trial);
  if (tried == step && blocking < n) {
    state[blocking] = delta[blocking] < 0 ? State::at_lower : State::at_upper;
    x[blocking] = delta[blocking] < 0 ? h.lower[blocking] : h.upper[blocking];
    moved = true;
  }
  return moved;
}

// The active-set Newton polish: Newton steps on the free entries until their marginal returns
// are equal and the budget is met, then the entry at a bound whose marginal return most
// violates μ is freed, until none does. (An entry freed at 0 on a Hill curve with shape < 1
// climbs away from its infinite slope by a constant factor per step: it takes a few dozen.)
bool polish(const Horizon& h, std::vector<double>& x, const HorizonSettings& s, int& iterations,
            std::string& termination) {
  const std::size_t n = x.size();
  std::vector<State> state = initial_states(h, x);
  std::vector<double> g(n), delta(n);
  termination = "stopped at max_iterations";
  for (int it = 0; it < s.max_iterations; ++it, ++iterations) {
    double value = horizon_value(h, x, g), mu = 0, remainder = h.budget;
    if (!newton_step(h, x, g, state, delta, mu)) {
      termination = "stopped: the Hessian is not negative definite";
      return false;
    }
    bool stationary = true;
    for (std::size_t j = 0; j < n; ++j) {
      remainder -= x[j];
      if (state[j] == State::free) stationary = stationary && std::abs(g[j] - mu) <= s.relative_tolerance * std::abs(mu);
    }
    if (!stationary || std::abs(remainder) > s.relative_tolerance * std::max(h.budget, 1.0)) {
      if (!take_step(h, x, state, delta, value)) {
        termination = "stalled: the Newton step no longer moves the plan";
        return false;
      }
      continue;
    }
    // Stationary on the free set: is some entry at a bound held there against its interest?
    std::size_t worst = n;
    double worst_violation = s.relative_tolerance * std::abs(mu);
    for (std::size_t j = 0; j < n; ++j) {
      double violation = state[j] == State::at_lower ? g[j] - mu : state[j] == State::at_upper ? mu - g[j] : 0;
      if (violation > worst_violation) worst = j, worst_violation = violation;
    }
    if (worst == n) {
      termination = "converged: equal marginal returns within relative_tolerance";
      return true;
    }
    state[worst] = State::free;
  }
  return false;
}

double horizon_kkt(const Horizon& h, std::span<const double> x, double& mu) {
  std::vector<double> g(x.size());
  horizon_value(h, x, g);
  const double half = h.step / 2;
  std::vector<double> inside;
  for (std::size_t j = 0; j < x.size(); ++j) {
    if (h.upper[j] - h.lower[j] > 2 * half && x[j] > h.lower[j] + half && x[j] < h.upper[j] - half) inside.push_back(g[j]);
  }
  if (inside.empty()) return mu = 0;
  auto middle = inside.begin() + static_cast<std::ptrdiff_t>(inside.size() / 2);
  std::nth_element(inside.begin(), middle, inside.end());
  mu = *middle;
  double residual = 0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    if (h.upper[j] - h.lower[j] <= 2 * half) continue;
    double violation = x[j] <= h.lower[j] + half ? g[j] - mu : x[j] >= h.upper[j] - half ? mu - g[j] : std::abs(g[j] - mu);
    residual = std::max(residual, std::max(violation, 0.0) / mu);
  }
  return residual;
}

}  // namespace

HorizonSolution solve_horizon(const Horizon& h, std::span<const double> reference, const HorizonSettings& s) {
  std::vector<std::vector<double>> starts = {std::vector<double>(reference.begin(), reference.end())};
  std::mt19937_64 rng(s.seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  for (int k = 0; !h.concave && k < s.starts; ++k) {
    std::vector<double> weight(reference.size());
    for (double& w : weight) w = -std::log(1 - uniform(rng));
    starts.push_back(mix_to_total(weight, h.lower, h.upper, h.budget));
  }
  HorizonSolution best;
  best.value = -kInfinity;
  for (const auto& start : starts) {
    HorizonSolution candidate;
    candidate.x = start;
    // Concave: the Newton iteration alone converges from any feasible start (its steps ascend)
    // and is far faster than SLSQP's dense quasi-Newton steps; SLSQP takes over where the
    // Hessian is singular (a logistic curve at level 0) or the curves are S-shaped.
    if (!h.concave || !polish(h, candidate.x, s, candidate.iterations, candidate.termination)) {
      candidate.x = slsqp(h, start, s, candidate.iterations);
      polish(h, candidate.x, s, candidate.iterations, candidate.termination);
      candidate.termination = std::string("SLSQP, then ").append(candidate.termination);
    }
    candidate.value = horizon_value(h, candidate.x);
    double start_value = horizon_value(h, start);
    if (start_value > candidate.value) candidate.x = start, candidate.value = start_value;
    best.iterations += candidate.iterations;
    ++best.starts;
    if (candidate.value > best.value) {
      int iterations = best.iterations, count = best.starts;
      best = std::move(candidate);
      best.iterations = iterations, best.starts = count;
    }
  }
  best.kkt_residual = horizon_kkt(h, best.x, best.marginal_return);
  return best;
}

}  // namespace budget::detail
