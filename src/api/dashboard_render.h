// Renders the analytics dashboard's JSON answer from the gathered data of each currency group:
// totals with comparison, platforms, time series, campaigns, trends, anomalies, freshness.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "analytics/periods.h"
#include "api/dashboard_data.h"

namespace api {

struct DashboardGroup {
  std::string currency;
  std::vector<std::uint32_t> clients;
  DashboardData data;
};

struct DashboardRequest {
  analytics::Period period;
  std::optional<analytics::Period> comparison;
  std::string compare_mode;
  analytics::Granularity granularity = analytics::Granularity::day;
  std::size_t top = 5;
  std::string time_zone;
  std::vector<DashboardGroup> groups;
};

nlohmann::json render_dashboard(const MetricsSnapshot& snapshot, const DashboardRequest& request);

}  // namespace api
