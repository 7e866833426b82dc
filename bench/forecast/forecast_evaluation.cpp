// The forecast evaluation behind docs/forecasting.md: accuracy and interval coverage of the
// product's regressors (forecast/model.h, validation.h, conformal.h) on public campaign data,
// against a plain XGBoost forest and the benchmark priors. Prints a markdown report.
//
//   build-forecast/bench/forecast_evaluation [campaigns_dir]
//
// Protocol per data set (evaluation_data.h has the features and splits):
//  1. Cross-validate linear, random_forest and gradient_boosting on the training part (log1p
//     targets, scores on the original scale) and choose as training.h does: lowest mean WAPE
//     over targets, the simpler kind within 0.005.
//  2. Fit each kind on the whole training part and score the test part (MAE, WAPE, R²); the
//     same for a plain forest (XGBoost num_parallel_tree = 100 with XGBRFRegressor's defaults —
//     eta 1, subsample 0.8, colsample_bynode 0.8, lambda 1e-5, depth 6 — on the raw target,
//     same features, no constraints) and for the benchmark-only forecast.
//  3. Coverage: each kind is fitted on the training part minus a calibration part, calibrated
//     (split conformal on log1p residuals, 80% and 95%), and its intervals are checked on the
//     test part.
//  4. Flights: the model forecaster's 30-day totals on held-out synthetic campaigns
//     (evaluation_flights.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "evaluation_data.h"
#include "evaluation_flights.h"
#include "forecast/conformal.h"
#include "forecast/validation.h"

namespace {

using forecast::Accuracy;
using forecast::Dataset;
using forecast::ModelKind;
using forecast_eval::Experiment;

constexpr std::uint64_t kSeed = 42;
constexpr int kThreads = 2;

Dataset with_target(Dataset d, const std::vector<double>& y, const std::vector<std::size_t>& rows,
                    bool log_scale) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    d.y[i] = static_cast<float>(log_scale ? std::log1p(std::max(y[rows[i]], 0.0)) : y[rows[i]]);
  }
  return d;
}

std::vector<double> pick(const std::vector<double>& v, const std::vector<std::size_t>& rows) {
  std::vector<double> out;
  for (std::size_t r : rows) out.push_back(v[r]);
  return out;
}

std::vector<double> counts(const std::vector<float>& log_predictions) {
  std::vector<double> out;
  for (float p : log_predictions) out.push_back(std::expm1(std::max(0.0f, p)));
  return out;
}

forecast::RegressorOptions plain_forest_options() {
  forecast::RegressorOptions o;
  o.forest_trees = 100;
  o.seed = kSeed;
  o.xgboost_overrides = {{"tree_method", "auto"}, {"subsample", "0.8"}, {"colsample_bynode", "0.8"},
                         {"lambda", "1e-5"},      {"max_depth", "6"},   {"min_child_weight", "1"},
                         {"base_score", "0.5"}};
  return o;
}

void print_accuracy_row(const std::string& model, const std::string& target, const Accuracy& a) {
  std::printf("| %s | %s | %.4g | %.3f | %.3f |\n", model.c_str(), target.c_str(), a.mae, a.wape,
              a.r2);
}

void run(const Experiment& e) {
  const std::size_t targets = e.target_names.size();
  const Dataset train_x = e.features.subset(e.train);
  const Dataset test_x = e.features.subset(e.test);
  std::vector<Dataset> train_log;
  for (std::size_t k = 0; k < targets; ++k) {
    train_log.push_back(with_target(train_x, e.targets[k], e.train, true));
  }
  std::vector<core::Date> train_dates;
  for (std::size_t r : e.train) {
    if (!e.dates.empty()) train_dates.push_back(e.dates[r]);
  }
  const auto folds = e.dates.empty() ? forecast::shuffled_folds(e.train.size(), 5, kSeed)
                                     : forecast::rolling_origin_folds(train_dates, 3);
  std::printf("## %s\n\n%zu features; %zu training rows, %zu test rows; %s.\n\n", e.name.c_str(),
              e.features.cols(), e.train.size(), e.test.size(), e.split.c_str());

  // 1. Cross-validation on the training part.
  forecast::RegressorOptions options;
  options.threads = kThreads;
  options.seed = kSeed;
  const std::vector<ModelKind> kinds(forecast::kModelKindsBySimplicity.begin(),
                                     forecast::kModelKindsBySimplicity.end());
  std::vector<forecast::CrossValidationJob> jobs;
  for (ModelKind kind : kinds) {
    for (std::size_t k = 0; k < targets; ++k) jobs.push_back({kind, &train_log[k]});
  }
  const auto cv = forecast::out_of_fold_predictions(jobs, folds, options);
  std::printf(
      "Cross-validation on the training part (WAPE per target, then the mean):\n\n| kind |");
  for (const auto& t : e.target_names) std::printf(" %s |", t.c_str());
  std::printf(" mean |\n|---|");
  for (std::size_t k = 0; k <= targets; ++k) std::printf("---|");
  std::printf("\n");
  std::vector<double> mean_wape;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    std::printf("| %s |", std::string(model_kind_name(kinds[i])).c_str());
    double sum = 0;
    for (std::size_t k = 0; k < targets; ++k) {
      std::vector<double> actual, predicted;
      const auto& oof = cv[i * targets + k].predictions;
      for (std::size_t r = 0; r < oof.size(); ++r) {
        if (std::isnan(oof[r])) continue;
        actual.push_back(e.targets[k][e.train[r]]);
        predicted.push_back(std::expm1(std::max(0.0, oof[r])));
      }
      const double wape = forecast::accuracy(actual, predicted).wape;
      sum += wape;
      std::printf(" %.3f |", wape);
    }
    mean_wape.push_back(sum / static_cast<double>(targets));
    std::printf(" %.3f |\n", mean_wape.back());
  }
  const ModelKind chosen = forecast::choose_kind(kinds, mean_wape, 0.005);
  std::printf("\nChosen by cross-validation: **%s**.\n\n",
              std::string(model_kind_name(chosen)).c_str());

  // 2. Test accuracy. Single fits use one XGBoost thread (see RegressorOptions::threads).
  forecast::RegressorOptions single = options;
  single.threads = 1;
  std::printf("Test part:\n\n| model | target | MAE | WAPE | R² |\n|---|---|---|---|---|\n");
  double chosen_wape = 0, plain_wape = 0;
  for (ModelKind kind : kinds) {
    for (std::size_t k = 0; k < targets; ++k) {
      const auto model = forecast::Regressor::train(kind, train_log[k], single);
      const Accuracy a =
          forecast::accuracy(pick(e.targets[k], e.test), counts(model.predict(test_x.x)));
      std::string name(model_kind_name(kind));
      if (kind == chosen) name += " (chosen)", chosen_wape += a.wape / double(targets);
      print_accuracy_row(name, e.target_names[k], a);
    }
  }
  for (std::size_t k = 0; k < targets; ++k) {
    Dataset raw = with_target(train_x, e.targets[k], e.train, false);
    raw.monotone.clear();
    const auto forest =
        forecast::Regressor::train(ModelKind::random_forest, raw, plain_forest_options());
    const auto p = forest.predict(test_x.x);
    const Accuracy a =
        forecast::accuracy(pick(e.targets[k], e.test), std::vector<double>(p.begin(), p.end()));
    plain_wape += a.wape / double(targets);
    print_accuracy_row("plain forest (100 trees)", e.target_names[k], a);
  }
  for (std::size_t k = 0; k < targets; ++k) {
    print_accuracy_row(
        "benchmark only", e.target_names[k],
        forecast::accuracy(pick(e.targets[k], e.test), pick(e.benchmark[k], e.test)));
  }
  std::printf("\nMean test WAPE: chosen %.3f, plain forest %.3f (%s). Benchmark: %s.\n\n",
              chosen_wape, plain_wape,
              chosen_wape <= plain_wape ? "chosen at least as accurate" : "plain forest better",
              e.benchmark_description.c_str());

  // 3. Coverage of the conformal intervals on the test part.
  std::vector<std::size_t> proper, calibration;  // positions within the training part
  if (e.dates.empty()) {
    std::vector<std::size_t> order(e.train.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(kSeed + 1);
    std::shuffle(order.begin(), order.end(), rng);
    const std::size_t cut = order.size() / 4;
    calibration.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(cut));
    proper.assign(order.begin() + static_cast<std::ptrdiff_t>(cut), order.end());
  } else {
    proper = folds.back().train;
    calibration = folds.back().validate;
  }
  std::printf(
      "Conformal intervals (fitted on %zu rows, calibrated on %zu, tested on %zu):\n\n"
      "| kind | target | coverage 80%% | coverage 95%% | half-width 80%% (log) |\n"
      "|---|---|---|---|---|\n",
      proper.size(), calibration.size(), e.test.size());
  for (ModelKind kind : kinds) {
    for (std::size_t k = 0; k < targets; ++k) {
      const auto model = forecast::Regressor::train(kind, train_log[k].subset(proper), single);
      const Dataset cal = train_log[k].subset(calibration);
      const auto cal_predicted = model.predict(cal.x);
      std::vector<double> residuals;
      for (std::size_t i = 0; i < cal.rows; ++i) residuals.push_back(cal.y[i] - cal_predicted[i]);
      const auto calibrated = forecast::calibrate(residuals);
      const auto test_predicted = model.predict(test_x.x);
      std::vector<double> test_residuals;
      for (std::size_t i = 0; i < e.test.size(); ++i) {
        test_residuals.push_back(std::log1p(std::max(0.0, e.targets[k][e.test[i]])) -
                                 test_predicted[i]);
      }
      const auto c = forecast::empirical_coverage(test_residuals, calibrated);
      std::printf("| %s%s | %s | %.1f%% | %.1f%% | %.3f |\n",
                  std::string(model_kind_name(kind)).c_str(), kind == chosen ? " (chosen)" : "",
                  e.target_names[k].c_str(), 100 * c.coverage_80, 100 * c.coverage_95,
                  calibrated.half_width_80);
    }
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir =
      argc > 1 ? argv[1] : std::string(STRATEGIST_SHARED_DIR) + "/data/campaigns";
  std::printf("# Forecast evaluation\n\n");
  try {
    run(forecast_eval::kag_experiment(dir, kSeed));
    run(forecast_eval::display_experiment(dir));
    forecast_eval::print_flight_coverage(kThreads);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "forecast_evaluation: %s\n", error.what());
    return 1;
  }
  return 0;
}
