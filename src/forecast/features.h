// What the campaign model learns from: one row per campaign-day of a tenant's history, turned
// into a fixed vector of features that can be computed just as well for a day of a future plan.
//
// Features (kFeatureCount = 24, in this order; names from campaign_day_feature_names()):
//   0–5    platform_<name>      one-hot of core::Platform (google_ads … email)
//   6–11   objective_<name>     one-hot of core::Objective (awareness … sales_conversion)
//   12     log1p_spend          log(1 + the day's spend in currency units); monotone +1: no
//                               tree and no ridge coefficient may make more spend deliver less
//   13–19  weekday_<mon..sun>   one-hot of the ISO weekday
//   20–21  day_of_year_sin/cos  sin and cos of 2π·(day of year − 1)/365.25: yearly seasonality
//                               (Q4 auctions) as a smooth cycle with no break at New Year
//   22     learning_phase       log(1 + min(days since campaign start, 28)): platforms' delivery
//                               settles over the first weeks ("learning phase"); beyond four
//                               weeks a campaign is treated as mature. 28 (log 29) when the
//                               start is unknown
//   23     campaign_start_known 1 when the row's campaign start was known, else 0
// Nothing in the list needs the outcome of the day it describes (no impressions as a feature
// of clicks), so a plan's days get the same features: the plan's platform, objective, date,
// days since the plan's start and daily_spend.
//
// Targets: impressions, clicks, conversions, conversion_value, each modelled as log(1 + value).
// The log makes effects multiplicative (a platform's CTR scales clicks, it does not add to
// them), tames the heavy right tail of spend and outcomes, and keeps back-transformed
// forecasts and interval bounds >= 0; 1 + value keeps days with zero conversions.
//
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"

namespace forecast {

// One campaign-day of a tenant's history. Money in currency units, not micros.
struct HistoryRow {
  std::string campaign_id;
  core::Platform platform = core::Platform::google_ads;
  core::Objective objective = core::Objective::sales_conversion;
  core::Date date;
  std::optional<core::Date> campaign_start;  // the campaign's start_date, if known
  double spend = 0, impressions = 0, clicks = 0, conversions = 0, conversion_value = 0;
};

inline constexpr std::size_t kFeatureCount = 24;
inline constexpr std::size_t kSpendFeature = 12;
inline constexpr int kLearningPhaseDays = 28;

// What the model of a campaign-day forecasts.
enum class Target { impressions, clicks, conversions, conversion_value };
inline constexpr std::size_t kTargetCount = 4;
inline constexpr std::array<Target, kTargetCount> kTargets = {
    Target::impressions, Target::clicks, Target::conversions, Target::conversion_value};

std::string_view target_name(Target target);  // "impressions", "clicks", …
double target_value(const HistoryRow& row, Target target);

// The model scale of a count and back: log1p(max(value, 0)) and expm1(max(value, 0)).
double to_model_scale(double value);
double from_model_scale(double model_value);

// Everything the features of one day depend on.
struct DayDescription {
  core::Platform platform = core::Platform::google_ads;
  core::Objective objective = core::Objective::sales_conversion;
  core::Date date;
  std::optional<int> days_since_start;  // 0 on the first day; nullopt when the start is unknown
  double spend = 0;                     // the day's spend, currency units, >= 0
};

// Writes the kFeatureCount features of `day` to out (out.size() must be kFeatureCount).
void campaign_day_features(const DayDescription& day, std::span<float> out);

// The description of a history row (days since start counted from campaign_start, negative
// counts clamped to 0).
DayDescription describe(const HistoryRow& row);

const std::vector<std::string>& campaign_day_feature_names();
// +1 for log1p_spend, 0 for every other feature.
const std::vector<int>& campaign_day_monotone();

}  // namespace forecast
