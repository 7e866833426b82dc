// The steps of analyze() after the per-pair estimates: the decision and its reasons. Internal.
#pragma once

#include "experiments/analysis.h"

namespace experiments::internal {

// Sets result.decision, recommended_variant, decision_text and reasons from the metric
// results, the SRM check and the options (docs/experiments.md, "Decision rules").
void decide(const Experiment& experiment, const AnalysisOptions& options, AnalysisResult& result);

}  // namespace experiments::internal
