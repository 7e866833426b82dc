// Readers for the free-text values of the ad-specs CSV. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strategy::internal {

// Lower-cases `name` and reads spaces and hyphens as underscores: "In-feed" -> "in_feed".
std::string normalize_name(std::string_view name);

// A character limit as one CSV value states it.
struct CharLimitValue {
  std::size_t max_chars = 0;                    // the leading figure (upper end of a range)
  std::optional<std::size_t> min_chars;         // "2-20" -> 2
  std::optional<std::size_t> upper_max_chars;   // "150 (600 max)" -> 600
  std::optional<std::size_t> recommended_chars; // "40 (keep under 30 recommended)" -> 30
};

// Reads "30", "2-20", "up to 15", "about 100 (300 max; rarely shown)", "15 each (path1,
// path2)", "40 (keep under 30 recommended)", "12-100 (Latin script); 6-50 (CJK)" (the first
// clause). Parenthesised counts that are not about characters ("up to 5 headlines") are
// ignored. nullopt when the value does not start with a number.
std::optional<CharLimitValue> parse_char_limit(std::string_view value);

// Video length bounds in seconds as one CSV value states them.
struct DurationValue {
  std::optional<std::uint32_t> min_seconds;
  std::optional<std::uint32_t> max_seconds;
};

// Reads the first clause (up to ';' or '(') of "5-60 s", "1 second to 241 minutes", "up to 6 s",
// "15 or 20 s", "up to 3 minutes". A figure without a unit takes the next figure's unit, seconds
// by default. One figure is an exact length unless preceded by "up to" or `is_maximum`.
// nullopt when there is no figure.
std::optional<DurationValue> parse_duration(std::string_view value, bool is_maximum);

// Every "W:H" ratio in `value` ("1.91:1 (1200x628), 1:1" -> {"1.91:1", "1:1"}), in order.
std::vector<std::string> find_aspect_ratios(std::string_view value);

}  // namespace strategy::internal
