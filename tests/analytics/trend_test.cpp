#include "analytics/trend.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

using namespace analytics;

namespace {
core::Date d(const char* iso) { return *core::parse_iso_date(iso); }
const core::Date kMonday = d("2024-01-01");

// A counter-like series: every day has a value.
std::vector<RatioParts> values(std::initializer_list<double> ys) {
  std::vector<RatioParts> out;
  for (double y : ys) out.push_back({y, 1});
  return out;
}
}  // namespace

// ---- slope ------------------------------------------------------------------------------------

TEST(TrendSlope, NoiseFreeLineHasItsSlopeAndAZeroWidthInterval) {
  std::vector<RatioParts> daily;
  for (int x = 0; x < 10; ++x) daily.push_back({2.0 * x + 1, 1});  // y = 2x + 1
  TrendReport r = analyze_trend(kMonday, daily);
  ASSERT_EQ(r.slope_status, SlopeStatus::fitted);
  ASSERT_TRUE(r.slope);
  EXPECT_NEAR(r.slope->per_day, 2.0, 1e-12);
  EXPECT_NEAR(r.slope->intercept, 1.0, 1e-12);
  EXPECT_NEAR(r.slope->ci_low, 2.0, 1e-9);
  EXPECT_NEAR(r.slope->ci_high, 2.0, 1e-9);
  EXPECT_NEAR(r.slope->p_value, 0.0, 1e-12);
  EXPECT_TRUE(r.slope->significant);
  EXPECT_NEAR(*r.slope->r_squared, 1.0, 1e-12);
  EXPECT_EQ(r.slope->points, 10u);
  EXPECT_EQ(r.slope->degrees_of_freedom, 8);
}

TEST(TrendSlope, MatchesTheTextbookExample) {
  // x = 1..5, y = 2,4,5,4,5: slope 0.6, intercept 2.2 (so 2.8 at day index 0, which is x = 1),
  // SSE 2.4, s² = 0.8, SE = √(0.8/10) = 0.28284, t = 2.12132 on 3 df.
  TrendReport r = analyze_trend(kMonday, values({2, 4, 5, 4, 5}));
  ASSERT_TRUE(r.slope);
  const TrendSlope& s = *r.slope;
  EXPECT_NEAR(s.per_day, 0.6, 1e-12);
  EXPECT_NEAR(s.intercept, 2.8, 1e-12);
  EXPECT_NEAR(s.standard_error, std::sqrt(0.08), 1e-12);
  EXPECT_NEAR(s.t_statistic, std::sqrt(4.5), 1e-12);
  EXPECT_EQ(s.degrees_of_freedom, 3);
  // Two-sided p from the closed-form CDF of Student's t with 3 df:
  // F(t) = 1/2 + (1/π)·(u/(1+u²) + atan u), u = t/√3.
  const double u = std::sqrt(4.5) / std::sqrt(3.0);
  const double cdf = 0.5 + (u / (1 + u * u) + std::atan(u)) / std::numbers::pi;
  EXPECT_NEAR(s.p_value, 2 * (1 - cdf), 1e-12);
  EXPECT_NEAR(s.p_value, 0.1240, 5e-4);
  EXPECT_FALSE(s.significant);
  // t(0.975, 3) = 3.182446305 (table): CI 0.6 ± 0.9001 = [−0.300, 1.500].
  EXPECT_NEAR(s.ci_low, 0.6 - 3.182446305284263 * std::sqrt(0.08), 1e-9);
  EXPECT_NEAR(s.ci_high, 0.6 + 3.182446305284263 * std::sqrt(0.08), 1e-9);
  EXPECT_NEAR(s.ci_low, -0.300, 5e-4);
  EXPECT_NEAR(s.ci_high, 1.500, 5e-4);
  EXPECT_NEAR(*s.r_squared, 3.6 / 6, 1e-12);  // 1 − SSE/SST = 1 − 2.4/6
}

TEST(TrendSlope, ThreePointsUseOneDegreeOfFreedom) {
  // y = 1,3,2: slope 0.5, SSE 1.5, SE = √(1.5/2), t = 1/√3. With 1 df Student's t is Cauchy:
  // p = 1 − (2/π)·atan|t| = 1 − (2/π)(π/6) = 2/3; t(0.975, 1) = tan(0.475π).
  TrendReport r = analyze_trend(kMonday, values({1, 3, 2}));
  ASSERT_TRUE(r.slope);
  EXPECT_NEAR(r.slope->per_day, 0.5, 1e-12);
  EXPECT_NEAR(r.slope->p_value, 2.0 / 3.0, 1e-12);
  const double q = std::tan(0.475 * std::numbers::pi);
  EXPECT_NEAR(r.slope->ci_high - r.slope->per_day, q * std::sqrt(0.75), 1e-9);
}

TEST(TrendSlope, ConfidenceWidensTheIntervalAndSetsTheSignificanceLevel) {
  // Four points, 2 df, where t(1−α/2, 2) = (2p−1)·√(2 / (4p(1−p))) in closed form.
  auto daily = values({1, 2, 4, 3});  // slope 0.8, SSE 1.8, SE = √(0.9/5) = 0.42426, p ≈ 0.2
  TrendOptions ninety{.moving_average_days = 7, .confidence = 0.90};
  TrendReport r90 = analyze_trend(kMonday, daily, ninety);
  TrendReport r95 = analyze_trend(kMonday, daily);
  const double q90 = 0.9 * std::sqrt(2 / (4 * 0.95 * 0.05));
  EXPECT_NEAR(r90.slope->ci_high - 0.8, q90 * std::sqrt(0.18), 1e-9);
  EXPECT_GT(r95.slope->ci_high, r90.slope->ci_high);
  // p = 1 − |t|/√(2 + t²) for 2 df, t = 0.8/√0.18.
  const double t = 0.8 / std::sqrt(0.18);
  EXPECT_NEAR(r95.slope->p_value, 1 - t / std::sqrt(2 + t * t), 1e-12);
}

TEST(TrendSlope, SkipsDaysWithoutAValueInsteadOfCountingThemAsZero) {
  // Values 10, –, 14, –, 18 on days 0..4: the line y = 10 + 2x through the defined days.
  std::vector<RatioParts> daily = {{10, 1}, {0, 0}, {14, 1}, {0, 0}, {18, 1}};
  TrendReport r = analyze_trend(kMonday, daily);
  EXPECT_EQ(r.defined_days, 3u);
  ASSERT_TRUE(r.slope);
  EXPECT_EQ(r.slope->points, 3u);
  EXPECT_NEAR(r.slope->per_day, 2.0, 1e-12);
  EXPECT_NEAR(r.slope->intercept, 10.0, 1e-12);
}

TEST(TrendSlope, IsExplicitlyAbsentWithFewerThanThreePoints) {
  TrendReport two = analyze_trend(kMonday, std::vector<RatioParts>{{1, 1}, {0, 0}, {0, 0}, {3, 1}});
  EXPECT_EQ(two.slope_status, SlopeStatus::too_few_points);
  EXPECT_FALSE(two.slope);
  TrendReport empty = analyze_trend(kMonday, std::vector<RatioParts>{});
  EXPECT_EQ(empty.slope_status, SlopeStatus::too_few_points);
  EXPECT_EQ(empty.days, 0u);
  EXPECT_TRUE(empty.moving_average.empty());
  EXPECT_FALSE(empty.week_over_week || empty.period_growth);
}

TEST(TrendSlope, FlatSeriesIsNotSignificant) {
  TrendReport r = analyze_trend(kMonday, values({5, 5, 5, 5, 5, 5}));
  ASSERT_TRUE(r.slope);
  EXPECT_EQ(r.slope->per_day, 0.0);
  EXPECT_EQ(r.slope->p_value, 1.0);
  EXPECT_FALSE(r.slope->significant);
  EXPECT_FALSE(r.slope->r_squared);
  EXPECT_EQ(r.slope->ci_low, 0.0);
  EXPECT_EQ(r.slope->ci_high, 0.0);
}

// ---- moving average ----------------------------------------------------------------------------

TEST(MovingAverage, IsNullUntilTheWindowIsFullThenTheTrailingMean) {
  TrendReport r =
      analyze_trend(kMonday, values({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), {.moving_average_days = 3});
  ASSERT_EQ(r.moving_average.size(), 10u);
  EXPECT_FALSE(r.moving_average[0]);
  EXPECT_FALSE(r.moving_average[1]);
  EXPECT_DOUBLE_EQ(*r.moving_average[2], 2.0);  // (1+2+3)/3
  EXPECT_DOUBLE_EQ(*r.moving_average[9], 9.0);  // (8+9+10)/3
}

TEST(MovingAverage, OfAKpiIsTheRatioOfTheWindowSums) {
  // (clicks, impressions): a day without impressions inside a full window adds nothing; a
  // window with no impressions at all has no value.
  std::vector<RatioParts> daily = {{1, 10}, {9, 10}, {0, 0}, {5, 80}, {0, 0}, {0, 0}, {0, 0}};
  TrendReport r = analyze_trend(kMonday, daily, {.moving_average_days = 3});
  EXPECT_FALSE(r.moving_average[1]);
  EXPECT_DOUBLE_EQ(*r.moving_average[2], 10.0 / 20);  // not the mean of 0.1 and 0.9 over 3
  EXPECT_DOUBLE_EQ(*r.moving_average[3], 14.0 / 90);  // (9+0+5)/(10+0+80)
  EXPECT_DOUBLE_EQ(*r.moving_average[5], 5.0 / 80);
  EXPECT_FALSE(r.moving_average[6]);
}

TEST(MovingAverage, OneDayWindowIsTheDailyValueAndATooLongWindowIsAllNull) {
  TrendReport one = analyze_trend(kMonday, values({4, 7}), {.moving_average_days = 1});
  EXPECT_DOUBLE_EQ(*one.moving_average[0], 4);
  EXPECT_DOUBLE_EQ(*one.moving_average[1], 7);
  TrendReport longer = analyze_trend(kMonday, values({4, 7}), {.moving_average_days = 3});
  EXPECT_FALSE(longer.moving_average[0] || longer.moving_average[1]);
}

// ---- week over week and period growth ---------------------------------------------------------

TEST(WeekOverWeek, ComparesTheLastSevenDaysWithTheSevenBefore) {
  std::vector<RatioParts> daily;
  for (int i = 0; i < 3; ++i) daily.push_back({1000, 1});  // older days are ignored
  for (int i = 0; i < 7; ++i) daily.push_back({10, 1});
  for (int i = 0; i < 7; ++i) daily.push_back({15, 1});
  TrendReport r = analyze_trend(kMonday, daily);
  EXPECT_DOUBLE_EQ(*r.week_over_week, 0.5);  // sums 105 → 70·1.5
  EXPECT_DOUBLE_EQ(*r.last_7_days, 15);      // mean per day for a counter
  EXPECT_DOUBLE_EQ(*r.previous_7_days, 10);
}

TEST(WeekOverWeek, OfAKpiUsesRatiosOfTheWeeksSums) {
  // Previous week: 7 × (1 click / 100 impressions) → CTR 1%. Last week: one day 30/1000, six
  // days 0/100 → CTR 30/1600 = 1.875%. Mean of daily CTRs would say 3%/7 = 0.43%.
  std::vector<RatioParts> daily(7, RatioParts{1, 100});
  daily.push_back({30, 1000});
  for (int i = 0; i < 6; ++i) daily.push_back({0, 100});
  TrendReport r = analyze_trend(kMonday, daily);
  EXPECT_DOUBLE_EQ(*r.last_7_days, 30.0 / 1600);
  EXPECT_NEAR(*r.week_over_week, (30.0 / 1600 - 0.01) / 0.01, 1e-12);
}

TEST(WeekOverWeek, NeedsFourteenDaysAndANonZeroPreviousWeek) {
  EXPECT_FALSE(analyze_trend(kMonday, std::vector<RatioParts>(13, {1, 1})).week_over_week);
  std::vector<RatioParts> from_zero(7, RatioParts{0, 1});
  from_zero.resize(14, RatioParts{5, 1});
  TrendReport r = analyze_trend(kMonday, from_zero);
  EXPECT_DOUBLE_EQ(*r.previous_7_days, 0);
  EXPECT_FALSE(r.week_over_week);
  // A KPI undefined in the previous week (no impressions) has no change either.
  std::vector<RatioParts> undefined(7, RatioParts{0, 0});
  undefined.resize(14, RatioParts{1, 10});
  EXPECT_FALSE(analyze_trend(kMonday, undefined).week_over_week);
}

TEST(PeriodGrowth, ComparesTheSecondHalfWithTheFirstAndSkipsAMiddleDay) {
  TrendReport odd = analyze_trend(kMonday, values({1, 2, 100, 3, 4}));
  EXPECT_DOUBLE_EQ(*odd.first_half, 1.5);
  EXPECT_DOUBLE_EQ(*odd.second_half, 3.5);
  EXPECT_DOUBLE_EQ(*odd.period_growth, 3.5 / 1.5 - 1);
  TrendReport even = analyze_trend(kMonday, values({2, 2, 3, 3}));
  EXPECT_DOUBLE_EQ(*even.period_growth, 0.5);
  EXPECT_FALSE(analyze_trend(kMonday, values({2})).period_growth);
}

// ---- day of week -------------------------------------------------------------------------------

TEST(DayOfWeek, RecoversASyntheticWeeklyPattern) {
  // Four weeks starting on a Wednesday; Monday..Sunday = 10,10,10,10,10,20,30, mean 100/7.
  const double by_weekday[7] = {10, 10, 10, 10, 10, 20, 30};
  const core::Date wednesday = d("2024-01-03");
  std::vector<RatioParts> daily;
  for (int i = 0; i < 28; ++i) daily.push_back({by_weekday[(2 + i) % 7], 1});
  TrendReport r = analyze_trend(wednesday, daily);
  const double mean = 100.0 / 7;
  for (int w = 0; w < 7; ++w) {
    ASSERT_TRUE(r.day_of_week_index[w]) << w;
    EXPECT_NEAR(*r.day_of_week_index[w], by_weekday[w] / mean, 1e-12) << w;
    EXPECT_EQ(r.day_of_week_days[w], 4u);
  }
  EXPECT_NEAR(*r.day_of_week_index[6], 2.1, 1e-12);  // Sunday
}

TEST(DayOfWeek, OfAKpiDividesTheWeekdaysRatioOfSumsByTheOverallOne) {
  // Two weeks from a Monday. Mondays: 2/100 and 0/300 → 0.5%; all other days 1/100.
  // Overall: 13 clicks over 1,500 impressions.
  std::vector<RatioParts> daily(14, RatioParts{1, 100});
  daily[0] = {2, 100};
  daily[7] = {0, 300};
  daily[3] = {0, 0};  // a Thursday with nothing shown: Thursday stands on one day
  TrendReport r = analyze_trend(kMonday, daily);
  const double overall = 13.0 / 1500;
  EXPECT_NEAR(*r.day_of_week_index[0], (2.0 / 400) / overall, 1e-12);
  EXPECT_NEAR(*r.day_of_week_index[1], 0.01 / overall, 1e-12);
  EXPECT_EQ(r.day_of_week_days[3], 1u);
}

TEST(DayOfWeek, IsNullWithoutAnOverallLevel) {
  TrendReport zeros = analyze_trend(kMonday, values({0, 0, 0, 0, 0, 0, 0, 0}));
  for (const auto& index : zeros.day_of_week_index) EXPECT_FALSE(index);
  TrendReport short_series = analyze_trend(kMonday, values({4, 8}));  // Monday, Tuesday only
  EXPECT_NEAR(*short_series.day_of_week_index[0], 4.0 / 6, 1e-12);
  EXPECT_FALSE(short_series.day_of_week_index[2]);
}

// ---- adapters and options ----------------------------------------------------------------------

TEST(KpiTrend, UsesTheKpiPartsOfEachDay) {
  std::vector<Counters> daily(14);
  for (int i = 0; i < 14; ++i) {
    daily[i].spend_micros = 100'000'000;  // 100 a day
    daily[i].conversion_value_micros = (i < 7 ? 200 : 300) * 1'000'000LL;
  }
  TrendReport roas = kpi_trend(kMonday, daily, Kpi::roas);
  EXPECT_DOUBLE_EQ(*roas.last_7_days, 3.0);
  EXPECT_DOUBLE_EQ(*roas.week_over_week, 0.5);
  TrendReport cpa = kpi_trend(kMonday, daily, Kpi::cpa);  // no conversions anywhere
  EXPECT_EQ(cpa.defined_days, 0u);
  EXPECT_EQ(cpa.slope_status, SlopeStatus::too_few_points);
  TrendReport spend = counter_trend(kMonday, daily, Counter::spend_micros);
  EXPECT_EQ(spend.defined_days, 14u);
  EXPECT_NEAR(spend.slope->per_day, 0.0, 1e-9);
  EXPECT_DOUBLE_EQ(*spend.moving_average[13], 100'000'000);
}

TEST(TrendOptions, InvalidFieldsAreNamedAndRejected) {
  EXPECT_FALSE(check(TrendOptions{}));
  EXPECT_EQ(check(TrendOptions{.moving_average_days = 0})->field, "moving_average_days");
  EXPECT_EQ(check(TrendOptions{.confidence = 1.0})->field, "confidence");
  EXPECT_EQ(check(TrendOptions{.confidence = std::nan("")})->field, "confidence");
  EXPECT_THROW(analyze_trend(kMonday, values({1, 2, 3}), {.confidence = 0}), std::invalid_argument);
}

TEST(TrendReport, SummarizesItselfOnOneLine) {
  TrendReport r = analyze_trend(kMonday, values({2, 4, 5, 4, 5}));
  const std::string line = r.summary();
  EXPECT_NE(line.find("5 days"), std::string::npos) << line;
  EXPECT_NE(line.find("not significant"), std::string::npos) << line;
  EXPECT_NE(analyze_trend(kMonday, values({1})).summary().find("too few points"),
            std::string::npos);
}
