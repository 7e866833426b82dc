#include "optimize/anomaly.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "optimize/synthetic_series.h"

using optimize::AnomalyDirection;
using optimize::AnomalyOptions;
using optimize::AnomalyStatus;
using optimize::detect_anomalies;
using optimize::detect_latest_anomalies;
using optimize_test::weekly_series;
using Series = std::vector<std::optional<double>>;

namespace {

std::vector<std::size_t> indices(const std::vector<optimize::ScoredPoint>& points) {
  std::vector<std::size_t> out;
  for (const auto& p : points) out.push_back(p.index);
  return out;
}

}  // namespace

TEST(SeasonalAnomalies, FindsInjectedSpikeAndDipWithTheirDirection) {
  Series series = weekly_series(120, 7);
  *series[50] += 200;  // a Thursday, +10 noise sd
  *series[90] -= 150;  // a Saturday, -7.5 noise sd

  const auto report = detect_anomalies(series);

  ASSERT_EQ(report.status, AnomalyStatus::ok) << report.summary();
  ASSERT_THAT(indices(report.anomalies), testing::ElementsAre(50, 90)) << report.summary();
  const auto& spike = report.anomalies[0];
  EXPECT_EQ(spike.direction, AnomalyDirection::up);
  EXPECT_GT(spike.score, 3.5);
  EXPECT_NEAR(spike.expected, 1000 + optimize_test::kWeeklyPattern[50 % 7], 3 * 20);
  EXPECT_DOUBLE_EQ(spike.value, *series[50]);
  const auto& dip = report.anomalies[1];
  EXPECT_EQ(dip.direction, AnomalyDirection::down);
  EXPECT_LT(dip.score, -3.5);
  EXPECT_NEAR(dip.expected, 1000 + optimize_test::kWeeklyPattern[90 % 7], 3 * 20);
  EXPECT_NEAR(report.residual_scale, 20, 6);
  EXPECT_EQ(report.points_evaluated, 120u);
}

TEST(SeasonalAnomalies, LearnsTheWeeklyPattern) {
  const auto report = detect_anomalies(weekly_series(140, 3));

  ASSERT_EQ(report.seasonal_profile.size(), 7u);
  // The profile is mean-zero; the pattern's mean is 0 too, so they should match directly.
  for (int p = 0; p < 7; ++p) {
    EXPECT_NEAR(report.seasonal_profile[p], optimize_test::kWeeklyPattern[p], 12) << "phase " << p;
  }
}

TEST(SeasonalAnomalies, WeekdayLevelOnASundayIsAnAnomalyThatTheRollingBaselineMisses) {
  Series series = weekly_series(112, 11);
  *series[104] = 1000 + optimize_test::kWeeklyPattern[0];  // a Sunday at Monday's level: +180

  const auto seasonal = detect_anomalies(series);
  const auto rolling = optimize::detect_rolling_z_score(series);

  EXPECT_THAT(indices(seasonal.anomalies), testing::Contains(104u)) << seasonal.summary();
  EXPECT_THAT(indices(rolling.anomalies), testing::Not(testing::Contains(104u)))
      << rolling.summary();
}

TEST(SeasonalAnomalies, CleanSeriesFalsePositiveRateIsAtMostDocumented) {
  // docs/anomaly-detection.md: 0.07% of clean Gaussian days at threshold 3.5 (nominal 0.047%).
  std::size_t flagged = 0;
  std::size_t scored = 0;
  for (std::uint32_t seed = 1; seed <= 200; ++seed) {
    const auto report = detect_anomalies(weekly_series(365, seed));
    ASSERT_EQ(report.status, AnomalyStatus::ok);
    flagged += report.anomalies.size();
    scored += report.points_evaluated;
  }
  const double rate = static_cast<double>(flagged) / static_cast<double>(scored);
  EXPECT_LT(rate, 0.002) << flagged << " of " << scored;
}

TEST(SeasonalAnomalies, CleanSeriesUsuallyHasNoAnomalyAtAll) {
  const auto report = detect_anomalies(weekly_series(365, 42));
  EXPECT_TRUE(report.anomalies.empty()) << report.summary();
  EXPECT_EQ(report.points_over_threshold, 0u);
}

TEST(SeasonalAnomalies, ShorterThanMinimumHistoryReportsNothingAndSaysWhy) {
  Series series = weekly_series(13, 5);
  *series[12] += 500;

  const auto report = detect_anomalies(series);  // needs 2 periods = 14 observed days

  EXPECT_TRUE(report.too_short());
  EXPECT_EQ(report.status, AnomalyStatus::insufficient_history);
  EXPECT_TRUE(report.anomalies.empty());
  EXPECT_TRUE(report.scored.empty());
  EXPECT_THAT(report.reason, testing::HasSubstr("14"));
  EXPECT_THAT(report.reason, testing::HasSubstr("13"));
  EXPECT_THAT(report.summary(), testing::HasSubstr("insufficient_history"));
}

TEST(SeasonalAnomalies, MissingDaysCountTowardsNeitherHistoryNorResults) {
  Series series = weekly_series(20, 5);
  for (int d = 0; d < 20; d += 3) series[d] = std::nullopt;  // 7 gaps: 13 observed days

  const auto report = detect_anomalies(series);

  EXPECT_EQ(report.status, AnomalyStatus::insufficient_history);
  EXPECT_EQ(report.points_total, 20u);
  EXPECT_EQ(report.points_observed, 13u);
}

TEST(SeasonalAnomalies, GapsDoNotShiftTheWeekdaysAndAreNeverScored) {
  Series series = weekly_series(120, 8);
  std::mt19937 rng(99);
  for (int d = 0; d < 120; ++d) {
    if (rng() % 5 == 0 && d != 61) series[d] = std::nullopt;  // ~20% missing
  }
  series[60] = std::nullopt;
  series[62] = std::nullopt;
  *series[61] -= 160;          // a dip between two missing days
  series[30] = std::nan("");   // non-finite values are treated as missing

  const auto report = detect_anomalies(series);

  ASSERT_EQ(report.status, AnomalyStatus::ok);
  EXPECT_THAT(indices(report.anomalies), testing::ElementsAre(61u)) << report.summary();
  EXPECT_EQ(report.anomalies[0].direction, AnomalyDirection::down);
  for (const auto& p : report.scored) EXPECT_TRUE(series[p.index].has_value() && p.index != 30);
  for (int p = 0; p < 7; ++p) {
    EXPECT_NEAR(report.seasonal_profile[p], optimize_test::kWeeklyPattern[p], 15) << p;
  }
}

TEST(SeasonalAnomalies, EvaluateLastScoresOnlyTheRecentDays) {
  Series series = weekly_series(90, 21);
  *series[40] += 300;  // old spike, outside the evaluated range
  *series[87] += 300;
  AnomalyOptions options;
  options.evaluate_last = 7;

  const auto report = detect_anomalies(series, options);

  ASSERT_EQ(report.scored.size(), 7u);
  EXPECT_EQ(report.scored.front().index, 83u);
  EXPECT_THAT(indices(report.anomalies), testing::ElementsAre(87u));
}

TEST(SeasonalAnomalies, CapKeepsTheLargestDeparturesWhenTooManyPointsExceed) {
  Series series = weekly_series(100, 4);
  for (int d = 3; d < 100; d += 5) *series[d] += 200 + 12 * d;  // 20 spikes, later ones larger
  AnomalyOptions options;
  options.max_anomaly_fraction = 0.05;  // at most 5 of 100

  const auto report = detect_anomalies(series, options);

  EXPECT_EQ(report.points_over_threshold, 20u);
  EXPECT_THAT(indices(report.anomalies), testing::ElementsAre(78u, 83u, 88u, 93u, 98u));
  EXPECT_THAT(report.summary(), testing::HasSubstr("capped"));
}

TEST(SeasonalAnomalies, ConstantMetricHasNoVariationToJudge) {
  const Series series(30, 5.0);
  const auto report = detect_anomalies(series);
  EXPECT_EQ(report.status, AnomalyStatus::no_variation);
  EXPECT_TRUE(report.anomalies.empty());
}

TEST(SeasonalAnomalies, OutOfRangeOptionIsRefusedByName) {
  AnomalyOptions options;
  options.period = 0;
  const auto report = detect_anomalies(weekly_series(60, 1), options);
  EXPECT_EQ(report.status, AnomalyStatus::invalid_options);
  EXPECT_THAT(report.reason, testing::HasSubstr("period"));

  options = {};
  options.max_anomaly_fraction = 1.5;
  EXPECT_THAT(detect_latest_anomalies(weekly_series(60, 1), options).reason,
              testing::HasSubstr("max_anomaly_fraction"));
}

TEST(SeasonalAnomalies, CountMetricIgnoresPoissonNoiseButFlagsABurst) {
  // Conversions of a small campaign: mostly 0 or 1 a day, so the MAD of the residuals is 0.
  std::mt19937 rng(17);
  std::poisson_distribution<int> conversions(0.4);
  Series series(84);
  for (auto& day : series) day = conversions(rng);
  series[70] = 3.0;   // unusual, but within Poisson noise of a low expectation
  series[80] = 14.0;  // a burst (a tracking double-fire, or a real win)
  AnomalyOptions options;
  options.kind = optimize::MetricKind::count;

  const auto report = detect_anomalies(series, options);

  ASSERT_EQ(report.status, AnomalyStatus::ok) << report.summary();
  EXPECT_THAT(indices(report.anomalies), testing::ElementsAre(80u)) << report.summary();
}

TEST(SeasonalAnomalies, MultiplicativeKindJudgesDeparturesAsRatiosOfTheLevel) {
  // Spend that quadruples over the year with a weekly pattern of factors and 5% noise: a +35%
  // day is as anomalous in January as in December, though 4x larger in currency.
  constexpr double kFactor[7] = {1.10, 1.15, 1.15, 1.10, 1.00, 0.80, 0.70};
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0.0, 0.05);
  Series series(365);
  for (int d = 0; d < 365; ++d) {
    series[d] = 1000.0 * (1.0 + 3.0 * d / 364) * kFactor[d % 7] * std::exp(noise(rng));
  }
  *series[30] *= 1.35;
  *series[330] *= 1.35;
  series[200] = 0.0;  // a paused day: no ratio to judge, so skipped and counted
  AnomalyOptions options;
  options.kind = optimize::MetricKind::multiplicative;

  const auto report = detect_anomalies(series, options);

  ASSERT_EQ(report.status, AnomalyStatus::ok) << report.summary();
  EXPECT_THAT(indices(report.anomalies), testing::ElementsAre(30u, 330u)) << report.summary();
  EXPECT_EQ(report.points_skipped, 1u);
  EXPECT_EQ(report.points_observed, 364u);
  EXPECT_NEAR(report.residual_scale, 0.05, 0.015);  // log units: ~5%
  const double true_expected = 1000.0 * (1.0 + 3.0 * 330 / 364) * kFactor[330 % 7];
  EXPECT_NEAR(report.anomalies[1].expected / true_expected, 1.0, 0.08);  // in currency units
  EXPECT_NEAR(std::exp(report.seasonal_profile[6] - report.seasonal_profile[1]), 0.70 / 1.15,
              0.05);
}

TEST(LatestAnomalies, CleanSeriesFalsePositiveRateIsAtMostDocumented) {
  // docs/anomaly-detection.md: 0.11% of clean Gaussian days with 16 periods of history.
  std::size_t flagged = 0;
  std::size_t scored = 0;
  AnomalyOptions options;
  options.evaluate_last = 100;
  for (std::uint32_t seed = 1; seed <= 100; ++seed) {
    const auto report = detect_latest_anomalies(weekly_series(250, seed), options);
    ASSERT_EQ(report.status, AnomalyStatus::ok);
    flagged += report.points_over_threshold;
    scored += report.points_evaluated;
  }
  EXPECT_EQ(scored, 100u * 100u);
  EXPECT_LT(static_cast<double>(flagged) / static_cast<double>(scored), 0.003) << flagged;
}

TEST(LatestAnomalies, FlagsASpikeOnTheLastDayFromThePastAlone) {
  Series series = weekly_series(70, 12);
  *series[69] += 180;

  const auto report = detect_latest_anomalies(series);  // evaluate_last 0 means the last day

  ASSERT_EQ(report.status, AnomalyStatus::ok) << report.summary();
  ASSERT_EQ(report.scored.size(), 1u);
  EXPECT_EQ(report.scored[0].index, 69u);
  ASSERT_EQ(report.anomalies.size(), 1u);
  EXPECT_EQ(report.anomalies[0].direction, AnomalyDirection::up);
  EXPECT_GT(report.anomalies[0].score, 3.5);
  EXPECT_NEAR(report.anomalies[0].expected, 1000 + optimize_test::kWeeklyPattern[69 % 7], 3 * 20);
}

TEST(LatestAnomalies, AnOrdinaryLastDayIsScoredButNotFlagged) {
  const auto report = detect_latest_anomalies(weekly_series(70, 12));
  ASSERT_EQ(report.scored.size(), 1u);
  EXPECT_LT(std::abs(report.scored[0].score), 3.5);
  EXPECT_TRUE(report.anomalies.empty());
}

TEST(LatestAnomalies, VerdictForADayDoesNotDependOnLaterDays) {
  Series series = weekly_series(100, 31);
  *series[95] -= 120;
  AnomalyOptions options;
  options.evaluate_last = 10;  // days 90..99, each judged on the days before it

  const auto before = detect_latest_anomalies(series, options);
  Series changed = series;
  for (int d = 96; d < 100; ++d) changed[d] = *series[d] * 3;  // the future of day 95
  const auto after = detect_latest_anomalies(changed, options);

  const auto day95 = [](const optimize::AnomalyReport& r) {
    for (const auto& p : r.scored) {
      if (p.index == 95) return p;
    }
    return optimize::ScoredPoint{};
  };
  EXPECT_EQ(day95(before).index, 95u);
  EXPECT_DOUBLE_EQ(day95(before).score, day95(after).score);
  EXPECT_DOUBLE_EQ(day95(before).expected, day95(after).expected);
  EXPECT_LT(day95(before).score, -3.5);
  // The retrospective mode, by contrast, centres its windows and so does look ahead.
  const auto batch_before = detect_anomalies(series);
  const auto batch_after = detect_anomalies(changed);
  EXPECT_NE(batch_before.scored[95].expected, batch_after.scored[95].expected);
}

TEST(LatestAnomalies, TooLittlePastForTheLastDayReportsNothingAndSaysWhy) {
  const auto report = detect_latest_anomalies(weekly_series(14, 2));  // 13 days before day 13
  EXPECT_TRUE(report.too_short());
  EXPECT_TRUE(report.scored.empty());
  EXPECT_THAT(report.reason, testing::HasSubstr("before the scored point"));
}

TEST(LatestAnomalies, UsesOnlyTheConfiguredHistory) {
  // A level shift long ago must not matter once it leaves the history window.
  Series series = weekly_series(140, 6);
  for (int d = 0; d < 70; ++d) *series[d] += 500;
  AnomalyOptions options;
  options.history_periods = 8;  // 56 days

  const auto report = detect_latest_anomalies(series, options);

  ASSERT_EQ(report.scored.size(), 1u);
  EXPECT_NEAR(report.residual_scale, 20 * 1.2, 10);  // one-step errors: a bit above the noise
  EXPECT_TRUE(report.anomalies.empty()) << report.summary();
}

TEST(LatestAnomalies, SkipsAMissingLastDayAndSaysNothing) {
  Series series = weekly_series(70, 12);
  series.back() = std::nullopt;
  const auto report = detect_latest_anomalies(series);
  EXPECT_EQ(report.status, AnomalyStatus::ok);
  EXPECT_TRUE(report.scored.empty());
}
