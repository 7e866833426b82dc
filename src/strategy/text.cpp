// Plain-language formatting shared by the planner's stages.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <algorithm>
#include <array>

#include "strategy/internal/plan_state.h"

namespace strategy::internal {

std::string platform_label(core::Platform p) { return std::string(core::platform_display_name(p)); }

std::string objective_label(core::Objective o) {
  std::string out(core::objective_name(o));
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

namespace {

// Inserts thousands separators into the integer digits of a formatted number.
std::string group_thousands(const char* formatted) {
  std::string text(formatted);
  const std::size_t sign = (!text.empty() && text[0] == '-') ? 1 : 0;
  std::size_t end = text.find('.');
  if (end == std::string::npos) end = text.size();
  for (std::ptrdiff_t pos = static_cast<std::ptrdiff_t>(end) - 3;
       pos > static_cast<std::ptrdiff_t>(sign); pos -= 3) {
    text.insert(static_cast<std::size_t>(pos), 1, ',');
  }
  return text;
}

}  // namespace

std::string number(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return group_thousands(buffer);
}

std::string money(double amount, std::string_view currency) {
  std::string out(currency);
  out += ' ';
  out += number(amount, 2);
  return out;
}

std::string percent(double fraction, int decimals) {
  return number(fraction * 100, decimals) + "%";
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string join_platforms(const std::vector<core::Platform>& platforms) {
  std::string out;
  for (std::size_t i = 0; i < platforms.size(); ++i) {
    if (i > 0) out += ", ";
    out += core::platform_name(platforms[i]);
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

double round_cents(double amount) { return std::round(amount * 100) / 100; }

// Howard Hinnant's civil_from_days.
MonthDay civil(core::Date date) {
  const std::int64_t z = static_cast<std::int64_t>(date.days_since_epoch) + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const auto year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2));
  return {year, month, day};
}

std::vector<SeasonalPeak> seasonal_peaks(core::Date start, core::Date end) {
  struct Window {
    std::string_view name;
    unsigned from_month, from_day, to_month, to_day;
    bool major;
  };
  static constexpr std::array<Window, 3> kWindows = {{
      {"Valentine's Day", 2, 1, 2, 14, false},
      {"back to school", 8, 1, 9, 10, false},
      {"Black Friday, Cyber Monday and the holiday season", 11, 15, 12, 31, true},
  }};
  std::vector<SeasonalPeak> peaks;
  for (int year = civil(start).year; year <= civil(end).year; ++year) {
    for (const Window& w : kWindows) {
      const auto from = core::make_date(year, w.from_month, w.from_day);
      const auto to = core::make_date(year, w.to_month, w.to_day);
      if (!from || !to || *to < start || *from > end) continue;
      peaks.push_back({w.name, std::max(*from, start), std::min(*to, end), w.major});
    }
  }
  return peaks;
}

}  // namespace strategy::internal
