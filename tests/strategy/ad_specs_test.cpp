#include "strategy/ad_specs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

using core::Platform;
using strategy::ad_specs;
using strategy::check_text;
using strategy::text_limit;

namespace {

const char* const kSharedCsv = STRATEGIST_SHARED_DIR "/data/benchmarks/ad_specs.csv";

std::string read_shared_csv() {
  std::ifstream in(kSharedCsv, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << kSharedCsv;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Counted independently of the CSV reader: non-empty lines minus the header. No value in the
// file spans lines.
std::size_t shared_csv_data_rows() {
  std::ifstream in(kSharedCsv, std::ios::binary);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line != "\r") ++lines;
  }
  return lines - 1;
}

}  // namespace

TEST(AdSpecs, LoadsEveryRowOfTheSharedFile) {
  EXPECT_EQ(shared_csv_data_rows(), 72u);
  EXPECT_EQ(ad_specs().size(), shared_csv_data_rows());
}

TEST(AdSpecs, EmbeddedCopyEqualsTheSharedFileByteForByte) {
  EXPECT_EQ(strategy::ad_specs_csv(), read_shared_csv());
}

TEST(AdSpecs, KeepsQuotedValuesWithCommasWhole) {
  const auto rows = strategy::specs_for(Platform::google_ads, "responsive_search_ad");
  ASSERT_FALSE(rows.empty());
  auto path = std::find_if(rows.begin(), rows.end(),
                           [](const auto& r) { return r.spec == "display_path_max_chars"; });
  ASSERT_NE(path, rows.end());
  EXPECT_EQ(path->value, "15 each (path1, path2)");
  EXPECT_EQ(path->source_url, "https://lettercounter.org/blog/google-ads-character-limits-guide");
}

TEST(AdSpecs, MapsPlatformsToTheCsvSpellings) {
  EXPECT_EQ(strategy::ad_specs_platform_name(Platform::meta_ads), "meta");
  for (Platform p : {Platform::google_ads, Platform::meta_ads, Platform::linkedin_ads,
                     Platform::tiktok_ads, Platform::youtube_ads}) {
    EXPECT_FALSE(strategy::specs_for(p).empty()) << core::platform_name(p);
  }
  EXPECT_TRUE(strategy::specs_for(Platform::email).empty());
  EXPECT_EQ(strategy::specs_for(Platform::meta_ads, "stories").size(), 2u);
  EXPECT_EQ(strategy::specs_for(Platform::tiktok_ads, "In-feed").size(), 11u);
}

TEST(TextLimit, GoogleResponsiveSearchAdHeadlineIs30AndDescription90) {
  auto headline = text_limit(Platform::google_ads, "responsive_search_ad", "headline");
  ASSERT_TRUE(headline);
  EXPECT_EQ(headline->max_chars, 30u);
  EXPECT_EQ(headline->source, "https://lettercounter.org/blog/google-ads-character-limits-guide");
  EXPECT_TRUE(headline->note.empty());
  auto description = text_limit(Platform::google_ads, "Responsive search ad", "Description");
  ASSERT_TRUE(description);
  EXPECT_EQ(description->max_chars, 90u);
}

TEST(TextLimit, MetaFeedHeadlineTakesTheStrictestOfDisagreeingSourcesAndNamesBoth) {
  auto headline = text_limit(Platform::meta_ads, "feed", "headline");
  ASSERT_TRUE(headline);
  EXPECT_EQ(headline->max_chars, 27u);
  EXPECT_EQ(headline->upper_max_chars, 40u);
  EXPECT_EQ(headline->source, "https://www.xyzlab.com/meta-ads-specs");
  EXPECT_FALSE(headline->recommended_chars);  // "keep under 30" is above the strict 27
  EXPECT_NE(headline->note.find("\"27\""), std::string::npos) << headline->note;
  EXPECT_NE(headline->note.find("\"40 (keep under 30 recommended)\""), std::string::npos);
  EXPECT_NE(headline->note.find("sources disagree"), std::string::npos);
}

TEST(TextLimit, MetaFeedDescriptionKeepsARecommendationBelowTheMax) {
  auto description = text_limit(Platform::meta_ads, "feed", "description");
  ASSERT_TRUE(description);
  EXPECT_EQ(description->max_chars, 27u);
  EXPECT_EQ(description->recommended_chars, 25u);
  EXPECT_EQ(description->upper_max_chars, 30u);
}

TEST(TextLimit, TruncationPointIsTheMaxAndTheHardLimitIsTheUpperMax) {
  auto intro = text_limit(Platform::linkedin_ads, "sponsored_content_single_image", "intro text");
  ASSERT_TRUE(intro);
  EXPECT_EQ(intro->max_chars, 150u);
  EXPECT_EQ(intro->upper_max_chars, 600u);
  auto description =
      text_limit(Platform::linkedin_ads, "sponsored_content_single_image", "description");
  ASSERT_TRUE(description);
  EXPECT_EQ(description->max_chars, 100u);
  EXPECT_EQ(description->upper_max_chars, 300u);
}

TEST(TextLimit, ReadsRangesAsMinimumAndMaximum) {
  auto brand = text_limit(Platform::tiktok_ads, "in_feed", "brand_name");
  ASSERT_TRUE(brand);
  EXPECT_EQ(brand->min_chars, 2u);
  EXPECT_EQ(brand->max_chars, 20u);
  auto description = text_limit(Platform::tiktok_ads, "in_feed", "description");  // ad_description
  ASSERT_TRUE(description);
  EXPECT_EQ(description->min_chars, 12u);
  EXPECT_EQ(description->max_chars, 100u);
  EXPECT_NE(description->note.find("6-50 (CJK)"), std::string::npos);
}

TEST(TextLimit, CallToActionFindsCtaAndCtaButton) {
  EXPECT_EQ(text_limit(Platform::youtube_ads, "video_ad_text", "call to action")->max_chars, 10u);
  EXPECT_EQ(text_limit(Platform::linkedin_ads, "message_ads", "call_to_action")->max_chars, 20u);
}

TEST(TextLimit, AbsentWhenTheCsvHasNoSuchLimit) {
  EXPECT_FALSE(text_limit(Platform::meta_ads, "stories", "headline"));
  EXPECT_FALSE(text_limit(Platform::google_ads, "responsive_search_ad", "headlines_per"));
  EXPECT_FALSE(text_limit(Platform::email, "feed", "headline"));
}

TEST(CheckText, CountsCodePointsNotBytes) {
  const std::string cafe = "Caf\xC3\xA9 \xE2\x98\x95";  // "Café ☕": 9 bytes, 6 code points
  ASSERT_EQ(cafe.size(), 9u);
  EXPECT_EQ(strategy::utf8_length(cafe), 6u);
  auto check = check_text(Platform::google_ads, "responsive_search_ad", "headline", cafe);
  EXPECT_TRUE(check.fits);
  EXPECT_TRUE(check.limit_known);
  EXPECT_EQ(check.length, 6u);
  EXPECT_EQ(check.max_chars, 30u);
  EXPECT_EQ(check.message, "headline is 6 characters; Google Ads responsive search ad allows 30");
}

TEST(CheckText, HeadlineOverTheLimitFailsNamingPlatformAndLimit) {
  const std::string headline(34, 'x');
  auto check = check_text(Platform::meta_ads, "feed", "headline", headline);
  EXPECT_FALSE(check.fits);
  EXPECT_EQ(check.length, 34u);
  EXPECT_EQ(check.max_chars, 27u);
  EXPECT_EQ(check.field, "headline");
  EXPECT_EQ(check.message,
            "headline is 34 characters; Meta feed allows 27 (up to 40 by the most permissive "
            "reading)");
}

TEST(CheckText, ExactlyAtTheLimitFits) {
  EXPECT_TRUE(check_text(Platform::google_ads, "responsive_search_ad", "headline",
                         std::string(30, 'a')).fits);
  EXPECT_FALSE(check_text(Platform::google_ads, "responsive_search_ad", "headline",
                          std::string(31, 'a')).fits);
}

TEST(CheckText, TooShortForAMinimumFails) {
  auto check = check_text(Platform::tiktok_ads, "in_feed", "brand_name", "A");
  EXPECT_FALSE(check.fits);
  EXPECT_EQ(check.message, "brand name is 1 character; TikTok in feed requires at least 2");
}

TEST(CheckText, UnknownLimitFitsAndSaysSo) {
  auto check = check_text(Platform::meta_ads, "stories", "headline", "anything");
  EXPECT_TRUE(check.fits);
  EXPECT_FALSE(check.limit_known);
  EXPECT_EQ(check.message, "no known length limit for headline on Meta stories");
}

TEST(VideoDuration, TikTokInFeedIsFiveToSixtySeconds) {
  auto duration = strategy::video_duration(Platform::tiktok_ads, "in_feed");
  ASSERT_TRUE(duration);
  EXPECT_EQ(duration->text, "5-60 s");
  EXPECT_EQ(duration->min_seconds, 5u);
  EXPECT_EQ(duration->max_seconds, 60u);
  EXPECT_EQ(duration->source, "https://ads.tiktok.com/help/article?aid=6669199281502552069");
}

TEST(VideoDuration, ReadsMaximaAndMinutes) {
  auto bumper = strategy::video_duration(Platform::youtube_ads, "bumper");
  ASSERT_TRUE(bumper);
  EXPECT_EQ(bumper->text, "up to 6 s (non-skippable)");
  EXPECT_FALSE(bumper->min_seconds);
  EXPECT_EQ(bumper->max_seconds, 6u);
  auto shorts = strategy::video_duration(Platform::youtube_ads, "shorts");
  ASSERT_TRUE(shorts);
  EXPECT_EQ(shorts->max_seconds, 180u);
  auto meta_feed = strategy::video_duration(Platform::meta_ads, "feed");
  ASSERT_TRUE(meta_feed);
  EXPECT_EQ(meta_feed->min_seconds, 1u);
  EXPECT_EQ(meta_feed->max_seconds, 241u * 60u);
  auto reels = strategy::video_duration(Platform::meta_ads, "reels");
  ASSERT_TRUE(reels);
  EXPECT_FALSE(reels->min_seconds);
  EXPECT_EQ(reels->max_seconds, 900u);
  auto linkedin = strategy::video_duration(Platform::linkedin_ads, "sponsored_content_video");
  ASSERT_TRUE(linkedin);
  EXPECT_EQ(linkedin->min_seconds, 3u);
  EXPECT_EQ(linkedin->max_seconds, 1800u);
  EXPECT_FALSE(strategy::video_duration(Platform::youtube_ads, "overlay"));
}

TEST(AspectRatios, ListTheRatiosTheCsvNames) {
  using Ratios = std::vector<std::string>;
  EXPECT_EQ(strategy::aspect_ratios(Platform::tiktok_ads, "in_feed"),
            (Ratios{"9:16", "1:1", "16:9"}));  // "9:16 recommended (1:1 and 16:9 accepted)"
  EXPECT_EQ(strategy::aspect_ratios(Platform::youtube_ads, "shorts"), (Ratios{"9:16"}));
  EXPECT_EQ(strategy::aspect_ratios(Platform::meta_ads, "feed"), (Ratios{"1:1", "4:5", "1.91:1"}));
  EXPECT_EQ(strategy::aspect_ratios(Platform::google_ads, "demand_gen_image_ad"),
            (Ratios{"1.91:1", "1:1", "4:5", "9:16"}));
  EXPECT_TRUE(strategy::aspect_ratios(Platform::youtube_ads, "bumper").empty());
}
