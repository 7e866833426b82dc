// Google Ads UI downloads (platform-apis.md §7.1): title and date-range lines above the header,
// "Total:" rows, quoted thousands, percentages, "--", and the UTF-16LE tab-separated
// "Excel .csv" variant.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "csv_test_support.h"

using connectors::CsvFormat;
using connectors::CsvImportResult;
using connectors::MetricRecord;
using core::Platform;
using csv_test::day;
using csv_test::dump;
using csv_test::parse;

namespace {

const std::vector<std::vector<std::string>> kReport = {
    {"Campaign report"},
    {"September 1, 2026 - September 7, 2026"},
    {"Day", "Campaign", "Campaign ID", "Campaign status", "Currency code", "Impr.", "Clicks", "CTR",
     "Avg. CPC", "Cost", "Conversions", "Conv. value"},
    {"2026-09-01", "Brand \xE2\x80\x94 Search", "1234567890", "Enabled", "USD", "1,234", "56",
     "4.54%", "0.45", "25.20", "3.50", "1,050.00"},
    {"2026-09-01", "\xC3\x89t\xC3\xA9 Promo", "987", "Paused", "USD", "0", "0", "--", " --", "0.00",
     "0.00", "0.00"},
    {"2026-09-02", "Brand \xE2\x80\x94 Search", "1234567890", "Enabled", "USD", "12,345", "100",
     "0.81%", "0.30", "30.00", "--", "--"},
    {"Total: Account", "--", "--", "--", "USD", "13,579", "156", "1.15%", "0.35", "55.20", "3.50",
     "1,050.00"},
    {"Total: Campaigns", "--", "--", "--", "USD", "13,579", "156", "1.15%", "0.35", "55.20", "3.50",
     "1,050.00"},
};

// Writes the report with `delimiter`, quoting the cells that contain it (as Google does).
std::string write(char delimiter, std::string_view line_end) {
  std::string out;
  for (const auto& row : kReport) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += delimiter;
      bool quote = row[i].find(delimiter) != std::string::npos;
      out += quote ? "\"" + row[i] + "\"" : row[i];
    }
    out += line_end;
  }
  return out;
}

void expect_report(const CsvImportResult& result) {
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.detected_format, CsvFormat::google_ads);
  EXPECT_EQ(result.rows_read, 3U);
  EXPECT_EQ(result.rows_rejected, 0U) << dump(result);
  ASSERT_EQ(result.records.size(), 3U) << dump(result);
  const MetricRecord& first = result.records[0];
  EXPECT_EQ(first.first_line, 4U);
  EXPECT_EQ(first.platform, Platform::google_ads);
  EXPECT_EQ(first.campaign_external_id, "1234567890");
  EXPECT_EQ(first.campaign_name, "Brand \xE2\x80\x94 Search");
  EXPECT_EQ(first.currency, "USD");
  EXPECT_EQ(first.date, day("2026-09-01"));
  EXPECT_EQ(first.impressions, 1234);
  EXPECT_EQ(first.clicks, 56);
  EXPECT_EQ(first.spend_micros, 25'200'000);
  EXPECT_DOUBLE_EQ(first.conversions, 3.5);
  EXPECT_EQ(first.conversion_value_micros, 1'050'000'000);
  EXPECT_EQ(result.records[1].campaign_name, "\xC3\x89t\xC3\xA9 Promo");
  EXPECT_EQ(result.records[2].impressions, 12345);
  EXPECT_DOUBLE_EQ(result.records[2].conversions, 0);  // "--"
  EXPECT_EQ(result.records[2].first_line, 6U);
}

void expect_same(const MetricRecord& a, const MetricRecord& b) {
  EXPECT_EQ(a.first_line, b.first_line);
  EXPECT_EQ(a.platform, b.platform);
  EXPECT_EQ(a.campaign_external_id, b.campaign_external_id);
  EXPECT_EQ(a.campaign_name, b.campaign_name);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.impressions, b.impressions);
  EXPECT_EQ(a.clicks, b.clicks);
  EXPECT_EQ(a.spend_micros, b.spend_micros);
  EXPECT_EQ(a.conversion_value_micros, b.conversion_value_micros);
  EXPECT_EQ(a.conversions, b.conversions);
  EXPECT_EQ(a.reach, b.reach);
  EXPECT_EQ(a.video_views, b.video_views);
  EXPECT_EQ(a.frequency, b.frequency);
}

}  // namespace

TEST(CsvGoogleAds, Utf8WithBomCommaSeparated) {
  expect_report(parse("\xEF\xBB\xBF" + write(',', "\n")));
}

TEST(CsvGoogleAds, Utf16LeTabSeparatedExcelCsv) {
  expect_report(parse(csv_test::to_utf16(write('\t', "\r\n"), true)));
}

TEST(CsvGoogleAds, BothDownloadsGiveIdenticalRecords) {
  CsvImportResult utf8 = parse("\xEF\xBB\xBF" + write(',', "\n"));
  CsvImportResult utf16 = parse(csv_test::to_utf16(write('\t', "\r\n"), true));
  ASSERT_EQ(utf8.records.size(), utf16.records.size());
  for (std::size_t i = 0; i < utf8.records.size(); ++i) {
    SCOPED_TRACE(i);
    expect_same(utf8.records[i], utf16.records[i]);
  }
}

TEST(CsvGoogleAds, TotalRowsAreSkippedAndNoted) {
  CsvImportResult result = parse(write(',', "\n"));
  const auto& notes = result.column_mapping_notes;
  EXPECT_NE(std::find(notes.begin(), notes.end(), "skipped 2 total/summary row(s)"), notes.end())
      << dump(result);
  EXPECT_NE(
      std::find(notes.begin(), notes.end(), "read as UTF-8, comma-delimited, header on line 3"),
      notes.end())
      << dump(result);
}

TEST(CsvGoogleAds, LongDatesAreAccepted) {
  auto result = parse(
      "Campaign report\nAll time\nDay,Campaign,Impr.,Cost\n"
      "\"Tue, Sep 1, 2026\",A,10,1.00\n\"September 2, 2026\",A,5,--\n");
  ASSERT_EQ(result.records.size(), 2U) << dump(result);
  EXPECT_EQ(result.records[0].date, day("2026-09-01"));
  EXPECT_EQ(result.records[1].date, day("2026-09-02"));
}

TEST(CsvGoogleAds, YouTubeOptionMarksVideoCampaigns) {
  connectors::CsvImportOptions options;
  options.platform = Platform::youtube_ads;
  auto result = parse(
      "Day,Campaign,Impr.,Views,Cost\n2026-09-01,Video A,\"2,000\",\"1,500\",4.00\n", options);
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].platform, Platform::youtube_ads);
  EXPECT_EQ(result.records[0].video_views, 1500);
}

TEST(CsvGoogleAds, ContradictingPlatformOptionIsIgnoredAndNoted) {
  connectors::CsvImportOptions options;
  options.platform = Platform::meta_ads;
  auto result = parse("Day,Campaign,Impr.\n2026-09-01,A,1\n", options);
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].platform, Platform::google_ads);
  const auto& notes = result.column_mapping_notes;
  EXPECT_NE(std::find(notes.begin(), notes.end(),
                      "platform option meta_ads ignored: the file is a google_ads export"),
            notes.end())
      << dump(result);
}

TEST(CsvGoogleAds, WeeklyReportWithoutDayIsFatal) {
  auto result = parse("Campaign report\nAll time\nWeek,Campaign,Impr.,Cost\n2026-08-31,A,1,1\n");
  ASSERT_TRUE(result.fatal_error);
  EXPECT_NE(result.fatal_error->find("'date' is missing (accepted: 'day')"), std::string::npos)
      << *result.fatal_error;
}
