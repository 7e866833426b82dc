// Experiment results per variant, metric and day (migrations 0008, 0009): what POST
// /api/v1/experiments/{id}/results stores and the analysis (experiments/) aggregates. Every
// function acts for tx.tenant_id() and needs a tenant transaction; another tenant's experiment
// behaves exactly like a missing one. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/database.h"

namespace store {

struct ExperimentObservation {
  std::string variant;
  std::string metric;
  core::Date day;
  std::int64_t units = 0;                 // users or exposures that day, >= 0
  double total = 0;                       // Σ value (conversions for a rate)
  std::optional<double> total_squares;    // Σ value², for means and ratios (the numerator's)
  std::optional<double> denominator_total;    // ΣD of a ratio metric's denominator
  std::optional<double> denominator_squares;  // ΣD²
  std::optional<double> cross_total;          // ΣM·D (numerator × denominator per unit)
  std::optional<double> covariate_total;  // Σ x of the pre-period covariate (CUPED)
  std::optional<double> covariate_squares;
  std::optional<double> covariate_cross;  // Σ x·value
};

namespace experiment_observations {

// Stores the rows for the experiment; a row whose (variant, metric, day) is already stored
// replaces it. Returns how many rows were written. NotFound when the experiment is not this
// tenant's.
std::size_t upsert(Tx& tx, const std::string& experiment_id,
                   const std::vector<ExperimentObservation>& rows);

// Every stored row of the experiment, ordered by metric, variant and day; empty for a missing
// experiment.
std::vector<ExperimentObservation> list(Tx& tx, const std::string& experiment_id);

// How much is stored for the experiment, counted by the database: rows, distinct days, and the
// first and last day (empty without rows). Zeros for a missing experiment.
struct ObservationCounts {
  std::size_t rows = 0;
  std::size_t days = 0;
  std::optional<core::Date> first_day, last_day;
};
ObservationCounts counts(Tx& tx, const std::string& experiment_id);

}  // namespace experiment_observations
}  // namespace store
