// From daily result rows (per variant, metric and day, as POST /experiments/{id}/results stores
// them) to the totals analyze() reads.
//
// Sums add across days: units, Σy, Σy², the ratio's denominator sums and the covariate sums.
// That is right when each unit's value is attributed to one day — units are the users newly
// exposed that day (their outcome counted on their exposure day) or exposures — and wrong for
// cumulative snapshots (send the latest snapshot as a single day instead).
//
// Pure function, safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "experiments/analysis.h"

namespace experiments {

struct ExperimentDesign {
  std::string hypothesis;
  std::vector<Variant> variants;  // [0] is the control
  std::vector<MetricSpec> metrics;
};

struct DailyResult {
  std::string variant;
  std::string metric;
  core::Date day;
  std::int64_t units = 0;                     // >= 0
  double total = 0;                           // Σy: conversions for a proportion (<= units)
  std::optional<double> total_squares;        // Σy²: required for mean and ratio metrics
  std::optional<double> denominator_total;    // ΣD: required for ratio metrics
  std::optional<double> denominator_squares;  // ΣD²: required for ratio metrics
  std::optional<double> cross_total;          // ΣM·D: required for ratio metrics
  std::optional<double> covariate_total;      // Σx   } all three or none (CUPED)
  std::optional<double> covariate_squares;    // Σx²  }
  std::optional<double> covariate_cross;      // Σx·y }
};

// Totals per metric and variant, in the design's order; days_observed is the number of distinct
// days in the rows. A variant with no rows for a metric has zero totals (its comparisons are
// then empty). Throws std::invalid_argument whose message starts with the field path:
//   "results[3].units: must be >= 0", "results[3].total: conversions (12) exceed units (10)",
//   "results[3].variant: 'x' is not a variant of the experiment", "results[3].metric: …",
//   "results[3].total_squares: required for mean metric 'revenue'",
//   "results[3]: duplicate row for variant 'b', metric 'cvr' on 2024-03-01",
//   "results[3].covariate_total: covariates must be given on every row of metric 'x' or none",
// and the design's own errors as analyze() names them ("variants[1].weight: …").
Experiment aggregate_daily(const ExperimentDesign& design, const std::vector<DailyResult>& rows);

}  // namespace experiments
