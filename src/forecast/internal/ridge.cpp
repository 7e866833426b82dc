#include "forecast/internal/ridge.h"

#include <Eigen/Dense>
#include <cmath>
#include <stdexcept>

namespace forecast::internal {
namespace {

struct Standardized {
  Eigen::MatrixXd z;      // rows × cols, centred and scaled
  Eigen::VectorXd mean;   // per column
  Eigen::VectorXd scale;  // population sd; 0 for a constant column
  Eigen::VectorXd y;      // centred target
  double y_mean = 0;
};

Standardized standardize(const Dataset& data) {
  const auto n = static_cast<Eigen::Index>(data.rows);
  const auto p = static_cast<Eigen::Index>(data.cols());
  Standardized s;
  s.z = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
            data.x.data(), n, p)
            .cast<double>();
  s.y = Eigen::Map<const Eigen::VectorXf>(data.y.data(), n).cast<double>();
  s.mean = s.z.colwise().mean().transpose();
  s.z.rowwise() -= s.mean.transpose();
  s.scale = (s.z.colwise().squaredNorm().transpose() / static_cast<double>(n)).cwiseSqrt();
  for (Eigen::Index j = 0; j < p; ++j) {
    if (s.scale(j) > 1e-12)
      s.z.col(j) /= s.scale(j);
    else
      s.scale(j) = 0;
  }
  s.y_mean = s.y.mean();
  s.y.array() -= s.y_mean;
  return s;
}

// Solves the ridge system restricted to the `active` columns (others fixed at 0).
Eigen::VectorXd solve(const Eigen::MatrixXd& gram, const Eigen::VectorXd& zty,
                      const std::vector<bool>& active, double lambda) {
  std::vector<Eigen::Index> idx;
  for (std::size_t j = 0; j < active.size(); ++j) {
    if (active[j]) idx.push_back(static_cast<Eigen::Index>(j));
  }
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(gram.rows());
  if (idx.empty()) return beta;
  const auto k = static_cast<Eigen::Index>(idx.size());
  Eigen::MatrixXd a(k, k);
  Eigen::VectorXd b(k);
  for (Eigen::Index r = 0; r < k; ++r) {
    b(r) = zty(idx[r]);
    for (Eigen::Index c = 0; c < k; ++c) a(r, c) = gram(idx[r], idx[c]);
    a(r, r) += lambda;
  }
  // A tiny jitter keeps λ = 0 solvable with collinear one-hot columns.
  a.diagonal().array() += 1e-9 * (1.0 + a.diagonal().cwiseAbs().maxCoeff());
  const Eigen::VectorXd sub = a.ldlt().solve(b);
  for (Eigen::Index r = 0; r < k; ++r) beta(idx[r]) = sub(r);
  return beta;
}

}  // namespace

RidgeModel RidgeModel::train(const Dataset& data, double lambda) {
  if (!(lambda >= 0)) throw std::invalid_argument("ridge_lambda must be >= 0");
  const Standardized s = standardize(data);
  const auto p = static_cast<std::size_t>(s.z.cols());
  const Eigen::MatrixXd gram = s.z.transpose() * s.z;
  const Eigen::VectorXd zty = s.z.transpose() * s.y;

  std::vector<bool> active(p);
  for (std::size_t j = 0; j < p; ++j) active[j] = s.scale(static_cast<Eigen::Index>(j)) > 0;
  auto sign = [&](std::size_t j) { return data.monotone.empty() ? 0 : data.monotone[j]; };

  // Active set: fix the worst sign violation at 0 and re-solve; then let a fixed coefficient
  // back in if its gradient says it would move to the allowed side (KKT), until neither happens.
  Eigen::VectorXd beta = solve(gram, zty, active, lambda);
  for (std::size_t iteration = 0; iteration < 4 * p + 4; ++iteration) {
    std::size_t worst = p;
    double worst_value = 0;
    for (std::size_t j = 0; j < p; ++j) {
      const double v = sign(j) * beta(static_cast<Eigen::Index>(j));
      if (active[j] && v < worst_value) worst = j, worst_value = v;
    }
    if (worst < p) {
      active[worst] = false;
      beta = solve(gram, zty, active, lambda);
      continue;
    }
    // Gradient of ½‖y − Zβ‖² + ½λ‖β‖² is −(Zᵀy − (ZᵀZ + λI)β); a fixed coefficient re-enters
    // when moving it in its allowed direction lowers the loss.
    const Eigen::VectorXd descent = zty - gram * beta - lambda * beta;
    std::size_t enter = p;
    for (std::size_t j = 0; j < p; ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      if (!active[j] && sign(j) != 0 && s.scale(jj) > 0 && sign(j) * descent(jj) > 1e-9) enter = j;
    }
    if (enter == p) break;
    active[enter] = true;
    beta = solve(gram, zty, active, lambda);
  }

  RidgeModel model;
  model.coefficients.assign(p, 0.0);
  model.intercept = s.y_mean;
  for (std::size_t j = 0; j < p; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    if (s.scale(jj) == 0) continue;
    model.coefficients[j] = beta(jj) / s.scale(jj);
    model.intercept -= model.coefficients[j] * s.mean(jj);
  }
  return model;
}

void RidgeModel::predict(std::span<const float> x, std::span<float> out) const {
  const std::size_t p = coefficients.size();
  for (std::size_t r = 0; r < out.size(); ++r) {
    double sum = intercept;
    const float* row = x.data() + r * p;
    for (std::size_t j = 0; j < p; ++j) sum += coefficients[j] * row[j];
    out[r] = static_cast<float>(sum);
  }
}

}  // namespace forecast::internal
