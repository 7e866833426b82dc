// Internal to the planner: the brief after validation and defaults, each platform's measured
// economics, and the stages generate_strategy runs in order. Not part of the public API.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strategy/planner.h"

namespace strategy::internal {

inline constexpr std::size_t kPlatformCount = 6;
inline std::size_t index_of(core::Platform p) { return static_cast<std::size_t>(p); }

// The brief once validated, with every default applied (and recorded as an Assumption).
struct ResolvedBrief {
  const Brief* brief = nullptr;
  std::string name;
  std::string currency;
  core::Date start, end;
  int days = 0;
  std::vector<core::Platform> platforms;  // empty until recommended when the brief had none
  bool platforms_recommended = false;
  std::vector<std::string> locations, age_ranges, genders, interests, languages;
  bool has_customer_list = false, has_lookalikes = false;
  std::optional<double> value_per_conversion;
  std::string value_source;  // "brief", "targets", "history", "assumed" or "" (none)
  std::vector<std::string> assets;
  std::array<std::optional<double>, kPlatformCount> min_bound{}, max_bound{};
};

// One platform's efficiency, measured before the split.
struct PlatformEconomics {
  core::Platform platform = core::Platform::google_ads;
  double events_per_unit = 0;  // learning-phase optimization events per currency unit
  double value_per_unit = 0;   // conversion value per currency unit; 0 when none is known
  double cost_per_conversion = 0;  // 0 when the source has no conversions
  // Budget over the flight at which one ad set reaches the learning events (0: no learning
  // phase). Solved on the forecaster's curve; linear in the client's history when used.
  double learning_minimum = 0;
  bool from_history = false;
  int history_days = 0;
  std::string forecast_source;  // PlanForecast::source at the reference spend
  double forecast_confidence = 0;
};

// What the objective optimizes for, and what the split maximises.
std::string_view optimization_event(core::Objective objective);    // "purchase", "lead", …
std::string_view split_outcome(core::Objective objective, bool value_known);
bool is_conversion_objective(core::Objective objective);
// The learning event count in a forecast (impressions, clicks or conversions by objective).
double event_count(const forecast::PlanForecast& f, core::Objective objective);

// brief_resolution.cpp: validation and defaults (all but platforms and value).
ResolvedBrief resolve_brief(const Brief& brief, const PlanningContext& context,
                            const PlannerOptions& options, Strategy& out);
void validate_options(const PlannerOptions& options);
// Checks bounds against the final platform list and the budget.
void validate_bounds(const ResolvedBrief& r, double budget);

// economics.cpp
std::vector<PlatformEconomics> measure_economics(const std::vector<core::Platform>& platforms,
                                                 const ResolvedBrief& r,
                                                 const PlanningContext& context,
                                                 const PlannerOptions& options);
// Fills r.platforms with the recommendation and records it as an assumption.
void recommend_platforms(ResolvedBrief& r, const std::vector<PlatformEconomics>& economics,
                         const PlannerOptions& options, Strategy& out);
// Fills r.value_per_conversion from the brief, targets, history or the assumed ratio.
void resolve_value(ResolvedBrief& r, const std::vector<PlatformEconomics>& economics,
                   const PlanningContext& context, const PlannerOptions& options,
                   Strategy& out);

// budget_split.cpp
BudgetSplit split_budget(const ResolvedBrief& r, const std::vector<PlatformEconomics>& economics,
                         const PlanningContext& context, const PlannerOptions& options,
                         std::vector<std::string>& warnings);

// forecasts.cpp
StrategyForecast forecast_plan(const ResolvedBrief& r, const BudgetSplit& split,
                               const forecast::Forecaster& forecaster);

// audience_segments.cpp
std::vector<AudienceSegment> build_segments(const ResolvedBrief& r, const ClientHistory& history,
                                            const PlannerOptions& options);

// placements.cpp: placements of a platform, checked against ad_specs, cached on first use.
struct PlacementSpec {
  std::string_view placement;
  std::string_view format;          // "text", "image", "video", "carousel", "html"
  std::string_view required_asset;  // "copy", "image", "video", "carousel"
  FunnelStage best_stage;
  bool in_specs = false;
  std::vector<std::string> aspect_ratios;
  std::optional<std::uint32_t> video_min_seconds, video_max_seconds;
  std::vector<std::pair<std::string, std::size_t>> text_limits;  // field → max chars
};
const std::vector<PlacementSpec>& placement_specs(core::Platform platform);
// The strictest limit of a text field, cached; nullopt when ad_specs has none.
struct CachedLimit {
  std::size_t max_chars = 0;
  std::size_t min_chars = 0;
};
std::optional<CachedLimit> cached_text_limit(core::Platform platform, std::string_view placement,
                                             std::string_view field);

// platform_plans.cpp
std::vector<PlatformPlan> build_platform_plans(const ResolvedBrief& r, const Strategy& s,
                                               const PlannerOptions& options);

// content_plan.cpp, copy_variants.cpp
ContentStrategy build_content(const ResolvedBrief& r, const Strategy& s,
                              const PlannerOptions& options);
std::vector<CopyVariant> build_copy_variants(const ResolvedBrief& r,
                                             const std::vector<core::Platform>& platforms);

// risks.cpp
std::vector<Risk> build_risks(const ResolvedBrief& r, const Strategy& s,
                              const PlanningContext& context);

// timeline_kpis.cpp
std::vector<TimelinePhase> build_timeline(const ResolvedBrief& r, const PlanningContext& context);
std::vector<Kpi> build_kpis(const ResolvedBrief& r, const Strategy& s);
std::vector<AbTest> build_ab_tests(const ResolvedBrief& r, const Strategy& s,
                                   const PlannerOptions& options);

// summary.cpp
void assess_confidence(const ResolvedBrief& r, const PlanningContext& context, Strategy& s);
std::string executive_summary(const Strategy& s);

// text.cpp: plain-language formatting shared by the stages.
std::string platform_label(core::Platform p);  // "Google Ads", "Meta", …
std::string objective_label(core::Objective o);  // "sales conversion"
std::string money(double amount, std::string_view currency);  // "USD 15,000.00"
std::string number(double value, int decimals = 0);  // "12,345"
std::string percent(double fraction, int decimals = 0);  // "12%"
std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ");
std::string join_platforms(const std::vector<core::Platform>& platforms);
std::string lower(std::string_view text);
double round_cents(double amount);
// Month (1–12) and day (1–31) of a date.
struct MonthDay {
  int year = 0;
  unsigned month = 0, day = 0;
};
MonthDay civil(core::Date date);

// Auction peaks the flight overlaps, in date order (Q4 holidays, Valentine's, back to school).
struct SeasonalPeak {
  std::string_view name;
  core::Date start, end;  // the peak's days within the flight
  bool major = false;     // Q4: auction prices rise most
};
std::vector<SeasonalPeak> seasonal_peaks(core::Date start, core::Date end);

}  // namespace strategy::internal
