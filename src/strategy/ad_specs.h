// Ad specifications of the ad platforms: text length limits, video durations, aspect ratios and
// image sizes per placement, each with the page it was taken from.
//
// The facts come from src/strategy/data/ad_specs.csv (a copy of the shared benchmark file),
// embedded in the binary at build time and parsed once, on first use, behind a thread-safe
// function-local static. Nothing here does I/O, reads a clock or knows JSON; every function is
// safe to call from several threads at once.
//
// Platforms change their specs often and the sources sometimes disagree (Meta's feed headline
// is quoted as 27 characters by one page and 40 by another). Every row is kept; the derived
// answers below (text_limit, video_duration, aspect_ratios) pick the strictest reading and say
// so. Re-verify against the live platform documentation before enforcing hard validation.
//
// Names. Platforms are core::Platform; in the CSV they are spelled google_ads, meta, linkedin,
// tiktok and youtube (core::Platform::email has no specs). Placements are the CSV's names:
//   google_ads: responsive_search_ad, demand_gen_image_ad
//   meta:       feed, stories, reels, carousel
//   linkedin:   sponsored_content_single_image, sponsored_content_video, message_ads, text_ads
//   tiktok:     in_feed
//   youtube:    skippable_in_stream, non_skippable_in_stream, bumper, overlay, shorts,
//               video_ad_text
// Placement and field arguments are matched case-insensitively, with spaces and hyphens read as
// underscores, so "Responsive search ad" and "in-feed" work.
//
// Text fields. A text limit is a CSV row whose spec is <field>_max_chars,
// <field>_chars_before_truncation, <field>_chars or <field>_limit_alt. The fields present are:
//   headline, long_headline, description, primary_text, intro_text, ad_description,
//   business_name, brand_name, app_name, display_path, final_url, subject, body, cta,
//   cta_button
// Aliases: "call_to_action" means cta or cta_button (whichever the placement has), and a field
// the placement lacks is also looked up as "ad_<field>" (TikTok's description is
// ad_description).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/marketing.h"

namespace strategy {

// One row of the CSV, verbatim. `value` is free text ("30", "3-15", "5-60 s", "9:16 (1080x1920)").
struct AdSpec {
  std::string platform;
  std::string placement;
  std::string spec;
  std::string value;
  std::string source_url;
};

// Every row of the embedded CSV, in file order. The reference is to a process-wide vector built
// on first call and never modified. Throws std::logic_error if the embedded CSV is malformed
// (a build defect, caught by the tests).
const std::vector<AdSpec>& ad_specs();

// The embedded CSV text exactly as it was in src/strategy/data/ad_specs.csv, for shipping the
// facts with their sources. Static storage.
std::string_view ad_specs_csv();

// The CSV's spelling of `platform` ("meta" for Platform::meta_ads); empty for Platform::email.
std::string_view ad_specs_platform_name(core::Platform platform);

// The rows for `platform`, in file order; only those of `placement` when it is not empty.
// Empty when nothing matches.
std::vector<AdSpec> specs_for(core::Platform platform, std::string_view placement = {});

// How long one text field may be, in Unicode code points.
struct TextLimit {
  // The strictest limit any source gives: past it the text is truncated or rejected.
  std::size_t max_chars = 0;
  // A shorter length a source recommends, when below max_chars.
  std::optional<std::size_t> recommended_chars;
  // A minimum length, when the platform has one (TikTok brand name: 2).
  std::optional<std::size_t> min_chars;
  // The most permissive upper limit any source gives, when above max_chars (LinkedIn intro text
  // truncates at 150 but accepts 600; Meta's feed headline is 27 by one source, 40 by another).
  std::optional<std::size_t> upper_max_chars;
  // The source_url of the row max_chars came from.
  std::string source;
  // Plain words on how the limit was derived when it is not a single plain number: which
  // sources disagree and with what values, truncation versus rejection, script variants.
  // Empty otherwise.
  std::string note;
};

// The length limit of `field` in `placement` of `platform`, combining every row for that field
// (see the field vocabulary above). nullopt when the CSV has no such limit.
std::optional<TextLimit> text_limit(core::Platform platform, std::string_view placement,
                                    std::string_view field);

// The outcome of checking one piece of ad text against its limit.
struct TextCheck {
  // True when the text is within [min_chars, max_chars], or when no limit is known.
  bool fits = true;
  // False when the CSV has no limit for this field; then max_chars is 0 and fits is true.
  bool limit_known = false;
  // Length in Unicode code points of the UTF-8 text (a malformed byte counts as one).
  std::size_t length = 0;
  std::size_t max_chars = 0;
  std::string field;
  // One plain sentence, e.g. "headline is 34 characters; Meta feed allows 27 (sources
  // disagree: up to 40 by another)".
  std::string message;
};

// Checks `text` (UTF-8) against text_limit(platform, placement, field).
TextCheck check_text(core::Platform platform, std::string_view placement, std::string_view field,
                     std::string_view text);

// Length of UTF-8 `text` in code points, not bytes: "Café ☕" is 6.
std::size_t utf8_length(std::string_view text);

// The video length a placement accepts, in whole seconds.
struct DurationRange {
  std::optional<std::uint32_t> min_seconds;  // nullopt when the CSV gives only a maximum
  std::optional<std::uint32_t> max_seconds;  // nullopt when the CSV gives only a minimum
  std::string text;                          // the CSV value it was read from, verbatim
  std::string source;                        // its source_url
};

// The accepted video length of `placement`, from its video_duration, video_duration_max,
// duration, length or video_length row (recommended lengths are not bounds; read them with
// specs_for). "1 second to 241 minutes" is [1, 14460]; "up to 6 s" is a maximum of 6; "15 or
// 20 s depending on region" is [15, 20]. nullopt when the placement has no such row.
std::optional<DurationRange> video_duration(core::Platform platform, std::string_view placement);

// Every aspect ratio ("9:16", "1.91:1") named in the placement's *aspect_ratio* rows — image and
// video, recommended and accepted alike — in order of first appearance, without repeats. Empty
// when the placement has none.
std::vector<std::string> aspect_ratios(core::Platform platform, std::string_view placement);

}  // namespace strategy
