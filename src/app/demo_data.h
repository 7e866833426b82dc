// Deterministic demo data: one client with campaigns on all five ad platforms and about 90 days of
// plausible daily performance (weekly rhythm, slow trends, noise), for `make run` and screenshots.
//
// The same `last_day` always gives the same numbers, on any machine: the noise comes from a
// counter-based hash, not from a platform-dependent random distribution. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"

namespace app {

struct DemoCampaign {
  std::string external_id;
  std::string name;
  core::Platform platform;
  core::Objective objective;
  std::int64_t daily_budget_micros;
};

struct DemoMetric {
  std::size_t campaign;  // index into DemoData::campaigns
  core::Date date;
  std::int64_t impressions, clicks, spend_micros, conversion_value_micros;
  double conversions;
  std::optional<std::int64_t> reach, video_views;
  std::optional<double> frequency;
};

struct DemoData {
  std::vector<DemoCampaign> campaigns;
  std::vector<DemoMetric> metrics;  // every campaign, every day from first_day to last_day
  core::Date first_day, last_day;
};

// Builds `days` days of data ending on `last_day` (inclusive).
DemoData make_demo_data(core::Date last_day, int days = 90);

}  // namespace app
