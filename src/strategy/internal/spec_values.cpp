#include "strategy/internal/spec_values.h"

#include <cctype>

namespace strategy::internal {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads an unsigned integer at `pos`, advancing past it; nullopt when none is there.
std::optional<std::size_t> read_number(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || !is_digit(text[pos])) return std::nullopt;
  std::size_t n = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    n = n * 10 + static_cast<std::size_t>(text[pos++] - '0');
  }
  return n;
}

void skip_spaces(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
}

bool starts_with_at(std::string_view text, std::size_t pos, std::string_view prefix) {
  return text.substr(pos).starts_with(prefix);
}

// The number right before `marker` inside `text` ("600 max" -> 600), if any.
std::optional<std::size_t> number_before(std::string_view text, std::string_view marker) {
  const auto at = text.find(marker);
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  std::size_t end = at;
  while (end > 0 && text[end - 1] == ' ') --end;
  std::size_t begin = end;
  while (begin > 0 && is_digit(text[begin - 1])) --begin;
  if (begin == end) return std::nullopt;
  return read_number(text, begin);
}

}  // namespace

std::string normalize_name(std::string_view name) {
  std::string out = lower(name);
  for (char& c : out) {
    if (c == ' ' || c == '-') c = '_';
  }
  return out;
}

std::optional<CharLimitValue> parse_char_limit(std::string_view value) {
  const std::string text = lower(value);
  const std::string_view first_clause = std::string_view(text).substr(0, text.find(';'));
  std::size_t pos = 0;
  for (std::string_view hedge : {"up to ", "about "}) {
    if (starts_with_at(first_clause, pos, hedge)) pos += hedge.size();
  }
  auto first = read_number(first_clause, pos);
  if (!first) return std::nullopt;
  CharLimitValue limit;
  limit.max_chars = *first;
  if (pos < first_clause.size() && first_clause[pos] == '-') {
    ++pos;
    if (auto second = read_number(first_clause, pos)) {
      limit.min_chars = *first;
      limit.max_chars = *second;
    }
  }
  // The parenthesis may carry a ';' of its own ("300 max; rarely shown"): search the whole text.
  const auto paren = text.find('(');
  if (paren != std::string::npos) {
    const std::string_view aside = std::string_view(text).substr(paren);
    if (auto upper = number_before(aside, " max"); upper && *upper > limit.max_chars) {
      limit.upper_max_chars = upper;
    }
    if (aside.find("recommended") != std::string_view::npos) {
      if (auto rec = number_before(aside, " recommended")) limit.recommended_chars = rec;
    }
  }
  return limit;
}

std::optional<DurationValue> parse_duration(std::string_view value, bool is_maximum) {
  const std::string text = lower(value);
  std::string_view clause = text;
  clause = clause.substr(0, clause.find_first_of(";("));
  const bool up_to = clause.starts_with("up to ");

  struct Figure {
    std::uint32_t amount;
    std::uint32_t unit_seconds;  // 0 while unknown
  };
  std::vector<Figure> figures;
  for (std::size_t pos = 0; pos < clause.size();) {
    auto n = read_number(clause, pos);
    if (!n) {
      ++pos;
      continue;
    }
    std::size_t after = pos;
    skip_spaces(clause, after);
    std::uint32_t unit = 0;
    if (starts_with_at(clause, after, "min")) {
      unit = 60;
    } else if (starts_with_at(clause, after, "s")) {
      unit = 1;
    } else if (starts_with_at(clause, after, "h")) {
      unit = 3600;
    }
    figures.push_back({static_cast<std::uint32_t>(*n), unit});
  }
  if (figures.empty()) return std::nullopt;
  std::uint32_t next_unit = 1;
  for (auto it = figures.rbegin(); it != figures.rend(); ++it) {
    if (it->unit_seconds == 0) it->unit_seconds = next_unit;
    next_unit = it->unit_seconds;
  }
  const std::uint32_t first = figures.front().amount * figures.front().unit_seconds;
  const std::uint32_t last = figures.back().amount * figures.back().unit_seconds;
  DurationValue out;
  if (figures.size() == 1 && (up_to || is_maximum)) {
    out.max_seconds = first;
  } else {
    out.min_seconds = first;
    out.max_seconds = last;
  }
  return out;
}

std::vector<std::string> find_aspect_ratios(std::string_view value) {
  std::vector<std::string> out;
  for (std::size_t colon = value.find(':'); colon != std::string_view::npos;
       colon = value.find(':', colon + 1)) {
    std::size_t begin = colon;
    while (begin > 0 && (is_digit(value[begin - 1]) || value[begin - 1] == '.')) --begin;
    std::size_t end = colon + 1;
    while (end < value.size() && (is_digit(value[end]) || value[end] == '.')) ++end;
    if (begin == colon || end == colon + 1) continue;
    if (value[begin] == '.' || value[end - 1] == '.') continue;
    out.emplace_back(value.substr(begin, end - begin));
  }
  return out;
}

}  // namespace strategy::internal
