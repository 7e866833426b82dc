#include "budget/fit_bootstrap.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace budget::detail {
namespace {

// What one channel's refits produced, one value per replicate.
struct Draws {
  std::vector<double> roas, marginal_roas, contribution;
  std::vector<std::vector<double>> parameters;  // [parameter][replicate], as ChannelFit order
  bool marginal_finite = true;
};

std::vector<double> resampled_outcome(const std::vector<double>& fitted,
                                      const std::vector<double>& residuals, std::size_t block,
                                      std::mt19937_64& rng) {
  const std::size_t periods = fitted.size();
  std::vector<double> outcome(fitted);
  const auto starts = static_cast<double>(periods - block + 1);
  for (std::size_t t = 0; t < periods;) {
    auto start = static_cast<std::size_t>(uniform(rng) * starts);
    start = std::min(start, periods - block);
    for (std::size_t i = 0; i < block && t < periods; ++i, ++t) {
      outcome[t] += residuals[start + i];
    }
  }
  return outcome;
}

// Records channel c's refit at the problem's current point (the replicate's optimum).
void record(const ProjectedProblem& problem, const std::vector<double>& unit, std::size_t c,
            ChannelFit& fit, Draws& draws) {
  const ChannelModel& model = problem.channels()[c];
  const double beta = problem.betas()(static_cast<Eigen::Index>(c));
  const ResponseCurve curve = model.curve(unit.data() + model.offset, beta);
  const double contribution = beta * problem.saturated().col(static_cast<Eigen::Index>(c)).sum();
  draws.contribution.push_back(contribution);
  draws.roas.push_back(contribution / fit.total_spend);
  const double slope = steady_state_slope(fit.current_spend, curve);
  draws.marginal_finite = draws.marginal_finite && std::isfinite(slope);
  draws.marginal_roas.push_back(slope);
  draws.parameters.resize(model.specs.size() + 1);
  draws.parameters[0].push_back(beta);
  for (std::size_t i = 0; i < model.specs.size(); ++i) {
    draws.parameters[i + 1].push_back(parameter_value(model.specs[i], unit[model.offset + i]));
  }
  fit.bootstrap_curves.push_back(curve);
}

void set_intervals(ChannelFit& fit, Draws& draws, double level) {
  fit.roas_interval = percentile_interval(draws.roas, level);
  fit.contribution_interval = percentile_interval(draws.contribution, level);
  if (fit.marginal_roas && draws.marginal_finite) {
    fit.marginal_roas_interval = percentile_interval(draws.marginal_roas, level);
  }
  for (std::size_t i = 0; i < fit.parameters.size() && i < draws.parameters.size(); ++i) {
    fit.parameters[i].interval = percentile_interval(draws.parameters[i], level);
  }
}

}  // namespace

Interval percentile_interval(std::vector<double>& values, double level) {
  std::sort(values.begin(), values.end());
  auto quantile = [&](double q) {
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double weight = position - static_cast<double>(below);
    return values[below] + weight * (values[above] - values[below]);
  };
  return {quantile((1 - level) / 2), quantile((1 + level) / 2)};
}

void bootstrap(ProjectedProblem& problem, const std::vector<double>& unit, const FitData& data,
               const FitOptions& options, std::mt19937_64& rng, FitSummary& summary) {
  const std::size_t periods = data.outcome.size();
  const auto block = static_cast<std::size_t>(
      options.bootstrap_block_length > 0
          ? options.bootstrap_block_length
          : static_cast<int>(std::ceil(std::cbrt(static_cast<double>(periods)) - 1e-9)));
  std::vector<double> residuals(periods);
  for (std::size_t t = 0; t < periods; ++t) residuals[t] = data.outcome[t] - summary.fitted[t];

  std::vector<Draws> draws(summary.channels.size());
  for (int b = 0; b < options.bootstrap_samples; ++b) {
    const std::vector<double> outcome = resampled_outcome(summary.fitted, residuals, block, rng);
    problem.set_outcome(Eigen::Map<const Eigen::VectorXd>(outcome.data(),
                                                          static_cast<Eigen::Index>(periods)));
    // A smaller first step than the multi-start's: the replicate's optimum is near.
    const LocalSearch refit = local_search(problem, unit, options.bootstrap_max_evaluations,
                                           options.tolerance, 0.05);
    summary.bootstrap_evaluations += refit.evaluations;
    summary.bootstrap_converged += refit.converged ? 1 : 0;
    for (std::size_t c = 0; c < summary.channels.size(); ++c) {
      if (problem.channels()[c].active) {
        record(problem, refit.unit, c, summary.channels[c], draws[c]);
      }
    }
  }
  for (std::size_t c = 0; c < summary.channels.size(); ++c) {
    if (problem.channels()[c].active) {
      set_intervals(summary.channels[c], draws[c], options.interval_level);
    }
  }
  summary.bootstrap_samples = options.bootstrap_samples;
  summary.bootstrap_block_length = static_cast<int>(block);
  problem.set_outcome(Eigen::Map<const Eigen::VectorXd>(data.outcome.data(),
                                                        static_cast<Eigen::Index>(periods)));
  problem.rss(unit.data());
}

}  // namespace budget::detail

namespace budget {

Interval response_interval(const ChannelFit& channel, double spend_per_period, double level) {
  if (channel.bootstrap_curves.empty()) {
    throw std::invalid_argument("bootstrap_curves: empty, the fit ran without a bootstrap");
  }
  if (!(spend_per_period >= 0) || !std::isfinite(spend_per_period)) {
    throw std::invalid_argument("spend_per_period: must be finite and >= 0");
  }
  if (!(level > 0 && level < 1)) throw std::invalid_argument("level: must be in (0, 1)");
  std::vector<double> responses;
  responses.reserve(channel.bootstrap_curves.size());
  for (const auto& curve : channel.bootstrap_curves) {
    responses.push_back(steady_state_response(spend_per_period, curve));
  }
  return detail::percentile_interval(responses, level);
}

}  // namespace budget
