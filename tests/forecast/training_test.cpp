#include "forecast/training.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "forecast/model_forecaster.h"
#include "forecast/synthetic_history.h"
#include "forecast_contract.h"

using core::Platform;
using forecast::HistoryRow;
using forecast::ModelKind;
using forecast::Target;
using forecast::TrainedModel;
using testing::HasSubstr;

namespace {

std::vector<HistoryRow> history(bool with_value = true) {
  return forecast::synthetic_history(
      {.campaigns = 40, .days = 90, .seed = 3, .with_conversion_value = with_value});
}

const TrainedModel& trained() {
  static const TrainedModel model = forecast::train_forecast_model(history(), {});
  return model;
}

TEST(Training, ReportsWhatItDid) {
  const auto& s = trained().summary();
  EXPECT_EQ(s.rows, 3600u);
  EXPECT_EQ(s.rows_skipped, 0u);
  EXPECT_EQ(s.folds, 3);
  EXPECT_EQ(s.platforms.size(), 5u);
  EXPECT_EQ(s.feature_names, forecast::campaign_day_feature_names());
  EXPECT_LT(s.first_date, s.last_date);
  ASSERT_EQ(s.candidates.size(), 3u);
  double best = 1e9;
  for (const auto& c : s.candidates) {
    for (Target t : forecast::kTargets) {
      const auto& a = c.accuracy[static_cast<std::size_t>(t)];
      EXPECT_GT(a.points, 0u);
      EXPECT_GT(a.r2, 0.3) << model_kind_name(c.kind) << " " << target_name(t);
    }
    best = std::min(best, c.mean_wape);
  }
  EXPECT_LE(s.score(s.chosen)->mean_wape, best + 0.005);
  for (Target t : forecast::kTargets) {
    const auto& i = s.intervals[static_cast<std::size_t>(t)];
    EXPECT_TRUE(i.served.finite_sample_valid);
    EXPECT_LT(i.served.half_width_80, i.served.half_width_95);
    EXPECT_GT(i.holdout.points, 100u);
    EXPECT_NEAR(i.holdout.coverage_80, 0.8, 0.1) << target_name(t);
    EXPECT_NEAR(i.holdout.coverage_95, 0.95, 0.05) << target_name(t);
  }
  EXPECT_THAT(s.to_markdown(), HasSubstr("| gradient_boosting | clicks |"));
}

TEST(Training, NeedsEnoughRows) {
  auto rows = history();
  rows.resize(59);
  EXPECT_THROW(forecast::train_forecast_model(rows, {}), std::invalid_argument);
  forecast::TrainingOptions options;
  options.min_rows = 10;
  options.folds = 1;
  EXPECT_THROW(forecast::train_forecast_model(history(), options), std::invalid_argument);
}

TEST(Training, SkipsUnusableRows) {
  auto rows = history();
  rows[0].clicks = -1;
  rows[1].spend = std::nan("");
  forecast::TrainingOptions options;
  options.candidates = {ModelKind::linear};
  const auto model = forecast::train_forecast_model(rows, options);
  EXPECT_EQ(model.summary().rows_skipped, 2u);
  EXPECT_EQ(model.summary().chosen, ModelKind::linear);
}

TEST(Training, DoesNotModelConversionValueAHistoryDoesNotHave) {
  forecast::TrainingOptions options;
  options.candidates = {ModelKind::random_forest};
  const auto model = forecast::train_forecast_model(history(false), options);
  EXPECT_FALSE(model.summary().modelled[static_cast<std::size_t>(Target::conversion_value)]);
  EXPECT_EQ(model.regressor(Target::conversion_value), nullptr);
  const forecast::ModelForecaster forecaster(
      std::make_shared<TrainedModel>(TrainedModel::deserialize(model.serialize())));
  auto p = forecast_test::plan(Platform::meta_ads, 100);
  EXPECT_FALSE(forecaster.forecast(p).roas.has_value());
  p.value_per_conversion = 40;
  const auto f = forecaster.forecast(p);
  EXPECT_NEAR(f.conversion_value.value, 40 * f.conversions.value, 1e-9);
  EXPECT_THAT(f.notes, testing::Contains(HasSubstr("value_per_conversion")));
}

TEST(TrainedModel, SerializationRoundTripGivesIdenticalForecasts) {
  const std::string bytes = trained().serialize();
  const TrainedModel copy = TrainedModel::deserialize(bytes);
  EXPECT_EQ(copy.serialize(), bytes);
  EXPECT_EQ(copy.summary().chosen, trained().summary().chosen);
  EXPECT_EQ(copy.summary().to_markdown(), trained().summary().to_markdown());
  const forecast::ModelForecaster a(
      std::make_shared<TrainedModel>(TrainedModel::deserialize(bytes)));
  const forecast::ModelForecaster b(
      std::make_shared<TrainedModel>(TrainedModel::deserialize(bytes)));
  for (double spend : {5.0, 120.0, 4000.0}) {
    const auto x = a.forecast(forecast_test::plan(Platform::google_ads, spend));
    const auto y = b.forecast(forecast_test::plan(Platform::google_ads, spend));
    EXPECT_EQ(forecast_test::bounds(x.clicks), forecast_test::bounds(y.clicks));
    EXPECT_EQ(forecast_test::bounds(x.conversion_value), forecast_test::bounds(y.conversion_value));
  }
}

TEST(TrainedModel, RejectsMalformedBytes) {
  const std::string bytes = trained().serialize();
  EXPECT_THROW(TrainedModel::deserialize(""), std::invalid_argument);
  EXPECT_THROW(TrainedModel::deserialize("FCTM"), std::invalid_argument);
  EXPECT_THROW(TrainedModel::deserialize(bytes.substr(0, bytes.size() - 1)), std::invalid_argument);
  EXPECT_THROW(TrainedModel::deserialize(bytes.substr(0, 100)), std::invalid_argument);
  for (std::size_t at : {std::size_t{0}, std::size_t{9}, bytes.size() / 2, bytes.size() - 3}) {
    std::string corrupted = bytes;
    corrupted[at] ^= 0x20;
    EXPECT_THROW(TrainedModel::deserialize(corrupted), std::invalid_argument) << "byte " << at;
  }
}

}  // namespace
