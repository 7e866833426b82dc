#include "forecast/validation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

using core::Date;
using forecast::Fold;
using forecast::ModelKind;

namespace {

// Rows on 100 dates, shuffled, with uneven rows per date (1 to 10).
std::vector<Date> uneven_dates(unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Date> dates;
  for (int d = 0; d < 100; ++d) {
    const int rows = 1 + static_cast<int>(rng() % 10);
    for (int r = 0; r < rows; ++r) dates.push_back(Date{19000 + d});
  }
  std::shuffle(dates.begin(), dates.end(), rng);
  return dates;
}

TEST(RollingOriginFolds, NeverValidateOnADateBeforeTheirTrainingData) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const std::vector<Date> dates = uneven_dates(seed);
    for (int k : {1, 2, 3, 5}) {
      const std::vector<Fold> folds = forecast::rolling_origin_folds(dates, k);
      ASSERT_EQ(folds.size(), static_cast<std::size_t>(k));
      std::size_t previous_train = 0;
      for (const Fold& f : folds) {
        ASSERT_FALSE(f.train.empty());
        ASSERT_FALSE(f.validate.empty());
        Date latest_train{INT32_MIN}, earliest_validation{INT32_MAX};
        for (std::size_t r : f.train) latest_train = std::max(latest_train, dates[r]);
        for (std::size_t r : f.validate)
          earliest_validation = std::min(earliest_validation, dates[r]);
        EXPECT_LT(latest_train, earliest_validation);
        EXPECT_GT(f.train.size(), previous_train);  // expanding window
        previous_train = f.train.size();
      }
      // The last fold fits on everything but its validation block, which holds the last date.
      EXPECT_EQ(folds.back().train.size() + folds.back().validate.size(), dates.size());
    }
  }
}

TEST(RollingOriginFolds, CutBlocksOfAboutEqualRowsAtDateBoundaries) {
  const std::vector<Date> dates = uneven_dates(4);
  const std::vector<int> block = forecast::date_blocks(dates, 4);
  std::vector<std::size_t> rows(4, 0);
  for (std::size_t r = 0; r < dates.size(); ++r) {
    ++rows[block[r]];
    for (std::size_t s = 0; s < dates.size(); ++s) {
      if (dates[s] == dates[r]) {
        EXPECT_EQ(block[s], block[r]);  // a date is never split
      }
      if (dates[s] < dates[r]) {
        EXPECT_LE(block[s], block[r]);  // blocks are in date order
      }
    }
  }
  for (std::size_t b = 0; b < 4; ++b) {
    EXPECT_NEAR(static_cast<double>(rows[b]), dates.size() / 4.0, 12) << "block " << b;
  }
}

TEST(RollingOriginFolds, NeedMoreDistinctDatesThanFolds) {
  const std::vector<Date> three = {Date{1}, Date{2}, Date{3}, Date{3}};
  EXPECT_NO_THROW(forecast::rolling_origin_folds(three, 2));
  EXPECT_THROW(forecast::rolling_origin_folds(three, 3), std::invalid_argument);
  EXPECT_THROW(forecast::rolling_origin_folds(three, 0), std::invalid_argument);
  // A few dates carrying nearly all rows still give every block a date.
  std::vector<Date> skewed(1000, Date{5});
  skewed.insert(skewed.end(), {Date{6}, Date{7}, Date{8}});
  const auto folds = forecast::rolling_origin_folds(skewed, 3);
  for (const Fold& f : folds) EXPECT_FALSE(f.validate.empty());
}

TEST(ShuffledFolds, PartitionTheRows) {
  const auto folds = forecast::shuffled_folds(103, 5, 42);
  std::multiset<std::size_t> validated;
  for (const Fold& f : folds) {
    validated.insert(f.validate.begin(), f.validate.end());
    EXPECT_EQ(f.train.size() + f.validate.size(), 103u);
    for (std::size_t r : f.validate) {
      EXPECT_FALSE(std::binary_search(f.train.begin(), f.train.end(), r));
    }
  }
  EXPECT_EQ(validated.size(), 103u);
  EXPECT_EQ(std::set<std::size_t>(validated.begin(), validated.end()).size(), 103u);
  EXPECT_EQ(forecast::shuffled_folds(103, 5, 42)[2].validate, folds[2].validate);  // seeded
}

TEST(Accuracy, ComputesMaeWapeAndRSquared) {
  const std::vector<double> actual = {10, 20, 30, 40}, predicted = {12, 18, 33, 40};
  const auto a = forecast::accuracy(actual, predicted);
  EXPECT_DOUBLE_EQ(a.mae, (2 + 2 + 3 + 0) / 4.0);
  EXPECT_DOUBLE_EQ(a.wape, 7.0 / 100);
  EXPECT_DOUBLE_EQ(a.r2, 1 - (4 + 4 + 9 + 0) / 500.0);
  EXPECT_TRUE(
      std::isinf(forecast::accuracy(std::vector<double>{0, 0}, std::vector<double>{1, 1}).wape));
}

TEST(ChooseKind, PrefersTheSimplerKindWithinTheTolerance) {
  const std::vector<ModelKind> kinds = {ModelKind::gradient_boosting, ModelKind::random_forest,
                                        ModelKind::linear};
  EXPECT_EQ(forecast::choose_kind(kinds, std::vector<double>{0.30, 0.31, 0.40}, 0.005),
            ModelKind::gradient_boosting);
  EXPECT_EQ(forecast::choose_kind(kinds, std::vector<double>{0.30, 0.304, 0.40}, 0.005),
            ModelKind::random_forest);
  EXPECT_EQ(forecast::choose_kind(kinds, std::vector<double>{0.30, 0.30, 0.30}, 0.0),
            ModelKind::linear);
  EXPECT_THROW(forecast::choose_kind(kinds, std::vector<double>{0.3}, 0), std::invalid_argument);
}

TEST(OutOfFoldPredictions, DoNotDependOnTheNumberOfThreads) {
  forecast::Dataset d;
  d.feature_names = {"x"};
  std::mt19937 rng(5);
  for (int i = 0; i < 600; ++i) {
    const float x = static_cast<float>(rng() % 1000) / 100;
    d.x.push_back(x);
    d.y.push_back(std::sin(x) + x / 3);
  }
  d.rows = 600;
  const auto folds = forecast::shuffled_folds(600, 3, 1);
  forecast::RegressorOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = forecast::out_of_fold_predictions(ModelKind::random_forest, d, folds, one);
  const auto b = forecast::out_of_fold_predictions(ModelKind::random_forest, d, folds, two);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(std::none_of(a.begin(), a.end(), [](double v) { return std::isnan(v); }));
}

}  // namespace
