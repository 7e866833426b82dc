#include "connectors/csv/values.h"

#include <array>
#include <charconv>
#include <limits>

#include "core/money.h"

namespace connectors::csv {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of a no-break space (U+00A0, U+202F) at the start of `text`, else 0.
std::size_t no_break_space_length(std::string_view text) {
  if (text.starts_with("\xC2\xA0")) return 2;
  if (text.starts_with("\xE2\x80\xAF")) return 3;
  return 0;
}

bool is_missing(std::string_view text) { return text.empty() || text == "-" || text == "--"; }

// A leading currency marker: "$", "US$", "R$", an ISO code ("EUR "), or any non-ASCII symbol
// ("€", "£", "¥"). Returns its length, 0 when there is none.
std::size_t currency_prefix_length(std::string_view text) {
  if (text.empty()) return 0;
  if (text[0] == '$') return 1;
  if (static_cast<unsigned char>(text[0]) >= 0x80) {
    std::size_t n = 1;
    while (n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) ++n;
    return n;
  }
  std::size_t letters = 0;
  while (letters < text.size() && letters < 3 && text[letters] >= 'A' && text[letters] <= 'Z') {
    ++letters;
  }
  if (letters > 0 && letters < text.size() && text[letters] == '$') return letters + 1;
  if (letters == 3 && core::is_iso4217_currency(text.substr(0, 3))) return 3;
  return 0;
}

// A trailing currency marker or percent sign: "%", "$", " EUR", "€".
std::size_t currency_suffix_length(std::string_view text) {
  if (text.empty()) return 0;
  char last = text.back();
  if (last == '%' || last == '$') return 1;
  if (static_cast<unsigned char>(last) >= 0x80) {
    std::size_t n = 1;
    while (n < text.size() && (static_cast<unsigned char>(text[text.size() - n]) & 0xC0) == 0x80) {
      ++n;
    }
    return n;
  }
  if (text.size() >= 3 && core::is_iso4217_currency(text.substr(text.size() - 3))) return 3;
  return 0;
}

// A number reduced to "digits[.digits]" plus its sign.
struct Canonical {
  CellStatus status = CellStatus::ok;
  bool negative = false;
  std::string_view digits;  // into the cell or into the caller's buffer
};

// Strips sign, currency markers and blanks around the number; returns the core.
std::string_view strip_affixes(std::string_view text, bool& negative) {
  for (bool changed = true; changed && !text.empty();) {
    changed = false;
    if (text.front() == '-' && !negative) {
      negative = true;
      text.remove_prefix(1);
      changed = true;
    }
    if (std::size_t n = currency_prefix_length(text)) {
      text.remove_prefix(n);
      changed = true;
    }
    if (std::size_t n = currency_suffix_length(text)) {
      text.remove_suffix(n);
      changed = true;
    }
    std::string_view trimmed = trim(text);
    changed = changed || trimmed.size() != text.size();
    text = trimmed;
  }
  return text;
}

// Copies the digits of `body` into `buffer`, dropping group separators (which must group by
// three) and turning the decimal separator into '.'.
CellStatus copy_digits(std::string_view body, NumberStyle style, std::array<char, 64>& buffer,
                       std::size_t& length) {
  const char decimal = style == NumberStyle::decimal_point ? '.' : ',';
  const char group = style == NumberStyle::decimal_point ? ',' : '.';
  bool seen_decimal = false, seen_group = false, any_digit = false;
  std::size_t group_digits = 0;
  length = 0;
  for (std::size_t i = 0; i < body.size();) {
    char c = body[i];
    std::size_t nbsp = no_break_space_length(body.substr(i));
    if (is_digit(c)) {
      if (length == buffer.size()) return CellStatus::too_large;
      buffer[length++] = c;
      any_digit = true;
      if (!seen_decimal) ++group_digits;
    } else if (c == decimal && !seen_decimal) {
      if (seen_group && group_digits != 3) return CellStatus::not_a_number;
      if (length == buffer.size()) return CellStatus::too_large;
      buffer[length++] = '.';
      seen_decimal = true;
    } else if (!seen_decimal && (c == group || c == ' ' || c == '\'' || nbsp > 0)) {
      if (!any_digit || group_digits > 3 || (seen_group && group_digits != 3)) {
        return CellStatus::not_a_number;
      }
      seen_group = true;
      group_digits = 0;
      if (nbsp > 0) i += nbsp - 1;
    } else {
      return CellStatus::not_a_number;
    }
    ++i;
  }
  if (!any_digit || (seen_group && !seen_decimal && group_digits != 3)) {
    return CellStatus::not_a_number;
  }
  return CellStatus::ok;
}

Canonical canonicalize(std::string_view cell, NumberStyle style, std::array<char, 64>& buffer) {
  Canonical result;
  std::string_view text = trim(cell);
  if (is_missing(text)) return {CellStatus::missing, false, {}};
  // Fast path: plain digits with at most one '.', the common case in machine-written files.
  bool plain = style == NumberStyle::decimal_point;
  bool seen_point = false;
  for (std::size_t i = 0; plain && i < text.size(); ++i) {
    if (text[i] == '.' && !seen_point) {
      seen_point = true;
    } else if (!is_digit(text[i])) {
      plain = false;
    }
  }
  if (plain && text != ".") {
    result.digits = text;
    return result;
  }
  std::string_view body = strip_affixes(text, result.negative);
  std::size_t length = 0;
  result.status = copy_digits(body, style, buffer, length);
  result.digits = std::string_view(buffer.data(), length);
  return result;
}

bool is_zero(std::string_view digits) {
  for (char c : digits) {
    if (c != '0' && c != '.') return false;
  }
  return true;
}

// Common sign handling: a negative non-zero value is an error for every field we import.
bool reject_sign(Canonical& number) {
  if (number.status == CellStatus::ok && number.negative && !is_zero(number.digits)) {
    number.status = CellStatus::negative;
  }
  return number.status != CellStatus::ok;
}

}  // namespace

// Shortened so that one bad cell cannot flood a report.
std::string quote_cell(std::string_view cell) {
  constexpr std::size_t kMax = 40;
  std::string_view text = trim(cell);
  std::string out = "'";
  out += text.substr(0, kMax);
  if (text.size() > kMax) out += "...";
  return out + "'";
}

std::string_view trim(std::string_view text) {
  for (;;) {
    if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
      text.remove_prefix(1);
    } else if (std::size_t n = no_break_space_length(text)) {
      text.remove_prefix(n);
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.remove_suffix(1);
    } else if (text.ends_with("\xC2\xA0")) {
      text.remove_suffix(2);
    } else if (text.ends_with("\xE2\x80\xAF")) {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  return text;
}

CellStatus parse_count(std::string_view cell, NumberStyle style, std::int64_t& out) {
  std::array<char, 64> buffer;
  Canonical number = canonicalize(cell, style, buffer);
  if (reject_sign(number)) return number.status;
  std::string_view digits = number.digits;
  std::size_t point = digits.find('.');
  std::string_view whole = digits.substr(0, point);
  if (point != std::string_view::npos) {
    for (char c : digits.substr(point + 1)) {
      if (c != '0') return CellStatus::not_whole;
    }
  }
  std::int64_t value = 0;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  for (char c : whole) {
    if (value > (kMax - 9) / 10) return CellStatus::too_large;
    value = value * 10 + (c - '0');
  }
  out = value;
  return CellStatus::ok;
}

CellStatus parse_money(std::string_view cell, NumberStyle style, std::int64_t& micros) {
  std::array<char, 64> buffer;
  Canonical number = canonicalize(cell, style, buffer);
  if (reject_sign(number)) return number.status;
  // The digits are well formed, so the only way left to fail is overflow.
  std::optional<std::int64_t> value = core::parse_decimal_micros(number.digits);
  if (!value) return CellStatus::too_large;
  micros = *value;
  return CellStatus::ok;
}

CellStatus parse_real(std::string_view cell, NumberStyle style, double& out) {
  std::array<char, 64> buffer;
  Canonical number = canonicalize(cell, style, buffer);
  if (reject_sign(number)) return number.status;
  const char* end = number.digits.data() + number.digits.size();
  double value = 0;
  auto [ptr, ec] = std::from_chars(number.digits.data(), end, value);
  if (ec == std::errc::result_out_of_range) return CellStatus::too_large;
  if (ec != std::errc{} || ptr != end) return CellStatus::not_a_number;
  out = value;
  return CellStatus::ok;
}

std::string describe_cell_problem(CellStatus status, std::string_view cell) {
  std::string value = quote_cell(cell);
  switch (status) {
    case CellStatus::not_a_number: return value + " is not a number";
    case CellStatus::negative: return value + " is negative";
    case CellStatus::not_whole: return value + " is not a whole number";
    case CellStatus::too_large: return value + " is too large";
    case CellStatus::missing: return "the value is empty";
    case CellStatus::ok: break;
  }
  return {};
}

}  // namespace connectors::csv
