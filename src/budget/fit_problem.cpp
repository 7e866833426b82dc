#include "budget/fit_problem.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string_view>

#include <nlopt.hpp>

#include "budget/nnls.h"

namespace budget::detail {

double parameter_value(const ParameterSpec& spec, double unit) {
  double u = std::clamp(unit, 0.0, 1.0);
  if (spec.logarithmic) return spec.lower * std::pow(spec.upper / spec.lower, u);
  return spec.lower + u * (spec.upper - spec.lower);
}

namespace {

// The search box of fit.h's table; the bounds keep every curve valid for response_curves.h
// (a Weibull PDF scale >= 1 keeps the first lag's weight positive).
std::vector<ParameterSpec> adstock_specs(const Adstock& adstock) {
  const double longest = std::max(2.0, static_cast<double>(adstock.window));
  switch (adstock.kind) {
    case AdstockKind::geometric: return {{"adstock.alpha", 0, 0.9, false}};
    case AdstockKind::weibull_cdf:
      return {{"adstock.shape", 0.1, 10, true}, {"adstock.scale", 0.5, longest, true}};
    case AdstockKind::weibull_pdf:
      return {{"adstock.shape", 0.1, 10, true}, {"adstock.scale", 1, longest, true}};
  }
  return {};
}

std::vector<ParameterSpec> saturation_specs(SaturationKind kind, bool allow_s_shaped) {
  switch (kind) {
    case SaturationKind::logistic: return {{"saturation.lambda", 0.1, 10, true}};
    case SaturationKind::hill:
      return {{"saturation.half_saturation", 0.1, 10, true},
              {"saturation.shape", 0.5, allow_s_shaped ? 5.0 : 1.0, false}};
    case SaturationKind::michaelis_menten:
      return {{"saturation.half_saturation", 0.1, 10, true}};
  }
  return {};
}

void set_parameter(ResponseCurve& curve, std::string_view name, double value) {
  if (name == "adstock.alpha") curve.adstock.alpha = value;
  else if (name == "adstock.shape") curve.adstock.shape = value;
  else if (name == "adstock.scale") curve.adstock.scale = value;
  else if (name == "saturation.lambda") curve.saturation.lambda = value;
  else if (name == "saturation.half_saturation") curve.saturation.half_saturation = value;
  else if (name == "saturation.shape") curve.saturation.shape = value;
}

}  // namespace

ResponseCurve ChannelModel::curve(const double* unit, double beta) const {
  ResponseCurve curve;
  curve.adstock = adstock;
  curve.saturation.kind = saturation;
  curve.scale = scale;
  curve.beta = beta;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    // An inactive channel owns no search coordinates: it gets the centre of its box.
    set_parameter(curve, specs[i].name, parameter_value(specs[i], active ? unit[i] : 0.5));
  }
  return curve;
}

ChannelModel make_channel_model(std::vector<double> spend, const Adstock& adstock,
                                SaturationKind saturation, bool allow_s_shaped,
                                std::size_t offset) {
  ChannelModel m;
  double total = 0;
  int spending = 0;
  for (double s : spend) {
    total += s;
    spending += s > 0 ? 1 : 0;
  }
  m.spend = std::move(spend);
  m.active = spending > 0;
  m.scale = m.active ? total / spending : 1;
  m.adstock = adstock;
  m.saturation = saturation;
  m.specs = adstock_specs(adstock);
  for (const auto& s : saturation_specs(saturation, allow_s_shaped)) m.specs.push_back(s);
  m.offset = offset;
  return m;
}

ProjectedProblem::ProjectedProblem(const Eigen::MatrixXd& free, const Eigen::MatrixXd& bounded,
                                   std::vector<ChannelModel> channels)
    : channels_(std::move(channels)), bounded_(bounded) {
  const Eigen::Index periods = free.rows();
  const auto count = static_cast<Eigen::Index>(channels_.size());
  const Eigen::Index columns = count + bounded.cols();
  column_norms_ = free.colwise().norm().transpose();
  for (double& norm : column_norms_) norm = norm > 0 ? norm : 1;
  q_ = Eigen::MatrixXd::Zero(periods, free.cols());
  if (free.cols() > 0) {  // Eigen's QR does not take an empty matrix
    qr_.compute(free * column_norms_.cwiseInverse().asDiagonal());
    q_ = qr_.householderQ() * Eigen::MatrixXd::Identity(periods, free.cols());
  }
  saturated_ = Eigen::MatrixXd::Zero(periods, count);
  projected_ = Eigen::MatrixXd::Zero(periods, columns);
  projection_coefficients_ = Eigen::VectorXd::Zero(free.cols());
  for (Eigen::Index j = 0; j < bounded.cols(); ++j) {
    projection_coefficients_.noalias() = q_.transpose() * bounded.col(j);
    projected_.col(count + j) = bounded.col(j) - q_ * projection_coefficients_;
  }
  gram_ = Eigen::MatrixXd::Zero(columns, columns);
  cross_ = Eigen::VectorXd::Zero(columns);
  beta_ = Eigen::VectorXd::Zero(columns);
  cached_unit_.resize(channels_.size());
  for (const auto& c : channels_) dimension_ += c.active ? c.specs.size() : 0;
  outcome_ = Eigen::VectorXd::Zero(periods);
}

void ProjectedProblem::set_outcome(const Eigen::VectorXd& outcome) {
  outcome_ = outcome;
  projection_coefficients_.noalias() = q_.transpose() * outcome_;
  projected_outcome_norm2_ = (outcome_ - q_ * projection_coefficients_).squaredNorm();
}

void ProjectedProblem::update_column(std::size_t c, const double* unit) {
  const ChannelModel& channel = channels_[c];
  const std::vector<double> column = contributions(channel.spend, channel.curve(unit, 1));
  const auto ci = static_cast<Eigen::Index>(c);
  for (Eigen::Index t = 0; t < saturated_.rows(); ++t) {
    saturated_(t, ci) = column[static_cast<std::size_t>(t)];
  }
  projection_coefficients_.noalias() = q_.transpose() * saturated_.col(ci);
  projected_.col(ci) = saturated_.col(ci);
  projected_.col(ci).noalias() -= q_ * projection_coefficients_;
  cached_unit_[c].assign(unit, unit + channel.specs.size());
}

double ProjectedProblem::rss(const double* unit) {
  for (std::size_t c = 0; c < channels_.size(); ++c) {
    const ChannelModel& channel = channels_[c];
    if (!channel.active) continue;
    const double* slice = unit + channel.offset;
    const auto& cached = cached_unit_[c];
    if (cached.empty() || !std::equal(cached.begin(), cached.end(), slice)) {
      update_column(c, slice);
    }
  }
  gram_.noalias() = projected_.transpose() * projected_;
  cross_.noalias() = projected_.transpose() * outcome_;  // = (MS)ᵀ M y, M being idempotent
  nnls_gram(gram_, cross_, beta_);
  double value = projected_outcome_norm2_ - 2 * beta_.dot(cross_) + beta_.dot(gram_ * beta_);
  return std::max(value, 0.0);
}

Eigen::VectorXd ProjectedProblem::baseline_coefficients() const {
  const Eigen::Index count = saturated_.cols(), bounded = bounded_.cols();
  const Eigen::VectorXd rest =
      outcome_ - saturated_ * beta_.head(count) - bounded_ * beta_.tail(bounded);
  Eigen::VectorXd out(bounded + q_.cols());
  out.head(bounded) = beta_.tail(bounded);
  if (q_.cols() > 0) out.tail(q_.cols()) = qr_.solve(rest).cwiseQuotient(column_norms_);
  return out;
}

double uniform(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

namespace {

struct SearchContext {
  ProjectedProblem* problem = nullptr;
  std::vector<double> best_unit;
  double best = std::numeric_limits<double>::infinity();
  int evaluations = 0;
};

double objective(unsigned n, const double* unit, double* /*gradient*/, void* data) {
  auto& context = *static_cast<SearchContext*>(data);
  ++context.evaluations;
  double value = context.problem->rss(unit);
  if (!std::isfinite(value)) return std::numeric_limits<double>::max();
  if (value < context.best) {
    context.best = value;
    context.best_unit.assign(unit, unit + n);
  }
  return value;
}

std::string describe(nlopt::result result) {
  switch (result) {
    case nlopt::FTOL_REACHED:
      return "converged: the residual sum of squares changed by less than the tolerance";
    case nlopt::XTOL_REACHED: return "converged: the parameters changed by less than 1e-7 of "
                                     "their ranges";
    case nlopt::MAXEVAL_REACHED: return "stopped at the evaluation limit";
    case nlopt::ROUNDOFF_LIMITED: return "converged: further progress limited by rounding";
    default: return "converged";
  }
}

}  // namespace

LocalSearch local_search(ProjectedProblem& problem, std::vector<double> start,
                         int max_evaluations, double tolerance, double initial_step) {
  const auto n = static_cast<unsigned>(start.size());
  SearchContext context{&problem, start, std::numeric_limits<double>::infinity(), 0};
  LocalSearch out;
  if (n == 0) {
    out.rss = problem.rss(start.data());
    out.evaluations = 1;
    out.converged = true;
    out.termination = "converged: no nonlinear parameters";
    return out;
  }
  // Powell's BOBYQA needs two dimensions or more; COBYLA covers the one-dimensional case.
  nlopt::opt opt(n >= 2 ? nlopt::LN_BOBYQA : nlopt::LN_COBYLA, n);
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  opt.set_min_objective(objective, &context);
  opt.set_ftol_rel(tolerance);
  opt.set_xtol_abs(1e-7);
  opt.set_maxeval(max_evaluations);
  opt.set_initial_step(initial_step);
  nlopt::result result = nlopt::FAILURE;
  double value = 0;
  try {
    result = opt.optimize(start, value);
  } catch (const nlopt::roundoff_limited&) {
    result = nlopt::ROUNDOFF_LIMITED;
  } catch (const std::invalid_argument& e) {
    // Not the caller's input: the problem is set up by this module.
    throw std::logic_error(std::string("NLopt rejected the fit's search: ").append(e.what()));
  }
  out.unit = context.best_unit;
  out.rss = context.best;
  problem.rss(out.unit.data());  // leave the problem at the best point
  out.evaluations = context.evaluations + 1;
  out.converged = result != nlopt::MAXEVAL_REACHED && result > 0;
  out.converged = out.converged || result == nlopt::ROUNDOFF_LIMITED;
  out.termination = describe(result);
  return out;
}

namespace {

// n Latin-hypercube points in the unit cube: each coordinate has one point in each of the n
// equal slices.
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dimension,
                                                 std::mt19937_64& rng) {
  std::vector<std::vector<double>> points(n, std::vector<double>(dimension));
  std::vector<std::size_t> slice(n);
  for (std::size_t d = 0; d < dimension; ++d) {
    std::iota(slice.begin(), slice.end(), std::size_t{0});
    for (std::size_t i = n; i > 1; --i) {
      auto j = static_cast<std::size_t>(uniform(rng) * static_cast<double>(i));
      std::swap(slice[i - 1], slice[std::min(j, i - 1)]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      points[i][d] = (static_cast<double>(slice[i]) + uniform(rng)) / static_cast<double>(n);
    }
  }
  return points;
}

}  // namespace

MultiStart multi_start(ProjectedProblem& problem, int starts, int max_evaluations,
                       double tolerance, std::mt19937_64& rng) {
  const std::size_t dimension = problem.dimension();
  MultiStart out;
  std::vector<std::vector<double>> seeds{std::vector<double>(dimension, 0.5)};
  if (starts > 1 && dimension > 0) {
    auto candidates = latin_hypercube(16 * static_cast<std::size_t>(starts), dimension, rng);
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      ranked.emplace_back(problem.rss(candidates[i].data()), i);
    }
    out.evaluations += static_cast<int>(candidates.size());
    std::sort(ranked.begin(), ranked.end());
    for (int i = 0; i + 1 < starts; ++i) seeds.push_back(candidates[ranked[i].second]);
  }
  out.best.rss = std::numeric_limits<double>::infinity();
  for (const auto& seed : seeds) {
    LocalSearch search = local_search(problem, seed, max_evaluations, tolerance, 0.1);
    out.evaluations += search.evaluations;
    ++out.searches;
    if (search.rss < out.best.rss) out.best = std::move(search);
  }
  problem.rss(out.best.unit.data());
  ++out.evaluations;
  return out;
}

}  // namespace budget::detail
