#include "experiments/internal/text.h"

#include <charconv>
#include <cmath>

namespace experiments::internal {

std::string format_number(double value, int significant) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, significant);
  return {buffer, result.ptr};
}

std::string format_percent(double value, int decimals, bool with_sign) {
  if (!std::isfinite(value)) return format_number(value, 3);
  char buffer[64];
  const double percent = 100 * value;
  auto result =
      std::to_chars(buffer, buffer + sizeof buffer, percent, std::chars_format::fixed, decimals);
  std::string text(with_sign && percent >= 0 ? 1 : 0, '+');
  text.append(buffer, result.ptr);
  return text.append("%");
}

std::string format_p_value(double p) {
  if (p < 0.0001) return "p < 0.0001";
  return std::string("p = ").append(format_number(p, 2));
}

}  // namespace experiments::internal
