// Deterministic synthetic campaign history, for tests, benchmarks and demos: campaigns on the
// five ad platforms with known, realistic structure, so a model's accuracy can be judged against
// a truth. Never used to forecast a real tenant.
//
// Each campaign has a platform, an objective, a start date and a typical daily budget
// (log-uniform 20–2,000). Per day:
//   spend       = budget · weekday factor · log-normal(0.25) noise
//   impressions = 1000 · spend^0.9 / CPM, CPM by platform (google 6, meta 11, linkedin 33,
//                 tiktok 9, youtube 8) × the campaign's own factor, 35% dearer in Nov–Dec and
//                 20% dearer in the first week of the campaign (learning phase), 15% noise —
//                 spend^0.9: the audience saturates, the tenth dollar buys less than the first
//   clicks      ~ Poisson(impressions · CTR), CTR by platform and objective
//   conversions ~ Poisson(clicks · CVR), CVR by objective, lower during the learning phase
//   value       = conversions · order value (log-normal around 60)
// Same options → same rows, on any machine with the same standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/date.h"
#include "forecast/features.h"

namespace forecast {

struct SyntheticHistoryOptions {
  std::size_t campaigns = 40;
  int days = 120;               // days per campaign, consecutive
  core::Date first_day{19358};  // 2023-01-01; campaigns start within 60 days of it
  std::uint64_t seed = 7;
  bool with_conversion_value = true;
  bool with_campaign_start = true;
};

// campaigns × days rows, sorted by campaign then date. Email is never generated.
std::vector<HistoryRow> synthetic_history(const SyntheticHistoryOptions& options);

}  // namespace forecast
