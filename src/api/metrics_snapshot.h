// An in-memory, column-oriented copy of one tenant's daily campaign metrics, for dashboards.
//
// The dashboard aggregates up to a year of every campaign of a tenant per request; scanning the
// database's rows for that costs tens of milliseconds, the same scan over these columns well
// under one. The copy is keyed on the tenant's data_version, which every metrics ingest and every
// change to clients or campaigns bumps, so an answer computed from it is never stale: get()
// compares the version (one indexed lookup) and rebuilds the copy when the tenant moved on.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"

namespace store { class Database; struct TenantScope; }

namespace api {

struct SnapshotClient {
  std::string id, name, currency, time_zone;
  std::string industry;  // empty when not recorded
};

struct SnapshotCampaign {
  std::string id;
  std::uint32_t client;  // index into MetricsSnapshot::clients
  std::string name;
  core::Platform platform = core::Platform::google_ads;
  std::uint32_t begin = 0, end = 0;  // its rows: [begin, end), ordered by day
  core::Objective objective = core::Objective::sales_conversion;
  std::optional<core::Date> start_date;
  // Audience dimensions read from the campaign's targeting ("age" from age_ranges, "gender" from
  // genders, "interest" from interests; several values joined with "+"); empty when it names none.
  std::vector<std::pair<std::string, std::string>> audience;
  core::CampaignStatus status = core::CampaignStatus::draft;
  std::optional<std::int64_t> daily_budget_micros, lifetime_budget_micros;
  std::optional<core::Date> end_date;
  std::string bid_strategy;  // the targeting's "bid_strategy" string; empty when it names none
};

struct MetricsSnapshot {
  std::int64_t data_version = 0;
  std::vector<SnapshotClient> clients;      // ordered by id
  std::vector<SnapshotCampaign> campaigns;  // ordered by id
  // One entry per stored campaign-day, grouped by campaign and ordered by day within each.
  std::vector<std::int32_t> day;            // days since 1970-01-01
  std::vector<std::int64_t> impressions, clicks, spend_micros, conversion_value_micros;
  std::vector<double> conversions;
  std::vector<std::int64_t> reach;          // -1: the platform reported none that day
  std::vector<std::int64_t> video_views;    // -1: none reported

  // The rows of `campaign` with from <= day <= to, as [first, last).
  std::pair<std::uint32_t, std::uint32_t> rows_in(const SnapshotCampaign& campaign,
                                                  core::Date from, core::Date to) const;
  // Index of a client id, or -1.
  int client_index(const std::string& id) const;
};

// Reads every client, campaign and metric row of the tenant into a new snapshot (one
// transaction, so the copy is consistent with the data_version it records).
std::shared_ptr<const MetricsSnapshot> load_snapshot(store::Database& db,
                                                     const store::TenantScope& scope);

// Snapshots of the most recently used tenants. Thread-safe; concurrent callers for one tenant
// share a single rebuild.
class SnapshotCache {
 public:
  explicit SnapshotCache(std::size_t max_tenants = 32) : max_tenants_(max_tenants) {}

  // The tenant's snapshot at its current data version. A caller that has just read the version
  // passes it as `version`, saving the lookup.
  std::shared_ptr<const MetricsSnapshot> get(store::Database& db, const store::TenantScope& scope,
                                             std::optional<std::int64_t> version = std::nullopt);

 private:
  struct Entry {
    std::mutex rebuild;  // held while (re)loading, so one caller loads and the others wait
    std::shared_ptr<const MetricsSnapshot> snapshot;
  };
  std::shared_ptr<Entry> entry_for(const std::string& tenant);

  std::size_t max_tenants_;
  std::mutex mutex_;
  std::list<std::string> recent_;  // most recently used first
  std::unordered_map<std::string, std::pair<std::shared_ptr<Entry>, std::list<std::string>::iterator>>
      entries_;
};

}  // namespace api
