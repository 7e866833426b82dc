// S-shaped curves: the concave envelope (exact, an upper bound), NLopt SLSQP from several
// starts, and a polish of each local optimum by the exact equal-marginal solve.
#include <algorithm>
#include <cmath>
#include <random>

#include "budget/allocator_internal.h"
#include "budget/fixed_sum_search.h"

namespace budget::detail {
namespace {

// The channels that can move, and the budget left for them.
struct Free {
  std::vector<std::size_t> index;
  double budget = 0;
};

struct Candidate {
  std::vector<double> spend;
  double outcome = -kInfinity;
};

// Solves the concave problem of `pieces` (one per free channel) and writes it into a full plan.
std::vector<double> solve_pieces(const Problem& p, const Free& free, std::span<const Piece> pieces,
                                 const std::vector<double>& base, int& iterations) {
  double low = 0, high = 0;
  for (const Piece& x : pieces) low += x.lower, high += x.upper;
  if (low > free.budget * (1 + 1e-12) + 1e-12 || high < free.budget * (1 - 1e-12) - 1e-12) return {};
  EqualMarginal solved = solve_equal_marginal(pieces, free.budget, p.relative_tolerance, p.max_iterations);
  iterations += solved.iterations;
  std::vector<double> plan = base;
  for (std::size_t k = 0; k < free.index.size(); ++k) plan[free.index[k]] = solved.spend[k];
  return plan;
}

std::vector<Piece> envelope_pieces(const Problem& p, const Free& free) {
  std::vector<Piece> pieces;
  for (std::size_t i : free.index) {
    const SteadyCurve& c = p.curves[i];
    Piece piece{&c, p.lower[i], p.upper[i], p.lower[i], 0};
    if (c.s_shaped() && p.lower[i] < c.inflection()) {
      double w = c.tangent_point(p.lower[i]);
      piece.knee = std::min(w, p.upper[i]);
      // Past the upper bound the envelope is the chord from lower to upper.
      piece.knee_slope = w < p.upper[i] ? c.slope(w)
                                        : (c.value(p.upper[i]) - c.value(p.lower[i])) / (p.upper[i] - p.lower[i]);
    }
    pieces.push_back(piece);
  }
  return pieces;
}

double envelope_value(const Piece& piece, double spend) {
  if (spend >= piece.knee) return piece.curve->value(spend);
  return piece.curve->value(piece.lower) + piece.knee_slope * (spend - piece.lower);
}

// Each channel on its concave part or at upper stays free there; a channel at its lower bound
// stays off; one on its convex part (at most one in a local optimum) stays where it is, or is
// switched off when `switch_off`. The concave problem that leaves is solved exactly.
std::vector<double> polish(const Problem& p, const Free& free, const std::vector<double>& x,
                           bool switch_off, int& iterations) {
  const double eps = 1e-9 * std::max(free.budget, 1.0);
  std::vector<Piece> pieces;
  Free rest{{}, free.budget};
  std::vector<double> plan = x;
  for (std::size_t i : free.index) {
    const SteadyCurve& c = p.curves[i];
    double from = std::max(p.lower[i], c.inflection());
    bool off = x[i] <= p.lower[i] + eps;
    bool convex = !off && (x[i] < from - eps || p.upper[i] <= from);
    if (off || convex) {
      plan[i] = off || switch_off ? p.lower[i] : x[i];
      rest.budget -= plan[i];
      continue;
    }
    rest.index.push_back(i);
    pieces.push_back(Piece{&c, from, p.upper[i], from, 0});
  }
  if (pieces.empty()) return {};
  return solve_pieces(p, rest, pieces, plan, iterations);
}

struct Local {
  const Problem* problem;
  const Free* free;
  double scale_spend, scale_outcome;
  int evaluations = 0;
};

double local_objective(unsigned n, const double* v, double* gradient, void* data) {
  auto* local = static_cast<Local*>(data);
  ++local->evaluations;
  double value = 0;
  for (unsigned k = 0; k < n; ++k) {
    const SteadyCurve& c = local->problem->curves[local->free->index[k]];
    double s = std::max(v[k] * local->scale_spend, 0.0);
    value += c.value(s);
    // A Hill curve with shape < 1 has an infinite slope at 0: judge it a hair inside.
    if (gradient) gradient[k] = c.slope(std::max(s, 1e-12 * local->scale_spend)) * local->scale_spend / local->scale_outcome;
  }
  return value / local->scale_outcome;
}


// SLSQP from `start`; the result clamped into the bounds with the total restored exactly.
std::vector<double> slsqp(const Problem& p, const Free& free, const std::vector<double>& start,
                          double scale_outcome, int& iterations) {
  const unsigned n = static_cast<unsigned>(free.index.size());
  Local local{&p, &free, std::max(free.budget, 1e-9), std::max(scale_outcome, 1e-300)};
  std::vector<double> v(n);
  FixedSumSearch search{std::vector<double>(n), std::vector<double>(n),
                        free.budget / local.scale_spend, 1e-14, 1e-13, 1e-15,
                        p.max_local_evaluations};
  for (unsigned k = 0; k < n; ++k) {
    std::size_t i = free.index[k];
    v[k] = start[i] / local.scale_spend, search.lower[k] = p.lower[i] / local.scale_spend;
    search.upper[k] = std::isfinite(p.upper[i]) ? p.upper[i] / local.scale_spend : HUGE_VAL;
  }
  maximise_on_fixed_sum(local_objective, &local, v, search);
  iterations += local.evaluations;
  std::vector<double> plan = start;
  for (unsigned k = 0; k < n; ++k) {
    std::size_t i = free.index[k];
    plan[i] = std::clamp(v[k] * local.scale_spend, p.lower[i], p.upper[i]);
  }
  double remainder = free.budget - [&] {
    double s = 0;
    for (std::size_t i : free.index) s += plan[i];
    return s;
  }();
  for (std::size_t i : free.index) {  // within SLSQP's tolerance: any channel with room takes it
    double take = remainder > 0 ? std::min(remainder, p.upper[i] - plan[i]) : std::max(remainder, p.lower[i] - plan[i]);
    plan[i] += take, remainder -= take;
  }
  return plan;
}

std::vector<std::vector<double>> random_starts(const Problem& p, double budget) {
  std::mt19937_64 rng(p.seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<std::vector<double>> starts;
  for (int s = 0; s < p.starts; ++s) {
    std::vector<double> weight(p.curves.size());
    for (std::size_t i = 0; i < weight.size(); ++i) {
      // Exponential weights (a uniform point of the simplex); S-shaped channels sometimes off.
      bool off = p.curves[i].s_shaped() && uniform(rng) < 0.3;
      weight[i] = off ? 0 : -std::log(1 - uniform(rng));
    }
    starts.push_back(mix_to_total(weight, p.lower, p.upper, budget));
  }
  return starts;
}

}  // namespace

Solution best_nonconcave(const Problem& p, double budget) {
  Solution out;
  Free free{{}, budget};
  std::vector<double> base = p.lower;
  for (std::size_t i = 0; i < p.curves.size(); ++i) {
    if (p.upper[i] > p.lower[i]) free.index.push_back(i); else free.budget -= p.lower[i];
  }
  const std::vector<Piece> envelope = envelope_pieces(p, free);
  std::vector<double> relaxed = free.index.empty() ? base : solve_pieces(p, free, envelope, base, out.iterations);
  if (relaxed.empty()) relaxed = base;
  double bound = total_outcome(p, relaxed);
  for (std::size_t k = 0; k < free.index.size(); ++k) {
    bound += envelope_value(envelope[k], relaxed[free.index[k]]) - p.curves[free.index[k]].value(relaxed[free.index[k]]);
  }
  out.upper_bound = bound;
  // Starts: the envelope's plan, and with its channels on their straight parts switched off or
  // pushed to their knees; the reference plan; random plans.
  std::vector<std::vector<double>> starts = {relaxed};
  for (bool up : {false, true}) {
    std::vector<Piece> pieces = envelope;
    bool any = false;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      double s = relaxed[free.index[k]];
      if (s <= pieces[k].lower || s >= pieces[k].knee) continue;
      any = true;
      if (up) pieces[k].lower = pieces[k].knee; else pieces[k].upper = pieces[k].lower;
    }
    if (!any) continue;
    std::vector<double> plan = solve_pieces(p, free, pieces, base, out.iterations);
    if (!plan.empty()) starts.push_back(std::move(plan));
  }
  starts.push_back(mix_to_total(p.current, p.lower, p.upper, budget));
  for (auto& start : random_starts(p, budget)) starts.push_back(std::move(start));

  Candidate best;
  auto consider = [&](std::vector<double> plan) {
    if (plan.empty()) return;
    double value = total_outcome(p, plan);
    if (value > best.outcome) best = Candidate{std::move(plan), value};
  };
  for (const auto& start : starts) {
    consider(start);
    if (free.index.empty()) break;
    std::vector<double> local = slsqp(p, free, start, bound, out.iterations);
    ++out.starts;
    consider(polish(p, free, local, false, out.iterations));
    consider(polish(p, free, local, true, out.iterations));
    consider(std::move(local));
  }
  out.spend = std::move(best.spend);
  out.outcome = best.outcome;
  out.converged = true;
  return out;
}

}  // namespace budget::detail
