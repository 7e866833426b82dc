// Input checks shared by analyze() and aggregate_daily(); each throws std::invalid_argument whose
// message starts with the field path.
#pragma once

#include <vector>

#include "experiments/analysis.h"

namespace experiments::internal {

// At least two variants, unique non-empty names, weights in (0, 1] summing to 1 within 1e-6.
void validate_variants(const std::vector<Variant>& variants);

// Unique non-empty metric names, at least one metric; `path` is "metrics".
void validate_metric_names(const std::vector<MetricSpec>& specs);

void validate_options(const AnalysisOptions& options, const std::vector<MetricSpec>& specs);

// Everything analyze() needs: the above, plus every metric's per-variant totals.
void validate(const Experiment& experiment, const AnalysisOptions& options);

}  // namespace experiments::internal
