// The best plan at a budget, and the searches over the budget that the target objectives need.
#include <algorithm>
#include <cmath>

#include "budget/allocator_internal.h"

namespace budget::detail {
namespace {

// Narrows a bracket with phi(good) >= 0 > phi(bad) (either order) by the Illinois variant of
// regula falsi, which converges superlinearly on continuous functions; returns the good end.
double narrow(const OutcomeAt& phi, double good, double bad, double phi_good, double phi_bad,
              double relative_tolerance, int max_iterations, int& evaluations) {
  int side = 0;
  for (int i = 0; i < max_iterations; ++i) {
    if (std::abs(bad - good) <= relative_tolerance * std::max(std::abs(good), std::abs(bad))) break;
    double x = good - phi_good * (bad - good) / (phi_bad - phi_good);
    if (!(x > std::min(good, bad) && x < std::max(good, bad))) x = (good + bad) / 2;
    double value = phi(x);
    ++evaluations;
    if (value >= 0) {
      good = x, phi_good = value;
      if (side == 1) phi_bad /= 2;
      side = 1;
    } else {
      bad = x, phi_bad = value;
      if (side == -1) phi_good /= 2;
      side = -1;
    }
  }
  return good;
}

}  // namespace

double total_outcome(const Problem& problem, std::span<const double> spend) {
  double total = 0;
  for (std::size_t i = 0; i < spend.size(); ++i) total += problem.curves[i].value(spend[i]);
  return total;
}

Solution best_at_budget(const Problem& p, double budget) {
  Solution out;
  if (p.concave) {
    std::vector<Piece> pieces;
    for (std::size_t i = 0; i < p.curves.size(); ++i) {
      pieces.push_back(Piece{&p.curves[i], p.lower[i], p.upper[i], p.lower[i], 0});
    }
    EqualMarginal solved = solve_equal_marginal(pieces, budget, p.relative_tolerance, p.max_iterations);
    out.spend = std::move(solved.spend);
    out.iterations = solved.iterations;
    out.converged = solved.converged;
    out.termination = solved.converged ? "converged: the spends add up to the budget"
                                       : "stopped at max_iterations";
    out.outcome = out.upper_bound = total_outcome(p, out.spend);
  } else {
    out = best_nonconcave(p, budget);
    out.termination = "best of " + std::to_string(out.starts) + " local solves";
  }
  kkt_residual(p.curves, p.lower, p.upper, out.spend, p.step, out.marginal_return);
  return out;
}

BudgetSearch least_budget_reaching(const OutcomeAt& f, double target, double low, double high,
                                   double relative_tolerance, int max_iterations) {
  BudgetSearch out;
  auto phi = [&](double b) { return f(b) - target; };
  double phi_low = phi(low);
  ++out.evaluations;
  if (phi_low >= 0) return BudgetSearch{true, low, out.evaluations, 0, 0};
  double top = std::isfinite(high) ? high : std::max(2 * low, 1.0);
  double phi_top = phi(top);
  ++out.evaluations;
  while (phi_top < 0 && !std::isfinite(high) && top < 1e15) {
    low = top, phi_low = phi_top;
    top *= 2;
    phi_top = phi(top);
    ++out.evaluations;
  }
  if (phi_top < 0) return out;
  out.found = true;
  out.budget = narrow(phi, top, low, phi_top, phi_low, relative_tolerance, max_iterations, out.evaluations);
  return out;
}

BudgetSearch largest_budget_within_ratio(const OutcomeAt& f, double ratio, double low, double high,
                                         double relative_tolerance, int max_iterations) {
  BudgetSearch out;
  auto phi = [&](double b) {
    ++out.evaluations;
    double outcome = f(b);
    if (b > 0 && outcome / b > out.best_ratio) out.best_ratio = outcome / b, out.best_ratio_budget = b;
    return outcome - ratio * b;
  };
  auto finish = [&](double good, double bad, double phi_good, double phi_bad) {
    out.found = true;
    out.budget = narrow(phi, good, bad, phi_good, phi_bad, relative_tolerance, max_iterations, out.evaluations);
    return out;
  };
  const double top = high;
  if (!std::isfinite(top)) return out;  // the caller bounds the search by the outcomes' reach
  double phi_top = phi(top);
  if (phi_top >= 0) return BudgetSearch{true, top, out.evaluations, out.best_ratio, out.best_ratio_budget};
  // From the top down: the first budget that meets the ratio brackets the largest root.
  constexpr int kGrid = 32;
  std::vector<double> grid, values;
  grid.push_back(top), values.push_back(phi_top);
  for (int k = 1; k < kGrid; ++k) {
    double b = top - (top - low) * k / kGrid;
    double value = phi(b);
    if (value >= 0 && b > 0) return finish(b, grid.back(), value, values.back());
    grid.push_back(b), values.push_back(value);
  }
  // None did: the feasible interval may be narrower than the grid. Golden-section search for
  // the largest phi around the best grid point (exact when f is concave), then bracket again.
  std::size_t best = static_cast<std::size_t>(std::max_element(values.begin(), values.end()) - values.begin());
  double a = best + 1 < grid.size() ? grid[best + 1] : low, c = best > 0 ? grid[best - 1] : top;
  const double golden = (std::sqrt(5.0) - 1) / 2;
  double x1 = c - golden * (c - a), x2 = a + golden * (c - a), f1 = phi(x1), f2 = phi(x2);
  for (int i = 0; i < 100 && c - a > relative_tolerance * c; ++i) {
    if (f1 >= 0 && x1 > 0) return finish(x1, c, f1, phi(c));
    if (f2 >= 0 && x2 > 0) return finish(x2, c, f2, phi(c));
    if (f1 > f2) c = x2, x2 = x1, f2 = f1, x1 = c - golden * (c - a), f1 = phi(x1);
    else a = x1, x1 = x2, f1 = f2, x2 = a + golden * (c - a), f2 = phi(x2);
  }
  return out;
}

}  // namespace budget::detail
