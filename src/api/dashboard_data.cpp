#include "api/dashboard_data.h"

#include <algorithm>

namespace api {
namespace {

void add_row(analytics::Counters& c, const MetricsSnapshot& s, std::uint32_t i) {
  c.impressions += s.impressions[i];
  c.clicks += s.clicks[i];
  c.spend_micros += s.spend_micros[i];
  c.conversion_value_micros += s.conversion_value_micros[i];
  c.conversions += s.conversions[i];
  if (s.reach[i] >= 0) {
    c.reach += s.reach[i];
    c.impressions_with_reach += s.impressions[i];
  }
  if (s.video_views[i] >= 0) {
    c.video_views += s.video_views[i];
    c.impressions_with_video += s.impressions[i];
  }
}

bool selected(const SnapshotCampaign& c, const DashboardFilter& f) {
  if (!std::binary_search(f.clients.begin(), f.clients.end(), c.client)) return false;
  if (!f.platforms.empty() &&
      std::find(f.platforms.begin(), f.platforms.end(), c.platform) == f.platforms.end()) {
    return false;
  }
  if (!f.campaign_ids.empty() &&
      std::find(f.campaign_ids.begin(), f.campaign_ids.end(), c.id) == f.campaign_ids.end()) {
    return false;
  }
  return true;
}

}  // namespace

DashboardData gather_dashboard_data(const MetricsSnapshot& s, const DashboardFilter& filter_in) {
  DashboardFilter filter = filter_in;
  std::sort(filter.clients.begin(), filter.clients.end());
  DashboardData out;
  out.history_start = filter.from - filter.history_days;
  out.daily.assign(static_cast<std::size_t>(filter.to - out.history_start + 1), {});

  for (std::uint32_t index = 0; index < s.campaigns.size(); ++index) {
    const SnapshotCampaign& campaign = s.campaigns[index];
    if (!selected(campaign, filter)) continue;
    auto p = static_cast<std::size_t>(campaign.platform);
    out.platform_present[p] = true;
    if (campaign.end > campaign.begin) {
      core::Date last{s.day[campaign.end - 1]};
      if (!out.latest_day[p] || *out.latest_day[p] < last) out.latest_day[p] = last;
    }
    CampaignTotals totals{index, {}, {}};
    auto [first, last] = s.rows_in(campaign, out.history_start, filter.to);
    for (auto i = first; i < last; ++i) {
      int offset = s.day[i] - out.history_start.days_since_epoch;
      add_row(out.daily[static_cast<std::size_t>(offset)], s, i);
      if (s.day[i] >= filter.from.days_since_epoch) add_row(totals.current, s, i);
    }
    if (filter.compare_from) {
      auto [cf, cl] = s.rows_in(campaign, *filter.compare_from, *filter.compare_to);
      for (auto i = cf; i < cl; ++i) add_row(totals.previous, s, i);
    }
    out.current += totals.current;
    out.previous += totals.previous;
    out.platform_current[p] += totals.current;
    out.platform_previous[p] += totals.previous;
    out.campaigns.push_back(std::move(totals));
  }
  return out;
}

}  // namespace api
