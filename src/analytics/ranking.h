// Best and worst campaigns of a period by ROAS and by CPA, and the biggest movers against the
// comparison period, with a minimum-volume guard so a campaign with two clicks and one lucky
// conversion does not top the list.
//
// Every ordering is total and deterministic: ties on the value are broken by campaign_id
// ascending, then by position in the input. Pure function; safe to call from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analytics/kpi.h"
#include "analytics/option_error.h"

namespace analytics {

// A campaign's totals over the period and over the comparison period (all zero when there is
// none). campaign_id is expected to be unique in the input.
struct CampaignCounters {
  std::string campaign_id;
  Counters current;
  Counters previous;
};

// The guard: a campaign ranks by ROAS only with spend_micros >= min_spend_micros and
// clicks >= min_clicks in the period, by CPA only when it also has
// conversions >= min_conversions. The defaults suit a USD/EUR-sized account; scale
// min_spend_micros for currencies with small units (JPY, HUF …).
struct RankingOptions {
  std::size_t top_n = 5;                       // length of each list; 0 gives empty lists
  std::int64_t min_spend_micros = 10'000'000;  // 10 currency units
  std::int64_t min_clicks = 10;
  double min_conversions = 5;  // CPA only
};

// The first invalid field of `options` (negative minimums, NaN), or nullopt.
std::optional<OptionError> check(const RankingOptions& options);

struct RankedCampaign {
  std::size_t input_index = 0;  // position in the input span
  std::string campaign_id;
  double value = 0;   // the KPI: roas (ratio) or cpa (currency units)
  Counters counters;  // the period's totals behind the value
};

// The best and worst campaigns by one KPI. The two lists never share a campaign: with at least
// 2·top_n eligible campaigns each has top_n; with fewer, `best` gets the larger half
// (⌈eligible/2⌉) and `worst` the rest, so three eligible campaigns give two best, one worst.
struct KpiRanking {
  std::vector<RankedCampaign> best;     // best first (highest ROAS / lowest CPA)
  std::vector<RankedCampaign> worst;    // worst first (lowest ROAS / highest CPA)
  std::size_t eligible = 0;             // passed the guard and have the KPI
  std::size_t excluded_low_volume = 0;  // below the guard
  // Passed the guard but the KPI is undefined: no spend (ROAS) or no conversions (CPA). Only
  // possible when the matching minimum is 0.
  std::size_t excluded_undefined = 0;
};

struct Mover {
  std::size_t input_index = 0;
  std::string campaign_id;
  double current = 0, previous = 0;  // spend in micros, conversions, or roas
  Change change;                     // current − previous, and relative to previous
};

// Campaigns ordered by |current − previous|, largest first. Only campaigns that pass the volume
// guard (min_spend_micros and min_clicks; min_conversions is not applied, so a conversion
// collapse still shows) in BOTH periods are eligible, so launches and pauses are not movers.
// Campaigns with no change are left out.
struct MoverList {
  std::vector<Mover> movers;
  std::size_t eligible = 0;
  std::size_t excluded_low_volume = 0;  // below the guard in either period
};

struct RankingReport {
  std::size_t campaigns = 0;  // size of the input
  KpiRanking roas;
  KpiRanking cpa;
  MoverList spend_movers;       // by spend_micros
  MoverList conversion_movers;  // by conversions
  MoverList roas_movers;        // by roas; needs spend in both periods
};

// Ranks `campaigns`. Throws std::invalid_argument when check(options) fails. Costs
// O(n log top_n); 1,000 campaigns take a few tens of microseconds.
RankingReport rank_campaigns(std::span<const CampaignCounters> campaigns,
                             const RankingOptions& options = {});

}  // namespace analytics
