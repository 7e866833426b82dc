#include "api/metrics_snapshot.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "store/campaigns.h"
#include "store/clients.h"
#include "store/database.h"
#include "store/metrics.h"
#include "store/tenants.h"

namespace api {

std::pair<std::uint32_t, std::uint32_t> MetricsSnapshot::rows_in(const SnapshotCampaign& c,
                                                                 core::Date from,
                                                                 core::Date to) const {
  auto first = std::lower_bound(day.begin() + c.begin, day.begin() + c.end, from.days_since_epoch);
  auto last = std::upper_bound(first, day.begin() + c.end, to.days_since_epoch);
  return {static_cast<std::uint32_t>(first - day.begin()),
          static_cast<std::uint32_t>(last - day.begin())};
}

int MetricsSnapshot::client_index(const std::string& id) const {
  auto it = std::lower_bound(clients.begin(), clients.end(), id,
                             [](const SnapshotClient& c, const std::string& key) { return c.id < key; });
  return it != clients.end() && it->id == id ? static_cast<int>(it - clients.begin()) : -1;
}

namespace {

void load_clients(store::Tx& tx, MetricsSnapshot& s) {
  store::ClientQuery query;
  query.limit = 500;
  do {
    auto page = store::clients::list(tx, query);
    for (auto& c : page.items) {
      s.clients.push_back({std::move(c.id), std::move(c.name), std::move(c.currency),
                           std::move(c.time_zone), c.industry.value_or("")});
    }
    query.cursor = page.next_cursor;
  } while (!query.cursor.empty());
  std::sort(s.clients.begin(), s.clients.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
}

// The audience dimensions a campaign's targeting names (see SnapshotCampaign::audience).
std::vector<std::pair<std::string, std::string>> audience_of(const nlohmann::json& json) {
  static constexpr std::pair<const char*, const char*> kDimensions[] = {
      {"age_ranges", "age"}, {"genders", "gender"}, {"interests", "interest"}};
  std::vector<std::pair<std::string, std::string>> out;
  if (!json.is_object()) return out;
  for (const auto& [key, dimension] : kDimensions) {
    auto it = json.find(key);
    if (it == json.end() || !it->is_array()) continue;
    std::string joined;
    for (const auto& v : *it) {
      if (!v.is_string()) continue;
      if (!joined.empty()) joined += '+';
      joined += v.get_ref<const std::string&>();
    }
    if (!joined.empty()) out.emplace_back(dimension, std::move(joined));
  }
  return out;
}

void load_campaigns(store::Tx& tx, MetricsSnapshot& s) {
  store::CampaignQuery query;
  query.limit = 500;
  query.sort = store::CampaignSort::created_at;
  do {
    auto page = store::campaigns::list(tx, query);
    for (auto& c : page.items) {
      int client = s.client_index(c.client_id);
      if (client < 0) continue;  // cannot happen: campaigns reference existing clients
      auto targeting = nlohmann::json::parse(c.targeting, nullptr, false);
      SnapshotCampaign campaign;
      campaign.id = std::move(c.id);
      campaign.client = static_cast<std::uint32_t>(client);
      campaign.name = std::move(c.name);
      campaign.platform = c.platform;
      campaign.objective = c.objective;
      campaign.start_date = c.start_date;
      campaign.audience = audience_of(targeting);
      campaign.status = c.status;
      campaign.daily_budget_micros = c.daily_budget_micros;
      campaign.lifetime_budget_micros = c.lifetime_budget_micros;
      campaign.end_date = c.end_date;
      if (targeting.is_object()) {
        auto bid = targeting.find("bid_strategy");
        if (bid != targeting.end() && bid->is_string()) campaign.bid_strategy = bid->get<std::string>();
      }
      s.campaigns.push_back(std::move(campaign));
    }
    query.cursor = page.next_cursor;
  } while (!query.cursor.empty());
  // The metrics scan returns rows ordered by campaign id: match that order.
  std::sort(s.campaigns.begin(), s.campaigns.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
}

void load_rows(store::Tx& tx, MetricsSnapshot& s) {
  std::size_t campaign = 0;
  auto append = [&](const std::vector<store::MetricRow>& rows) {
    for (const auto& r : rows) {
      while (campaign < s.campaigns.size() && s.campaigns[campaign].id < r.campaign_id) {
        s.campaigns[campaign++].end = static_cast<std::uint32_t>(s.day.size());
        if (campaign < s.campaigns.size()) {
          s.campaigns[campaign].begin = static_cast<std::uint32_t>(s.day.size());
        }
      }
      if (campaign == s.campaigns.size() || s.campaigns[campaign].id != r.campaign_id) continue;
      s.day.push_back(r.date.days_since_epoch);
      s.impressions.push_back(r.impressions);
      s.clicks.push_back(r.clicks);
      s.spend_micros.push_back(r.spend_micros);
      s.conversion_value_micros.push_back(r.conversion_value_micros);
      s.conversions.push_back(r.conversions);
      s.reach.push_back(r.reach.value_or(-1));
      s.video_views.push_back(r.video_views.value_or(-1));
    }
  };
  if (!s.campaigns.empty()) s.campaigns[0].begin = 0;
  store::metrics::scan_all(tx, append);
  for (; campaign < s.campaigns.size(); ++campaign) {
    s.campaigns[campaign].end = static_cast<std::uint32_t>(s.day.size());
    if (campaign + 1 < s.campaigns.size()) {
      s.campaigns[campaign + 1].begin = static_cast<std::uint32_t>(s.day.size());
    }
  }
}

std::int64_t current_version(store::Database& db, const store::TenantScope& scope) {
  return db.read(scope, [](store::Tx& tx) { return store::tenants::data_version(tx); });
}

}  // namespace

std::shared_ptr<const MetricsSnapshot> load_snapshot(store::Database& db,
                                                     const store::TenantScope& scope) {
  auto snapshot = std::make_shared<MetricsSnapshot>();
  db.read(scope, [&](store::Tx& tx) {
    snapshot->data_version = store::tenants::data_version(tx);
    load_clients(tx, *snapshot);
    load_campaigns(tx, *snapshot);
    load_rows(tx, *snapshot);
  });
  return snapshot;
}

std::shared_ptr<SnapshotCache::Entry> SnapshotCache::entry_for(const std::string& tenant) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(tenant); it != entries_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second.second);
    return it->second.first;
  }
  recent_.push_front(tenant);
  auto entry = std::make_shared<Entry>();
  entries_.emplace(tenant, std::make_pair(entry, recent_.begin()));
  while (entries_.size() > max_tenants_) {
    entries_.erase(recent_.back());
    recent_.pop_back();
  }
  return entry;
}

std::shared_ptr<const MetricsSnapshot> SnapshotCache::get(store::Database& db,
                                                          const store::TenantScope& scope,
                                                          std::optional<std::int64_t> version) {
  auto entry = entry_for(scope.tenant_id);
  if (!version) version = current_version(db, scope);
  std::lock_guard rebuild(entry->rebuild);
  if (!entry->snapshot || entry->snapshot->data_version < *version) {
    entry->snapshot = load_snapshot(db, scope);
  }
  return entry->snapshot;
}

}  // namespace api
