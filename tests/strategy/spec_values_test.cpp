#include "strategy/internal/spec_values.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "strategy/internal/csv.h"

using strategy::internal::find_aspect_ratios;
using strategy::internal::parse_char_limit;
using strategy::internal::parse_csv;
using strategy::internal::parse_duration;

TEST(Csv, ReadsQuotedFieldsEscapedQuotesAndBothLineEndings) {
  auto records = parse_csv("a,\"b, c\",\"say \"\"hi\"\"\"\r\nd,,\n\ne,f");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"a", "b, c", "say \"hi\""}));
  EXPECT_EQ(records[1], (std::vector<std::string>{"d", "", ""}));
  EXPECT_EQ(records[2], (std::vector<std::string>{"e", "f"}));
}

TEST(Csv, RejectsAnUnterminatedQuote) {
  EXPECT_THROW(parse_csv("a,\"b\n"), std::logic_error);
  EXPECT_THROW(parse_csv("a,\"b\"c\n"), std::logic_error);
}

TEST(CharLimit, ReadsPlainNumbersRangesAndAsides) {
  EXPECT_EQ(parse_char_limit("30")->max_chars, 30u);
  EXPECT_EQ(parse_char_limit("up to 15")->max_chars, 15u);
  EXPECT_EQ(parse_char_limit("15 each (path1, path2)")->max_chars, 15u);
  auto headlines = parse_char_limit("40 (up to 5 headlines)");
  EXPECT_EQ(headlines->max_chars, 40u);
  EXPECT_FALSE(headlines->upper_max_chars);
  auto about = parse_char_limit("about 100 (300 max; rarely shown)");
  EXPECT_EQ(about->max_chars, 100u);
  EXPECT_EQ(about->upper_max_chars, 300u);
  auto recommended = parse_char_limit("30 (keep under 25 recommended)");
  EXPECT_EQ(recommended->max_chars, 30u);
  EXPECT_EQ(recommended->recommended_chars, 25u);
  auto range = parse_char_limit("12-100 (Latin script); 6-50 (CJK)");
  EXPECT_EQ(range->min_chars, 12u);
  EXPECT_EQ(range->max_chars, 100u);
  EXPECT_FALSE(parse_char_limit("asset rejected (not truncated)"));
}

TEST(Duration, ReadsRangesUnitsAndMaxima) {
  auto range = parse_duration("1 second to 241 minutes", false);
  EXPECT_EQ(range->min_seconds, 1u);
  EXPECT_EQ(range->max_seconds, 14460u);
  auto either = parse_duration("15 or 20 s depending on region", false);
  EXPECT_EQ(either->min_seconds, 15u);
  EXPECT_EQ(either->max_seconds, 20u);
  auto up_to = parse_duration("up to 3 minutes; only first 60 s play", false);
  EXPECT_FALSE(up_to->min_seconds);
  EXPECT_EQ(up_to->max_seconds, 180u);
  EXPECT_EQ(parse_duration("15 minutes", true)->max_seconds, 900u);
  EXPECT_FALSE(parse_duration("15 minutes", true)->min_seconds);
  EXPECT_FALSE(parse_duration("most successful", false));
}

TEST(AspectRatio, FindsRatiosButNotPixelSizes) {
  EXPECT_EQ(find_aspect_ratios("1.91:1 (1200x628), 1:1 (1200x1200)"),
            (std::vector<std::string>{"1.91:1", "1:1"}));
  EXPECT_TRUE(find_aspect_ratios("1080x1920").empty());
}
