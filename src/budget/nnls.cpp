#include "budget/nnls.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace budget::detail {
namespace {

// Solves the unconstrained problem restricted to the passive columns: G_PP z_P = h_P. A tiny
// ridge keeps exactly collinear channels (two with identical spend) solvable.
Eigen::VectorXd solve_passive(const Eigen::MatrixXd& g, const Eigen::VectorXd& h,
                              const std::vector<int>& passive) {
  const auto p = static_cast<Eigen::Index>(passive.size());
  Eigen::MatrixXd sub(p, p);
  Eigen::VectorXd rhs(p);
  for (Eigen::Index i = 0; i < p; ++i) {
    rhs(i) = h(passive[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < p; ++j) {
      sub(i, j) = g(passive[static_cast<std::size_t>(i)], passive[static_cast<std::size_t>(j)]);
    }
    sub(i, i) += 1e-12;
  }
  Eigen::VectorXd z_p = sub.ldlt().solve(rhs);
  Eigen::VectorXd z = Eigen::VectorXd::Zero(g.rows());
  for (Eigen::Index i = 0; i < p; ++i) z(passive[static_cast<std::size_t>(i)]) = z_p(i);
  return z;
}

bool contains(const std::vector<int>& set, int j) {
  return std::find(set.begin(), set.end(), j) != set.end();
}

}  // namespace

NnlsResult nnls_gram(const Eigen::MatrixXd& gram, const Eigen::VectorXd& h, Eigen::VectorXd& x) {
  const Eigen::Index k = h.size();
  x = Eigen::VectorXd::Zero(k);
  NnlsResult result;
  if (k == 0) return {0, true};

  // Unit-norm columns: G_s = D G D, h_s = D h with D = diag(G)^(-1/2); negligible columns out.
  const double largest = gram.diagonal().maxCoeff();
  Eigen::VectorXd d(k);
  std::vector<bool> usable(static_cast<std::size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) {
    usable[static_cast<std::size_t>(j)] = gram(j, j) > 1e-24 * std::max(largest, 1e-300);
    d(j) = usable[static_cast<std::size_t>(j)] ? 1 / std::sqrt(gram(j, j)) : 0;
  }
  const Eigen::MatrixXd g = d.asDiagonal() * gram * d.asDiagonal();
  const Eigen::VectorXd hs = d.cwiseProduct(h);
  const double tol = 1e-12 * std::max(1.0, hs.cwiseAbs().maxCoeff());

  std::vector<int> passive;
  Eigen::VectorXd y = Eigen::VectorXd::Zero(k);
  const int max_iterations = 3 * static_cast<int>(k) + 10;
  while (result.iterations < max_iterations) {
    const Eigen::VectorXd w = hs - g * y;  // minus the gradient: > 0 means x_j wants to grow
    int enter = -1;
    double best = tol;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (usable[static_cast<std::size_t>(j)] && !contains(passive, static_cast<int>(j)) &&
          w(j) > best) {
        best = w(j);
        enter = static_cast<int>(j);
      }
    }
    if (enter < 0) {
      result.converged = true;
      break;
    }
    ++result.iterations;
    passive.push_back(enter);
    for (int inner = 0; inner <= static_cast<int>(k); ++inner) {
      Eigen::VectorXd z = solve_passive(g, hs, passive);
      bool feasible = true;
      for (int j : passive) feasible = feasible && z(j) > 0;
      if (feasible) {
        y = z;
        break;
      }
      // Step from y towards z until the first passive variable reaches 0, and drop it (and any
      // other that reached 0 with it).
      double step = 1;
      int blocking = -1;
      for (int j : passive) {
        if (z(j) <= 0 && y(j) / (y(j) - z(j)) < step) {
          step = y(j) / (y(j) - z(j));
          blocking = j;
        }
      }
      y += step * (z - y);
      if (blocking >= 0) y(blocking) = 0;
      std::erase_if(passive, [&](int j) {
        if (y(j) > 1e-15) return false;
        y(j) = 0;
        return true;
      });
      if (passive.empty()) break;
    }
  }
  x = d.cwiseProduct(y.cwiseMax(0.0));
  return result;
}

}  // namespace budget::detail
