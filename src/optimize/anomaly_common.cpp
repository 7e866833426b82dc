#include "optimize/anomaly_common.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace optimize::detail {

ModelSeries to_model_space(MetricSeries series, MetricKind kind) {
  ModelSeries m;
  m.x.assign(series.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!series[i] || !std::isfinite(*series[i])) continue;
    if (kind == MetricKind::multiplicative) {
      if (*series[i] <= 0) {
        ++m.skipped;
        continue;
      }
      m.x[i] = std::log(*series[i]);
    } else {
      m.x[i] = *series[i];
    }
    ++m.observed;
  }
  return m;
}

std::optional<std::string> invalid_option(const AnomalyOptions& o) {
  if (o.period < 1) return "period must be >= 1";
  if (!(o.threshold > 0) || !std::isfinite(o.threshold)) return "threshold must be > 0";
  if (!(o.max_anomaly_fraction >= 0 && o.max_anomaly_fraction <= 1)) {
    return "max_anomaly_fraction must be in [0, 1]";
  }
  if (o.min_history_periods < 1) return "min_history_periods must be >= 1";
  if (o.level_window < 0) return "level_window must be >= 0";
  if (o.history_periods < 0) return "history_periods must be >= 0";
  if (o.history_periods > 0 && o.history_periods < o.min_history_periods) {
    return "history_periods must be 0 or >= min_history_periods";
  }
  return std::nullopt;
}

std::size_t level_width(const AnomalyOptions& o) {
  return static_cast<std::size_t>(o.level_window > 0 ? o.level_window : std::max(o.period, 5));
}

std::size_t min_history(const AnomalyOptions& o) {
  return static_cast<std::size_t>(o.min_history_periods) * static_cast<std::size_t>(o.period);
}

std::string shortfall(std::size_t have, std::size_t need, const char* where) {
  std::ostringstream out;
  out << "need at least " << need << " observed points " << where << ", have " << have;
  return out.str();
}

AnomalyReport start_report(AnomalyMethod method, const ModelSeries& series, double threshold) {
  AnomalyReport report;
  report.method = method;
  report.threshold = threshold;
  report.points_total = series.x.size();
  report.points_observed = series.observed;
  report.points_skipped = series.skipped;
  return report;
}

std::size_t first_evaluated(std::size_t n, std::size_t evaluate_last) {
  return evaluate_last == 0 || evaluate_last >= n ? 0 : n - evaluate_last;
}

ScoredPoint score_point(std::size_t index, double value, double model_value,
                        double model_expected, double scale, MetricKind kind) {
  if (kind == MetricKind::count) scale = std::max(scale, std::sqrt(std::max(model_expected, 1.0)));
  ScoredPoint p;
  p.index = index;
  p.value = value;
  p.expected = kind == MetricKind::multiplicative ? std::exp(model_expected) : model_expected;
  p.score = (model_value - model_expected) / scale;
  p.direction = model_value > model_expected ? AnomalyDirection::up : AnomalyDirection::down;
  return p;
}

AnomalyReport refuse(AnomalyReport report, AnomalyStatus status, std::string reason) {
  report.status = status;
  report.reason = std::move(reason);
  report.scored.clear();
  report.anomalies.clear();
  report.points_evaluated = 0;
  return report;
}

void flag(AnomalyReport& report, double max_fraction) {
  report.points_evaluated = report.scored.size();
  report.anomalies.clear();
  for (const ScoredPoint& p : report.scored) {
    if (std::abs(p.score) >= report.threshold) report.anomalies.push_back(p);
  }
  report.points_over_threshold = report.anomalies.size();
  const auto cap = std::max<std::size_t>(
      1, static_cast<std::size_t>(max_fraction * static_cast<double>(report.points_observed)));
  if (report.anomalies.size() <= cap) return;
  std::sort(report.anomalies.begin(), report.anomalies.end(),
            [](const ScoredPoint& a, const ScoredPoint& b) {
              return std::abs(a.score) > std::abs(b.score);
            });
  report.anomalies.resize(cap);
  std::sort(report.anomalies.begin(), report.anomalies.end(),
            [](const ScoredPoint& a, const ScoredPoint& b) { return a.index < b.index; });
}

}  // namespace optimize::detail
