#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "optimize/anomaly.h"

using optimize::AnomalyStatus;
using optimize::detect_rolling_z_score;
using optimize::RollingZScoreOptions;
using Series = std::vector<std::optional<double>>;

TEST(RollingZScore, MatchesHandComputedValues) {
  const Series series = {10, 12, 14, 12, 10, 30};
  RollingZScoreOptions options;
  options.window = 5;  // scored once >= max(2, 5 / 2) = 2 earlier points exist

  const auto report = detect_rolling_z_score(series, options);

  // t=2: {10, 12}: mean 11, sd sqrt(2);  t=3: {10, 12, 14}: mean 12, sd 2;
  // t=4: {10, 12, 14, 12}: mean 12, sd sqrt(8/3);
  // t=5: {10, 12, 14, 12, 10}: mean 11.6, sd sqrt(11.2 / 4) = 1.67332.
  ASSERT_EQ(report.scored.size(), 4u);
  EXPECT_EQ(report.scored[0].index, 2u);
  EXPECT_NEAR(report.scored[0].score, 3 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(report.scored[1].score, 0.0, 1e-12);
  EXPECT_NEAR(report.scored[2].score, -2 / std::sqrt(8.0 / 3.0), 1e-12);
  EXPECT_NEAR(report.scored[3].expected, 11.6, 1e-12);
  EXPECT_NEAR(report.scored[3].score, 18.4 / std::sqrt(2.8), 1e-12);
  EXPECT_NEAR(report.residual_scale, std::sqrt(2.8), 1e-12);
  ASSERT_EQ(report.anomalies.size(), 1u);
  EXPECT_EQ(report.anomalies[0].index, 5u);
  EXPECT_EQ(report.anomalies[0].direction, optimize::AnomalyDirection::up);
  EXPECT_THAT(report.reason, testing::HasSubstr("2 point(s) had fewer than 2"));
}

TEST(RollingZScore, WindowTrailsAndSkipsMissingDays) {
  // window 3 at t=5 covers t=2..4; t=3 is missing, so {14, 10}: mean 12, sd sqrt(8).
  const Series series = {100, 100, 14, std::nullopt, 10, 20};
  RollingZScoreOptions options;
  options.window = 3;
  options.evaluate_last = 1;

  const auto report = detect_rolling_z_score(series, options);

  ASSERT_EQ(report.scored.size(), 1u);
  EXPECT_NEAR(report.scored[0].score, 8 / std::sqrt(8.0), 1e-12);
  EXPECT_TRUE(report.anomalies.empty());  // 2.83 < 3
}

TEST(RollingZScore, FlatWindowCannotScoreAPoint) {
  const Series series = {5, 5, 5, 5, 9};
  RollingZScoreOptions options;
  options.window = 4;
  const auto report = detect_rolling_z_score(series, options);
  EXPECT_EQ(report.status, AnomalyStatus::no_variation);
  EXPECT_TRUE(report.anomalies.empty());
}

TEST(RollingZScore, TooShortSeriesReportsWhy) {
  const auto report = detect_rolling_z_score(Series{1, 2, 3});  // window 28 needs 14 points
  EXPECT_TRUE(report.too_short());
  EXPECT_THAT(report.reason, testing::HasSubstr("fewer than 14"));
}

TEST(RollingZScore, RejectsAWindowBelowTwo) {
  RollingZScoreOptions options;
  options.window = 1;
  const auto report = detect_rolling_z_score(Series{1, 2, 3}, options);
  EXPECT_EQ(report.status, AnomalyStatus::invalid_options);
  EXPECT_THAT(report.reason, testing::HasSubstr("window"));
}
