#include "core/money.h"

#include <algorithm>
#include <iterator>
#include <cmath>
#include <limits>

namespace core {

std::optional<std::int64_t> parse_decimal_micros(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;

  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t units = 0;
  bool any_digit = false;
  std::size_t i = 0;
  std::size_t digits_since_comma = 0;
  bool seen_comma = false;
  for (; i < text.size() && text[i] != '.'; ++i) {
    char c = text[i];
    if (c == ',') {
      // A thousands separator must follow 1–3 digits, then groups of exactly three.
      if (!any_digit || (seen_comma && digits_since_comma != 3) || digits_since_comma > 3) {
        return std::nullopt;
      }
      seen_comma = true;
      digits_since_comma = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (units > (kMax / kMicrosPerUnit - 9) / 10) return std::nullopt;
    units = units * 10 + (c - '0');
    any_digit = true;
    ++digits_since_comma;
  }
  if (seen_comma && digits_since_comma != 3) return std::nullopt;

  std::int64_t fraction = 0;
  if (i < text.size()) {  // text[i] == '.'
    ++i;
    std::int64_t scale = kMicrosPerUnit / 10;
    bool round_up = false;
    std::size_t position = 0;
    for (; i < text.size(); ++i, ++position) {
      char c = text[i];
      if (c < '0' || c > '9') return std::nullopt;
      any_digit = true;
      if (position < 6) {
        fraction += (c - '0') * scale;
        scale /= 10;
      } else if (position == 6) {
        round_up = c >= '5';
      }
    }
    if (round_up) ++fraction;
  }
  if (!any_digit) return std::nullopt;
  std::int64_t micros = units * kMicrosPerUnit + fraction;
  return negative ? -micros : micros;
}

std::optional<std::int64_t> micros_from_double(double amount) {
  if (!std::isfinite(amount)) return std::nullopt;
  double micros = std::round(amount * static_cast<double>(kMicrosPerUnit));
  if (std::fabs(micros) >= 9.2e18) return std::nullopt;
  return static_cast<std::int64_t>(micros);
}

std::string format_micros(std::int64_t micros, int decimals) {
  decimals = std::clamp(decimals, 0, 6);
  std::int64_t divisor = 1;
  for (int i = decimals; i < 6; ++i) divisor *= 10;
  bool negative = micros < 0;
  // Work in unsigned to survive INT64_MIN.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(micros)
                                     : static_cast<std::uint64_t>(micros);
  std::uint64_t scaled = (magnitude + static_cast<std::uint64_t>(divisor) / 2) /
                         static_cast<std::uint64_t>(divisor);
  std::uint64_t unit_scale = static_cast<std::uint64_t>(kMicrosPerUnit / divisor);
  std::string out = negative && scaled != 0 ? "-" : "";
  out += std::to_string(scaled / unit_scale);
  if (decimals > 0) {
    std::string frac = std::to_string(scaled % unit_scale);
    out += '.';
    out.append(static_cast<std::size_t>(decimals) - frac.size(), '0');
    out += frac;
  }
  return out;
}

bool is_iso4217_currency(std::string_view code) {
  // Active codes (ISO 4217 list one, 2024), sorted for binary search.
  static constexpr std::string_view kCodes[] = {
      "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
      "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
      "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
      "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
      "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
      "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
      "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
      "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
      "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
      "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
      "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
      "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"};
  return std::binary_search(std::begin(kCodes), std::end(kCodes), code);
}

}  // namespace core
