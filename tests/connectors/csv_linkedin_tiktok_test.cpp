// LinkedIn Campaign Manager (§7.3) and TikTok Ads Manager (§7.4) exports.
#include <gtest/gtest.h>

#include "csv_test_support.h"

using connectors::CsvFormat;
using core::Platform;
using csv_test::day;
using csv_test::dump;
using csv_test::find;
using csv_test::parse;

namespace {

const char kLinkedIn[] =
    "Campaign Performance Report (in UTC)\r\n"    // 1
    "\"Report Start: 9/1/2026\"\r\n"              // 2
    "\"Report End: 9/30/2026\"\r\n"               // 3
    "\"Date Generated: 10/1/2026, 9:00 AM\"\r\n"  // 4
    "\"Account: Acme Corp (508123456)\"\r\n"      // 5
    "Start Date (in UTC),Account Name,Campaign Group Name,Campaign Name,Campaign ID,"
    "Campaign Type,Currency,Total Spent,Impressions,Clicks,Reach,Conversions,Leads\r\n"  // 6
    "9/1/2026,Acme Corp,Q3 Demand,ABM - Directors,612345678,Sponsored Content,USD,"
    "\"1,204.33\",\"45,210\",312,\"20,105\",14,6\r\n"  // 7
    "9/2/2026,Acme Corp,Q3 Demand,ABM - Directors,612345678,Sponsored Content,USD,"
    "980.10,\"40,002\",280,\"19,000\",0,2\r\n"  // 8
    "13/2/2026,Acme Corp,Q3 Demand,ABM - Directors,612345678,Sponsored Content,USD,"
    "1.00,1,1,1,0,0\r\n";  // 9

const char kTikTok[] =
    "By Day,Campaign name,Campaign ID,Cost,Impressions,Reach,Frequency,Clicks (destination),"
    "CTR (destination),Conversions,Total complete payment value,Video views,Currency\n"
    "2026-09-01,Spring_UGC,1790000000000001,48.20,\"10,200\",8000,1.28,150,1.47%,12,360.00,5100,"
    "USD\n"
    "2026-09-02,Spring_UGC,1790000000000001,51.00,11000,9000,1.22,170,1.55%,-,-,5600,USD\n"
    "Total of 2 results,-,-,99.20,21200,-,-,320,1.51%,12,360.00,10700,USD\n";

}  // namespace

TEST(CsvLinkedIn, MetadataLinesPrecedeTheHeader) {
  auto result = parse(kLinkedIn);
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.detected_format, CsvFormat::linkedin_ads);
  EXPECT_EQ(result.column_mapping_notes.front(),
            "read as UTF-8, comma-delimited, header on line 6");
  EXPECT_EQ(result.rows_read, 3U);
  ASSERT_EQ(result.records.size(), 2U) << dump(result);
  const auto& first = result.records[0];
  EXPECT_EQ(first.first_line, 7U);
  EXPECT_EQ(first.platform, Platform::linkedin_ads);
  EXPECT_EQ(first.date, day("2026-09-01"));
  EXPECT_EQ(first.campaign_external_id, "612345678");
  EXPECT_EQ(first.campaign_name, "ABM - Directors");
  EXPECT_EQ(first.currency, "USD");
  EXPECT_EQ(first.spend_micros, 1'204'330'000);
  EXPECT_EQ(first.impressions, 45210);
  EXPECT_EQ(first.clicks, 312);
  EXPECT_EQ(first.reach, 20105);
  EXPECT_DOUBLE_EQ(first.conversions, 14);
  EXPECT_EQ(result.records[1].date, day("2026-09-02"));
}

TEST(CsvLinkedIn, DatesAreMonthFirst) {
  auto result = parse(kLinkedIn);
  ASSERT_EQ(result.rejections.size(), 1U) << dump(result);
  EXPECT_EQ(describe(result.rejections[0]),
            "line 9, Start Date (in UTC): '13/2/2026' is not a real calendar date");
}

TEST(CsvTikTok, ByDayExportWithTotalRow) {
  auto result = parse(kTikTok);
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.detected_format, CsvFormat::tiktok_ads);
  EXPECT_EQ(result.rows_read, 2U);
  EXPECT_EQ(result.rows_rejected, 0U) << dump(result);
  ASSERT_EQ(result.records.size(), 2U);
  const auto* first = find(result, "Spring_UGC", "2026-09-01");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->platform, Platform::tiktok_ads);
  EXPECT_EQ(first->campaign_external_id, "1790000000000001");
  EXPECT_EQ(first->spend_micros, 48'200'000);
  EXPECT_EQ(first->impressions, 10200);
  EXPECT_EQ(first->clicks, 150);
  EXPECT_DOUBLE_EQ(first->conversions, 12);
  EXPECT_EQ(first->conversion_value_micros, 360'000'000);
  EXPECT_EQ(first->reach, 8000);
  EXPECT_EQ(first->video_views, 5100);
  EXPECT_EQ(first->currency, "USD");
  const auto* second = find(result, "Spring_UGC", "2026-09-02");
  ASSERT_NE(second, nullptr);
  EXPECT_DOUBLE_EQ(second->conversions, 0);  // "-"
}

TEST(CsvTikTok, CustomReportWithDateTimesAndCurrencyInTheCostHeader) {
  auto result = parse(
      "Date,Campaign name,Cost (USD),Impressions,Clicks,2-second video views\n"
      "2026-09-01 00:00:00,A,1.00,10,1,5\n");
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.detected_format, CsvFormat::tiktok_ads);
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].date, day("2026-09-01"));
  EXPECT_EQ(result.records[0].currency, "USD");
  EXPECT_EQ(result.records[0].spend_micros, 1'000'000);
}
