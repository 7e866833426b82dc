// Encodings and delimiters: BOMs, UTF-16 in both byte orders, Windows-1252, tab separation.
#include <gtest/gtest.h>

#include "csv_test_support.h"

using core::Platform;
using csv_test::dump;
using csv_test::parse;

namespace {

const std::string kUtf8 =
    "date,campaign,platform,clicks,spend\n"
    "2024-01-01,Caf\xC3\xA9 \xE2\x80\x94 \xE6\x98\xA5,meta_ads,3,1.50\n";  // "Café — 春"

void expect_cafe(const connectors::CsvImportResult& result) {
  ASSERT_FALSE(result.fatal_error) << dump(result);
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].campaign_name, "Caf\xC3\xA9 \xE2\x80\x94 \xE6\x98\xA5");
  EXPECT_EQ(result.records[0].clicks, 3);
  EXPECT_EQ(result.records[0].spend_micros, 1'500'000);
  EXPECT_EQ(result.records[0].first_line, 2U);
}

}  // namespace

TEST(CsvEncoding, Utf8WithAndWithoutBom) {
  expect_cafe(parse(kUtf8));
  expect_cafe(parse("\xEF\xBB\xBF" + kUtf8));
}

TEST(CsvEncoding, Utf16WithBomInBothByteOrders) {
  expect_cafe(parse(csv_test::to_utf16(kUtf8, true)));
  expect_cafe(parse(csv_test::to_utf16(kUtf8, false)));
}

TEST(CsvEncoding, Utf16WithoutBomIsRecognized) {
  expect_cafe(parse(csv_test::to_utf16(kUtf8, true).substr(2)));
}

TEST(CsvEncoding, NotUtf8IsReadAsWindows1252) {
  auto result = parse("date,campaign,platform,clicks\n2024-01-01,Caf\xE9 \x80,meta_ads,1\n");
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].campaign_name, "Caf\xC3\xA9 \xE2\x82\xAC");  // "Café €"
  EXPECT_NE(result.column_mapping_notes.front().find("Windows-1252"), std::string::npos);
}

TEST(CsvEncoding, TabAndSemicolonDelimitersAreDetected) {
  auto tabs = parse("date\tcampaign\tplatform\tclicks\n2024-01-01\tA, B\tmeta_ads\t\"1,200\"\n");
  ASSERT_EQ(tabs.records.size(), 1U) << dump(tabs);
  EXPECT_EQ(tabs.records[0].campaign_name, "A, B");
  EXPECT_EQ(tabs.records[0].clicks, 1200);
  auto semicolons = parse("date;campaign;platform;clicks\n2024-01-01;A, B;meta_ads;7\n");
  ASSERT_EQ(semicolons.records.size(), 1U) << dump(semicolons);
  EXPECT_EQ(semicolons.records[0].campaign_name, "A, B");
}

TEST(CsvEncoding, NotesSayHowTheFileWasRead) {
  auto result = parse("\xEF\xBB\xBF" + kUtf8);
  ASSERT_FALSE(result.column_mapping_notes.empty());
  EXPECT_EQ(result.column_mapping_notes.front(),
            "read as UTF-8 with BOM, comma-delimited, header on line 1");
}

TEST(CsvEncoding, QuotedCellsKeepTheirSpacesAndDoubledQuotes) {
  auto result = parse("date,campaign,platform,clicks\n2024-01-01,\"  Say \"\"hi\"\"  \",email,1\n");
  ASSERT_EQ(result.records.size(), 1U) << dump(result);
  EXPECT_EQ(result.records[0].campaign_name, "Say \"hi\"");  // names are trimmed
}
