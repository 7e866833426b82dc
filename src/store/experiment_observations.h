// Experiment results per variant, metric and day (migration 0008): what POST
// /api/v1/experiments/{id}/results stores and the analysis (experiments/) aggregates. Every
// function acts for tx.tenant_id() and needs a tenant transaction; another tenant's experiment
// behaves exactly like a missing one. Use from the thread running the transaction.
#pragma once

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
  std::optional<double> total_squares;    // Σ value², for means
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

// Every stored row of the experiment, ordered by metric, variant and day.
std::vector<ExperimentObservation> list(Tx& tx, const std::string& experiment_id);

}  // namespace experiment_observations
}  // namespace store
