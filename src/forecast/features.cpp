#include "forecast/features.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace forecast {
namespace {

constexpr std::array<std::string_view, kTargetCount> kTargetNames = {
    "impressions", "clicks", "conversions", "conversion_value"};
constexpr std::array<std::string_view, 7> kWeekdays = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

}  // namespace

std::string_view target_name(Target target) { return kTargetNames[static_cast<int>(target)]; }

double target_value(const HistoryRow& row, Target target) {
  switch (target) {
    case Target::impressions:
      return row.impressions;
    case Target::clicks:
      return row.clicks;
    case Target::conversions:
      return row.conversions;
    case Target::conversion_value:
      return row.conversion_value;
  }
  return 0;
}

double to_model_scale(double value) { return std::log1p(std::max(value, 0.0)); }
double from_model_scale(double model_value) { return std::expm1(std::max(model_value, 0.0)); }

void campaign_day_features(const DayDescription& day, std::span<float> out) {
  if (out.size() != kFeatureCount) throw std::invalid_argument("features: wrong output size");
  std::fill(out.begin(), out.end(), 0.0f);
  out[static_cast<std::size_t>(day.platform)] = 1;
  out[6 + static_cast<std::size_t>(day.objective)] = 1;
  out[kSpendFeature] = static_cast<float>(std::log1p(std::max(day.spend, 0.0)));
  out[13 + static_cast<std::size_t>(core::iso_weekday(day.date) - 1)] = 1;
  const double angle = 2 * std::numbers::pi * (core::day_of_year(day.date) - 1) / 365.25;
  out[20] = static_cast<float>(std::sin(angle));
  out[21] = static_cast<float>(std::cos(angle));
  const int since = day.days_since_start ? std::clamp(*day.days_since_start, 0, kLearningPhaseDays)
                                         : kLearningPhaseDays;
  out[22] = static_cast<float>(std::log1p(since));
  out[23] = day.days_since_start ? 1.0f : 0.0f;
}

DayDescription describe(const HistoryRow& row) {
  DayDescription day{row.platform, row.objective, row.date, std::nullopt, row.spend};
  if (row.campaign_start) day.days_since_start = std::max(0, row.date - *row.campaign_start);
  return day;
}

const std::vector<std::string>& campaign_day_feature_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (auto p : core::kPlatformNames) n.push_back("platform_" + std::string(p));
    for (auto o : core::kObjectiveNames) n.push_back("objective_" + std::string(o));
    n.emplace_back("log1p_spend");
    for (auto w : kWeekdays) n.push_back("weekday_" + std::string(w));
    n.insert(n.end(),
             {"day_of_year_sin", "day_of_year_cos", "learning_phase", "campaign_start_known"});
    return n;
  }();
  return names;
}

const std::vector<int>& campaign_day_monotone() {
  static const std::vector<int> signs = [] {
    std::vector<int> s(kFeatureCount, 0);
    s[kSpendFeature] = 1;
    return s;
  }();
  return signs;
}

}  // namespace forecast
