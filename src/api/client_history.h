// Turns a tenant's in-memory metrics (metrics_snapshot.h) into what the domain engines take:
// a client's recent history for the strategy planner, and campaign-day rows for training the
// forecast model. Money leaves micros here (engines work in currency units).
#pragma once

#include <string>
#include <vector>

#include "api/metrics_snapshot.h"
#include "forecast/features.h"
#include "optimize/campaign_history.h"
#include "strategy/planner.h"

namespace api {

// The client's performance per platform and per audience cell over the `window_days` days
// ending `today` (inclusive). Empty when the client has no rows in the window.
strategy::ClientHistory client_history(const MetricsSnapshot& snapshot, int client_index,
                                       core::Date today, int window_days = 180);

// The client's campaigns with their days from `from` to `to` (inclusive), in campaign id order,
// for the optimization engines (recommendations, rules). `campaign_ids` non-empty keeps only
// those. Reach comes from the snapshot when the platform reported it, frequency as impressions
// over reach.
std::vector<optimize::CampaignHistory> campaign_histories(
    const MetricsSnapshot& snapshot, int client_index, core::Date from, core::Date to,
    const std::vector<std::string>& campaign_ids = {});

// Every campaign-day of the tenant (all clients) as forecast training rows.
std::vector<forecast::HistoryRow> training_rows(const MetricsSnapshot& snapshot);

}  // namespace api
