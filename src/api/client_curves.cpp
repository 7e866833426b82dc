#include "api/client_curves.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "forecast/benchmark_forecaster.h"

namespace api {
namespace {

constexpr int kCurrentDays = 28;

// Michaelis–Menten through (reference_spend, reference_outcome) with elasticity
// kPriorElasticity there: K / (K + 1) = e at level 1, so K = e / (1 − e).
budget::ResponseCurve prior_curve(double reference_spend, double reference_outcome) {
  budget::ResponseCurve curve;
  curve.adstock = {.kind = budget::AdstockKind::geometric, .alpha = 0, .window = 1};
  curve.saturation.kind = budget::SaturationKind::hill;
  curve.saturation.shape = 1;
  curve.saturation.half_saturation = kPriorElasticity / (1 - kPriorElasticity);
  curve.scale = reference_spend;
  curve.beta = reference_outcome * (1 + curve.saturation.half_saturation);
  return curve;
}

double mean_of_last(const std::vector<double>& v, std::size_t n) {
  n = std::min(n, v.size());
  if (n == 0) return 0;
  return std::accumulate(v.end() - static_cast<std::ptrdiff_t>(n), v.end(), 0.0) /
         static_cast<double>(n);
}

// Coefficient of variation of spend over the periods that spent.
double spend_variation(const std::vector<double>& spend) {
  double n = 0, sum = 0, squares = 0;
  for (double s : spend) {
    if (s <= 0) continue;
    n += 1;
    sum += s;
    squares += s * s;
  }
  if (n < 2) return 0;
  double mean = sum / n;
  return std::sqrt(std::max(0.0, squares / n - mean * mean)) / mean;
}

budget::FitOptions channel_fit_options() {
  budget::FitOptions o;
  o.adstock = budget::AdstockKind::geometric;
  o.saturation = budget::SaturationKind::hill;
  o.allow_s_shaped = false;
  o.intercept = false;
  o.trend = budget::TrendKind::none;
  o.fourier_order = 0;
  o.starts = 6;
  o.bootstrap_samples = 100;
  o.current_spend_days = kCurrentDays;
  o.seed = 20261124;
  return o;
}

// Why a channel's history cannot carry a fit, or "" when it can.
std::string unfit_reason(const ChannelSeries& series, int period_days) {
  const int active_days = series.active_periods * period_days;
  if (active_days < kMinActiveDays) {
    return "spent on " + std::to_string(active_days) + " days' worth of periods; a fit needs " +
           std::to_string(kMinActiveDays);
  }
  double total = std::accumulate(series.outcome.begin(), series.outcome.end(), 0.0);
  if (!(total > 0)) return "no attributed outcome in its history";
  double cv = spend_variation(series.spend);
  if (cv < kMinSpendVariation) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "its spend barely varied (coefficient of variation %.2f, below %.2f), so the "
                  "shape of its curve cannot be read from it",
                  cv, kMinSpendVariation);
    return text;
  }
  return "";
}

ChannelCurve channel_curve(const BudgetHistory& history, const ChannelSeries& series) {
  ChannelCurve c;
  c.id = series.id;
  c.label = series.label;
  c.platform = series.platform;
  c.spend = series.spend;
  c.total_spend = std::accumulate(series.spend.begin(), series.spend.end(), 0.0);
  c.total_outcome = std::accumulate(series.outcome.begin(), series.outcome.end(), 0.0);
  const auto recent = static_cast<std::size_t>(
      std::max(1, (kCurrentDays + history.period_days - 1) / history.period_days));
  c.current_spend = mean_of_last(series.spend, recent);
  c.current_outcome = mean_of_last(series.outcome, recent);
  c.note = unfit_reason(series, history.period_days);
  if (c.note.empty()) {
    budget::FitData data;
    data.outcome = series.outcome;
    data.channels = {{series.id, series.spend}};
    data.period_days = history.period_days;
    budget::FitSummary fit = budget::fit_response_curves(data, channel_fit_options());
    budget::ChannelFit& channel = fit.channels.front();
    if (channel.curve.beta > 0) {
      c.source = CurveSource::fitted;
      c.curve = channel.curve;
      c.r_squared = fit.r_squared;
      c.nrmse = fit.nrmse;
      c.mape = fit.mape;
      c.fit = std::move(channel);
      return c;
    }
    c.note = "the fit found no effect of its spend";
  }
  // The channel's own level, with the prior's shape: the mean over its active periods when
  // the recent ones did not spend.
  double spend = c.current_spend, outcome = c.current_outcome;
  if (!(spend > 0) && series.active_periods > 0) {
    spend = c.total_spend / series.active_periods;
    outcome = c.total_outcome / series.active_periods;
  }
  if (spend > 0 && outcome > 0) {
    c.source = CurveSource::calibrated_prior;
    c.curve = prior_curve(spend, outcome);
  }
  return c;
}

}  // namespace

std::string_view curve_source_name(CurveSource source) {
  switch (source) {
    case CurveSource::fitted: return "fitted";
    case CurveSource::calibrated_prior: return "calibrated prior";
    case CurveSource::benchmark_prior: return "benchmark prior";
    case CurveSource::none: return "none";
  }
  return "none";
}

ClientCurves fit_client_curves(const BudgetHistory& history, const std::string& industry,
                               core::Objective objective,
                               std::optional<double> value_per_conversion) {
  ClientCurves out;
  out.outcome = history.outcome;
  out.period_days = history.period_days;
  out.first_day = history.first_day;
  out.last_day = history.last_day;
  out.periods = history.periods();
  for (const auto& series : history.channels) {
    ChannelCurve c = channel_curve(history, series);
    if (c.source == CurveSource::none) {
      // No outcome of its own to calibrate on: the benchmarks at what it spends.
      double reference = c.current_spend > 0 ? c.current_spend
                                             : c.total_spend / std::max(1, series.active_periods);
      if (auto prior = benchmark_curve(c.platform, industry, objective, history.outcome, reference,
                                       history.period_days, value_per_conversion)) {
        c.source = CurveSource::benchmark_prior;
        c.curve = prior->curve;
        c.note.append("; ").append(prior->note);
      }
    }
    out.channels.push_back(std::move(c));
  }
  return out;
}

std::optional<ChannelCurve> benchmark_curve(core::Platform platform, const std::string& industry,
                                            core::Objective objective, BudgetOutcome outcome,
                                            double reference_spend, int period_days,
                                            std::optional<double> value_per_conversion) {
  if (!(reference_spend > 0) || period_days < 1) return std::nullopt;
  if (outcome == BudgetOutcome::revenue && !value_per_conversion) return std::nullopt;
  forecast::PlanInput plan;
  plan.platform = platform;
  plan.objective = objective;
  plan.industry = industry;
  plan.start = core::Date{0};
  plan.end = plan.start + (period_days - 1);
  plan.daily_spend = reference_spend / period_days;
  plan.value_per_conversion = value_per_conversion;
  forecast::PlanForecast f = forecast::benchmark_forecaster().forecast(plan);
  double per_period = outcome == BudgetOutcome::revenue ? f.conversion_value.value
                                                        : f.conversions.value;
  if (!(per_period > 0)) return std::nullopt;
  ChannelCurve c;
  c.id = std::string(core::platform_name(platform));
  c.label = std::string(core::platform_display_name(platform));
  c.platform = platform;
  c.source = CurveSource::benchmark_prior;
  c.curve = prior_curve(reference_spend, per_period);
  c.note = "industry benchmarks (" + (industry.empty() ? std::string("all industries") : industry) +
           ") at " + std::to_string(static_cast<long long>(std::llround(reference_spend))) +
           " per period";
  return c;
}

std::shared_ptr<const ClientCurves> cached_client_curves(CurveCache& cache,
                                                         const MetricsSnapshot& snapshot,
                                                         const std::string& tenant_id,
                                                         int client_index, BudgetLevel level,
                                                         BudgetOutcome outcome, core::Date today) {
  const SnapshotClient& client = snapshot.clients[static_cast<std::size_t>(client_index)];
  std::string key = tenant_id + "|" + client.id + "|" + std::to_string(snapshot.data_version) +
                    "|" + std::to_string(static_cast<int>(level)) + "|" +
                    std::to_string(static_cast<int>(outcome)) + "|" + core::format_iso_date(today);
  if (auto cached = cache.get(key)) return cached;
  BudgetHistory history = budget_history(snapshot, client_index, today, level, outcome);
  auto fitted = std::make_shared<ClientCurves>(
      fit_client_curves(history, client.industry, core::Objective::sales_conversion));
  fitted->level = level;
  cache.put(key, fitted);
  return fitted;
}

std::shared_ptr<const ClientCurves> CurveCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  it->second.used = ++clock_;
  return it->second.curves;
}

void CurveCache::put(const std::string& key, std::shared_ptr<const ClientCurves> curves) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_ && !entries_.contains(key)) {
    auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.used < b.second.used;
    });
    entries_.erase(oldest);
  }
  entries_[key] = {std::move(curves), ++clock_};
}

}  // namespace api
