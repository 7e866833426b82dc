// Meta Ads Manager exports (platform-apis.md §7.2), above all the real A/B-test export in
// /work/shared/data/campaigns (637 rows of day × age × gender, 39 columns, "Objective" twice).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/money.h"
#include "csv_test_support.h"

using connectors::CsvFormat;
using connectors::CsvImportResult;
using core::Platform;
using csv_test::day;
using csv_test::dump;
using csv_test::parse;

namespace {

const std::string kMetaFile =
    std::string(STRATEGIST_SHARED_DIR) + "/data/campaigns/meta_ads_manager_export_ab_test_2024.csv";

struct DayTotals {
  std::int64_t impressions = 0, link_clicks = 0, spend_micros = 0, reach = 0;
};

std::vector<std::string> split_on_commas(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1) {
    cells.push_back(line.substr(start, comma - start));
  }
  cells.push_back(line.substr(start));
  for (auto& cell : cells) {
    if (cell.size() >= 2 && cell.front() == '"') cell = cell.substr(1, cell.size() - 2);
  }
  return cells;
}

std::int64_t number(const std::string& cell) { return cell.empty() ? 0 : std::stoll(cell); }

// The file read another way: no data cell holds a comma, quote or line end, so a plain split
// on commas is valid (checked by the cell count). The header's one quoted comma is removed.
std::map<std::pair<std::string, std::string>, DayTotals> totals_by_split(std::size_t& rows) {
  std::string text = csv_test::read_file(kMetaFile);
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
    end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
  }
  std::string header = lines.at(0);
  header.replace(header.find("1,000"), 5, "1000");
  std::vector<std::string> names = split_on_commas(header);
  auto column = [&](std::string_view name) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return i;
    }
    ADD_FAILURE() << "no column " << name;
    return std::size_t{0};
  };
  std::size_t campaign = column("Campaign name"), date = column("Day"),
              spend = column("Amount spent (USD)"), impressions = column("Impressions"),
              clicks = column("Link clicks"), reach = column("Reach");
  std::map<std::pair<std::string, std::string>, DayTotals> totals;
  rows = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::vector<std::string> cells = split_on_commas(lines[i]);
    EXPECT_EQ(cells.size(), names.size()) << "line " << i + 1;
    DayTotals& t = totals[{cells[campaign], cells[date]}];
    t.impressions += number(cells[impressions]);
    t.link_clicks += number(cells[clicks]);
    t.reach += number(cells[reach]);
    if (!cells[spend].empty()) t.spend_micros += *core::parse_decimal_micros(cells[spend]);
    ++rows;
  }
  return totals;
}

}  // namespace

TEST(CsvMetaAds, RealExportIsDetectedWithItsCurrency) {
  CsvImportResult result = parse(csv_test::read_file(kMetaFile));
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.detected_format, CsvFormat::meta_ads);
  EXPECT_EQ(result.rows_read, 637U);
  EXPECT_EQ(result.rows_rejected, 0U) << dump(result);
  ASSERT_FALSE(result.records.empty());
  for (const auto& record : result.records) {
    EXPECT_EQ(record.platform, Platform::meta_ads);
    EXPECT_EQ(record.currency, "USD");
    EXPECT_EQ(record.campaign_name, "Dirty A/B testing");
  }
}

TEST(CsvMetaAds, RealExportTotalsMatchThePublishedFigures) {
  CsvImportResult result = parse(csv_test::read_file(kMetaFile));
  std::int64_t spend = 0, impressions = 0, clicks = 0;
  for (const auto& record : result.records) {
    spend += record.spend_micros;
    impressions += record.impressions;
    clicks += record.clicks;
  }
  EXPECT_EQ(core::format_micros(spend, 2), "268.15");
  EXPECT_EQ(impressions, 23'559);
  EXPECT_EQ(clicks, 949);  // link clicks, not "Clicks (all)"
}

TEST(CsvMetaAds, RealExportEqualsAPlainSplitOfTheFile) {
  std::size_t rows = 0;
  auto expected = totals_by_split(rows);
  EXPECT_EQ(rows, 637U);
  CsvImportResult result = parse(csv_test::read_file(kMetaFile));
  // One record per campaign and distinct Day.
  ASSERT_EQ(result.records.size(), expected.size()) << dump(result);
  for (const auto& record : result.records) {
    auto key = std::pair{record.campaign_name, core::format_iso_date(record.date)};
    ASSERT_TRUE(expected.count(key)) << key.second;
    const DayTotals& want = expected[key];
    SCOPED_TRACE(key.second);
    EXPECT_EQ(record.impressions, want.impressions);
    EXPECT_EQ(record.clicks, want.link_clicks);
    EXPECT_EQ(record.spend_micros, want.spend_micros);
    EXPECT_EQ(record.reach, want.reach);
    ASSERT_TRUE(record.frequency);
    EXPECT_DOUBLE_EQ(*record.frequency,
                     static_cast<double>(want.impressions) / static_cast<double>(want.reach));
  }
}

TEST(CsvMetaAds, DuplicateObjectiveColumnIsIgnoredAndNoted) {
  CsvImportResult result = parse(csv_test::read_file(kMetaFile));
  bool noted = false;
  for (const auto& note : result.column_mapping_notes) {
    noted = noted || note.find("Objective (2 columns)") != std::string::npos;
  }
  EXPECT_TRUE(noted) << dump(result);
}

TEST(CsvMetaAds, RangeRowsAreRejectedAndSingleDayRangesAccepted) {
  auto result = parse(
      "\xEF\xBB\xBFReporting starts,Reporting ends,Campaign name,Campaign ID,Amount spent (EUR),"
      "Impressions,Link clicks,Clicks (all),Reach,Frequency,Purchases,Purchases conversion value\n"
      "2024-11-01,2024-11-30,,,\"1,500.00\",100000,900,1500,50000,2,10,800.00\n"
      "2024-11-05,2024-11-05,Winter,23850000000001,12.34,1000,9,15,800,1.25,1,80.00\n"
      "2024-11-01,2024-11-30,Winter,23850000000001,500,30000,300,500,10000,3,3,300\n");
  ASSERT_FALSE(result.fatal_error) << dump(result);
  EXPECT_EQ(result.detected_format, CsvFormat::meta_ads);
  EXPECT_EQ(result.rows_read, 2U);  // the summary row (no campaign) is not a data row
  ASSERT_EQ(result.rejections.size(), 1U) << dump(result);
  EXPECT_EQ(describe(result.rejections[0]),
            "line 4, Reporting starts: the row covers 2024-11-01 to 2024-11-30, not a single "
            "day; export with the breakdown by Day");
  ASSERT_EQ(result.records.size(), 1U);
  const auto& r = result.records[0];
  EXPECT_EQ(r.date, day("2024-11-05"));
  EXPECT_EQ(r.campaign_external_id, "23850000000001");
  EXPECT_EQ(r.currency, "EUR");
  EXPECT_EQ(r.spend_micros, 12'340'000);
  EXPECT_EQ(r.clicks, 9);
  EXPECT_DOUBLE_EQ(r.conversions, 1);
  EXPECT_EQ(r.conversion_value_micros, 80'000'000);
  EXPECT_DOUBLE_EQ(*r.frequency, 1.25);
}

TEST(CsvMetaAds, ClicksAllIsTheFallbackWithoutLinkClicks) {
  auto result = parse(
      "Day,Campaign name,Amount spent (BRL),Impressions,Clicks (all)\n"
      "2024-11-05,Inverno,10,100,7\n");
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].clicks, 7);
  EXPECT_EQ(result.records[0].currency, "BRL");
}

TEST(CsvMetaAds, WithoutDayOrReportingRangeIsFatal) {
  auto result = parse("Campaign name,Amount spent (USD),Impressions\nA,1,2\n");
  ASSERT_TRUE(result.fatal_error);
  EXPECT_NE(result.fatal_error->find("'Day' or both 'Reporting starts' and 'Reporting ends'"),
            std::string::npos);
}
