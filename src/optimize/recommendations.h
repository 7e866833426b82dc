// Campaign diagnostics and recommendations: given the daily history of one campaign or of all
// campaigns of a client, and optional goals, find what to change and rank it.
//
// Each diagnostic is a rule over the analysis window (the `window_days` days before `today`):
// budget pacing, CPA and ROAS against target, moving budget between campaigns by marginal
// return (the budget allocator), creative fatigue, bid-strategy fit for the conversion volume,
// audience saturation, day-of-week performance, anomalies, and which A/B tests to run next.
// A recommendation carries the concrete change, the evidence (numbers and their period), the
// expected impact with an interval where the model gives one, a confidence built from named
// drivers, and a priority. docs/recommendations.md states every rule, default and limit.
//
// Impact model. Where a change moves spend, a campaign's response is a Michaelis–Menten curve
// through its own recent point (mean daily spend, mean daily conversions or conversion value
// over the window) with elasticity `prior_elasticity` (0.7) there — the "calibrated prior" of
// the budget API; intervals re-evaluate the same change at elasticities 0.5 and 0.9 (a
// sensitivity range, not a confidence interval). The model is an assumption, and the
// confidence says so.
//
// Priority. value_at_stake converts the primary impact to money over `horizon_days`:
// conversions at the reference CPA (target_cpa, else the analysed campaigns' CPA), revenue
// divided by the reference ROAS, spend as is, and for changes without an outcome model
// `unmodelled_stake_share` of the money involved. priority = confidence × value_at_stake /
// (spend of the analysed campaigns over the horizon), so 0.05 reads "5% of spend at stake,
// discounted by confidence". Recommendations are ranked by priority, highest first.
//
// Recommendations are independent: each is computed on the history as it is, so applying one
// changes the premise of another (a budget cut and a reallocation may both name a campaign).
//
// Pure functions of their arguments: no I/O, no clock (`today` is passed in), no shared state;
// deterministic, safe to call from any number of threads. Nothing throws except on allocation
// failure: bad options come back as the report's status, short histories as notes and
// skipped checks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "optimize/campaign_history.h"

namespace optimize {

// Days first … last, both included.
struct Period {
  core::Date first;
  core::Date last;
  int days() const { return last - first + 1; }
};

// The metrics impacts and measured effects are stated in. Totals (impressions … conversion
// value, budget) are sums over a period; ratios are ratios of the period's sums.
enum class CampaignMetric {
  impressions,
  clicks,
  spend,
  conversions,
  conversion_value,
  ctr,              // clicks / impressions
  cpc,              // spend / clicks
  cpm,              // 1000 · spend / impressions
  conversion_rate,  // conversions / clicks
  cpa,              // spend / conversions
  roas,             // conversion value / spend
  budget,           // budget committed (not spent); only in expected impacts
};
std::string_view to_string(CampaignMetric metric);  // "cpa", "conversion_value", …
bool is_ratio(CampaignMetric metric);
bool lower_is_better(CampaignMetric metric);  // cpa, cpc, cpm

enum class RecommendationKind {
  budget_pacing,        // spend against the daily or lifetime budget
  cpa_vs_target,        // cut spend to meet target_cpa, or raise a budget-limited one well under
  roas_vs_target,       // the same against target_roas
  budget_reallocation,  // move budget between campaigns by marginal return (budget::allocate)
  creative_fatigue,     // CTR falling while frequency rises
  bid_strategy_fit,     // the bid strategy against the conversion volume it needs
  audience_saturation,  // high frequency, rising CPM, reach no longer growing
  day_of_week,          // weekdays whose conversions per spend differ significantly
  anomaly,              // recent days the seasonal anomaly detector flags
  ab_test,              // a test worth running next, sized to the campaign's traffic
};
// "budget_pacing", … (stable: safe for API fields, storage and metric labels).
std::string_view to_string(RecommendationKind kind);

// --- Options ------------------------------------------------------------------------------

struct PacingOptions {
  bool enabled = true;
  double tolerance = 0.10;  // flag mean daily spend outside budget · (1 ± tolerance)
  int rate_days = 7;        // lifetime budgets: the current spend rate is the last rate_days' mean
  int min_days = 7;         // days with data in the window needed to judge
};

struct EfficiencyOptions {  // cpa_vs_target and roas_vs_target
  bool enabled = true;
  double tolerance = 0.10;  // CPA above target · 1.10 (ROAS below target · 0.90) is over target
  double headroom = 0.20;   // CPA below target · 0.80 (ROAS above · 1.20) may scale up
  double min_spend_in_target_cpas = 2;  // judge only after spending 2 × target CPA (or the
                                        // spend that buys 2 conversions' value at target ROAS)
};

struct ReallocationOptions {
  bool enabled = true;
  double min_conversions = 10;      // a campaign takes part with this many in the window
  double min_relative_gain = 0.02;  // recommend when the plan gains >= 2% of the outcome
  double min_change_share = 0.05;   // list a campaign whose spend moves >= 5% of its own
};

struct FatigueOptions {
  bool enabled = true;
  double ctr_decline_per_week = 0.05;  // log-linear CTR trend at least 5% down per week
  double min_frequency_rise = 0.10;    // last 7 days' mean frequency >= first 7 days' · 1.10
  double min_daily_impressions = 100;  // days with fewer are left out of the CTR trend
};

struct BiddingOptions {
  bool enabled = true;
  int volume_window_days = 30;                     // conversion volume is counted over these days
  double target_cpa_min_conversions = 30;          // Google's guidance for tCPA in 30 days
  double target_roas_min_conversions = 50;         // … for tROAS
  double manual_to_target_conversions = 50;        // manual / click bidding with this many in 30
                                                   // days should try target CPA
  double meta_learning_conversions_per_week = 50;  // Meta's learning phase exit threshold
};

struct SaturationOptions {
  bool enabled = true;
  double min_frequency = 2.0;  // last 7 days' mean daily frequency (impressions / reach)
  double min_cpm_rise = 0.10;  // last 7 days' CPM >= first 7 days' · 1.10, trend significant
};

struct DayOfWeekOptions {
  bool enabled = true;
  int window_days = 56;          // 8 of each weekday; the analysis window's 4 are too few
  double min_effect = 0.20;      // conversions per spend >= 20% off the other weekdays
  double min_conversions = 30;   // in window_days
  double max_adjustment = 0.50;  // bid adjustments are clamped to ±50%
};

struct AnomalyCheckOptions {
  bool enabled = true;
  int lookback_days = 7;   // report anomalies among the last 7 days
  double threshold = 3.5;  // robust z (AnomalyOptions::threshold)
};

struct TestOptions {
  bool enabled = true;
  int max_tests = 3;                        // at most this many ab_test recommendations
  double minimum_detectable_effect = 0.20;  // relative lift the test must be able to see
  double power = 0.80;
  int max_days = 42;                    // tests that need longer are not proposed
  double prior_win_probability = 0.30;  // chance a variant beats control by the MDE
};

struct RecommendationOptions {
  core::Date today;  // the first day not analysed: the window ends the day before

  // Goals. Each must be > 0 when given.
  std::optional<double> target_cpa;          // currency per conversion
  std::optional<double> target_roas;         // conversion value per currency
  std::optional<double> total_daily_budget;  // across the analysed campaigns of one client; the
                                             // reallocation splits it (default: their current
                                             // mean daily spend)

  int window_days = 28;           // analysis window, 7–365
  int comparison_days = 28;       // the period before it, for previous-period evidence; 0 = none
  int horizon_days = 28;          // impacts are stated over this many days after the change, >= 1
  double significance = 0.05;     // level of the tests, in (0, 0.5): one-sided for targets,
                                  // trends and volume; two-sided for weekdays and test sizing
  double prior_elasticity = 0.7;  // d ln outcome / d ln spend at the current spend
  double elasticity_low = 0.5;    // the sensitivity range of impact intervals
  double elasticity_high = 0.9;
  double max_budget_increase = 0.5;      // one change raises a budget by at most 50%
  double max_budget_decrease = 0.5;      // … and cuts it by at most 50%
  double unmodelled_stake_share = 0.10;  // see "Priority" above

  PacingOptions pacing;
  EfficiencyOptions efficiency;
  ReallocationOptions reallocation;
  FatigueOptions fatigue;
  BiddingOptions bidding;
  SaturationOptions saturation;
  DayOfWeekOptions day_of_week;
  AnomalyCheckOptions anomalies;
  TestOptions tests;
};

// --- Recommendations ----------------------------------------------------------------------

// One setting to change. Numeric settings fill from/to (currency units for budgets and
// targets, percent for bid adjustments); textual ones from_text/to_text.
struct Change {
  std::string campaign_id;
  std::string field;  // "daily_budget", "bid_strategy", "bid_adjustment.monday", "creative",
                      // "audience", "optimization_event", "experiment", "review"
  std::optional<double> from, to;
  std::string from_text, to_text;
  std::string description;  // "lower the daily budget from 100.00 to 70.00"
};

// A number behind a recommendation and the period it was measured over, with what it was
// compared to (a target, an earlier period, the other weekdays, the model's expectation).
struct Evidence {
  std::string campaign_id;
  std::string metric;           // "cpa", "ctr", "ctr_trend_per_week", "frequency", …
  std::optional<double> value;  // nullopt when a ratio's denominator is 0
  Period period;
  std::optional<double> comparison;
  std::string comparison_label;  // "target", "previous period", "first 7 days", …
  std::optional<Period> comparison_period;
};

// What the change is expected to do to one metric: totals over horizon_days after the change,
// ratios as the ratio. change = expected − baseline; [low, high] bounds the change when the
// model gives a range (see the top of the file), else both are empty.
struct ExpectedImpact {
  CampaignMetric metric = CampaignMetric::conversions;
  double baseline = 0;
  double expected = 0;
  double change = 0;
  std::optional<double> low, high;
  int horizon_days = 0;  // 0 for impacts already observed (anomalies)
};

// A factor of the confidence: confidence is the product of the factors, each in [0, 1].
struct ConfidenceDriver {
  std::string name;  // "evidence", "model", "data", "remedy", "rule_of_thumb", …
  double factor = 1;
  std::string note;
};

// The design of a proposed A/B test (ab_test only): two arms, 50/50.
struct TestPlan {
  std::string hypothesis;
  CampaignMetric primary_metric = CampaignMetric::ctr;
  double baseline = 0;                   // the metric now
  double minimum_detectable_effect = 0;  // relative
  double sample_per_arm = 0;             // in `unit`
  std::string unit;                      // "impressions", "clicks" or "conversions"
  int days_needed = 0;                   // at the campaign's current daily volume
};

struct Recommendation {
  RecommendationKind kind = RecommendationKind::budget_pacing;
  std::vector<std::string> campaign_ids;
  std::string title;
  std::vector<Change> changes;
  std::vector<Evidence> evidence;
  std::vector<ExpectedImpact> impacts;  // the first is the primary impact
  double confidence = 0;                // product of the drivers' factors
  std::vector<ConfidenceDriver> confidence_drivers;
  double value_at_stake = 0;  // currency over the horizon (see the top of the file)
  double priority = 0;        // what the report is ranked by
  std::string explanation;    // plain language, for the person who applies it
  std::optional<TestPlan> test;
};

// --- Report -------------------------------------------------------------------------------

enum class CheckOutcome {
  triggered,  // the check produced a recommendation
  passed,     // it ran and found nothing to change
  skipped,    // it could not run (no data, no target, not applicable); detail says why
};
std::string_view to_string(CheckOutcome outcome);

struct Check {
  RecommendationKind kind = RecommendationKind::budget_pacing;
  CheckOutcome outcome = CheckOutcome::skipped;
  std::string detail;
};

// What was checked for one campaign, with its window figures (ratios empty on a 0 denominator).
struct CampaignDiagnostics {
  std::string campaign_id;
  bool analysed = false;  // false: inactive, ended, no data or malformed; notes say why
  int days_with_data = 0;
  double spend = 0, conversions = 0, conversion_value = 0;
  std::optional<double> cpa, roas, ctr;
  std::vector<Check> checks;
};

enum class RecommendationStatus {
  ok,               // analysed (possibly with no recommendation)
  invalid_options,  // `reason` names the field; nothing analysed
};
std::string_view to_string(RecommendationStatus status);

struct RecommendationReport {
  RecommendationStatus status = RecommendationStatus::ok;
  std::string reason;
  Period window;                                        // the analysis window
  std::vector<Recommendation> recommendations;          // highest priority first
  std::vector<CampaignDiagnostics> campaigns;           // in input order
  std::vector<std::string> notes;                       // data problems, skipped campaigns
  std::optional<double> reference_cpa, reference_roas;  // how outcomes were valued
  double horizon_spend = 0;  // the analysed campaigns' spend over the horizon at the
                             // window's rate: the priority's denominator
  // One line: "7 recommendations for 3 of 4 campaigns (window 2024-05-01..2024-05-28); top: …".
  std::string summary() const;
};

// Analyses `campaigns` (one client's, or one campaign) as the options say. Campaigns that are
// not active, have ended, or have fewer than 7 days with data in the window are listed with
// analysed = false and a note. Days must be oldest first with at most one per date; a campaign
// whose days are not is skipped with a note.
RecommendationReport analyse(const std::vector<CampaignHistory>& campaigns,
                             const RecommendationOptions& options);

// --- Measured effect of an applied change -------------------------------------------------

struct EffectOptions {
  double confidence = 0.95;  // two-sided level of the interval, in (0, 1)
  // The recommendation's impact on the same metric; compared with the measured change (a
  // total is compared per day: change / horizon_days).
  std::optional<ExpectedImpact> expected;
  // The day of the change is partly before and partly after it: left out of both periods.
  bool skip_applied_day = true;
};

enum class EffectStatus {
  ok,
  invalid_arguments,  // days < 2, a bad confidence, metric budget, or an expected impact on
                      // another metric; `reason` says which
  insufficient_data,  // fewer than max(2, days / 2) days with data (or a 0 denominator) on a
                      // side
};
enum class EffectVerdict { increased, decreased, no_clear_change };
std::string_view to_string(EffectStatus status);
std::string_view to_string(EffectVerdict verdict);

// The metric in the `days` days before the change and the `days` after it. Totals are compared
// as means per day, ratios as ratios of the period's sums. The interval on the change comes from
// day-to-day variation (Welch, Student t; ratios by the delta method), so it says whether the
// difference is larger than the campaign's usual noise — not that the change caused it.
struct MeasuredEffect {
  EffectStatus status = EffectStatus::ok;
  std::string reason;
  CampaignMetric metric = CampaignMetric::conversions;
  Period before, after;
  int days_before = 0, days_after = 0;  // days with data
  std::optional<double> before_value, after_value;
  std::optional<double> change, change_low, change_high;   // after − before, with interval
  std::optional<double> relative_change;                   // change / before
  EffectVerdict verdict = EffectVerdict::no_clear_change;  // the interval excludes 0 or not
  std::optional<bool> favourable;         // the direction is good for the metric; empty for spend,
                                          // impressions and no clear change
  std::optional<double> expected_change;  // per day for totals
  std::optional<bool> expected_within_interval;
  std::string note;  // always the observational caveat
  std::string summary() const;
};

// Before = applied_on − days … applied_on − 1; after = applied_on + 1 … applied_on + days (from
// applied_on itself when skip_applied_day is false). The history's days must be oldest first.
// Never throws; bad arguments and short histories come back as the status.
MeasuredEffect measure_effect(const CampaignHistory& history, core::Date applied_on,
                              CampaignMetric metric, int days, const EffectOptions& options = {});

}  // namespace optimize
