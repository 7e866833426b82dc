// The baseline detector the issue asked for: how far a point lies from the mean of the window
// before it, in that window's standard deviations. No seasonality, no robustness: a weekly
// pattern widens the sd, and an earlier spike inflates both mean and sd for `window` steps.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "optimize/anomaly.h"
#include "optimize/anomaly_common.h"
#include "optimize/robust_stats.h"

namespace optimize {

AnomalyReport detect_rolling_z_score(MetricSeries series, const RollingZScoreOptions& options) {
  const detail::ModelSeries model = detail::to_model_space(series, MetricKind::additive);
  const std::vector<double>& x = model.x;
  AnomalyReport report =
      detail::start_report(AnomalyMethod::rolling_z_score, model, options.threshold);
  if (options.window < 2) {
    return detail::refuse(std::move(report), AnomalyStatus::invalid_options,
                          "window must be >= 2");
  }
  if (!(options.threshold > 0) || !std::isfinite(options.threshold)) {
    return detail::refuse(std::move(report), AnomalyStatus::invalid_options,
                          "threshold must be > 0");
  }
  const auto window = static_cast<std::size_t>(options.window);
  const std::size_t need = std::max<std::size_t>(2, window / 2);
  const std::size_t n = x.size();
  std::size_t short_windows = 0;
  std::size_t flat_windows = 0;
  for (std::size_t t = detail::first_evaluated(n, options.evaluate_last); t < n; ++t) {
    if (!detail::observed(x[t])) continue;
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = t > window ? t - window : 0; i < t; ++i) {
      if (!detail::observed(x[i])) continue;
      sum += x[i];
      ++count;
    }
    if (count < need) {
      ++short_windows;
      continue;
    }
    const double mean = sum / static_cast<double>(count);
    double squares = 0;
    for (std::size_t i = t > window ? t - window : 0; i < t; ++i) {
      if (detail::observed(x[i])) squares += (x[i] - mean) * (x[i] - mean);
    }
    const double sd = std::sqrt(squares / static_cast<double>(count - 1));
    if (!(sd > 0)) {
      ++flat_windows;
      continue;
    }
    report.scored.push_back(detail::score_point(t, x[t], x[t], mean, sd, MetricKind::additive));
    report.residual_scale = sd;
  }
  if (short_windows + flat_windows > 0) {
    std::ostringstream out;
    if (short_windows > 0) {
      out << short_windows << " point(s) had fewer than " << need << " observed points in the "
          << window << " steps before them";
    }
    if (flat_windows > 0) {
      out << (short_windows > 0 ? "; " : "") << flat_windows
          << " point(s) followed a window with zero standard deviation";
    }
    if (report.scored.empty()) {
      return detail::refuse(std::move(report),
                            flat_windows > 0 ? AnomalyStatus::no_variation
                                             : AnomalyStatus::insufficient_history,
                            out.str());
    }
    report.reason = out.str();
  }
  detail::flag(report, 1.0);
  return report;
}

}  // namespace optimize
