// Automated rules: user-defined checks of the form "for these campaigns, when this metric over
// this window crosses this line, notify / recommend a pause / recommend a budget change", the
// engine behind /api/v1/rules. A rule names a scope (a client's campaigns, narrowed by platform,
// campaign id, objective and status), one or more conditions, a schedule, an action and a
// cooldown. docs/rules.md states the language and every default.
//
// Windows and "today". The engine has no clock: "today" is the evaluation date the caller
// passes in, a day in the client's own zone like every CampaignDay::date. A window is the
// `window_days` days ending on that date (WindowEnd::today) or on the day before
// (WindowEnd::yesterday); a change comparison also reads the window_days days just before it.
// Only rows dated inside a window count, so evaluating an earlier date never sees later data.
//
// Metrics. Totals are sums over the window. Ratios are ratios of the window's sums — CPA =
// Σspend / Σconversions, never a mean of daily CPAs — as fractions (CTR 0.012 is 1.2%), CPM per
// 1,000 impressions. A zero denominator makes a ratio undefined: the condition cannot be judged
// and the rule does not fire; the record says so. Sums are exact: each day's values are rounded
// to millionths and summed as integers, so a window's sum does not depend on how it is computed.
//
// Pure functions of their arguments: no I/O, no clock, no shared state; deterministic and safe to
// call from any number of threads. Cooldowns read previous firings from a RuleState argument and
// the updated state comes back in the report. Only validate() and dry_run() throw (on a bad rule
// or range); evaluate() reports bad rules and skips them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"
#include "optimize/campaign_history.h"

namespace optimize::rules {

// --- The rule language ---------------------------------------------------------------------

enum class Metric {
  spend,                  // currency units
  impressions,
  clicks,
  conversions,
  conversion_value,       // currency units
  ctr,                    // Σclicks / Σimpressions
  cpc,                    // Σspend / Σclicks
  cpm,                    // 1000 · Σspend / Σimpressions
  cpa,                    // Σspend / Σconversions
  roas,                   // Σconversion_value / Σspend
  conversion_rate,        // Σconversions / Σclicks
  // Σimpressions / Σreach over the days that report reach (reach taken as impressions /
  // frequency when only frequency is reported): the reach-weighted mean of daily frequency.
  // Platforms' own multi-day frequency counts unique people and is higher; daily rows cannot
  // rebuild it.
  frequency,
  // Σspend / (daily budget · days with data in the window): 1.2 is "spent 120% of budget".
  // Undefined for a campaign without a daily budget.
  spend_vs_daily_budget,
};
inline constexpr std::array<std::string_view, 13> kMetricNames = {
    "spend", "impressions", "clicks", "conversions", "conversion_value", "ctr", "cpc",
    "cpm",   "cpa",         "roas",   "conversion_rate", "frequency", "spend_vs_daily_budget"};

// Where a window ends: on the evaluation date ("today", whose data may be partial) or the day
// before it (complete days only, what ad platforms call "last 7 days").
enum class WindowEnd { today, yesterday };
inline constexpr std::array<std::string_view, 2> kWindowEndNames = {"today", "yesterday"};

// What is compared with the threshold: the metric over the window, or its change against the
// window_days days just before the window, in percent ((current − previous) / previous · 100,
// so "CPA rose more than 20%" is change_percent > 20 and "ROAS fell more than 15%" is < −15).
enum class Measure { value, change_percent };
inline constexpr std::array<std::string_view, 2> kMeasureNames = {"value", "change_percent"};

// equal holds when |observed − threshold| <= 1e-9 · max(1, |threshold|).
enum class Comparison { greater, greater_or_equal, less, less_or_equal, equal };
inline constexpr std::array<std::string_view, 5> kComparisonNames = {"gt", "gte", "lt", "lte",
                                                                     "eq"};

// A minimum-data guard: the condition is judged only when its window (and, for change_percent,
// the previous window too) has at least this much data, so a rule does not fire on noise. Each
// 0 turns that check off; a window with no rows at all is never judged.
struct DataGuard {
  double min_spend = 0;
  double min_impressions = 0;
  double min_clicks = 0;
  double min_conversions = 0;
  int min_days_with_data = 0;
};

struct Condition {
  Metric metric = Metric::spend;
  int window_days = 1;  // 1–365; 1 with WindowEnd::today is "today"
  WindowEnd window_end = WindowEnd::today;
  Measure measure = Measure::value;
  Comparison comparison = Comparison::greater;
  double threshold = 0;  // in the metric's units (ratios as fractions), or percent for changes
  DataGuard guard;
};

// all: every condition must hold ("and"); any: at least one must ("or"). Under all, a condition
// that cannot be judged stops the rule; under any, it simply does not hold.
enum class Match { all, any };
inline constexpr std::array<std::string_view, 2> kMatchNames = {"all", "any"};

// Which campaigns a rule looks at: the client's campaigns, narrowed by each non-empty list.
struct Scope {
  std::string client_id;                  // required
  std::vector<core::Platform> platforms;  // empty: every platform
  std::vector<std::string> campaign_ids;  // empty: every campaign of the client
  std::vector<core::Objective> objectives;  // empty: every objective
  // Campaigns are matched on their current status; empty: any status.
  std::vector<core::CampaignStatus> statuses = {core::CampaignStatus::active};
};

// When a rule runs, in the client's local time: every hour on the hour, every day at `hour`, or
// every week on `weekday` (ISO: Monday = 1 … Sunday = 7) at `hour`.
enum class Cadence { hourly, daily, weekly };
inline constexpr std::array<std::string_view, 3> kCadenceNames = {"hourly", "daily", "weekly"};

struct Schedule {
  Cadence cadence = Cadence::daily;
  int hour = 6;     // 0–23; daily and weekly
  int weekday = 1;  // 1–7; weekly
};

enum class ActionKind { notify, recommend_pause, recommend_budget_change };
inline constexpr std::array<std::string_view, 3> kActionKindNames = {
    "notify", "recommend_pause", "recommend_budget_change"};

// recommend_budget_change moves the daily budget by `percent` (+20 raises it by a fifth, −30
// cuts it by 30%), rounded to cents. A raise stops at max_daily_budget and never lowers the
// budget; a cut stops at min_daily_budget and never raises it. The caps are optional and only
// for budget changes; percent is 0 for the other actions.
struct Action {
  ActionKind kind = ActionKind::notify;
  double percent = 0;  // (−100, 1000], not 0
  std::optional<double> min_daily_budget;  // currency units, >= 0
  std::optional<double> max_daily_budget;  // currency units, > 0 and >= min_daily_budget
};

struct Rule {
  std::string id;    // unique among the rules evaluated together
  std::string name;  // for people
  bool enabled = true;  // evaluate() skips disabled rules; is_due() is false for them
  Scope scope;
  std::vector<Condition> conditions;  // 1–20
  Match match = Match::all;
  Schedule schedule;
  Action action;
  // After firing for a campaign on day F, the rule does not fire for that campaign again before
  // day F + cooldown_days: 1 is at most once a day, 7 at most once a week, 0 at every run.
  int cooldown_days = 1;  // 0–365
};

// Throws std::invalid_argument when the rule is malformed; the message starts with the path of
// the first bad field, "conditions[0].window_days: must be 1–365". Returns normally otherwise.
void validate(const Rule& rule);

// The days a condition reads on an evaluation date, first and last included. previous_window is
// the window_days days just before window (read by change_percent).
struct Window {
  core::Date first;
  core::Date last;
};
Window window(const Condition& condition, core::Date evaluation_date);
Window previous_window(const Condition& condition, core::Date evaluation_date);

// --- Schedule ------------------------------------------------------------------------------

// A wall-clock time in the client's zone (the caller converts from UTC); hour 0–23, minute
// 0–59.
struct LocalTime {
  core::Date date;
  int hour = 0;
  int minute = 0;
};

// True when a scheduled time falls in (last_run, now]: the rule should run now. A rule that has
// never run (last_run nullopt) is due at once; pass its creation time as last_run to make it wait
// for its first scheduled time instead. Always false for a disabled rule.
bool is_due(const Rule& rule, std::optional<LocalTime> last_run, LocalTime now);

// The first scheduled time strictly after `after`.
LocalTime next_run(const Schedule& schedule, LocalTime after);

// --- State and records ---------------------------------------------------------------------

// The last day a rule fired for a campaign: what cooldowns need. At most one per pair.
struct LastFiring {
  std::string rule_id;
  std::string campaign_id;
  core::Date date;
};
struct RuleState {
  std::vector<LastFiring> last_firings;
};

enum class ConditionStatus {
  held,
  not_held,
  no_data,            // no row in the window (or the previous window)
  insufficient_data,  // below the condition's DataGuard
  undefined,          // a ratio's denominator (or the previous value of a change) is 0
  no_daily_budget,    // spend_vs_daily_budget for a campaign without a daily budget
};
inline constexpr std::array<std::string_view, 6> kConditionStatusNames = {
    "held", "not_held", "no_data", "insufficient_data", "undefined", "no_daily_budget"};

struct ConditionOutcome {
  ConditionStatus status = ConditionStatus::no_data;
  // What was compared with the threshold: the metric over the window, or the change in percent;
  // nullopt when it could not be computed.
  std::optional<double> observed;
  std::optional<double> current;   // change_percent: the metric over the window
  std::optional<double> previous;  // change_percent: the metric over the previous window
};

// Whether a rule fired for a campaign, or what stopped it: first its conditions, then the
// cooldown, then the action.
enum class Outcome {
  fired,
  // The conditions could not be judged. Under all: none was judged false, and one had no data,
  // was undefined or lacked a budget (not_evaluable) or failed its guard (insufficient_data).
  // Under any: none held, and one could not be judged for those reasons.
  not_evaluable,
  insufficient_data,
  conditions_not_met,  // judged, and they did not hold (all: one was false; any: all were)
  in_cooldown,         // they held, but the rule fired for this campaign too recently
  no_daily_budget,     // they held; a budget change needs a daily budget the campaign lacks
  budget_at_cap,       // they held; the budget already sits at the cap the change would reach
                       // (or the change rounds to less than a cent)
};
inline constexpr std::array<std::string_view, 7> kOutcomeNames = {
    "fired",        "not_evaluable",   "insufficient_data", "conditions_not_met",
    "in_cooldown",  "no_daily_budget", "budget_at_cap"};
inline constexpr std::size_t kOutcomeCount = kOutcomeNames.size();

// One rule judged for one campaign on one date. Indices refer to the rules and campaigns passed
// to evaluate() (dry_run: rule_index is 0); the condition outcomes are in the report, in the
// rule's order, at [first_condition, first_condition + condition_count).
struct Evaluation {
  std::size_t rule_index = 0;
  std::size_t campaign_index = 0;
  core::Date date;
  Outcome outcome = Outcome::conditions_not_met;
  std::uint32_t first_condition = 0;
  std::uint32_t condition_count = 0;
  std::optional<std::size_t> firing_index;  // into the report's firings when fired
};

struct BudgetChange {
  double from = 0;       // the daily budget before
  double to = 0;         // the recommended daily budget, capped and rounded to cents
  double uncapped = 0;   // from · (1 + percent / 100), rounded to cents
  bool capped = false;   // to != uncapped because of a cap
};

// What a rule did: self-contained, for notifications and the firing log.
struct Firing {
  std::string rule_id;
  std::string campaign_id;
  core::Date date;
  ActionKind action = ActionKind::notify;
  std::optional<BudgetChange> budget_change;  // recommend_budget_change only
  // "raise the daily budget of 'Brand' from 100.00 to 150.00 (+60% would be 160.00; capped at
  // 150.00)", "pause campaign 'Brand'", "rule 'CPA guard' matched campaign 'Brand'"
  std::string description;
  std::optional<std::size_t> evaluation_index;  // the evaluation that fired, when recorded
};

// --- Evaluation ----------------------------------------------------------------------------

struct EvaluateOptions {
  // Keep an Evaluation (and its condition outcomes) for every rule × campaign pair in scope.
  // The log needs them; turn off when only firings and counts matter (the counts stay).
  bool record_evaluations = true;
};

struct RuleError {
  std::size_t rule_index = 0;
  std::string rule_id;
  std::string message;  // validate()'s, or "id: duplicate of rules[2]"
};

struct EvaluationReport {
  core::Date evaluation_date;
  // Grouped by client (in the order of each client's first rule), then by campaign, then by
  // rule, campaigns and rules in input order.
  std::vector<Evaluation> evaluations;
  std::vector<ConditionOutcome> condition_outcomes;
  std::vector<Firing> firings;
  // The input state with this run's firings recorded, to be stored as is: entries older than
  // the longest cooldown (365 days) are dropped, entries for rules or campaigns not passed in
  // are carried through unchanged.
  RuleState state;
  std::vector<RuleError> invalid_rules;  // skipped

  std::size_t rules_evaluated = 0;
  std::size_t rules_disabled = 0;
  std::size_t pairs_evaluated = 0;  // rule × campaign pairs in scope
  std::array<std::size_t, kOutcomeCount> outcome_counts{};  // indexed by Outcome
  std::size_t values_ignored = 0;  // negative, non-finite or > 1e9 daily values, read as 0

  std::span<const ConditionOutcome> conditions(const Evaluation& evaluation) const;
  std::size_t count(Outcome outcome) const;
  // One line for logs: "2024-03-10: 3 rules, 120 evaluations, 4 fired, 116 conditions not met"
  std::string summary() const;
};

// Judges every enabled, valid rule for every campaign in its scope on `evaluation_date`, as if it
// were due now (the scheduler decides which rules to pass; see is_due). Campaign budgets are
// their current daily_budget. Never throws except on allocation failure.
EvaluationReport evaluate(std::span<const Rule> rules, std::span<const CampaignHistory> campaigns,
                          core::Date evaluation_date, const RuleState& state,
                          const EvaluateOptions& options = {});

// --- Dry run -------------------------------------------------------------------------------

struct DryRunOptions {
  // When true, the replay acts as if each recommendation had been applied the day it fired: a
  // budget change sets the budget later conditions (spend_vs_daily_budget) and later changes
  // start from, and a recommended pause ends the campaign's replay. When false, every day is
  // judged against the campaign's current budget and a pause changes nothing. Either way the
  // metrics are the history as it happened: the replay cannot know how spend would have reacted.
  // spend_vs_daily_budget divides by the budget in effect on the day judged.
  bool assume_applied = true;
  bool record_evaluations = true;  // as EvaluateOptions
};

struct DryRunFiring {
  core::Date date;
  // The campaign's actual spend from the day after this firing until the day before its next
  // firing, or the end of the replay: the spend the recommendation would have governed.
  double spend_affected = 0;
  std::optional<BudgetChange> budget_change;
};

struct CampaignDryRun {
  std::size_t campaign_index = 0;
  std::string campaign_id;
  std::vector<DryRunFiring> firings;
  double spend_affected = 0;  // Σ over its firings
  std::optional<double> starting_daily_budget;  // its current daily_budget
  std::optional<double> final_daily_budget;     // after the replay's budget changes
  std::optional<core::Date> paused_on;  // assume_applied: the day a pause was recommended
};

struct DryRunReport {
  std::string rule_id;
  core::Date from, to;
  int days_replayed = 0;
  int days_due = 0;  // days the schedule runs the rule (weekly: its weekday; else every day)
  std::vector<Evaluation> evaluations;  // by date, then campaign
  std::vector<ConditionOutcome> condition_outcomes;
  std::vector<Firing> firings;          // by date, then campaign
  std::vector<CampaignDryRun> campaigns;  // every campaign in scope, in input order
  std::array<std::size_t, kOutcomeCount> outcome_counts{};
  double spend_affected = 0;
  std::size_t values_ignored = 0;

  std::span<const ConditionOutcome> conditions(const Evaluation& evaluation) const;
  std::size_t count(Outcome outcome) const;
  // "rule r1, 2024-03-01..2024-03-10: 10 days (10 due), 2 firings on 1 of 3 campaigns, spend
  // affected 200.00, 2 fired, 28 conditions not met"
  std::string summary() const;
};

// Replays `rule` (enabled or not: a dry run is how a rule is tried before it is switched on) day
// by day over [from, to] as evaluate() would have judged it on each due day, starting with no
// previous firings, honouring the cooldown and (see DryRunOptions) the budgets it would have set.
// Daily data gives one judgement a day, so an hourly rule is judged once per day, on the day's
// row. Throws std::invalid_argument on an invalid rule (validate()'s message) or a bad range
// ("to: must not be before from", at most 3,650 days).
DryRunReport dry_run(const Rule& rule, std::span<const CampaignHistory> campaigns, core::Date from,
                     core::Date to, const DryRunOptions& options = {});

// --- Names ---------------------------------------------------------------------------------

// Stable API spellings from the tables above ("cpa", "gt", "recommend_pause", "in_cooldown", …).
std::string_view to_string(Metric metric);
std::string_view to_string(WindowEnd end);
std::string_view to_string(Measure measure);
std::string_view to_string(Comparison comparison);
std::string_view to_string(Match match);
std::string_view to_string(Cadence cadence);
std::string_view to_string(ActionKind kind);
std::string_view to_string(ConditionStatus status);
std::string_view to_string(Outcome outcome);

}  // namespace optimize::rules
