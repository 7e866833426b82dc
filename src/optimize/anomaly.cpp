// The retrospective detector (detect_anomalies), and the report's names and summary.
#include "optimize/anomaly.h"

#include <sstream>

#include "optimize/anomaly_common.h"
#include "optimize/robust_stats.h"

namespace optimize {

AnomalyReport detect_anomalies(MetricSeries series, const AnomalyOptions& options) {
  const detail::ModelSeries model = detail::to_model_space(series, options.kind);
  const std::vector<double>& x = model.x;
  AnomalyReport report =
      detail::start_report(AnomalyMethod::seasonal_median, model, options.threshold);
  if (auto why = detail::invalid_option(options)) {
    return detail::refuse(std::move(report), AnomalyStatus::invalid_options, std::move(*why));
  }
  const std::size_t need = detail::min_history(options);
  if (report.points_observed < need) {
    return detail::refuse(std::move(report), AnomalyStatus::insufficient_history,
                          detail::shortfall(report.points_observed, need, "in the series"));
  }

  const std::size_t n = x.size();
  const auto period = static_cast<std::size_t>(options.period);
  std::vector<double> scratch;
  report.seasonal_profile = detail::fit_seasonal(x, 0, n, period, false, scratch).profile;
  std::vector<double> deseasonalised(n);
  for (std::size_t i = 0; i < n; ++i) {
    deseasonalised[i] = x[i] - report.seasonal_profile[i % period];
  }

  // The level at i is the median of its neighbours with i itself left out: a point cannot pull
  // its own prediction towards it, so a spike is measured in full and the residuals behave like
  // the noise (with i included they came out peaked, and 0.8% of clean Gaussian days were
  // flagged instead of 0.07%).
  const std::size_t width = detail::odd_width(detail::level_width(options));
  std::vector<std::optional<double>> level(n);
  std::vector<double> residuals;
  residuals.reserve(report.points_observed);
  for (std::size_t i = 0; i < n; ++i) {
    if (!detail::observed(x[i])) continue;
    const detail::Window w = detail::centred_window(i, width, 0, n);
    level[i] = detail::window_median(deseasonalised, w.lo, w.hi, 1, scratch, i);
    if (level[i]) residuals.push_back(deseasonalised[i] - *level[i]);
  }
  if (residuals.size() < need) {
    return detail::refuse(std::move(report), AnomalyStatus::insufficient_history,
                          detail::shortfall(residuals.size(), need, "with an observed neighbour"));
  }
  report.residual_scale = detail::robust_scale(residuals, scratch);
  if (report.residual_scale == 0 && options.kind != MetricKind::count) {
    return detail::refuse(std::move(report), AnomalyStatus::no_variation,
                          "every residual is the same: the metric follows its pattern exactly");
  }

  for (std::size_t i = detail::first_evaluated(n, options.evaluate_last); i < n; ++i) {
    if (!level[i]) continue;  // missing, or no observed neighbour to predict it from
    report.scored.push_back(detail::score_point(i, *series[i], x[i],
                                                *level[i] + report.seasonal_profile[i % period],
                                                report.residual_scale, options.kind));
  }
  detail::flag(report, options.max_anomaly_fraction);
  return report;
}

std::string_view to_string(AnomalyMethod method) {
  switch (method) {
    case AnomalyMethod::seasonal_median: return "seasonal_median";
    case AnomalyMethod::seasonal_median_causal: return "seasonal_median_causal";
    case AnomalyMethod::rolling_z_score: return "rolling_z_score";
  }
  return "unknown";
}

std::string_view to_string(AnomalyStatus status) {
  switch (status) {
    case AnomalyStatus::ok: return "ok";
    case AnomalyStatus::invalid_options: return "invalid_options";
    case AnomalyStatus::insufficient_history: return "insufficient_history";
    case AnomalyStatus::no_variation: return "no_variation";
  }
  return "unknown";
}

std::string AnomalyReport::summary() const {
  std::ostringstream out;
  out.precision(4);
  out << to_string(method) << ": ";
  if (scored.empty() && status != AnomalyStatus::ok) {
    out << "nothing scored (" << to_string(status) << ": " << reason << ")";
    return out.str();
  }
  out << anomalies.size() << (anomalies.size() == 1 ? " anomaly" : " anomalies") << " in "
      << points_evaluated << " scored points (threshold " << threshold << ", scale "
      << residual_scale << ")";
  if (points_over_threshold > anomalies.size()) {
    out << "; " << points_over_threshold << " over the threshold, capped at " << anomalies.size();
  }
  if (points_skipped > 0) out << "; " << points_skipped << " value(s) <= 0 skipped";
  if (!reason.empty()) out << "; " << reason;
  return out.str();
}

}  // namespace optimize
