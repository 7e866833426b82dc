#include "analytics/periods.h"

#include <gtest/gtest.h>

using namespace analytics;

namespace {
core::Date d(const char* iso) { return *core::parse_iso_date(iso); }
Period p(const char* from, const char* to) { return Period{d(from), d(to)}; }
}  // namespace

TEST(BucketStart, DayIsTheDateItself) {
  EXPECT_EQ(bucket_start(d("2024-05-15"), Granularity::day), d("2024-05-15"));
}

TEST(BucketStart, IsoWeeksStartOnMondayAcrossTheYearBoundary) {
  // ISO week 1 of 2021 starts Monday 2021-01-04.
  EXPECT_EQ(bucket_start(d("2021-01-04"), Granularity::week), d("2021-01-04"));
  EXPECT_EQ(bucket_start(d("2021-01-10"), Granularity::week), d("2021-01-04"));
  // 2020-12-31 (a Thursday) and 2021-01-03 (a Sunday) are in ISO week 53 of 2020.
  EXPECT_EQ(bucket_start(d("2020-12-31"), Granularity::week), d("2020-12-28"));
  EXPECT_EQ(bucket_start(d("2021-01-03"), Granularity::week), d("2020-12-28"));
  // Week starts are Mondays.
  EXPECT_EQ(core::iso_weekday(bucket_start(d("2023-07-19"), Granularity::week)), 1);
}

TEST(BucketStart, MonthsAreCalendarMonthsIncludingLeapFebruary) {
  EXPECT_EQ(bucket_start(d("2024-02-29"), Granularity::month), d("2024-02-01"));
  EXPECT_EQ(bucket_start(d("2024-12-31"), Granularity::month), d("2024-12-01"));
  EXPECT_EQ(bucket_start(d("2025-01-01"), Granularity::month), d("2025-01-01"));
}

TEST(Period, CountsBothEnds) {
  EXPECT_EQ(p("2024-03-01", "2024-03-01").days(), 1);
  EXPECT_EQ(p("2024-01-01", "2024-12-31").days(), 366);
  EXPECT_EQ(p("2023-01-01", "2023-12-31").days(), 365);
  EXPECT_EQ(p("2024-02-01", "2024-03-01").days(), 30);
  EXPECT_FALSE(p("2024-03-02", "2024-03-01").valid());
}

TEST(PreviousPeriod, HasTheSameLengthAndEndsTheDayBefore) {
  EXPECT_EQ(previous_period(p("2024-03-01", "2024-03-31")), p("2024-01-30", "2024-02-29"));
  EXPECT_EQ(previous_period(p("2021-01-01", "2021-01-07")), p("2020-12-25", "2020-12-31"));
  EXPECT_EQ(previous_period(p("2024-05-10", "2024-05-10")), p("2024-05-09", "2024-05-09"));
}

TEST(PreviousYear, KeepsCalendarDatesAndMapsFeb29ToFeb28) {
  EXPECT_EQ(previous_year(p("2024-03-01", "2024-03-31")), p("2023-03-01", "2023-03-31"));
  EXPECT_EQ(previous_year(p("2024-02-01", "2024-02-29")), p("2023-02-01", "2023-02-28"));
  EXPECT_EQ(previous_year(p("2024-02-29", "2024-02-29")), p("2023-02-28", "2023-02-28"));
  // From a common year into a leap year nothing needs mapping; the period keeps 28 days.
  EXPECT_EQ(previous_year(p("2025-02-01", "2025-02-28")), p("2024-02-01", "2024-02-28"));
  EXPECT_EQ(previous_year(p("2021-01-01", "2021-01-31")), p("2020-01-01", "2020-01-31"));
  EXPECT_EQ(previous_year(p("2024-01-01", "2024-12-31")).days(), 365);
}

TEST(Buckets, ClipPartialWeeksAtBothEnds) {
  // Wednesday 2020-12-30 to Tuesday 2021-01-12.
  std::vector<Period> weeks = buckets(p("2020-12-30", "2021-01-12"), Granularity::week);
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0], p("2020-12-30", "2021-01-03"));
  EXPECT_EQ(weeks[1], p("2021-01-04", "2021-01-10"));
  EXPECT_EQ(weeks[2], p("2021-01-11", "2021-01-12"));
}

TEST(Buckets, FollowCalendarMonthsThroughALeapFebruary) {
  std::vector<Period> months = buckets(p("2024-01-15", "2024-03-10"), Granularity::month);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0], p("2024-01-15", "2024-01-31"));
  EXPECT_EQ(months[1], p("2024-02-01", "2024-02-29"));
  EXPECT_EQ(months[2], p("2024-03-01", "2024-03-10"));
}

TEST(Buckets, CoverEveryDayOfThePeriodExactlyOnce) {
  const Period periods[] = {p("2019-12-20", "2021-02-03"), p("2024-02-29", "2024-02-29"),
                            p("2023-01-02", "2023-01-08"), p("2020-01-31", "2020-03-01")};
  for (const Period& period : periods) {
    for (Granularity g : {Granularity::day, Granularity::week, Granularity::month}) {
      std::vector<Period> parts = buckets(period, g);
      ASSERT_FALSE(parts.empty());
      EXPECT_EQ(parts.front().from, period.from);
      EXPECT_EQ(parts.back().to, period.to);
      int days = 0;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        EXPECT_TRUE(parts[i].valid());
        days += parts[i].days();
        if (i > 0) {
          EXPECT_EQ(parts[i].from, parts[i - 1].to + 1);  // gapless, no overlap
          EXPECT_EQ(parts[i].from, bucket_start(parts[i].from, g));
        }
      }
      EXPECT_EQ(days, period.days());
    }
  }
}

TEST(Buckets, CountsMatchTheCalendar) {
  EXPECT_EQ(buckets(p("2024-01-01", "2024-12-31"), Granularity::day).size(), 366u);
  // 2024-01-01 is a Monday and 2024-12-30 a Monday: 52 full weeks + one 2-day week.
  EXPECT_EQ(buckets(p("2024-01-01", "2024-12-31"), Granularity::week).size(), 53u);
  EXPECT_EQ(buckets(p("2024-01-01", "2024-12-31"), Granularity::month).size(), 12u);
  EXPECT_TRUE(buckets(p("2024-01-02", "2024-01-01"), Granularity::day).empty());
}
