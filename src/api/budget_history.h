// A client's spend and outcome per channel and period, from the tenant's in-memory metrics
// (metrics_snapshot.h): what the response-curve fit (budget/fit.h) learns from. Money leaves
// micros here.
//
// Periods: weekly when the client's history in the window spans at least 52 weeks (yearly
// seasonality can then be told apart from the media's effect), daily otherwise. Weeks end on
// the last day with data, so the latest week is complete; a day without a row counts as no
// spend and no outcome. Channels are the client's platforms, or its campaigns.
#pragma once

#include <string>
#include <vector>

#include "api/metrics_snapshot.h"
#include "core/date.h"
#include "core/marketing.h"

namespace api {

enum class BudgetLevel { platform, campaign };
enum class BudgetOutcome { conversions, revenue };

struct ChannelSeries {
  std::string id;     // the platform's name (platform level) or the campaign's id
  std::string label;  // what a person reads: "Google Ads", or the campaign's name
  core::Platform platform = core::Platform::google_ads;
  std::vector<double> spend;    // per period, currency units
  std::vector<double> outcome;  // per period: conversions, or conversion value
  int active_periods = 0;       // periods with spend > 0
};

struct BudgetHistory {
  BudgetOutcome outcome = BudgetOutcome::conversions;
  int period_days = 1;          // 1 or 7
  core::Date first_day;         // first day of the first period
  core::Date last_day;          // last day of the last period
  std::vector<int> day_of_year; // per period, of its first day (1–366)
  std::vector<ChannelSeries> channels;  // ordered by id; empty when the client has no rows
  std::size_t periods() const { return day_of_year.size(); }
};

// The client's history over the `window_days` days before `today` (today excluded: its rows
// are still coming in).
BudgetHistory budget_history(const MetricsSnapshot& snapshot, int client_index, core::Date today,
                             BudgetLevel level, BudgetOutcome outcome, int window_days = 728);

}  // namespace api
