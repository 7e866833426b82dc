// The planner's answer: a complete, explained cross-platform campaign strategy. Plain structs,
// filled by strategy::generate_strategy (planner.h) and rendered by api::strategy_to_json.
//
// Units. Money is in the brief's currency as a double rounded to cents (a plan is a proposal,
// not a booking; amounts that must be booked are converted to micros by the caller). Rates are
// fractions (0.031 = 3.1 %). Dates are core::Date, inclusive. Every number that came from an
// assumption, a benchmark or a fit says so in a neighbouring text field.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"
#include "forecast/forecaster.h"

namespace strategy {

enum class FunnelStage { awareness, consideration, conversion, retention };
inline constexpr std::array<std::string_view, 4> kFunnelStageNames = {
    "awareness", "consideration", "conversion", "retention"};
inline std::string_view funnel_stage_name(FunnelStage s) {
  return kFunnelStageNames[static_cast<int>(s)];
}

// A default the planner took for a field the brief left out, or a value it derived.
struct Assumption {
  std::string field;   // brief field path: "end_date", "audience.age_ranges", "platforms"
  std::string value;   // the value taken, as text ("2025-01-31", "google_ads, meta_ads")
  std::string reason;  // why that value
};

// One factor of Strategy::confidence: confidence is the product of the multipliers.
struct ConfidenceDriver {
  std::string factor;     // "forecast source", "client history", "assumed inputs", …
  double multiplier = 1;  // in (0, 1]
  std::string detail;     // the evidence, with numbers
};

// Performance of a cluster of audience cells relative to all cells (history only).
struct SegmentEvidence {
  int cells = 0;
  double spend = 0, impressions = 0, clicks = 0, conversions = 0, conversion_value = 0;
  std::optional<double> cpa, roas, ctr, conversion_rate;  // ratios of the cluster's sums
  std::optional<double> cpa_vs_average;   // cluster CPA / all cells' CPA (< 1 is better)
  std::optional<double> roas_vs_average;  // cluster ROAS / all cells' ROAS (> 1 is better)
};

struct AudienceSegment {
  std::string name;
  // Reachable people. The planner has no platform reach data, so this is nullopt unless a
  // future source provides it; history clusters report delivered impressions in evidence.
  std::optional<double> size;
  FunnelStage funnel_stage = FunnelStage::awareness;
  std::string message_angle;
  std::string source;  // "history cluster", "brief" or "default"
  // What defines the segment: dimension → values ("age" → {"25-34"}). For a history cluster,
  // every value its cells carry; for brief segments, the brief's lists.
  std::map<std::string, std::vector<std::string>> definition;
  std::optional<SegmentEvidence> evidence;  // history clusters only
};

struct CampaignPlan {
  std::string name;
  std::string type;  // the platform's campaign type: "Search", "Performance Max", …
  FunnelStage funnel_stage = FunnelStage::conversion;
  std::vector<std::string> ad_sets;  // ad set / ad group names (each targets one segment)
  double budget_share = 0;           // of the platform's budget, sums to 1 per platform
};

struct BiddingStrategy {
  std::string name;    // platform wording: "Target CPA", "Highest volume", "Cost cap"
  std::string reason;  // why, including when to switch (e.g. after the learning phase)
  std::optional<double> target_cpa;
  std::optional<double> target_roas;
};

struct Targeting {
  std::vector<std::string> locations, age_ranges, genders, languages, interests;
  std::vector<std::string> audiences;   // custom, lookalike and retargeting audiences used
  std::vector<std::string> exclusions;  // e.g. existing customers from prospecting
  std::string expansion;                // the platform's audience expansion setting and why
};

// A placement checked against the embedded ad specifications (ad_specs.h).
struct PlacementPlan {
  std::string placement;             // ad_specs.csv spelling: "feed", "responsive_search_ad"
  std::vector<std::string> formats;  // "image", "video", "carousel", "text"
  std::string required_asset;        // the creative asset it needs ("video", "image", "copy")
  bool asset_available = false;      // the brief's creative_assets include it
  bool in_specs = false;             // ad_specs has rows for this placement
  bool recommended = false;          // in the plan (asset available and fits the objective)
  std::vector<std::string> aspect_ratios;   // from ad_specs::aspect_ratios
  std::optional<std::uint32_t> video_min_seconds, video_max_seconds;
  std::map<std::string, std::size_t> text_limits;  // field → max characters
  std::string note;
};

struct LearningPhase {
  bool applies = true;                 // false for email
  std::string optimization_event;      // "purchase", "lead", "install", "link click", …
  double events_needed_per_ad_set_per_week = 0;
  double forecast_events_per_week = 0;  // the platform's forecast over all its ad sets
  int ad_sets_planned = 0;
  int ad_sets_supported = 0;           // floor(forecast per week / needed), at least 1
  bool sufficient = false;             // planned ad sets each get the needed events
  double daily_budget_per_ad_set_needed = 0;  // to reach the needed events at forecast cost
  std::string note;
};

struct PlatformPlan {
  core::Platform platform = core::Platform::google_ads;
  std::string role;  // its job in the funnel, one sentence
  FunnelStage funnel_stage = FunnelStage::conversion;
  std::vector<CampaignPlan> campaigns;
  std::string structure;  // "2 campaigns, 3 ad sets", with any consolidation made and why
  BiddingStrategy bidding;
  Targeting targeting;
  std::vector<PlacementPlan> placements;
  LearningPhase learning_phase;
  double budget = 0;        // over the flight
  double daily_budget = 0;  // budget / flight days
  std::string pacing;
};

struct BudgetShare {
  core::Platform platform = core::Platform::google_ads;
  double share = 0;   // amount / total budget
  double amount = 0;  // over the flight, cents
  double daily_amount = 0;
  // Outcome per currency unit the split used, and where it came from.
  double efficiency = 0;
  std::string efficiency_source;  // "client history (60 days)" or "forecaster at reference spend"
  double learning_minimum = 0;    // budget one ad set needs to exit learning over the flight
  std::optional<double> min_bound, max_bound;  // from the brief
  std::vector<std::string> reasons;            // which rule set the amount
};

struct BudgetSplit {
  std::string method;   // "benchmark priors", "client history" or "client history + …"
  std::string outcome;  // what efficiency counts: "conversions", "conversion value", …
  double diminishing_returns_exponent = 0;  // β in outcome = a · spend^β (0 on response curves)
  bool response_curves = false;             // split by the allocator on the client's curves
  std::vector<BudgetShare> shares;          // in plan order; amounts sum to the budget
  std::string note;  // how the split was made, and why not on response curves when it was not
};

struct PlatformForecast {
  core::Platform platform = core::Platform::google_ads;
  forecast::PlanForecast forecast;
};

struct StrategyForecast {
  std::vector<PlatformForecast> per_platform;
  // Counts and intervals summed bound-wise over platforms (conservative: as if errors were
  // perfectly correlated); ratios recomputed from the totals.
  forecast::PlanForecast total;
};

struct ContentPillar {
  std::string name;
  std::string description;
  FunnelStage funnel_stage = FunnelStage::awareness;
};

struct SegmentAngles {
  std::string segment;
  std::vector<std::string> angles;
};

struct PlatformFormats {
  core::Platform platform = core::Platform::google_ads;
  std::vector<std::string> formats;         // recommended, assets available
  std::vector<std::string> missing_assets;  // assets its best placements need but the brief lacks
};

struct CalendarEntry {
  int week = 1;  // 1-based week of the flight
  core::Date start, end;
  core::Platform platform = core::Platform::google_ads;
  std::string placement;
  std::string asset;   // "video", "image", "copy", …
  std::string pillar;
  std::string action;  // "launch", "refresh", "test variant"
};

// One headline or copy text to test, checked against the platform's limit.
struct CopyVariant {
  core::Platform platform = core::Platform::google_ads;
  std::string placement;
  std::string field;  // ad_specs field: "headline", "description", "primary_text", …
  std::string angle;
  std::string text;
  std::size_t length = 0;                // Unicode code points
  std::optional<std::size_t> max_chars;  // nullopt when ad_specs has no limit (email)
  bool fits = true;
};

struct ContentStrategy {
  std::vector<ContentPillar> pillars;
  std::vector<SegmentAngles> segment_angles;
  std::vector<PlatformFormats> platform_formats;
  std::vector<CalendarEntry> calendar;
  std::vector<CopyVariant> copy_variants;
};

struct Risk {
  std::string name;        // "learning_phase_budget", "target_cpa_below_benchmark", …
  std::string likelihood;  // "low", "medium", "high"
  std::string impact;      // "low", "medium", "high"
  std::string trigger;     // the concrete numbers that raised it
  std::string mitigation;
  std::optional<core::Platform> platform;  // nullopt when it concerns the whole plan
};

struct TimelinePhase {
  std::string name;
  core::Date start, end;
  std::vector<std::string> activities;
};

struct Kpi {
  std::string name;  // "cpa", "roas", "conversions", "ctr", …
  double target = 0;
  std::string unit;                        // "currency", "ratio", "count", "fraction"
  std::optional<core::Platform> platform;  // nullopt = whole plan
  std::string basis;                       // "brief target" or "forecast"
};

struct AbTest {
  std::string name;
  core::Platform platform = core::Platform::google_ads;
  std::string hypothesis;
  std::string metric;       // "ctr" or "conversion_rate"
  std::string sample_unit;  // "impressions" or "clicks"
  double baseline_rate = 0;
  double minimum_detectable_effect = 0;  // relative: 0.2 = detect a 20 % lift
  double alpha = 0, power = 0;
  std::int64_t sample_size_per_arm = 0;  // two_proportion_sample_size
  double daily_units_per_arm = 0;        // forecast traffic split evenly over two arms
  std::optional<int> days_needed;        // nullopt when the forecast has no traffic
  bool fits_in_flight = false;
};

struct Strategy {
  std::string name;
  core::Objective objective = core::Objective::sales_conversion;
  std::string currency;
  double budget = 0;
  core::Date start_date, end_date;
  int flight_days = 0;
  std::vector<core::Platform> platforms;

  std::string executive_summary;
  std::vector<Assumption> assumptions;
  std::optional<double> estimated_roi;   // (value − spend) / spend of the total forecast
  std::optional<double> estimated_roas;  // value / spend; nullopt when no value is known
  // (value × margin − spend) / spend, when the brief gives a margin.
  std::optional<double> estimated_gross_profit_roi;
  double confidence = 0;  // 0–1, the product of the drivers' multipliers
  std::vector<ConfidenceDriver> confidence_drivers;

  std::vector<AudienceSegment> audience_segments;
  std::vector<PlatformPlan> platform_plans;
  BudgetSplit budget_split;
  StrategyForecast forecast;
  ContentStrategy content_strategy;
  std::vector<Risk> risks;
  std::vector<TimelinePhase> timeline;
  std::vector<Kpi> kpis;
  std::vector<AbTest> ab_test_plan;
  std::vector<std::string> warnings;
};

}  // namespace strategy
