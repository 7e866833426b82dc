// Reading campaign rows, shared by campaigns.cpp and campaign_list.cpp. Internal to store/.
#pragma once

#include <soci/soci.h>

#include <string>

#include "store/campaigns.h"
#include "store/internal/sql.h"

namespace store::internal {

// The columns of select_campaigns(), in order, with indicators for the nullable ones.
struct CampaignRow {
  Campaign c;
  std::string platform, objective, status;
  Nullable<std::string> external_id, start_date, end_date;
  Nullable<long long> daily_budget, lifetime_budget;

  // Binds every column as an into() element of `st`.
  void bind(soci::statement& st);
  // Converts the last fetched row; throws Error on an unknown enum name or malformed date.
  Campaign done() const;
};

// "SELECT <columns> FROM campaigns WHERE tenant_id = :tenant" for this dialect.
std::string select_campaigns(Dialect dialect);

std::string status_name(core::CampaignStatus status);

}  // namespace store::internal
