#include "core/date.h"

#include <gtest/gtest.h>

using core::parse_iso_date;

TEST(Date, ParsesAndFormatsRoundTrip) {
  auto d = parse_iso_date("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(core::format_iso_date(*d), "2024-02-29");
  EXPECT_EQ(core::format_iso_date(*d + 1), "2024-03-01");
}

TEST(Date, EpochIsDayZero) {
  EXPECT_EQ(parse_iso_date("1970-01-01")->days_since_epoch, 0);
  // 2000-03-01 is day 11017 (independently: 30 years * 365 + 7 leap days + 59).
  EXPECT_EQ(parse_iso_date("2000-03-01")->days_since_epoch, 30 * 365 + 7 + 59 + 1);
}

TEST(Date, RejectsImpossibleOrMalformedDays) {
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2023-13-01"));
  EXPECT_FALSE(parse_iso_date("2023-1-01"));
  EXPECT_FALSE(parse_iso_date("2023/01/01"));
  EXPECT_FALSE(parse_iso_date("20230101xx"));
  EXPECT_FALSE(parse_iso_date(""));
}

TEST(Date, IsoWeekdayMondayIsOne) {
  EXPECT_EQ(core::iso_weekday(*parse_iso_date("2024-01-01")), 1);  // a Monday
  EXPECT_EQ(core::iso_weekday(*parse_iso_date("2024-01-07")), 7);
}

TEST(Date, DayOfYearCountsFromTheFirstOfJanuaryAndKnowsLeapYears) {
  EXPECT_EQ(core::day_of_year(*parse_iso_date("2023-01-01")), 1);
  EXPECT_EQ(core::day_of_year(*parse_iso_date("2023-03-01")), 60);
  EXPECT_EQ(core::day_of_year(*parse_iso_date("2024-03-01")), 61);
  EXPECT_EQ(core::day_of_year(*parse_iso_date("2023-12-31")), 365);
  EXPECT_EQ(core::day_of_year(*parse_iso_date("2024-12-31")), 366);
}
