#include "forecast/synthetic_history.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <random>
#include <string>

namespace forecast {
namespace {

constexpr std::array<double, 5> kCpm = {6, 11, 33, 9, 8};
constexpr std::array<double, 5> kCtr = {0.04, 0.012, 0.005, 0.012, 0.006};
// By objective: awareness, traffic, engagement, leads, app_installs, sales_conversion.
constexpr std::array<double, 6> kCtrFactor = {0.5, 1.4, 1.0, 1.0, 1.1, 1.0};
constexpr std::array<double, 6> kCvr = {0.005, 0.02, 0.01, 0.08, 0.05, 0.04};
constexpr std::array<double, 7> kWeekday = {1.05, 1.1, 1.1, 1.05, 0.95, 0.85, 0.9};

double poisson(std::mt19937_64& rng, double mean) {
  if (mean <= 0) return 0;
  if (mean > 1e6) {  // normal approximation: exact enough, and constant time
    std::normal_distribution<double> normal(mean, std::sqrt(mean));
    return std::max(0.0, std::round(normal(rng)));
  }
  std::poisson_distribution<long long> dist(mean);
  return static_cast<double>(dist(rng));
}

bool holiday_season(core::Date date) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{date.days_since_epoch}}};
  return static_cast<unsigned>(ymd.month()) >= 11;
}

}  // namespace

std::vector<HistoryRow> synthetic_history(const SyntheticHistoryOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<HistoryRow> rows;
  rows.reserve(options.campaigns * static_cast<std::size_t>(std::max(options.days, 0)));
  for (std::size_t c = 0; c < options.campaigns; ++c) {
    const auto platform = static_cast<int>(c % 5);
    const auto objective = static_cast<int>((c / 5 + c) % 6);
    const core::Date start = options.first_day + static_cast<int>(unit(rng) * 60);
    const double budget = 20 * std::pow(100.0, unit(rng));
    const double cpm = kCpm[platform] * std::exp(0.3 * normal(rng));
    const double ctr = kCtr[platform] * kCtrFactor[objective] * std::exp(0.25 * normal(rng));
    const double cvr = kCvr[objective] * std::exp(0.3 * normal(rng));
    const double order_value = 60 * std::exp(0.4 * normal(rng));
    const std::string id = "synthetic-" + std::to_string(c);
    for (int d = 0; d < options.days; ++d) {
      HistoryRow row;
      row.campaign_id = id;
      row.platform = static_cast<core::Platform>(platform);
      row.objective = static_cast<core::Objective>(objective);
      row.date = start + d;
      if (options.with_campaign_start) row.campaign_start = start;
      const bool learning = d < 7;
      row.spend = budget * kWeekday[core::iso_weekday(row.date) - 1] * std::exp(0.25 * normal(rng));
      const double day_cpm = cpm * (holiday_season(row.date) ? 1.35 : 1.0) * (learning ? 1.2 : 1.0);
      row.impressions =
          std::round(1000 * std::pow(row.spend, 0.9) / day_cpm * std::exp(0.15 * normal(rng)));
      row.clicks = poisson(rng, row.impressions * ctr);
      row.conversions = poisson(rng, row.clicks * cvr * (learning ? 0.7 : 1.0));
      if (options.with_conversion_value) {
        row.conversion_value = row.conversions * order_value * std::exp(0.2 * normal(rng));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace forecast
