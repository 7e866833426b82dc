#include "budget/fit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>

#include <Eigen/Dense>

#include "budget/fit_bootstrap.h"
#include "budget/fit_problem.h"
#include "budget/fit_validation.h"

namespace budget {
namespace {

using detail::ChannelModel;
using detail::ProjectedProblem;

struct Baseline {
  Eigen::MatrixXd columns;         // T × p
  std::vector<std::string> names;  // BaselineTerm names
};

Baseline baseline_design(const FitData& data, const FitOptions& options) {
  const auto periods = static_cast<Eigen::Index>(data.outcome.size());
  std::vector<std::string> names;
  std::vector<Eigen::VectorXd> columns;
  if (options.intercept) {
    names.emplace_back("intercept");
    columns.push_back(Eigen::VectorXd::Ones(periods));
  }
  Eigen::VectorXd u(periods);
  for (Eigen::Index t = 0; t < periods; ++t) {
    u(t) = periods > 1 ? 2.0 * static_cast<double>(t) / static_cast<double>(periods - 1) - 1 : 0;
  }
  if (options.trend != TrendKind::none) {
    names.emplace_back("trend");
    columns.push_back(u);
  }
  if (options.trend == TrendKind::quadratic) {
    names.emplace_back("trend_squared");
    columns.push_back(u.cwiseProduct(u));
  }
  const bool seasonal = !data.day_of_year.empty();
  for (int k = 1; seasonal && k <= options.fourier_order; ++k) {
    Eigen::VectorXd sine(periods), cosine(periods);
    for (Eigen::Index t = 0; t < periods; ++t) {
      double angle = 2 * std::numbers::pi * k * data.day_of_year[static_cast<std::size_t>(t)] /
                     365.25;
      sine(t) = std::sin(angle);
      cosine(t) = std::cos(angle);
    }
    names.push_back("sin_" + std::to_string(k));
    columns.push_back(sine);
    names.push_back("cos_" + std::to_string(k));
    columns.push_back(cosine);
  }
  for (const auto& control : data.controls) {
    names.push_back(control.name);
    columns.push_back(Eigen::Map<const Eigen::VectorXd>(control.values.data(), periods));
  }
  // With an intercept every other column is centred, so the intercept is the baseline's mean
  // level and constraining it (intercept_non_negative) bounds the channels' total credit.
  Baseline out{Eigen::MatrixXd(periods, static_cast<Eigen::Index>(columns.size())), names};
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const double mean = j == 0 || !options.intercept ? 0 : columns[j].mean();
    out.columns.col(static_cast<Eigen::Index>(j)) = columns[j].array() - mean;
  }
  return out;
}

std::vector<ChannelModel> channel_models(const FitData& data, const FitOptions& options) {
  Adstock adstock;
  adstock.kind = options.adstock;
  adstock.normalized = options.adstock_normalized;
  adstock.window = detail::adstock_window_periods(options, data.period_days);
  std::vector<ChannelModel> models;
  std::size_t offset = 0;
  for (const auto& channel : data.channels) {
    auto kind = options.saturation;
    if (auto it = options.saturation_by_channel.find(channel.name);
        it != options.saturation_by_channel.end()) {
      kind = it->second;
    }
    models.push_back(detail::make_channel_model(channel.spend, adstock, kind,
                                                options.allow_s_shaped, offset));
    if (models.back().active) offset += models.back().specs.size();
  }
  return models;
}

int parameter_count(const Baseline& baseline, const std::vector<ChannelModel>& models) {
  auto count = static_cast<int>(baseline.columns.cols());
  for (const auto& m : models) count += m.active ? 1 + static_cast<int>(m.specs.size()) : 0;
  return count;
}

double sum(const std::vector<double>& values) {
  double total = 0;
  for (double v : values) total += v;
  return total;
}

// Channel c's fit at the problem's current point, without intervals.
ChannelFit channel_fit(const ProjectedProblem& problem, const std::vector<double>& unit,
                       std::size_t c, const FitData& data, int current_periods) {
  const ChannelModel& model = problem.channels()[c];
  const auto ci = static_cast<Eigen::Index>(c);
  ChannelFit fit;
  fit.name = data.channels[c].name;
  const double beta = model.active ? problem.betas()(ci) : 0;
  fit.curve = model.curve(unit.data() + model.offset, beta);
  fit.parameters.push_back({"beta", beta, 0, std::numeric_limits<double>::infinity(),
                            model.active && beta == 0, std::nullopt});
  for (std::size_t i = 0; i < model.specs.size(); ++i) {
    const auto& spec = model.specs[i];
    double u = model.active ? unit[model.offset + i] : 0.5;
    fit.parameters.push_back({spec.name, detail::parameter_value(spec, u), spec.lower,
                              spec.upper, model.active && (u < 1e-3 || u > 1 - 1e-3),
                              std::nullopt});
  }
  for (Eigen::Index t = 0; t < problem.saturated().rows(); ++t) {
    fit.contributions.push_back(beta * problem.saturated()(t, ci));
  }
  fit.total_spend = sum(model.spend);
  fit.total_contribution = sum(fit.contributions);
  const double outcome_total = sum(data.outcome);
  if (outcome_total != 0) fit.contribution_share = fit.total_contribution / outcome_total;
  const std::vector<double> recent(model.spend.end() - current_periods, model.spend.end());
  fit.current_spend = sum(recent) / current_periods;
  if (model.active) {
    fit.roas = fit.total_contribution / fit.total_spend;
    double slope = steady_state_slope(fit.current_spend, fit.curve);
    if (std::isfinite(slope)) fit.marginal_roas = slope;
  }
  return fit;
}

struct Quality {
  double r_squared = 0, nrmse = 0, mape = 0, rss = 0;
};

Quality quality(const std::vector<double>& outcome, const std::vector<double>& fitted) {
  const double mean = sum(outcome) / static_cast<double>(outcome.size());
  double rss = 0, tss = 0, ape = 0;
  int nonzero = 0;
  for (std::size_t t = 0; t < outcome.size(); ++t) {
    const double r = outcome[t] - fitted[t];
    rss += r * r;
    tss += (outcome[t] - mean) * (outcome[t] - mean);
    if (outcome[t] != 0) ape += std::abs(r / outcome[t]), ++nonzero;
  }
  const auto [low, high] = std::minmax_element(outcome.begin(), outcome.end());
  Quality q;
  q.rss = rss;
  q.r_squared = 1 - rss / tss;
  q.nrmse = std::sqrt(rss / static_cast<double>(outcome.size())) / (*high - *low);
  q.mape = nonzero > 0 ? 100 * ape / nonzero : 0;
  return q;
}

// Fills the summary's point estimates from the problem at `unit`.
void point_estimates(const ProjectedProblem& problem, const std::vector<double>& unit,
                     const FitData& data, const Baseline& baseline, bool bounded,
                     int current_periods, FitSummary& summary) {
  const Eigen::VectorXd gamma = problem.baseline_coefficients();
  for (Eigen::Index j = 0; j < gamma.size(); ++j) {
    summary.baseline_terms.push_back(
        {baseline.names[static_cast<std::size_t>(j)], gamma(j),
         j == 0 && bounded && gamma(j) == 0});
  }
  const Eigen::VectorXd base = baseline.columns * gamma;
  summary.baseline.assign(base.data(), base.data() + base.size());
  summary.fitted = summary.baseline;
  for (std::size_t c = 0; c < data.channels.size(); ++c) {
    summary.channels.push_back(channel_fit(problem, unit, c, data, current_periods));
    for (std::size_t t = 0; t < summary.fitted.size(); ++t) {
      summary.fitted[t] += summary.channels.back().contributions[t];
    }
  }
  const Quality q = quality(data.outcome, summary.fitted);
  summary.r_squared = q.r_squared;
  summary.nrmse = q.nrmse;
  summary.mape = q.mape;
  summary.residual_sum_of_squares = q.rss;
  summary.residual_std =
      std::sqrt(q.rss / std::max(1, summary.periods - summary.parameters));
}

std::string format(const char* pattern, double a, double b = 0, double c = 0) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, pattern, a, b, c);
  return buffer;
}

std::string with_interval(const std::optional<double>& value,
                          const std::optional<Interval>& interval) {
  if (!value) return "n/a";
  std::string out = format("%.4g", *value);
  if (interval) out.append(format(" [%.4g, %.4g]", interval->low, interval->high));
  return out;
}

}  // namespace

std::string FitSummary::report() const {
  std::string out = format("R² %.4f, NRMSE %.4f, MAPE %.2f %%", r_squared, nrmse, mape);
  out.append(format(" over %.0f periods, %.0f parameters; ", periods, parameters))
      .append(format("%.0f starts, %.0f evaluations, ", starts, evaluations))
      .append(termination)
      .append(bootstrap_samples == 0
                  ? std::string("; no bootstrap\n")
                  : format("; bootstrap %.0f samples (%.0f converged) in blocks of %.0f "
                           "periods\n",
                           bootstrap_samples, bootstrap_converged, bootstrap_block_length));
  for (const auto& c : channels) {
    out.append(c.name)
        .append(": ROAS ")
        .append(with_interval(c.roas, c.roas_interval))
        .append(", marginal ROAS ")
        .append(with_interval(c.marginal_roas, c.marginal_roas_interval))
        .append(format(" at %.4g per period, share of outcome %.2f %%\n", c.current_spend,
                       100 * c.contribution_share.value_or(0)));
  }
  return out;
}

FitSummary fit_response_curves(const FitData& data, const FitOptions& options) {
  detail::validate_fit_input(data, options);
  const Baseline baseline = baseline_design(data, options);
  detail::check_baseline_rank(baseline.columns, data, options);
  std::vector<ChannelModel> models = channel_models(data, options);

  FitSummary summary;
  summary.periods = static_cast<int>(data.outcome.size());
  summary.parameters = parameter_count(baseline, models);
  detail::check_enough_periods(summary.periods, summary.parameters);

  // The intercept is column 0: bounded below by 0, or free with the other baseline terms.
  const Eigen::Index bounded = options.intercept && options.intercept_non_negative ? 1 : 0;
  ProjectedProblem problem(baseline.columns.rightCols(baseline.columns.cols() - bounded),
                           baseline.columns.leftCols(bounded), std::move(models));
  const Eigen::VectorXd outcome =
      Eigen::Map<const Eigen::VectorXd>(data.outcome.data(), summary.periods);
  problem.set_outcome(outcome);
  std::mt19937_64 rng(options.seed);
  const detail::MultiStart search = detail::multi_start(
      problem, options.starts, options.max_evaluations, options.tolerance, rng);
  summary.starts = search.searches;
  summary.evaluations = search.evaluations;
  summary.converged = search.best.converged;
  summary.termination = search.best.termination;

  const int current = std::min(summary.periods,
      (options.current_spend_days + data.period_days - 1) / data.period_days);
  point_estimates(problem, search.best.unit, data, baseline, bounded > 0, current, summary);
  if (options.bootstrap_samples > 0) {
    detail::bootstrap(problem, search.best.unit, data, options, rng, summary);
  }
  return summary;
}

}  // namespace budget
