// Out-of-sample validation of regressors: time-ordered and shuffled folds, accuracy measures,
// out-of-fold predictions, and the choice between model kinds. Shared by training.h and the
// evaluation program, so the product and its evidence are scored the same way.
//
// Pure functions; thread-safe. out_of_fold_predictions() runs its fits on options.threads
// threads of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/date.h"
#include "forecast/model.h"

namespace forecast {

// Row indices to fit on and to validate on.
struct Fold {
  std::vector<std::size_t> train;
  std::vector<std::size_t> validate;
};

// Rolling-origin (expanding-window) folds for rows dated `dates` (one per row, any order).
// The distinct dates, sorted, are cut into folds + 1 consecutive blocks holding about the same
// number of rows each (a date is never split between blocks). Fold i (1-based) fits on blocks
// 0 … i − 1 and validates on block i, so every validation date is later than every training
// date, and the last fold validates on the most recent block. Throws std::invalid_argument
// when folds < 1 or there are fewer than folds + 1 distinct dates.
std::vector<Fold> rolling_origin_folds(std::span<const core::Date> dates, int folds);

// The date blocks behind rolling_origin_folds: block[r] for each row, 0 … folds.
std::vector<int> date_blocks(std::span<const core::Date> dates, int blocks);

// K-fold cross-validation for rows with no time order: rows shuffled with `seed` and dealt into
// `folds` parts; fold i validates on part i and fits on the rest. Throws std::invalid_argument
// when folds < 2 or rows < folds.
std::vector<Fold> shuffled_folds(std::size_t rows, int folds, std::uint64_t seed);

// Accuracy of predictions against actuals, on whatever scale they are given (the forecaster
// scores counts, not logs).
struct Accuracy {
  std::size_t points = 0;
  double mae = 0;   // mean |actual − predicted|
  double wape = 0;  // Σ|actual − predicted| / Σ|actual|; +infinity when Σ|actual| = 0
  double r2 = 0;    // 1 − SSE / SST; 0 when the actuals are constant
};
// Throws std::invalid_argument when the spans differ in length.
Accuracy accuracy(std::span<const double> actual, std::span<const double> predicted);

// One model kind to cross-validate on one dataset.
struct CrossValidationJob {
  ModelKind kind = ModelKind::linear;
  const Dataset* data = nullptr;  // not owned; must outlive the call
};

// What cross-validating a job gives.
struct OutOfFold {
  // One per row of the job's data, on the model's scale: the prediction of the fold that
  // validated the row (the last such fold if several did), NaN for a row never validated.
  std::vector<double> predictions;
  double fit_seconds = 0;  // summed over the job's folds (thread time, not wall time)
};

// For every job and every fold: fits the job's kind on the fold's training rows and predicts
// its validation rows. The (job, fold) fits run concurrently on options.threads threads, the
// largest training sets first, each fit single-threaded (see internal/parallel.h for why).
// Results are in jobs order and do not depend on the number of threads.
std::vector<OutOfFold> out_of_fold_predictions(std::span<const CrossValidationJob> jobs,
                                               std::span<const Fold> folds,
                                               const RegressorOptions& options);
// The same for one kind on one dataset; just the predictions.
std::vector<double> out_of_fold_predictions(ModelKind kind, const Dataset& data,
                                            std::span<const Fold> folds,
                                            const RegressorOptions& options);

// The kind to use given each candidate's score (lower is better, e.g. mean WAPE): the best,
// except that a simpler kind (kModelKindsBySimplicity) whose score is within `tie_tolerance`
// of the best wins. candidates and scores are parallel; throws std::invalid_argument when they
// are empty or differ in length.
ModelKind choose_kind(std::span<const ModelKind> candidates, std::span<const double> scores,
                      double tie_tolerance);

}  // namespace forecast
