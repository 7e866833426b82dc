// The generic CSV layout (docs/csv-import.md): columns, aggregation, rejections, fatal errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "csv_test_support.h"

using connectors::CsvFormat;
using connectors::CsvImportOptions;
using core::Platform;
using csv_test::day;
using csv_test::dump;
using csv_test::find;
using csv_test::parse;

namespace {

// Physical line numbers are on the right; line 11 continues the quoted name of line 10.
const std::string kEveryRejection =
    "date,campaign_name,campaign_id,platform,impressions,clicks,spend,conversions,"
    "conversion_value,currency\n"                                             //  1
    "2024-03-01,Spring Sale,111,google_ads,\"1,000\",50,12.50,2,40.00,USD\n"  //  2
    "2024-02-30,Spring Sale,111,google_ads,10,1,1.00,0,0,USD\n"               //  3
    "03/12/2024,Spring Sale,111,google_ads,10,1,1.00,0,0,USD\n"               //  4
    "2024-03-02,,111,google_ads,10,1,1.00,0,0,USD\n"                          //  5
    "2024-03-02,Spring Sale,111,google_ads,10,1,abc,0,0,USD\n"                //  6
    "2024-03-02,Spring Sale,111,google_ads,10,-5,1.00,0,0,USD\n"              //  7
    "2024-03-02,Spring Sale,111,google_ads,1.5,1,1.00,0,0,USD\n"              //  8
    "2024-03-02,Spring Sale,111,myspace,10,1,1.00,0,0,USD\n"                  //  9
    "2024-03-02,\"Launch\n"                                                   // 10
    "Week\",222,meta_ads,100,10,5.00,1,20.00,USD\n"                           // 11
    "2024-03-02,Launch Week,222,meta_ads,100,x,5.00,1,20.00,USD\n"            // 12
    "\n"                                                                      // 13
    "2024-03-03,Spring Sale,111,google_ads,10,1,1.00,0,0,USD,extra\n"         // 14
    "2024-03-03,Spring Sale,111,google_ads,10,1,1.00,0,0,XYZ\n"               // 15
    "2024-03-01,Spring Sale,111,google_ads,10,1,1.00,0,0,EUR\n"               // 16
    ",Spring Sale,111,google_ads,10,1,1.00,0,0,USD\n"                         // 17
    "2024-03-03,Spring Sale,111,,10,1,1.00,0,0,USD\n"                         // 18
    "2024-03-01,Spring Sale,111,google_ads,5,2,0.50,0.5,1.00,usd\n";          // 19

struct Expected {
  std::size_t line;
  std::string column;
  std::string reason;
};

const Expected kExpectedRejections[] = {
    {3, "date", "'2024-02-30' is not a real calendar date"},
    {4, "date", "'03/12/2024' is not a date of the form YYYY-MM-DD"},
    {5, "campaign_name", "the campaign name is empty"},
    {6, "spend", "'abc' is not a number"},
    {7, "clicks", "'-5' is negative"},
    {8, "impressions", "'1.5' is not a whole number"},
    {9, "platform", "'myspace' is not a known platform"},
    {12, "clicks", "'x' is not a number"},
    {14, "", "the row has 11 cells but the header has 10"},
    {15, "currency", "'XYZ' is not an ISO 4217 currency code"},
    {16, "currency", "currency EUR differs from USD of the same campaign and day (line 2)"},
    {17, "date", "the date is empty"},
    {18, "platform", "the platform is empty"},
};

std::string with_line_ends(std::string_view text, std::string_view line_end) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += line_end;
    } else {
      out += c;
    }
  }
  return out;
}

void expect_every_rejection(const connectors::CsvImportResult& result) {
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.detected_format, CsvFormat::generic);
  EXPECT_EQ(result.rows_read, 16U);
  EXPECT_EQ(result.rows_rejected, std::size(kExpectedRejections));
  ASSERT_EQ(result.rejections.size(), std::size(kExpectedRejections)) << dump(result);
  for (std::size_t i = 0; i < result.rejections.size(); ++i) {
    const auto& got = result.rejections[i];
    const auto& want = kExpectedRejections[i];
    EXPECT_EQ(got.line, want.line) << describe(got);
    EXPECT_EQ(got.column, want.column) << describe(got);
    EXPECT_EQ(got.reason.rfind(want.reason, 0), 0U) << describe(got);
  }
  ASSERT_EQ(result.records.size(), 2U) << dump(result);
  const auto& spring = result.records[0];  // lines 2 and 19
  EXPECT_EQ(spring.first_line, 2U);
  EXPECT_EQ(spring.campaign_external_id, "111");
  EXPECT_EQ(spring.platform, Platform::google_ads);
  EXPECT_EQ(spring.date, day("2024-03-01"));
  EXPECT_EQ(spring.impressions, 1005);
  EXPECT_EQ(spring.clicks, 52);
  EXPECT_EQ(spring.spend_micros, 13'000'000);
  EXPECT_DOUBLE_EQ(spring.conversions, 2.5);
  EXPECT_EQ(spring.conversion_value_micros, 41'000'000);
  EXPECT_EQ(spring.currency, "USD");
  const auto& launch = result.records[1];
  EXPECT_EQ(launch.first_line, 10U);
  EXPECT_EQ(launch.platform, Platform::meta_ads);
  // The quoted line end is kept as written (LF, CR LF or CR).
  EXPECT_EQ(launch.campaign_name.substr(0, 6), "Launch");
  EXPECT_TRUE(launch.campaign_name.ends_with("\nWeek") || launch.campaign_name.ends_with("\rWeek"));
}

}  // namespace

TEST(CsvGeneric, ReadsTheDocumentedColumns) {
  auto result = parse(
      "date,campaign_name,campaign_id,impressions,clicks,spend,conversions,conversion_value,"
      "reach,frequency,video_views,currency\n"
      "2024-05-01,Brand,c-1,1000,40,25.10,3,90.5,800,1.25,300,EUR\n",
      csv_test::generic_for(Platform::tiktok_ads));
  ASSERT_FALSE(result.fatal_error) << dump(result);
  ASSERT_EQ(result.records.size(), 1U);
  const auto& r = result.records[0];
  EXPECT_EQ(r.first_line, 2U);
  EXPECT_EQ(r.platform, Platform::tiktok_ads);
  EXPECT_EQ(r.campaign_external_id, "c-1");
  EXPECT_EQ(r.campaign_name, "Brand");
  EXPECT_EQ(r.currency, "EUR");
  EXPECT_EQ(r.date, day("2024-05-01"));
  EXPECT_EQ(r.impressions, 1000);
  EXPECT_EQ(r.clicks, 40);
  EXPECT_EQ(r.spend_micros, 25'100'000);
  EXPECT_DOUBLE_EQ(r.conversions, 3);
  EXPECT_EQ(r.conversion_value_micros, 90'500'000);
  EXPECT_EQ(r.reach, 800);
  EXPECT_DOUBLE_EQ(*r.frequency, 1.25);  // impressions / reach
  EXPECT_EQ(r.video_views, 300);
}

TEST(CsvGeneric, ColumnNamesIgnoreCaseAndSpacingAndUnknownColumnsAreListed) {
  auto result = parse(
      "Date,Campaign Name,IMPRESSIONS,Conversion Value,video_views,Mystery,CTR\n"
      "2024-05-01,Brand,10,1.00,4,?,3%\n",
      csv_test::generic_for(Platform::email));
  ASSERT_FALSE(result.fatal_error) << dump(result);
  ASSERT_EQ(result.records.size(), 1U);
  EXPECT_EQ(result.records[0].impressions, 10);
  EXPECT_EQ(result.records[0].conversion_value_micros, 1'000'000);
  EXPECT_EQ(result.records[0].video_views, 4);
  const auto& notes = result.column_mapping_notes;
  EXPECT_NE(std::find(notes.begin(), notes.end(), "ignored columns: Mystery, CTR"), notes.end())
      << dump(result);
  EXPECT_NE(std::find(notes.begin(), notes.end(), "impressions <- 'IMPRESSIONS' (column 3)"),
            notes.end())
      << dump(result);
}

TEST(CsvGeneric, CampaignAliasAndCountersDefaultToZero) {
  auto result = parse("campaign,date,clicks,impressions\nA,2024-01-01,,--\n",
                      csv_test::generic_for(Platform::google_ads));
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].clicks, 0);
  EXPECT_EQ(result.records[0].impressions, 0);
  EXPECT_FALSE(result.records[0].reach);
  EXPECT_FALSE(result.records[0].currency);
}

TEST(CsvGeneric, EveryRejectionKindCarriesItsPhysicalLine) {
  expect_every_rejection(parse(kEveryRejection));
}

TEST(CsvGeneric, LineNumbersAreTheSameWithCrLfAndLoneCrLineEnds) {
  expect_every_rejection(parse(with_line_ends(kEveryRejection, "\r\n")));
  expect_every_rejection(parse(with_line_ends(kEveryRejection, "\r")));
}

TEST(CsvGeneric, ShortRowsReadMissingCellsAsEmptyAndEmptyRowsAreBlank) {
  auto result = parse("date,campaign,clicks,spend\n2024-01-01,A,3\n,,,\n2024-01-02,Total,1,1\n",
                      csv_test::generic_for(Platform::meta_ads));
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.rows_read, 2U);  // ",,," is blank; "Total" is a campaign in generic files
  ASSERT_EQ(result.records.size(), 2U) << dump(result);
  EXPECT_EQ(result.records[0].clicks, 3);
  EXPECT_EQ(result.records[0].spend_micros, 0);
  EXPECT_EQ(result.records[1].campaign_name, "Total");
  EXPECT_EQ(result.records[1].first_line, 4U);
}

TEST(CsvGeneric, RejectionsBeyondTheLimitAreCountedNotListed) {
  CsvImportOptions options = csv_test::generic_for(Platform::google_ads);
  options.max_rejections = 2;
  auto result = parse(
      "date,campaign,clicks\n2024-01-01,a,x\n2024-01-01,a,y\n2024-01-01,a,z\n"
      "2024-01-01,a,1\n",
      options);
  EXPECT_EQ(result.rows_read, 4U);
  EXPECT_EQ(result.rows_rejected, 3U);
  ASSERT_EQ(result.rejections.size(), 2U);
  EXPECT_EQ(describe(result.rejections[1]), "line 3, clicks: 'y' is not a number");
  EXPECT_EQ(result.records.size(), 1U);
}

TEST(CsvGeneric, RowsOfOneCampaignDayAreSummedInFirstSeenOrder) {
  auto result = parse(
      "date,campaign,campaign_id,platform,impressions,reach\n"
      "2024-01-02,B,,meta_ads,10,5\n"         // 2: B by name
      "2024-01-01,A,9,meta_ads,20,10\n"       // 3: A by id 9
      "2024-01-02,B,,meta_ads,30,10\n"        // 4: summed into line 2
      "2024-01-01,A renamed,9,meta_ads,1,\n"  // 5: same id → summed into line 3, first name kept
      "2024-01-01,A,9,google_ads,7,\n"        // 6: another platform → its own record
      "2024-01-01,A,,meta_ads,3,\n");         // 7: no id → keyed by name, its own record
  ASSERT_FALSE(result.fatal_error) << dump(result);
  ASSERT_EQ(result.records.size(), 4U);
  EXPECT_EQ(result.records[0].first_line, 2U);
  EXPECT_EQ(result.records[0].impressions, 40);
  EXPECT_EQ(result.records[0].reach, 15);
  EXPECT_NEAR(*result.records[0].frequency, 40.0 / 15.0, 1e-12);
  EXPECT_EQ(result.records[1].campaign_name, "A");
  EXPECT_EQ(result.records[1].impressions, 21);
  EXPECT_EQ(result.records[1].reach, 10);  // the row without reach adds nothing
  EXPECT_EQ(result.records[2].platform, Platform::google_ads);
  EXPECT_EQ(result.records[3].first_line, 7U);
  EXPECT_EQ(result.records[3].campaign_external_id, "");
}

TEST(CsvGeneric, FrequencyComesFromTheFileOnlyForASingleRowWithoutReach) {
  auto result = parse(
      "date,campaign,impressions,frequency\n2024-01-01,A,10,1.5\n"
      "2024-01-02,B,10,1.5\n2024-01-02,B,10,2.5\n",
      csv_test::generic_for(Platform::meta_ads));
  ASSERT_EQ(result.records.size(), 2U) << dump(result);
  EXPECT_EQ(result.records[0].frequency, 1.5);
  EXPECT_FALSE(result.records[1].frequency);  // averaging frequencies would be wrong
}

TEST(CsvGeneric, PlatformCellFallsBackToTheOption) {
  auto result = parse("date,campaign,platform,clicks\n2024-01-01,A,,1\n2024-01-01,A,Meta Ads,2\n",
                      csv_test::generic_for(Platform::linkedin_ads));
  ASSERT_EQ(result.records.size(), 2U) << dump(result);
  EXPECT_EQ(result.records[0].platform, Platform::linkedin_ads);
  EXPECT_EQ(result.records[1].platform, Platform::meta_ads);
}

TEST(CsvGeneric, SemicolonFilesUseDecimalCommas) {
  auto result =
      parse("date;campaign;spend;impressions\n2024-01-01;\xC3\x89t\xC3\xA9;1.234,50;2.000\n",
            csv_test::generic_for(Platform::meta_ads));
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].campaign_name, "\xC3\x89t\xC3\xA9");
  EXPECT_EQ(result.records[0].spend_micros, 1'234'500'000);
  EXPECT_EQ(result.records[0].impressions, 2000);
}

TEST(CsvGeneric, HeaderOnlyFileHasNoRecordsAndNoError) {
  auto result = parse("date,campaign,clicks\n", csv_test::generic_for(Platform::email));
  EXPECT_FALSE(result.fatal_error);
  EXPECT_EQ(result.rows_read, 0U);
  EXPECT_TRUE(result.records.empty());
}

TEST(CsvGeneric, EmptyFileIsFatal) {
  EXPECT_EQ(parse("").fatal_error, "the file is empty");
  EXPECT_EQ(parse("\r\n \n\n").fatal_error, "the file is empty");
  EXPECT_EQ(parse("\xEF\xBB\xBF").fatal_error, "the file is empty");
}

TEST(CsvGeneric, FileWithoutHeaderIsFatal) {
  auto result = parse("hello world\nthis is a letter, not a report\n");
  ASSERT_TRUE(result.fatal_error);
  EXPECT_EQ(result.fatal_error->rfind("no header row found", 0), 0U) << *result.fatal_error;
}

TEST(CsvGeneric, MissingRequiredColumnsAreFatal) {
  auto no_campaign =
      parse("date,impressions\n2024-01-01,5\n", csv_test::generic_for(Platform::email));
  ASSERT_TRUE(no_campaign.fatal_error);
  EXPECT_NE(no_campaign.fatal_error->find("'campaign_name' is missing"), std::string::npos);
  auto no_date = parse("campaign,impressions\nA,5\n", csv_test::generic_for(Platform::email));
  ASSERT_TRUE(no_date.fatal_error);
  EXPECT_NE(no_date.fatal_error->find("'date' is missing"), std::string::npos);
  auto no_metric = parse("date,campaign\n2024-01-01,A\n", csv_test::generic_for(Platform::email));
  ASSERT_TRUE(no_metric.fatal_error);
  EXPECT_NE(no_metric.fatal_error->find("no metric column"), std::string::npos);
  EXPECT_TRUE(no_metric.records.empty());
}

TEST(CsvGeneric, GenericFileWithoutAnyPlatformIsFatal) {
  auto result = parse("date,campaign,clicks\n2024-01-01,A,1\n");
  ASSERT_TRUE(result.fatal_error);
  EXPECT_NE(result.fatal_error->find("needs a platform"), std::string::npos);
  EXPECT_TRUE(result.records.empty());
}

TEST(CsvGeneric, UnterminatedQuoteIsFatalAndNamesItsLine) {
  auto result = parse("date,campaign,clicks\n2024-01-01,A,1\n2024-01-02,\"Open,2\n2024-01-03,B,3\n",
                      csv_test::generic_for(Platform::email));
  ASSERT_TRUE(result.fatal_error);
  EXPECT_EQ(result.fatal_error->rfind("line 3: a quoted field", 0), 0U) << *result.fatal_error;
  EXPECT_NE(result.fatal_error->find("unterminated quote"), std::string::npos);
  EXPECT_TRUE(result.records.empty());
}

TEST(CsvGeneric, MalformedQuotingIsFatalAndNamesItsLine) {
  auto result = parse("date,campaign,clicks\n2024-01-01,A,1\n2024-01-02,\"B\"x,2\n",
                      csv_test::generic_for(Platform::email));
  ASSERT_TRUE(result.fatal_error);
  EXPECT_EQ(result.fatal_error->rfind("line 3: malformed quoting", 0), 0U) << *result.fatal_error;
  EXPECT_TRUE(result.records.empty());
}

TEST(CsvGeneric, BinaryFilesAreFatal) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", 20);
  auto result = parse(png);
  ASSERT_TRUE(result.fatal_error);
  EXPECT_NE(result.fatal_error->find("not text"), std::string::npos) << *result.fatal_error;
  auto xlsx = parse(std::string("PK\x03\x04\x14\0\x06\0", 8));
  ASSERT_TRUE(xlsx.fatal_error);
  EXPECT_NE(xlsx.fatal_error->find(".xlsx"), std::string::npos) << *xlsx.fatal_error;
}

TEST(CsvGeneric, FormatOptionForcesTheLayout) {
  CsvImportOptions options;
  options.format = CsvFormat::tiktok_ads;
  auto result = parse("Date,Campaign name,Cost,Impressions\n2024-01-01,A,1.50,10\n", options);
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.detected_format, CsvFormat::tiktok_ads);
  ASSERT_EQ(result.records.size(), 1U);
  EXPECT_EQ(result.records[0].platform, Platform::tiktok_ads);
  EXPECT_EQ(result.records[0].spend_micros, 1'500'000);
}
