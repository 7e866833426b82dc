// Training a tenant's forecast model from its campaign history: choose the model kind by
// time-series cross-validation, calibrate conformal intervals on the most recent data, and fit
// the model that serves forecasts (model_forecaster.h).
//
// What train_forecast_model does, exactly:
//  1. Rows whose spend or counters are negative or not finite are skipped (counted in
//     rows_skipped). Fewer than min_rows usable rows → std::invalid_argument.
//  2. Features and targets as in features.h; targets on the log1p scale. conversion_value is
//     modelled only when the history has some (Σ conversion_value > 0).
//  3. Rolling-origin cross-validation: the distinct dates are cut into folds + 1 consecutive
//     blocks of about equal rows (validation.h); fold i fits on blocks 0 … i − 1 and predicts
//     block i. Every candidate kind is fitted on every fold for every modelled target. Scores
//     are on the count scale (expm1 of the prediction, no smearing), pooled over all validated
//     rows: MAE, WAPE, R².
//  4. The chosen kind has the lowest mean WAPE over the modelled targets (a target that is 0 on
//     every validated row has no WAPE and is left out of the mean); a simpler kind
//     (linear, then random_forest, then gradient_boosting) within tie_tolerance of the best
//     wins.
//  5. Intervals. The last fold's model was fitted on every block but the last, the most recent
//     (the "calibration block"), and predicted it: those out-of-sample log residuals calibrate
//     the served split-conformal half-widths and the smearing curve that turns a log prediction
//     into an expected value, per target (conformal.h, smearing.h). To report honest coverage,
//     the calibration block is also split by date into halves: half-widths calibrated on the
//     earlier half are tested on the later half (holdout).
//     Selection of the kind used the same block, a mild optimism for three candidates.
//  6. The chosen kind is refitted on all rows, per target: that model serves forecasts, with
//     the half-widths of step 5 (conservative: the refit has seen more data than the model
//     whose errors calibrated them).
// On 100,000 rows and 2 threads the whole of it takes about 2.1 s (docs/forecasting.md).
//
// Thread safety: train_forecast_model is a pure function of its arguments (it reads a steady
// clock only to report its duration). A TrainedModel is immutable; share it freely.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"
#include "forecast/conformal.h"
#include "forecast/features.h"
#include "forecast/model.h"
#include "forecast/smearing.h"
#include "forecast/validation.h"

namespace forecast {

struct TrainingOptions {
  std::vector<ModelKind> candidates = {ModelKind::linear, ModelKind::random_forest,
                                       ModelKind::gradient_boosting};
  int folds = 3;                 // rolling-origin folds, >= 2 (data is cut into folds + 1 blocks)
  int threads = 2;               // fits run concurrently (each on one XGBoost thread), >= 1
  std::uint64_t seed = 42;       // tree sampling
  std::size_t min_rows = 60;     // usable rows needed, else std::invalid_argument
  double tie_tolerance = 0.005;  // mean-WAPE margin within which the simpler kind wins
  // Trees, depth, ridge λ…; its threads and seed are replaced by the two fields above.
  RegressorOptions regressor;
};

// One candidate kind's cross-validated accuracy.
struct CandidateScore {
  ModelKind kind = ModelKind::linear;
  std::array<Accuracy, kTargetCount> accuracy{};  // per target, count scale; unset if unmodelled
  double mean_wape = 0;  // over the modelled targets with a WAPE; +infinity if none has one
  double seconds = 0;    // fitting and predicting its folds: thread time summed, not wall time
};

// A target's intervals: what is served and how well it covered data it had not seen.
struct TargetIntervals {
  ConformalCalibration served;   // from the whole calibration block (step 5)
  Coverage holdout;              // earlier half calibrates, later half measured
  SmearingCurve expected_value;  // log prediction → expected 1 + y (smearing.h), same block
};

// What the history holds for one platform; the forecaster's guard rails.
struct PlatformProfile {
  core::Platform platform = core::Platform::google_ads;
  std::size_t rows = 0;
  double min_daily_spend = 0;  // over rows with spend > 0
  double max_daily_spend = 0;
  bool has_conversion_value = false;  // Σ conversion_value > 0 on this platform
};

struct TrainingSummary {
  std::vector<CandidateScore> candidates;  // in TrainingOptions::candidates order
  ModelKind chosen = ModelKind::linear;
  std::array<bool, kTargetCount> modelled{};  // by Target; conversion_value may be false
  std::array<TargetIntervals, kTargetCount> intervals{};  // log1p scale, by Target
  std::size_t rows = 0;                                   // usable rows trained on
  std::size_t rows_skipped = 0;
  std::size_t calibration_rows = 0;  // rows of the last block
  int folds = 0;
  std::vector<std::string> feature_names;
  std::vector<PlatformProfile> platforms;   // platforms seen, in enum order
  std::vector<core::Objective> objectives;  // objectives seen, in enum order
  core::Date first_date, last_date;
  double training_seconds = 0;

  const CandidateScore* score(ModelKind kind) const;  // nullptr if not a candidate
  // A short markdown report: the candidates' table, the choice, intervals and coverage.
  std::string to_markdown() const;
};

class TrainedModel {
 public:
  TrainedModel(TrainedModel&&) noexcept;
  TrainedModel& operator=(TrainedModel&&) noexcept;
  ~TrainedModel();

  // The model as bytes (binary: a versioned header, the summary, then one saved Regressor per
  // modelled target). The caller base64-encodes them for storage.
  std::string serialize() const;
  // Throws std::invalid_argument on bytes serialize() did not produce (truncated, corrupted,
  // another version).
  static TrainedModel deserialize(std::string_view bytes);

  const TrainingSummary& summary() const;
  ModelKind kind() const { return summary().chosen; }
  // The serving model of `target` (log1p scale); nullptr when the target is not modelled.
  const Regressor* regressor(Target target) const;
  // nullptr when the history has no rows of `platform`.
  const PlatformProfile* platform_profile(core::Platform platform) const;

 private:
  friend TrainedModel train_forecast_model(const std::vector<HistoryRow>&, const TrainingOptions&);
  TrainedModel();
  struct State;
  std::unique_ptr<State> state_;
};

// Trains as described at the top of this file. Throws std::invalid_argument when fewer than
// options.min_rows rows are usable, there are fewer than folds + 1 distinct dates, or the
// options are out of range; std::runtime_error if XGBoost fails.
TrainedModel train_forecast_model(const std::vector<HistoryRow>& rows,
                                  const TrainingOptions& options);

}  // namespace forecast
