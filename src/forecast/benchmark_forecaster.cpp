#include "forecast/benchmark_forecaster.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "forecast/benchmark_priors.h"
#include "forecast/internal/plan_math.h"

namespace forecast {
namespace {

constexpr double kZ80 = 1.2815515655446004;
constexpr double kZ95 = 1.959963984540054;

// A count on the log scale: mean and variance of its logarithm.
struct LogEstimate {
  double mu = 0;
  double var = 0;
};

// The primary route's estimate, its variance widened by half the log gap to the cross-check
// route taken as one more standard deviation; the cross-check alone when there is no primary.
std::optional<LogEstimate> reconcile(std::optional<LogEstimate> primary,
                                     std::optional<LogEstimate> check) {
  if (!primary) return check;
  if (!check) return primary;
  const double half_gap = (primary->mu - check->mu) / 2;
  return LogEstimate{primary->mu, primary->var + half_gap * half_gap};
}

Estimate to_estimate(const std::optional<LogEstimate>& e) {
  if (!e) return internal::exact(0);
  const double sd = std::sqrt(e->var);
  return Estimate{std::exp(e->mu),
                  {std::exp(e->mu - kZ80 * sd), std::exp(e->mu + kZ80 * sd)},
                  {std::exp(e->mu - kZ95 * sd), std::exp(e->mu + kZ95 * sd)}};
}

// A prior as a log-normal factor, or nullopt when it is missing or not positive.
struct LogPrior {
  std::optional<Prior> prior;
  double log_value = 0;
  double var = 0;
  explicit operator bool() const { return prior.has_value(); }
};

LogPrior log_prior(const PlanInput& plan, BenchmarkMetric metric) {
  LogPrior p;
  auto prior = benchmark_prior(plan.platform, plan.industry, metric);
  if (!prior || !(prior->value > 0)) return p;
  p.log_value = std::log(prior->value);
  const double sigma = prior_log_sigma(prior->low, prior->high);
  p.var = sigma * sigma;
  p.prior = std::move(prior);
  return p;
}

std::string describe(std::string_view name, const Prior& p, bool rate) {
  char figure[64];
  if (rate)
    std::snprintf(figure, sizeof figure, "%.3g%%", 100 * p.value);
  else
    std::snprintf(figure, sizeof figure, "%.3g USD", p.value);
  std::string text = std::string(name) + " " + figure + " (" + p.metric_variant + ", " +
                     p.fallback + ": " + p.matched_industry;
  if (!p.citations.empty()) text += "; " + p.citations.front();
  return text + ")";
}

class BenchmarkForecaster final : public Forecaster {
 public:
  PlanForecast forecast(const PlanInput& plan) const override;
};

PlanForecast BenchmarkForecaster::forecast(const PlanInput& plan) const {
  internal::validate_plan(plan);
  PlanForecast f = internal::empty_forecast(plan, "benchmark");
  if (plan.platform == core::Platform::email) {
    f.notes.push_back("No benchmarks exist for email: the forecast is empty (confidence 0).");
    return f;
  }
  const LogPrior cpm = log_prior(plan, BenchmarkMetric::cpm);
  const LogPrior cpc = log_prior(plan, BenchmarkMetric::cpc);
  const LogPrior ctr = log_prior(plan, BenchmarkMetric::ctr);
  const LogPrior cvr = log_prior(plan, BenchmarkMetric::conversion_rate);
  const LogPrior cpa = log_prior(plan, BenchmarkMetric::cpa);
  const bool value_known = plan.value_per_conversion.has_value();

  // Log routes for a spend S of 1; ln S is added at the end, so the gap between routes and the
  // interval widths do not depend on spend (and every bound grows with it).
  const double thousand = std::log(1000.0);
  std::optional<LogEstimate> impressions_by_cpm, impressions_by_ctr, clicks_by_cpc, clicks_by_ctr,
      conversions_by_cvr, conversions_by_cpa;
  if (cpm) impressions_by_cpm = LogEstimate{thousand - cpm.log_value, cpm.var};
  if (cpc && ctr) {
    impressions_by_ctr = LogEstimate{-cpc.log_value - ctr.log_value, cpc.var + ctr.var};
  }
  if (cpc) clicks_by_cpc = LogEstimate{-cpc.log_value, cpc.var};
  if (cpm && ctr) {
    clicks_by_ctr = LogEstimate{thousand - cpm.log_value + ctr.log_value, cpm.var + ctr.var};
  }
  const std::optional<LogEstimate> impressions = reconcile(impressions_by_cpm, impressions_by_ctr);
  const std::optional<LogEstimate> clicks = reconcile(clicks_by_cpc, clicks_by_ctr);
  // Conversions inherit the clicks' widened variance: their point is the clicks' point.
  if (clicks && cvr)
    conversions_by_cvr = LogEstimate{clicks->mu + cvr.log_value, clicks->var + cvr.var};
  if (cpa) conversions_by_cpa = LogEstimate{-cpa.log_value, cpa.var};
  const std::optional<LogEstimate> conversions = reconcile(conversions_by_cvr, conversions_by_cpa);
  double largest_gap = 0;
  for (const auto& [x, y] :
       {std::pair{impressions_by_cpm, impressions_by_ctr}, std::pair{clicks_by_cpc, clicks_by_ctr},
        std::pair{conversions_by_cvr, conversions_by_cpa}}) {
    if (x && y) largest_gap = std::max(largest_gap, std::abs(x->mu - y->mu));
  }

  const ObjectiveScaling scaling = objective_scaling(plan.objective);
  const double extra = scaling.adjusted() ? kObjectiveLogSigma * kObjectiveLogSigma : 0;
  auto finish = [&](std::optional<LogEstimate> e, double factor) -> Estimate {
    if (!e || f.spend <= 0) return internal::exact(0);
    e->mu += std::log(f.spend) + std::log(factor);
    if (factor != 1) e->var += extra;
    return to_estimate(e);
  };
  f.impressions = finish(impressions, scaling.impressions);
  f.clicks = finish(clicks, scaling.clicks);
  f.conversions = finish(conversions, scaling.conversions);
  f.conversion_value = value_known ? internal::scaled(f.conversions, *plan.value_per_conversion)
                                   : internal::exact(0);
  internal::derive_ratios(f, value_known);

  // Confidence and notes.
  double confidence_sum = 0;
  int used = 0;
  const std::pair<std::string_view, const LogPrior*> priors[] = {
      {"cpm", &cpm}, {"cpc", &cpc}, {"ctr", &ctr}, {"conversion rate", &cvr}, {"cpa", &cpa}};
  for (const auto& [name, p] : priors) {
    if (!*p) {
      f.notes.push_back("No " + std::string(name) + " benchmark for " +
                        std::string(core::platform_name(plan.platform)) + ".");
      continue;
    }
    confidence_sum += p->prior->confidence;
    ++used;
    const bool rate = name == "ctr" || name == "conversion rate";
    f.notes.push_back("Benchmark " + describe(name, *p->prior, rate) + ".");
  }
  f.confidence = used > 0 ? confidence_sum / used : 0;
  if (scaling.adjusted()) f.confidence *= 0.8;
  if (largest_gap > std::log(2.0)) f.confidence *= 0.8;
  f.notes.push_back(
      "Benchmarks are US dollars, applied at par to the plan's currency; published averages "
      "across advertisers, not this account's own performance.");
  f.notes.push_back(
      "Impressions = spend / CPM x 1000, clicks = spend / CPC, conversions = clicks x conversion "
      "rate; the other routes (clicks / CTR, impressions x CTR, spend / CPA) only widen the "
      "intervals where the benchmarks disagree, or stand in for a missing figure.");
  if (largest_gap > std::log(2.0)) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "The benchmarks disagree by up to x%.1f between routes: intervals are wide and "
                  "confidence lowered.",
                  std::exp(largest_gap));
    f.notes.emplace_back(text);
  }
  if (scaling.adjusted()) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "Objective %s: impressions x%.2g, clicks x%.2g, conversions x%.2g versus the "
                  "benchmarks (a judgement, not measured), with wider intervals.",
                  std::string(core::objective_name(plan.objective)).c_str(), scaling.impressions,
                  scaling.clicks, scaling.conversions);
    f.notes.emplace_back(text);
  }
  if (!clicks || !conversions || !impressions) {
    f.notes.push_back("Some counts have no benchmark route and are forecast as 0.");
  }
  if (!value_known)
    f.notes.push_back("No value_per_conversion: conversion value, ROAS and ROI unknown.");
  return f;
}

}  // namespace

const Forecaster& benchmark_forecaster() {
  static const BenchmarkForecaster instance;
  return instance;
}

ObjectiveScaling objective_scaling(core::Objective objective) {
  switch (objective) {
    case core::Objective::awareness:
      return {1.5, 0.6, 0.25};
    case core::Objective::engagement:
      return {1.2, 0.8, 0.4};
    case core::Objective::traffic:
      return {1.0, 1.2, 0.7};
    case core::Objective::app_installs:
      return {1.0, 1.0, 0.8};
    case core::Objective::leads:
    case core::Objective::sales_conversion:
      return {};
  }
  return {};
}

double prior_log_sigma(double low, double high) {
  if (!(low > 0) || !(high > low)) return kMinPriorLogSigma;
  return std::max(kMinPriorLogSigma, std::log(high / low) / (2 * kZ80));
}

}  // namespace forecast
