#include "forecast/model_forecaster.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "forecast/benchmark_forecaster.h"
#include "forecast/synthetic_history.h"
#include "forecast_contract.h"

using core::Objective;
using core::Platform;
using forecast::ModelForecaster;
using forecast::ModelKind;
using forecast::TrainedModel;
using forecast_test::plan;
using testing::HasSubstr;

namespace {

// A history without TikTok, one model per kind (trained once for the whole file).
std::shared_ptr<const TrainedModel> model(ModelKind kind) {
  static const auto models = [] {
    auto rows = forecast::synthetic_history({.campaigns = 40, .days = 90, .seed = 5});
    std::erase_if(rows, [](const auto& r) { return r.platform == Platform::tiktok_ads; });
    std::vector<std::shared_ptr<const TrainedModel>> out;
    for (ModelKind k : forecast::kModelKindsBySimplicity) {
      forecast::TrainingOptions options;
      options.candidates = {k};
      out.push_back(std::make_shared<TrainedModel>(forecast::train_forecast_model(rows, options)));
    }
    return out;
  }();
  for (const auto& m : models) {
    if (m->kind() == kind) return m;
  }
  return nullptr;
}

TEST(ModelForecaster, IsMonotoneInSpendWithNestedNonNegativeIntervals) {
  for (ModelKind kind : forecast::kModelKindsBySimplicity) {
    const ModelForecaster forecaster(model(kind));
    for (Platform p : {Platform::google_ads, Platform::meta_ads, Platform::linkedin_ads}) {
      for (Objective o : {Objective::awareness, Objective::leads, Objective::sales_conversion}) {
        auto input = plan(p, 0, 45);
        input.objective = o;
        SCOPED_TRACE(std::string(model_kind_name(kind)) + " " + std::string(platform_name(p)));
        forecast_test::expect_monotone_in_spend(forecaster, input);
      }
    }
  }
}

TEST(ModelForecaster, SumsTheDaysOfTheFlight) {
  const ModelForecaster forecaster(model(ModelKind::gradient_boosting));
  const auto one_week = forecaster.forecast(plan(Platform::meta_ads, 200, 7));
  const auto two_weeks = forecaster.forecast(plan(Platform::meta_ads, 200, 14));
  EXPECT_GT(two_weeks.clicks.value, 1.5 * one_week.clicks.value);
  EXPECT_DOUBLE_EQ(two_weeks.spend, 2800);
  EXPECT_EQ(two_weeks.source, "model gradient_boosting ");
  EXPECT_THAT(two_weeks.notes, testing::Contains(HasSubstr("Conversion value from the model")));
  // A 100-day flight takes two batches; its first 30 days are the 30-day plan's.
  const auto long_flight = forecaster.forecast(plan(Platform::meta_ads, 200, 100));
  EXPECT_GT(long_flight.clicks.value,
            3 * forecaster.forecast(plan(Platform::meta_ads, 200, 30)).clicks.value);
  forecast_test::expect_contract(long_flight);
}

TEST(ModelForecaster, FallsBackToBenchmarksForAPlatformItHasNotSeen) {
  const ModelForecaster forecaster(model(ModelKind::random_forest));
  const auto input = plan(Platform::tiktok_ads, 100);
  const auto f = forecaster.forecast(input);
  EXPECT_EQ(f.source, "benchmark");
  EXPECT_THAT(f.notes.front(), HasSubstr("has not seen tiktok_ads"));
  EXPECT_EQ(f.clicks.value, forecast::benchmark_forecaster().forecast(input).clicks.value);
  EXPECT_EQ(forecaster.forecast(plan(Platform::email, 100)).confidence, 0);
}

TEST(ModelForecaster, NotesSpendOutsideTheHistory) {
  const ModelForecaster forecaster(model(ModelKind::linear));
  const auto typical = forecaster.forecast(plan(Platform::google_ads, 100));
  const auto huge = forecaster.forecast(plan(Platform::google_ads, 1e6));
  EXPECT_LT(huge.confidence, typical.confidence);
  EXPECT_THAT(huge.notes, testing::Contains(HasSubstr("outside this platform's history")));
  const auto nothing = forecaster.forecast(plan(Platform::google_ads, 0));
  EXPECT_EQ(nothing.impressions.interval_95.high, 0);
  EXPECT_FALSE(nothing.cpa.has_value());
}

TEST(ModelForecaster, RejectsAnInvalidPlanAndANullModel) {
  const ModelForecaster forecaster(model(ModelKind::linear));
  auto backwards = plan(Platform::google_ads, 10);
  backwards.end = backwards.start - 2;
  EXPECT_THROW(forecaster.forecast(backwards), std::invalid_argument);
  EXPECT_THROW(forecaster.forecast(plan(Platform::google_ads, -3)), std::invalid_argument);
  EXPECT_THROW(ModelForecaster(nullptr), std::invalid_argument);
}

TEST(ModelForecaster, GivesFourThreadsTheSingleThreadedAnswer) {
  for (ModelKind kind : {ModelKind::random_forest, ModelKind::gradient_boosting}) {
    const ModelForecaster forecaster(model(kind));
    std::vector<forecast::PlanInput> plans;
    for (int i = 0; i < 40; ++i) {
      plans.push_back(plan(static_cast<Platform>(i % 3), 10.0 * (i + 1), 10 + i));
    }
    std::vector<std::vector<double>> expected;
    for (const auto& p : plans) {
      const auto f = forecaster.forecast(p);
      auto b = forecast_test::bounds(f.clicks);
      for (double v : forecast_test::bounds(f.conversion_value)) b.push_back(v);
      expected.push_back(b);
    }
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 50; ++round) {
          for (std::size_t i = 0; i < plans.size(); ++i) {
            const auto f = forecaster.forecast(plans[(i + t) % plans.size()]);
            auto b = forecast_test::bounds(f.clicks);
            for (double v : forecast_test::bounds(f.conversion_value)) b.push_back(v);
            if (b != expected[(i + t) % plans.size()]) ++mismatches[t];
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches, std::vector<int>(4, 0)) << model_kind_name(kind);
  }
}

}  // namespace
