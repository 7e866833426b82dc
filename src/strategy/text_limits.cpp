// text_limit, check_text and utf8_length: the text-length half of ad_specs.h.
#include <algorithm>
#include <string>

#include "strategy/ad_specs.h"
#include "strategy/internal/spec_values.h"

namespace strategy {
namespace {

// The text field a spec limits ("headline_chars_before_truncation" -> "headline"), if any.
std::optional<std::string_view> field_of(std::string_view spec) {
  for (std::string_view suffix :
       {"_chars_before_truncation", "_max_chars", "_limit_alt", "_chars"}) {
    if (spec.size() > suffix.size() && spec.ends_with(suffix)) {
      return spec.substr(0, spec.size() - suffix.size());
    }
  }
  return std::nullopt;
}

// The CSV field names to try, in order, for a requested field.
std::vector<std::string> candidate_fields(const std::string& field) {
  if (field == "call_to_action" || field == "cta" || field == "cta_button") {
    return {field, "cta", "cta_button"};
  }
  return {field, "ad_" + field};
}

struct Reading {
  internal::CharLimitValue limit;
  const AdSpec* row;
};

std::vector<Reading> readings_for(const std::vector<AdSpec>& rows, const std::string& field) {
  std::vector<Reading> readings;
  for (const std::string& candidate : candidate_fields(field)) {
    for (const AdSpec& row : rows) {
      if (field_of(row.spec) != std::string_view(candidate)) continue;
      if (auto limit = internal::parse_char_limit(row.value)) readings.push_back({*limit, &row});
    }
    if (!readings.empty()) break;
  }
  return readings;
}

std::string words(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string characters(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " character" : " characters");
}

// Plain words on where the limit came from; empty for a single plain number.
std::string describe(const std::vector<Reading>& readings) {
  const bool plain = readings.size() == 1 &&
                     std::all_of(readings[0].row->value.begin(), readings[0].row->value.end(),
                                 [](char c) { return c >= '0' && c <= '9'; });
  if (plain) return {};
  std::string note = "from ";
  for (std::size_t i = 0; i < readings.size(); ++i) {
    const AdSpec& row = *readings[i].row;
    if (i > 0) note += "; ";
    note += row.spec + " = \"" + row.value + "\" (" + row.source_url + ")";
  }
  const bool disagree = std::any_of(readings.begin(), readings.end(), [&](const Reading& r) {
    return r.limit.max_chars != readings[0].limit.max_chars;
  });
  if (disagree) note += "; sources disagree, so max_chars is the strictest";
  return note;
}

}  // namespace

std::optional<TextLimit> text_limit(core::Platform platform, std::string_view placement,
                                    std::string_view field) {
  const auto rows = specs_for(platform, placement);
  const auto readings = readings_for(rows, internal::normalize_name(field));
  if (readings.empty()) return std::nullopt;

  const auto strictest = std::min_element(
      readings.begin(), readings.end(),
      [](const Reading& a, const Reading& b) { return a.limit.max_chars < b.limit.max_chars; });
  TextLimit out;
  out.max_chars = strictest->limit.max_chars;
  out.source = strictest->row->source_url;
  std::size_t upper = out.max_chars;
  for (const Reading& r : readings) {
    upper = std::max({upper, r.limit.max_chars, r.limit.upper_max_chars.value_or(0)});
    if (r.limit.min_chars) out.min_chars = std::max(out.min_chars.value_or(0), *r.limit.min_chars);
    if (r.limit.recommended_chars && *r.limit.recommended_chars < out.max_chars) {
      out.recommended_chars =
          std::min(out.recommended_chars.value_or(*r.limit.recommended_chars),
                   *r.limit.recommended_chars);
    }
  }
  if (upper > out.max_chars) out.upper_max_chars = upper;
  out.note = describe(readings);
  return out;
}

TextCheck check_text(core::Platform platform, std::string_view placement, std::string_view field,
                     std::string_view text) {
  TextCheck check;
  check.length = utf8_length(text);
  check.field = internal::normalize_name(field);
  const std::string where = std::string(core::platform_display_name(platform)) + " " +
                            words(internal::normalize_name(placement));
  const std::string subject = words(check.field) + " is " + characters(check.length) + "; ";
  const auto limit = text_limit(platform, placement, field);
  if (!limit) {
    check.message = "no known length limit for " + words(check.field) + " on " + where;
    return check;
  }
  check.limit_known = true;
  check.max_chars = limit->max_chars;
  if (limit->min_chars && check.length < *limit->min_chars) {
    check.fits = false;
    check.message = subject + where + " requires at least " + std::to_string(*limit->min_chars);
    return check;
  }
  check.fits = check.length <= limit->max_chars;
  check.message = subject + where + " allows " + std::to_string(limit->max_chars);
  if (!check.fits && limit->upper_max_chars) {
    check.message += " (up to " + std::to_string(*limit->upper_max_chars) +
                     " by the most permissive reading)";
  }
  return check;
}

std::size_t utf8_length(std::string_view text) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace strategy
