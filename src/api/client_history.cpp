#include "api/client_history.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/money.h"

namespace api {
namespace {


struct Totals {
  int days = 0;
  double spend = 0, impressions = 0, clicks = 0, conversions = 0, conversion_value = 0;
  void add(const MetricsSnapshot& s, std::uint32_t i) {
    ++days;
    spend += core::units_from_micros(s.spend_micros[i]);
    impressions += static_cast<double>(s.impressions[i]);
    clicks += static_cast<double>(s.clicks[i]);
    conversions += s.conversions[i];
    conversion_value += core::units_from_micros(s.conversion_value_micros[i]);
  }
};

}  // namespace

strategy::ClientHistory client_history(const MetricsSnapshot& snapshot, int client_index,
                                       core::Date today, int window_days) {
  strategy::ClientHistory history;
  if (client_index < 0) return history;
  std::array<Totals, core::kPlatformNames.size()> per_platform{};
  std::map<std::vector<std::pair<std::string, std::string>>, Totals> per_audience;
  core::Date from = today + (1 - window_days);
  for (const auto& campaign : snapshot.campaigns) {
    if (campaign.client != static_cast<std::uint32_t>(client_index)) continue;
    auto [first, last] = snapshot.rows_in(campaign, from, today);
    auto& platform = per_platform[static_cast<std::size_t>(campaign.platform)];
    Totals* audience = campaign.audience.empty() ? nullptr : &per_audience[campaign.audience];
    for (auto i = first; i < last; ++i) {
      platform.add(snapshot, i);
      if (audience) audience->add(snapshot, i);
    }
  }
  for (std::size_t p = 0; p < per_platform.size(); ++p) {
    const auto& t = per_platform[p];
    if (t.days == 0) continue;
    history.platforms.push_back({static_cast<core::Platform>(p), t.days, t.spend, t.impressions,
                                 t.clicks, t.conversions, t.conversion_value});
  }
  for (const auto& [dimensions, t] : per_audience) {
    if (t.days == 0) continue;
    strategy::AudienceCell cell;
    cell.dimensions = std::map<std::string, std::string>(dimensions.begin(), dimensions.end());
    cell.spend = t.spend;
    cell.impressions = t.impressions;
    cell.clicks = t.clicks;
    cell.conversions = t.conversions;
    cell.conversion_value = t.conversion_value;
    history.audience_cells.push_back(std::move(cell));
  }
  return history;
}

std::vector<optimize::CampaignHistory> campaign_histories(
    const MetricsSnapshot& snapshot, int client_index, core::Date from, core::Date to,
    const std::vector<std::string>& campaign_ids) {
  std::vector<optimize::CampaignHistory> out;
  if (client_index < 0) return out;
  const auto& client = snapshot.clients[static_cast<std::size_t>(client_index)];
  for (const auto& c : snapshot.campaigns) {
    if (c.client != static_cast<std::uint32_t>(client_index)) continue;
    if (!campaign_ids.empty() &&
        std::find(campaign_ids.begin(), campaign_ids.end(), c.id) == campaign_ids.end()) {
      continue;
    }
    optimize::CampaignHistory h;
    h.id = c.id;
    h.name = c.name;
    h.client_id = client.id;
    h.platform = c.platform;
    h.objective = c.objective;
    h.status = c.status;
    if (c.daily_budget_micros) h.daily_budget = core::units_from_micros(*c.daily_budget_micros);
    if (c.lifetime_budget_micros) {
      h.lifetime_budget = core::units_from_micros(*c.lifetime_budget_micros);
    }
    h.start_date = c.start_date;
    h.end_date = c.end_date;
    h.bid_strategy = c.bid_strategy;
    auto [first, last] = snapshot.rows_in(c, from, to);
    h.days.reserve(last - first);
    for (auto i = first; i < last; ++i) {
      optimize::CampaignDay d;
      d.date = core::Date{snapshot.day[i]};
      d.impressions = static_cast<double>(snapshot.impressions[i]);
      d.clicks = static_cast<double>(snapshot.clicks[i]);
      d.spend = core::units_from_micros(snapshot.spend_micros[i]);
      d.conversions = snapshot.conversions[i];
      d.conversion_value = core::units_from_micros(snapshot.conversion_value_micros[i]);
      if (snapshot.reach[i] > 0) {
        d.reach = static_cast<double>(snapshot.reach[i]);
        d.frequency = d.impressions / *d.reach;
      }
      h.days.push_back(d);
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<forecast::HistoryRow> training_rows(const MetricsSnapshot& snapshot) {
  std::vector<forecast::HistoryRow> rows;
  rows.reserve(snapshot.day.size());
  for (const auto& campaign : snapshot.campaigns) {
    for (auto i = campaign.begin; i < campaign.end; ++i) {
      forecast::HistoryRow r;
      r.campaign_id = campaign.id;
      r.platform = campaign.platform;
      r.objective = campaign.objective;
      r.date = core::Date{snapshot.day[i]};
      r.campaign_start = campaign.start_date;
      r.spend = core::units_from_micros(snapshot.spend_micros[i]);
      r.impressions = static_cast<double>(snapshot.impressions[i]);
      r.clicks = static_cast<double>(snapshot.clicks[i]);
      r.conversions = snapshot.conversions[i];
      r.conversion_value = core::units_from_micros(snapshot.conversion_value_micros[i]);
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

}  // namespace api
