#include "forecast/validation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>

#include "forecast/internal/parallel.h"

namespace forecast {

std::vector<int> date_blocks(std::span<const core::Date> dates, int blocks) {
  if (blocks < 2) throw std::invalid_argument("need at least 2 date blocks");
  std::vector<core::Date> distinct(dates.begin(), dates.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() < static_cast<std::size_t>(blocks)) {
    throw std::invalid_argument("fewer distinct dates than date blocks");
  }
  // Rows per date, then cut where the running count passes each k/blocks share, keeping at
  // least one date per block.
  std::vector<std::size_t> per_date(distinct.size(), 0);
  for (core::Date d : dates) {
    per_date[std::lower_bound(distinct.begin(), distinct.end(), d) - distinct.begin()]++;
  }
  std::vector<int> block_of_date(distinct.size());
  const double total = static_cast<double>(dates.size());
  std::size_t running = 0;
  int block = 0;
  for (std::size_t i = 0; i < distinct.size(); ++i) {
    const std::size_t dates_left = distinct.size() - i;
    const int blocks_left = blocks - block;
    // Move to the next block when this one has its share, or when the remaining dates are
    // only just enough to give every later block one.
    if (block < blocks - 1 && i > 0 &&
        (running >= total * (block + 1) / blocks ||
         dates_left <= static_cast<std::size_t>(blocks_left - 1))) {
      ++block;
    }
    block_of_date[i] = block;
    running += per_date[i];
  }
  std::vector<int> out(dates.size());
  for (std::size_t r = 0; r < dates.size(); ++r) {
    out[r] = block_of_date[std::lower_bound(distinct.begin(), distinct.end(), dates[r]) -
                           distinct.begin()];
  }
  return out;
}

std::vector<Fold> rolling_origin_folds(std::span<const core::Date> dates, int folds) {
  if (folds < 1) throw std::invalid_argument("folds must be >= 1");
  const std::vector<int> block = date_blocks(dates, folds + 1);
  std::vector<Fold> out(static_cast<std::size_t>(folds));
  for (int i = 1; i <= folds; ++i) {
    Fold& f = out[static_cast<std::size_t>(i - 1)];
    for (std::size_t r = 0; r < dates.size(); ++r) {
      if (block[r] < i)
        f.train.push_back(r);
      else if (block[r] == i)
        f.validate.push_back(r);
    }
  }
  return out;
}

std::vector<Fold> shuffled_folds(std::size_t rows, int folds, std::uint64_t seed) {
  if (folds < 2 || rows < static_cast<std::size_t>(folds)) {
    throw std::invalid_argument("shuffled folds need folds >= 2 and rows >= folds");
  }
  std::vector<std::size_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<Fold> out(static_cast<std::size_t>(folds));
  for (std::size_t k = 0; k < rows; ++k) {
    const auto part = k % static_cast<std::size_t>(folds);
    for (std::size_t f = 0; f < out.size(); ++f) {
      (f == part ? out[f].validate : out[f].train).push_back(order[k]);
    }
  }
  for (Fold& f : out) {
    std::sort(f.train.begin(), f.train.end());
    std::sort(f.validate.begin(), f.validate.end());
  }
  return out;
}

Accuracy accuracy(std::span<const double> actual, std::span<const double> predicted) {
  if (actual.size() != predicted.size()) throw std::invalid_argument("accuracy: sizes differ");
  Accuracy a;
  a.points = actual.size();
  if (a.points == 0) return a;
  double abs_error = 0, abs_actual = 0, sse = 0, mean = 0;
  for (double y : actual) mean += y;
  mean /= static_cast<double>(a.points);
  double sst = 0;
  for (std::size_t i = 0; i < a.points; ++i) {
    const double e = actual[i] - predicted[i];
    abs_error += std::abs(e);
    abs_actual += std::abs(actual[i]);
    sse += e * e;
    sst += (actual[i] - mean) * (actual[i] - mean);
  }
  a.mae = abs_error / static_cast<double>(a.points);
  a.wape = abs_actual > 0 ? abs_error / abs_actual : std::numeric_limits<double>::infinity();
  a.r2 = sst > 0 ? 1 - sse / sst : 0;
  return a;
}

std::vector<OutOfFold> out_of_fold_predictions(std::span<const CrossValidationJob> jobs,
                                               std::span<const Fold> folds,
                                               const RegressorOptions& options) {
  std::vector<OutOfFold> out(jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (jobs[j].data == nullptr) throw std::invalid_argument("cross-validation job without data");
    out[j].predictions.assign(jobs[j].data->rows, std::numeric_limits<double>::quiet_NaN());
  }
  // Every (job, fold) pair, biggest training set first so the last tasks are short ones.
  std::vector<std::pair<std::size_t, std::size_t>> tasks;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    for (std::size_t f = 0; f < folds.size(); ++f) {
      if (!folds[f].train.empty() && !folds[f].validate.empty()) tasks.emplace_back(j, f);
    }
  }
  std::stable_sort(tasks.begin(), tasks.end(), [&](const auto& a, const auto& b) {
    return folds[a.second].train.size() > folds[b.second].train.size();
  });
  std::size_t max_rows = 0;
  for (const CrossValidationJob& job : jobs) max_rows = std::max(max_rows, job.data->rows);
  std::vector<std::size_t> owner(max_rows, folds.size());  // the last fold validating each row
  for (std::size_t f = 0; f < folds.size(); ++f) {
    for (std::size_t row : folds[f].validate) {
      if (row < max_rows) owner[row] = f;
    }
  }
  std::vector<double> seconds(tasks.size(), 0.0);
  RegressorOptions single = options;
  single.threads = 1;
  internal::run_parallel(tasks.size(), options.threads, [&](std::size_t t) {
    const auto start = std::chrono::steady_clock::now();
    const auto [j, f] = tasks[t];
    const Dataset& data = *jobs[j].data;
    const Regressor model = Regressor::train(jobs[j].kind, data.subset(folds[f].train), single);
    const std::vector<float> predicted = model.predict(data.subset(folds[f].validate).x);
    // A row validated by several folds is written by its owner only: no two tasks write the
    // same element.
    for (std::size_t i = 0; i < folds[f].validate.size(); ++i) {
      const std::size_t row = folds[f].validate[i];
      if (owner[row] == f) out[j].predictions[row] = predicted[i];
    }
    seconds[t] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  });
  for (std::size_t t = 0; t < tasks.size(); ++t) out[tasks[t].first].fit_seconds += seconds[t];
  return out;
}

std::vector<double> out_of_fold_predictions(ModelKind kind, const Dataset& data,
                                            std::span<const Fold> folds,
                                            const RegressorOptions& options) {
  const CrossValidationJob job{kind, &data};
  return std::move(out_of_fold_predictions(std::span(&job, 1), folds, options).front().predictions);
}

ModelKind choose_kind(std::span<const ModelKind> candidates, std::span<const double> scores,
                      double tie_tolerance) {
  if (candidates.empty() || candidates.size() != scores.size()) {
    throw std::invalid_argument("choose_kind: need one score per candidate");
  }
  double best = std::numeric_limits<double>::infinity();
  for (double s : scores) best = std::min(best, s);
  for (ModelKind kind : kModelKindsBySimplicity) {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (candidates[i] == kind && scores[i] <= best + tie_tolerance) return kind;
    }
  }
  // Every score NaN or infinite: the simplest candidate.
  for (ModelKind kind : kModelKindsBySimplicity) {
    for (ModelKind c : candidates) {
      if (c == kind) return kind;
    }
  }
  return candidates.front();
}

}  // namespace forecast
