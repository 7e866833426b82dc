// Campaigns of a tenant's clients, with filtered, sorted, cursor-paginated listing. Every
// function acts for tx.tenant_id() and needs a tenant transaction; another tenant's campaign or
// client behaves exactly like a missing one. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/marketing.h"
#include "store/database.h"
#include "store/page.h"

namespace store {

struct Campaign {
  std::string id;
  std::string client_id;
  std::string name;
  core::Platform platform = core::Platform::google_ads;
  core::Objective objective = core::Objective::awareness;
  core::CampaignStatus status = core::CampaignStatus::draft;
  std::optional<std::string> external_id;  // the platform's id; unique per client and platform
  std::optional<std::int64_t> daily_budget_micros;
  std::optional<std::int64_t> lifetime_budget_micros;
  std::optional<core::Date> start_date;
  std::optional<core::Date> end_date;
  std::string targeting = "{}";  // JSON object text (PostgreSQL returns it normalised)
  std::string created_at;        // ISO-8601 UTC; set by the store
  std::string updated_at;
};

enum class CampaignSort { name, created_at, start_date, updated_at };

struct CampaignQuery {
  std::optional<std::string> client_id;
  std::optional<core::Platform> platform;
  std::optional<core::CampaignStatus> status;
  std::optional<core::Objective> objective;
  std::optional<std::string> name_contains;  // case-insensitive (ASCII) substring
  // Ties are broken by id in the same direction. Campaigns without a start_date come first
  // when ascending and last when descending (a missing date sorts as the smallest).
  CampaignSort sort = CampaignSort::created_at;
  bool descending = false;
  std::size_t limit = 50;  // 1–500
  std::string cursor;      // from the previous page's next_cursor, with the same sort
};

namespace campaigns {

// Stores a new campaign, stamping created_at/updated_at, and returns it as stored. NotFound
// when client_id names no client of this tenant; Conflict when the id exists, or another
// campaign of the client has the same platform and external_id; InvalidArgument when targeting
// is not JSON.
Campaign insert(Tx& tx, Campaign campaign);

std::optional<Campaign> find(Tx& tx, const std::string& id);

// Overwrites every field but id and created_at, stamps updated_at, returns the stored campaign.
// NotFound when the campaign (or the new client_id) is missing; Conflict as for insert.
Campaign update(Tx& tx, const Campaign& campaign);

// Deletes a campaign and its metrics (and its optimisation records). NotFound when missing.
void remove(Tx& tx, const std::string& id);

// One page of the campaigns matching every set filter, in the query's order.
// InvalidArgument on a limit outside 1–500 or a cursor from another listing or sort.
Page<Campaign> list(Tx& tx, const CampaignQuery& query);

// Lookups connectors use to match platform rows to stored campaigns; nullopt when none.
// find_by_name returns the oldest when several share the name.
std::optional<Campaign> find_by_external_id(Tx& tx, const std::string& client_id,
                                            core::Platform platform,
                                            const std::string& external_id);
std::optional<Campaign> find_by_name(Tx& tx, const std::string& client_id, core::Platform platform,
                                     const std::string& name);

}  // namespace campaigns
}  // namespace store
