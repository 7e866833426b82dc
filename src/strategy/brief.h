// What a client asks the planner for (Brief) and what the planner may know about the client's
// past (ClientHistory). Plain values; the API layer fills them from a request and from stored
// metrics. Only `objective` and `budget` are required: every other field may be left empty and
// the planner takes a documented default, listed in Strategy::assumptions with its reason.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"

namespace strategy {

// Who the campaign is for. Empty lists mean "no restriction" (an assumption in the answer).
struct AudienceInput {
  std::vector<std::string> locations;   // free text: countries, regions, cities
  std::vector<std::string> age_ranges;  // "18-24", "25-34", …, "65+" (ages 13–99)
  std::vector<std::string> genders;     // "male", "female" or "all"
  std::vector<std::string> interests;   // free text: "running", "project management"
  std::vector<std::string> languages;   // free text or ISO 639-1: "en", "German"
  // Whether a first-party customer list (emails/phones) can be uploaded; nullopt = not stated,
  // read as false unless the email platform was asked for.
  std::optional<bool> has_customer_list;
  // Whether lookalike / similar audiences may be built (needs a seed list or pixel audience);
  // nullopt = not stated, read as false.
  std::optional<bool> has_lookalikes;
};

// The client's own floor and ceiling for one platform, in currency units over the whole flight.
struct PlatformBound {
  core::Platform platform = core::Platform::google_ads;
  std::optional<double> min_budget;  // >= 0
  std::optional<double> max_budget;  // >= min_budget
};

struct Brief {
  std::string campaign_name;  // empty → "<Objective> campaign <start date>" (an assumption)
  core::Objective objective = core::Objective::sales_conversion;
  double budget = 0;          // total over the flight, currency units; must be > 0
  // ISO 4217 code. Empty → "USD" (an assumption). Benchmarks are USD and are applied at par.
  std::string currency;
  std::optional<core::Date> start_date;  // empty → the day after PlanningContext::today
  std::optional<core::Date> end_date;    // inclusive; empty → start + 29 days (30-day flight)
  std::vector<core::Platform> platforms;  // empty → recommended by the planner (an assumption)
  std::string industry;                   // free text as forecast::benchmark_prior reads it;
                                          // empty → all industries (an assumption)
  AudienceInput audience;
  std::optional<double> value_per_conversion;  // average order or lead value, currency units
  std::optional<double> target_cpa;            // currency units, > 0
  std::optional<double> target_roas;           // conversion value / spend, > 0
  std::optional<double> margin;                // gross margin, in (0, 1]
  std::vector<PlatformBound> bounds;           // at most one per platform
  // Creative assets the client has: "video", "image", "carousel", "copy", "ugc",
  // "product_feed" (others are kept and reported as unknown). Empty → image and copy assumed.
  std::vector<std::string> creative_assets;
};

// The client's delivered totals on one platform over its last `days` days.
struct PlatformHistory {
  core::Platform platform = core::Platform::google_ads;
  int days = 0;
  double spend = 0, impressions = 0, clicks = 0, conversions = 0, conversion_value = 0;
};

// Delivered totals of one audience cut, e.g. {"age":"25-34","gender":"female"}. Cells should
// be disjoint cuts of the same period; the planner clusters them by performance.
struct AudienceCell {
  std::map<std::string, std::string> dimensions;
  double spend = 0, impressions = 0, clicks = 0, conversions = 0, conversion_value = 0;
};

// The client's history as summarised by the API layer; both lists empty when there is none.
struct ClientHistory {
  std::vector<PlatformHistory> platforms;
  std::vector<AudienceCell> audience_cells;
};

}  // namespace strategy
