// Cell-level rules of the CSV importer: permissive numbers, exact money, dates per layout.
#include <gtest/gtest.h>

#include "connectors/csv/values.h"
#include "csv_test_support.h"

using namespace connectors::csv;
using csv_test::day;

namespace {

std::int64_t count(std::string_view cell, NumberStyle style = NumberStyle::decimal_point) {
  std::int64_t out = -1;
  EXPECT_EQ(parse_count(cell, style, out), CellStatus::ok) << cell;
  return out;
}

std::int64_t money(std::string_view cell, NumberStyle style = NumberStyle::decimal_point) {
  std::int64_t out = -1;
  EXPECT_EQ(parse_money(cell, style, out), CellStatus::ok) << cell;
  return out;
}

CellStatus count_status(std::string_view cell) {
  std::int64_t out = 0;
  return parse_count(cell, NumberStyle::decimal_point, out);
}

CellStatus money_status(std::string_view cell) {
  std::int64_t out = 0;
  return parse_money(cell, NumberStyle::decimal_point, out);
}

}  // namespace

TEST(CsvValues, CountsAcceptThousandsSeparatorsAndBlanks) {
  EXPECT_EQ(count("1234"), 1234);
  EXPECT_EQ(count("1,234"), 1234);
  EXPECT_EQ(count(" 12,345,678 "), 12345678);
  EXPECT_EQ(count("1 234"), 1234);
  EXPECT_EQ(count("1\xC2\xA0"
                  "234"),
            1234);  // no-break space, as French exports write it
  EXPECT_EQ(count("1234.0"), 1234);
  EXPECT_EQ(count("1.234", NumberStyle::decimal_comma), 1234);
}

TEST(CsvValues, DashesAndEmptyCellsAreMissing) {
  for (std::string_view cell : {"", "  ", "-", "--", " --"}) {
    EXPECT_EQ(count_status(cell), CellStatus::missing) << "'" << cell << "'";
  }
}

TEST(CsvValues, CountsRejectWhatIsNotAWholeNonNegativeNumber) {
  EXPECT_EQ(count_status("abc"), CellStatus::not_a_number);
  EXPECT_EQ(count_status("12abc"), CellStatus::not_a_number);
  EXPECT_EQ(count_status("12,34"), CellStatus::not_a_number);  // not a thousands group
  EXPECT_EQ(count_status("1.2.3"), CellStatus::not_a_number);
  EXPECT_EQ(count_status("1.5"), CellStatus::not_whole);
  EXPECT_EQ(count_status("-3"), CellStatus::negative);
  EXPECT_EQ(count_status("99999999999999999999"), CellStatus::too_large);
  EXPECT_EQ(count_status("-0"), CellStatus::ok);
}

TEST(CsvValues, MoneyIsExactAndStripsCurrencyMarkers) {
  EXPECT_EQ(money("118.43"), 118'430'000);
  EXPECT_EQ(money("$1,234.56"), 1'234'560'000);
  EXPECT_EQ(money("US$ 5"), 5'000'000);
  EXPECT_EQ(money("12.30 EUR"), 12'300'000);
  EXPECT_EQ(money("EUR 12.30"), 12'300'000);
  EXPECT_EQ(money("\xE2\x82\xAC"
                  "7"),
            7'000'000);  // "€7"
  EXPECT_EQ(money("7 \xE2\x82\xAC"), 7'000'000);
  EXPECT_EQ(money("1.80483333"), 1'804'833);  // Meta writes 8 decimals; micros round
  EXPECT_EQ(money("0.1"), 100'000);
  EXPECT_EQ(money("1.234,56", NumberStyle::decimal_comma), 1'234'560'000);
  EXPECT_EQ(money("12,5", NumberStyle::decimal_comma), 12'500'000);
}

TEST(CsvValues, MoneyRejectsTextAndNegativeAmounts) {
  EXPECT_EQ(money_status("abc"), CellStatus::not_a_number);
  EXPECT_EQ(money_status("USD"), CellStatus::not_a_number);
  EXPECT_EQ(money_status("-$5.00"), CellStatus::negative);
  EXPECT_EQ(money_status("$-5.00"), CellStatus::negative);
  EXPECT_EQ(money_status("12.5.1"), CellStatus::not_a_number);
  EXPECT_EQ(money_status("99999999999999999"), CellStatus::too_large);
}

TEST(CsvValues, RealNumbersAcceptFractionsAndPercentSigns) {
  double out = 0;
  EXPECT_EQ(parse_real("12.50", NumberStyle::decimal_point, out), CellStatus::ok);
  EXPECT_DOUBLE_EQ(out, 12.5);
  EXPECT_EQ(parse_real("3.45%", NumberStyle::decimal_point, out), CellStatus::ok);
  EXPECT_DOUBLE_EQ(out, 3.45);
  EXPECT_EQ(parse_real(".5", NumberStyle::decimal_point, out), CellStatus::ok);
  EXPECT_DOUBLE_EQ(out, 0.5);
  EXPECT_EQ(parse_real("1,5", NumberStyle::decimal_comma, out), CellStatus::ok);
  EXPECT_DOUBLE_EQ(out, 1.5);
  EXPECT_EQ(parse_real("x1", NumberStyle::decimal_point, out), CellStatus::not_a_number);
}

TEST(CsvValues, ProblemsReadAsSentences) {
  EXPECT_EQ(describe_cell_problem(CellStatus::not_a_number, " abc "), "'abc' is not a number");
  EXPECT_EQ(describe_cell_problem(CellStatus::negative, "-5"), "'-5' is negative");
  EXPECT_EQ(describe_cell_problem(CellStatus::not_whole, "1.5"), "'1.5' is not a whole number");
  EXPECT_EQ(describe_cell_problem(CellStatus::not_a_number, std::string(100, 'x')),
            "'" + std::string(40, 'x') + "...' is not a number");
}

TEST(CsvValues, IsoDatesMustBeRealDays) {
  core::Date out;
  EXPECT_EQ(parse_date("2024-11-28", DateStyle::iso, out), DateStatus::ok);
  EXPECT_EQ(out, day("2024-11-28"));
  EXPECT_EQ(parse_date("2024-02-30", DateStyle::iso, out), DateStatus::impossible);
  EXPECT_EQ(parse_date("2024-13-01", DateStyle::iso, out), DateStatus::impossible);
  EXPECT_EQ(parse_date("2024-2-3", DateStyle::iso, out), DateStatus::malformed);
  EXPECT_EQ(parse_date("03/12/2024", DateStyle::iso, out), DateStatus::malformed);
  EXPECT_EQ(parse_date("", DateStyle::iso, out), DateStatus::missing);
  EXPECT_EQ(parse_date("2024-11-28 00:00:00", DateStyle::iso, out), DateStatus::malformed);
}

TEST(CsvValues, LayoutSpecificDateSpellings) {
  core::Date out;
  EXPECT_EQ(parse_date("9/1/2026", DateStyle::month_day_year, out), DateStatus::ok);
  EXPECT_EQ(out, day("2026-09-01"));
  EXPECT_EQ(parse_date("13/1/2026", DateStyle::month_day_year, out), DateStatus::impossible);
  EXPECT_EQ(parse_date("2026-09-01 00:00:00", DateStyle::iso_with_time, out), DateStatus::ok);
  EXPECT_EQ(out, day("2026-09-01"));
  for (std::string_view text : {"Sep 1, 2026", "September 1, 2026", "Tue, Sep 1, 2026",
                                "Tuesday, September 1, 2026", "1 Sep 2026", "2026-09-01"}) {
    EXPECT_EQ(parse_date(text, DateStyle::google, out), DateStatus::ok) << text;
    EXPECT_EQ(out, day("2026-09-01")) << text;
  }
  EXPECT_EQ(parse_date("Sep 31, 2026", DateStyle::google, out), DateStatus::impossible);
  EXPECT_EQ(parse_date("Septober 1, 2026", DateStyle::google, out), DateStatus::malformed);
}

TEST(CsvValues, DateProblemsNameTheExpectedForm) {
  EXPECT_EQ(describe_date_problem(DateStatus::malformed, DateStyle::iso, "03/12/2024"),
            "'03/12/2024' is not a date of the form YYYY-MM-DD");
  EXPECT_EQ(describe_date_problem(DateStatus::impossible, DateStyle::iso, "2024-02-30"),
            "'2024-02-30' is not a real calendar date");
  EXPECT_EQ(describe_date_problem(DateStatus::malformed, DateStyle::month_day_year, "x"),
            "'x' is not a date of the form M/D/YYYY");
}
