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

// A client's last 30 days up to its latest day with data — totals (counters and KPIs) — and the
// anomalies the causal detector finds among its last `recent_days` days (each judged on its past
// only). For live-update events; empty when the client has no data.
struct ClientPulse {
  std::optional<analytics::Period> period;
  nlohmann::json totals;
  nlohmann::json anomalies = nlohmann::json::array();
};
ClientPulse client_pulse(const MetricsSnapshot& snapshot, std::uint32_t client, int recent_days = 3);

}  // namespace api
