#include "analytics/series.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace analytics;

namespace {
core::Date d(const char* iso) { return *core::parse_iso_date(iso); }

Counters clicks_of(std::int64_t impressions, std::int64_t clicks) {
  Counters c;
  c.impressions = impressions;
  c.clicks = clicks;
  return c;
}
}  // namespace

TEST(DailyCounters, SumsRowsOfTheSameDayAndRejectsDaysOutsideThePeriod) {
  DailyCounters daily(Period{d("2024-03-01"), d("2024-03-03")});
  EXPECT_TRUE(daily.add(d("2024-03-02"), clicks_of(100, 5)));
  EXPECT_TRUE(daily.add(d("2024-03-02"), clicks_of(300, 7)));  // another campaign, same day
  EXPECT_FALSE(daily.add(d("2024-03-04"), clicks_of(999, 99)));
  EXPECT_FALSE(daily.add(d("2024-02-29"), clicks_of(999, 99)));
  ASSERT_EQ(daily.days().size(), 3u);
  EXPECT_EQ(daily.days()[0], Counters{});
  EXPECT_EQ(daily.days()[1], clicks_of(400, 12));
  EXPECT_EQ(daily.days()[2], Counters{});
  EXPECT_EQ(daily.outside_rows(), 2u);
  EXPECT_EQ(daily.total(), clicks_of(400, 12));
}

TEST(DailyCounters, RejectsAnInvalidPeriod) {
  EXPECT_THROW(DailyCounters(Period{d("2024-03-02"), d("2024-03-01")}), std::invalid_argument);
}

TEST(Series, WeeklyBucketsSumTheirDaysAndComputeKpisFromTheSums) {
  // Wednesday 2024-01-03 to Tuesday 2024-01-16: weeks [Wed–Sun], [Mon–Sun], [Mon–Tue].
  const Period period{d("2024-01-03"), d("2024-01-16")};
  std::vector<Counters> daily(14);
  for (int i = 0; i < 14; ++i) daily[i] = clicks_of(100 * (i + 1), i + 1);
  daily[3].clicks = 0;  // one odd day does not matter: the ratio is of sums

  Series s = build_series(period, daily, Granularity::week);
  ASSERT_EQ(s.buckets.size(), 3u);
  EXPECT_EQ(s.buckets[0].period, (Period{d("2024-01-03"), d("2024-01-07")}));
  // Days 0–4: impressions 100+…+500 = 1500, clicks 1+2+3+0+5 = 11.
  EXPECT_EQ(s.buckets[0].counters, clicks_of(1500, 11));
  EXPECT_DOUBLE_EQ(*s.buckets[0].kpis.ctr, 11.0 / 1500);
  // Days 5–11: impressions 600+…+1200 = 6300, clicks 6+…+12 = 63.
  EXPECT_EQ(s.buckets[1].counters, clicks_of(6300, 63));
  // Days 12–13: impressions 1300+1400, clicks 13+14.
  EXPECT_EQ(s.buckets[2].counters, clicks_of(2700, 27));
  EXPECT_EQ(s.total, clicks_of(10500, 101));
  EXPECT_DOUBLE_EQ(*s.total_kpis.ctr, 101.0 / 10500);
  EXPECT_DOUBLE_EQ(*s.total_kpis.cpc, 0.0);  // no spend: a real 0 per click
  EXPECT_FALSE(s.total_kpis.roas);           // …but return on no spend is undefined
}

TEST(Series, KeepsEmptyBucketsWithNullKpis) {
  const Period period{d("2024-01-01"), d("2024-03-31")};
  std::vector<Counters> daily(static_cast<std::size_t>(period.days()));
  daily[0] = clicks_of(1000, 10);  // January
  daily[static_cast<std::size_t>(period.offset_of(d("2024-03-31")))] = clicks_of(500, 25);
  Series s = build_series(period, daily, Granularity::month);
  ASSERT_EQ(s.buckets.size(), 3u);
  EXPECT_DOUBLE_EQ(*s.buckets[0].kpis.ctr, 0.01);
  EXPECT_EQ(s.buckets[1].counters, Counters{});  // February: no data, still a point
  EXPECT_FALSE(s.buckets[1].kpis.ctr);
  EXPECT_DOUBLE_EQ(*s.buckets[2].kpis.ctr, 0.05);
}

TEST(Series, AllZeroInputGivesZeroCountersAndNoKpis) {
  const Period period{d("2024-01-01"), d("2024-01-31")};
  std::vector<Counters> daily(31);
  Series s = build_series(period, daily, Granularity::day);
  ASSERT_EQ(s.buckets.size(), 31u);
  for (const Bucket& b : s.buckets) EXPECT_FALSE(b.kpis.ctr || b.kpis.roas || b.kpis.cpm);
  EXPECT_EQ(s.total, Counters{});
}

TEST(Series, DailyGranularityHasOneBucketPerDay) {
  const Period period{d("2024-02-28"), d("2024-03-01")};
  std::vector<Counters> daily = {clicks_of(10, 1), clicks_of(20, 2), clicks_of(40, 1)};
  Series s = build_series(period, daily, Granularity::day);
  ASSERT_EQ(s.buckets.size(), 3u);
  EXPECT_EQ(s.buckets[1].period.from, d("2024-02-29"));
  EXPECT_EQ(s.buckets[1].counters, clicks_of(20, 2));
  EXPECT_DOUBLE_EQ(*s.buckets[2].kpis.ctr, 0.025);
}

TEST(Series, RejectsADailyVectorOfTheWrongLength) {
  const Period period{d("2024-01-01"), d("2024-01-10")};
  std::vector<Counters> daily(9);
  EXPECT_THROW(build_series(period, daily, Granularity::day), std::invalid_argument);
}
