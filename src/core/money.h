// Money as integer micros (1 unit of currency = 1,000,000 micros) with an ISO 4217 code.
//
// Amounts never pass through binary floating point on their way in: decimal text is parsed
// digit by digit, so "0.1" is exactly 100000 micros. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

inline constexpr std::int64_t kMicrosPerUnit = 1'000'000;

// Parses a decimal amount in major units to micros: optional sign, digits with optional ','
// thousands separators, optional '.' and up to 6 fraction digits (more are rounded half away
// from zero), optional exponent-free. Leading/trailing blanks are ignored. nullopt on anything
// else, or on overflow of int64 micros.
std::optional<std::int64_t> parse_decimal_micros(std::string_view text);

// Converts a finite double amount in major units to micros, rounding to the nearest micro.
// nullopt when not finite or out of range. For values that arrive as JSON numbers.
std::optional<std::int64_t> micros_from_double(double amount);

// Micros as a double amount in major units, for engines that estimate rather than book
// (forecasts, planning): units_from_micros(118'430'000) == 118.43.
inline double units_from_micros(std::int64_t micros) {
  return static_cast<double>(micros) / static_cast<double>(kMicrosPerUnit);
}

// Formats micros in major units with exactly `decimals` fraction digits (0–6), rounding half
// away from zero: format_micros(118430000, 2) == "118.43".
std::string format_micros(std::int64_t micros, int decimals = 2);

// True when `code` is an active ISO 4217 alphabetic currency code ("USD", "EUR", …).
bool is_iso4217_currency(std::string_view code);

}  // namespace core
