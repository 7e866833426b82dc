#include "forecast/training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "forecast/internal/parallel.h"
#include "forecast/internal/trained_model_state.h"

namespace forecast {
namespace {

bool usable(const HistoryRow& r) {
  for (double v : {r.spend, r.impressions, r.clicks, r.conversions, r.conversion_value}) {
    if (!std::isfinite(v) || v < 0) return false;
  }
  return true;
}

void check_options(const TrainingOptions& o) {
  if (o.candidates.empty()) throw std::invalid_argument("training: no candidate model kinds");
  if (o.folds < 2) throw std::invalid_argument("training: folds must be >= 2");
  if (o.threads < 1) throw std::invalid_argument("training: threads must be >= 1");
}

// The usable rows in date order, their features and the log1p targets.
struct Prepared {
  std::vector<const HistoryRow*> rows;
  std::vector<core::Date> dates;
  std::array<Dataset, kTargetCount> data;  // same x in each; y differs
};

Prepared prepare(const std::vector<HistoryRow>& input) {
  Prepared p;
  for (const HistoryRow& r : input) {
    if (usable(r)) p.rows.push_back(&r);
  }
  std::stable_sort(p.rows.begin(), p.rows.end(),
                   [](const HistoryRow* a, const HistoryRow* b) { return a->date < b->date; });
  const std::size_t n = p.rows.size();
  Dataset base;
  base.feature_names = campaign_day_feature_names();
  base.monotone = campaign_day_monotone();
  base.rows = n;
  base.x.resize(n * kFeatureCount);
  for (std::size_t i = 0; i < n; ++i) {
    campaign_day_features(describe(*p.rows[i]),
                          std::span<float>(base.x.data() + i * kFeatureCount, kFeatureCount));
    p.dates.push_back(p.rows[i]->date);
  }
  for (Target t : kTargets) {
    Dataset& d = p.data[static_cast<std::size_t>(t)];
    d = base;
    d.y.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      d.y[i] = static_cast<float>(to_model_scale(target_value(*p.rows[i], t)));
    }
  }
  return p;
}

std::vector<PlatformProfile> profile_platforms(const Prepared& p) {
  std::array<PlatformProfile, core::kPlatformNames.size()> all{};
  std::array<double, core::kPlatformNames.size()> value{};
  for (const HistoryRow* r : p.rows) {
    const auto i = static_cast<std::size_t>(r->platform);
    PlatformProfile& pp = all[i];
    pp.platform = r->platform;
    if (r->spend > 0) {
      pp.min_daily_spend = pp.rows == 0 || pp.min_daily_spend == 0
                               ? r->spend
                               : std::min(pp.min_daily_spend, r->spend);
      pp.max_daily_spend = std::max(pp.max_daily_spend, r->spend);
    }
    ++pp.rows;
    value[i] += r->conversion_value;
  }
  std::vector<PlatformProfile> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i].has_conversion_value = value[i] > 0;
    if (all[i].rows > 0) out.push_back(all[i]);
  }
  return out;
}

// Earlier and later half of a date-sorted block: by date when it spans two dates or more, else
// by position.
std::vector<int> split_in_two(std::span<const core::Date> dates) {
  if (dates.front() != dates.back()) return date_blocks(dates, 2);
  std::vector<int> halves(dates.size(), 0);
  std::fill(halves.begin() + static_cast<std::ptrdiff_t>(dates.size() / 2), halves.end(), 1);
  return halves;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TrainedModel train_forecast_model(const std::vector<HistoryRow>& input,
                                  const TrainingOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  check_options(options);
  Prepared p = prepare(input);
  const std::size_t n = p.rows.size();
  if (n < options.min_rows) {
    throw std::invalid_argument("training: " + std::to_string(n) + " usable rows, need " +
                                std::to_string(options.min_rows));
  }
  TrainedModel model;
  TrainingSummary& s = model.state_->summary;
  s.rows = n;
  s.rows_skipped = input.size() - n;
  s.folds = options.folds;
  s.feature_names = campaign_day_feature_names();
  s.platforms = profile_platforms(p);
  for (std::size_t o = 0; o < core::kObjectiveNames.size(); ++o) {
    const auto objective = static_cast<core::Objective>(o);
    if (std::any_of(p.rows.begin(), p.rows.end(),
                    [&](const HistoryRow* r) { return r->objective == objective; })) {
      s.objectives.push_back(objective);
    }
  }
  s.first_date = p.dates.front();
  s.last_date = p.dates.back();
  for (Target t : kTargets) s.modelled[static_cast<std::size_t>(t)] = true;
  s.modelled[static_cast<std::size_t>(Target::conversion_value)] =
      std::any_of(s.platforms.begin(), s.platforms.end(),
                  [](const PlatformProfile& pp) { return pp.has_conversion_value; });

  RegressorOptions regressor = options.regressor;
  regressor.threads = options.threads;
  regressor.seed = options.seed;
  const std::vector<Fold> folds = rolling_origin_folds(p.dates, options.folds);
  const std::vector<std::size_t>& calibration_rows = folds.back().validate;
  s.calibration_rows = calibration_rows.size();

  // Cross-validation of every candidate on every modelled target, all fits in one pool.
  std::vector<CrossValidationJob> jobs;
  for (ModelKind kind : options.candidates) {
    for (Target t : kTargets) {
      if (s.modelled[static_cast<std::size_t>(t)]) {
        jobs.push_back({kind, &p.data[static_cast<std::size_t>(t)]});
      }
    }
  }
  const std::vector<OutOfFold> cv = out_of_fold_predictions(jobs, folds, regressor);
  // out_of_fold[candidate][target]: log-scale predictions, kept for calibration.
  std::vector<std::array<const std::vector<double>*, kTargetCount>> out_of_fold;
  std::vector<double> mean_wapes;
  std::size_t job = 0;
  for (ModelKind kind : options.candidates) {
    CandidateScore score;
    score.kind = kind;
    auto& predictions = out_of_fold.emplace_back();
    double wape_sum = 0;
    int targets = 0;
    for (Target t : kTargets) {
      const auto ti = static_cast<std::size_t>(t);
      if (!s.modelled[ti]) continue;
      predictions[ti] = &cv[job].predictions;
      score.seconds += cv[job].fit_seconds;
      ++job;
      std::vector<double> actual, predicted;
      for (std::size_t r = 0; r < n; ++r) {
        if (std::isnan((*predictions[ti])[r])) continue;
        actual.push_back(target_value(*p.rows[r], t));
        predicted.push_back(from_model_scale((*predictions[ti])[r]));
      }
      score.accuracy[ti] = accuracy(actual, predicted);
      // A target that is 0 on every validated row has no WAPE for any kind: it cannot rank them.
      if (std::isfinite(score.accuracy[ti].wape)) {
        wape_sum += score.accuracy[ti].wape;
        ++targets;
      }
    }
    score.mean_wape = targets > 0 ? wape_sum / targets : std::numeric_limits<double>::infinity();
    mean_wapes.push_back(score.mean_wape);
    s.candidates.push_back(score);
  }
  s.chosen = choose_kind(options.candidates, mean_wapes, options.tie_tolerance);
  const std::size_t chosen_index = static_cast<std::size_t>(
      std::find(options.candidates.begin(), options.candidates.end(), s.chosen) -
      options.candidates.begin());

  // Conformal calibration on the last block; holdout coverage within it (earlier half
  // calibrates, later half is measured). Rows are in date order, so "by date" is "by index".
  const std::vector<int> halves = split_in_two(std::span<const core::Date>(p.dates).subspan(
      calibration_rows.front(), calibration_rows.size()));
  for (Target t : kTargets) {
    const auto ti = static_cast<std::size_t>(t);
    if (!s.modelled[ti]) continue;
    std::vector<double> all, earlier, later, predicted;
    for (std::size_t k = 0; k < calibration_rows.size(); ++k) {
      const std::size_t r = calibration_rows[k];
      predicted.push_back((*out_of_fold[chosen_index][ti])[r]);
      const double residual = p.data[ti].y[r] - predicted.back();
      all.push_back(residual);
      (halves[k] == 0 ? earlier : later).push_back(residual);
    }
    s.intervals[ti].served = calibrate(all);
    s.intervals[ti].expected_value = fit_smearing(predicted, all);
    s.intervals[ti].holdout = empirical_coverage(later, calibrate(earlier));
  }

  // The serving fit on every row, one target per task.
  std::vector<std::size_t> final_targets;
  for (std::size_t ti = 0; ti < kTargetCount; ++ti) {
    if (s.modelled[ti]) final_targets.push_back(ti);
  }
  RegressorOptions single = regressor;
  single.threads = 1;
  internal::run_parallel(final_targets.size(), options.threads, [&](std::size_t i) {
    const std::size_t ti = final_targets[i];
    model.state_->regressors[ti] = Regressor::train(s.chosen, p.data[ti], single);
  });
  s.training_seconds = seconds_since(start);
  return model;
}

TrainedModel::TrainedModel() : state_(std::make_unique<State>()) {}
TrainedModel::TrainedModel(TrainedModel&&) noexcept = default;
TrainedModel& TrainedModel::operator=(TrainedModel&&) noexcept = default;
TrainedModel::~TrainedModel() = default;

const TrainingSummary& TrainedModel::summary() const { return state_->summary; }

const Regressor* TrainedModel::regressor(Target target) const {
  const auto& r = state_->regressors[static_cast<std::size_t>(target)];
  return r ? &*r : nullptr;
}

const PlatformProfile* TrainedModel::platform_profile(core::Platform platform) const {
  for (const PlatformProfile& p : state_->summary.platforms) {
    if (p.platform == platform) return &p;
  }
  return nullptr;
}

const CandidateScore* TrainingSummary::score(ModelKind kind) const {
  for (const CandidateScore& c : candidates) {
    if (c.kind == kind) return &c;
  }
  return nullptr;
}

}  // namespace forecast
