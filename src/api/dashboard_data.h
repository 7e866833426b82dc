// Gathers what the analytics dashboard computes on, from a tenant's metrics snapshot: for one
// currency group of clients and the caller's filters, the period totals, the comparison totals,
// per-platform and per-campaign totals, and dense daily counters (the period plus a history
// window before it, which the anomaly detector needs). Pure: no I/O.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "analytics/kpi.h"
#include "api/metrics_snapshot.h"
#include "core/date.h"

namespace api {

struct DashboardFilter {
  std::vector<std::uint32_t> clients;          // snapshot client indexes in this group
  std::vector<core::Platform> platforms;       // empty: all
  std::vector<std::string> campaign_ids;       // empty: all
  core::Date from, to;                         // the period, inclusive
  std::optional<core::Date> compare_from, compare_to;
  int history_days = 56;                       // daily counters kept before `from`
};

struct CampaignTotals {
  std::uint32_t campaign;  // snapshot index
  analytics::Counters current, previous;
};

struct DashboardData {
  analytics::Counters current, previous;
  std::array<analytics::Counters, 6> platform_current{}, platform_previous{};  // by core::Platform
  std::array<bool, 6> platform_present{};
  std::vector<CampaignTotals> campaigns;  // every selected campaign
  // Daily counters from from − history_days to `to`; index 0 is history_start.
  core::Date history_start;
  std::vector<analytics::Counters> daily;
  // Latest day with data per platform (over all time, for the selected campaigns).
  std::array<std::optional<core::Date>, 6> latest_day{};
};

DashboardData gather_dashboard_data(const MetricsSnapshot& snapshot, const DashboardFilter& filter);

}  // namespace api
