// What the campaign-optimization engines read: each campaign's attributes and its daily
// metrics, in currency units (not micros: these engines estimate, they do not book). The API
// builds it from the tenant's metrics (api/metrics_snapshot.h); tests build it by hand.
// Plain values; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"

namespace optimize {

// One campaign-day as the platform reported it. Counts are >= 0; reach and frequency are
// nullopt when the platform reports none (search campaigns).
struct CampaignDay {
  core::Date date;
  double impressions = 0;
  double clicks = 0;
  double spend = 0;             // currency units
  double conversions = 0;       // may be fractional (modelled conversions)
  double conversion_value = 0;  // currency units; 0 when not tracked
  std::optional<double> reach;
  std::optional<double> frequency;  // impressions / reach for the day
};

struct CampaignHistory {
  std::string id;
  std::string name;
  std::string client_id;
  core::Platform platform = core::Platform::google_ads;
  core::Objective objective = core::Objective::sales_conversion;
  core::CampaignStatus status = core::CampaignStatus::active;
  std::optional<double> daily_budget;     // currency units
  std::optional<double> lifetime_budget;  // currency units
  std::optional<core::Date> start_date, end_date;
  std::string bid_strategy;               // as the platform names it; "" when unknown
  std::vector<CampaignDay> days;          // oldest first, at most one per date; gaps allowed
};

}  // namespace optimize
