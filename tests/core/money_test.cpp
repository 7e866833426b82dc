#include "core/money.h"

#include <gtest/gtest.h>

using core::format_micros;
using core::parse_decimal_micros;

TEST(Money, ParsesDecimalTextExactly) {
  EXPECT_EQ(parse_decimal_micros("118.43"), 118'430'000);
  EXPECT_EQ(parse_decimal_micros("0.1"), 100'000);
  EXPECT_EQ(parse_decimal_micros("-3"), -3'000'000);
  EXPECT_EQ(parse_decimal_micros(" 12,345.5 "), 12'345'500'000);
  EXPECT_EQ(parse_decimal_micros("1.4299999480"), 1'430'000);  // rounds the 7th digit
  EXPECT_EQ(parse_decimal_micros(".5"), 500'000);
}

TEST(Money, RejectsMalformedAmounts) {
  EXPECT_FALSE(parse_decimal_micros(""));
  EXPECT_FALSE(parse_decimal_micros("abc"));
  EXPECT_FALSE(parse_decimal_micros("1.2.3"));
  EXPECT_FALSE(parse_decimal_micros("12,34"));
  EXPECT_FALSE(parse_decimal_micros("-"));
  EXPECT_FALSE(parse_decimal_micros("99999999999999999999"));
}

TEST(Money, FormatsWithRounding) {
  EXPECT_EQ(format_micros(118'430'000), "118.43");
  EXPECT_EQ(format_micros(1'005'000), "1.01");
  EXPECT_EQ(format_micros(-1'005'000), "-1.01");
  EXPECT_EQ(format_micros(7, 6), "0.000007");
  EXPECT_EQ(format_micros(2'500'000, 0), "3");
}

TEST(Money, KnowsCurrencyCodes) {
  EXPECT_TRUE(core::is_iso4217_currency("USD"));
  EXPECT_TRUE(core::is_iso4217_currency("EUR"));
  EXPECT_FALSE(core::is_iso4217_currency("usd"));
  EXPECT_FALSE(core::is_iso4217_currency("XXX1"));
}
