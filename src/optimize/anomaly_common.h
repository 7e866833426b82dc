// Steps shared by the anomaly detectors: option checks, the space the model works in, and
// building the report. Internal to optimize/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "optimize/anomaly.h"

namespace optimize::detail {

// The series as the model sees it: the values (additive, count) or their logs
// (multiplicative), NaN where missing, non-finite or — under multiplicative — not positive.
struct ModelSeries {
  std::vector<double> x;
  std::size_t observed = 0;
  std::size_t skipped = 0;  // values present but unusable (<= 0 under multiplicative)
};
ModelSeries to_model_space(MetricSeries series, MetricKind kind);

// Why `options` cannot be used, naming the field; nullopt when they can.
std::optional<std::string> invalid_option(const AnomalyOptions& options);

// The level window's width in steps (AnomalyOptions::level_window, 0 resolved).
std::size_t level_width(const AnomalyOptions& options);
// The observed points a fit needs: min_history_periods · period.
std::size_t min_history(const AnomalyOptions& options);
std::string shortfall(std::size_t have, std::size_t need, const char* where);

AnomalyReport start_report(AnomalyMethod method, const ModelSeries& series, double threshold);

// The first index of the last `evaluate_last` steps (0 = all steps).
std::size_t first_evaluated(std::size_t n, std::size_t evaluate_last);

// A scored point from model-space quantities: score = (model_value − model_expected) / scale,
// with the count floor applied to the scale, and the expectation mapped back to metric units.
// Precondition: scale > 0, or kind == count.
ScoredPoint score_point(std::size_t index, double value, double model_value,
                        double model_expected, double scale, MetricKind kind);

// A report that scored nothing, with the status and the reason.
AnomalyReport refuse(AnomalyReport report, AnomalyStatus status, std::string reason);

// Fills anomalies from scored: every point with |score| >= threshold, then, when there are more
// than floor(max_fraction · observed) (at least 1), only those with the largest |score|.
void flag(AnomalyReport& report, double max_fraction);

}  // namespace optimize::detail
