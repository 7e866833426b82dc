// Shared by the rules engine's .cpp files; not part of the module's contract (see rules.h).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "optimize/campaign_history.h"
#include "optimize/rules.h"

namespace optimize::rules::internal {

// Daily values above this (impressions, currency units) are read as bad data. It also bounds the
// integer sums: 1e9 units in millionths is 1e15 a day, so 9,000 days fit in an int64.
inline constexpr double kMaxDailyValue = 1e9;
inline constexpr int kMaxWindowDays = 365;
inline constexpr int kMaxConditions = 20;
inline constexpr int kMaxCooldownDays = 365;
inline constexpr int kMaxDryRunDays = 3650;

// The base sums every metric is built from, in millionths (days_with_data: a plain count).
enum Base {
  kSpend,
  kImpressions,
  kClicks,
  kConversions,
  kConversionValue,
  kReach,                 // days that report reach (or frequency)
  kImpressionsWithReach,  // impressions on those days
  kDaysWithData,
  kBaseCount
};
using Sums = std::array<std::int64_t, kBaseCount>;

// One campaign's days as prefix sums over consecutive calendar days (gaps count as empty days),
// so the sums over any window cost two lookups. Integer sums make every window's total exact.
class CampaignSeries {
 public:
  CampaignSeries() = default;
  // Reads the rows dated in [first, last]; rows outside, and duplicates' order, do not matter.
  CampaignSeries(const CampaignHistory& history, core::Date first, core::Date last);
  // The same, reusing this series' memory (evaluate() keeps one for all campaigns).
  void assign(const CampaignHistory& history, core::Date first, core::Date last);

  // Sums over the days in [first, last] that the series covers; all zero when none.
  Sums window_sums(core::Date first, core::Date last) const;
  double spend_between(core::Date first, core::Date last) const;  // currency units
  std::size_t values_ignored() const { return values_ignored_; }

 private:
  core::Date first_;
  std::vector<Sums> prefix_;  // prefix_[i]: Σ of the days before first_ + i
  std::size_t values_ignored_ = 0;
};

// Division, not multiplication by 1e-6, so whole amounts come back exact (150000000 → 150).
inline double units(std::int64_t millionths) { return static_cast<double>(millionths) / 1e6; }

// How far back of the evaluation date a condition reads (window, previous window, yesterday).
int lookback_days(const Condition& condition);
int lookback_days(const Rule& rule);

// Judges every condition of `rule` for one campaign on `date`, writing one outcome per condition
// to `out` (rule.conditions.size() of them). Returns Outcome::fired when the conditions are met
// (cooldown and action not yet checked), else the reason they are not.
Outcome judge_conditions(const Rule& rule, const CampaignSeries& series,
                         std::optional<double> daily_budget, core::Date date,
                         ConditionOutcome* out);

// The cooldown and the action, once the conditions are met: fired (with the budget change for
// recommend_budget_change), in_cooldown, no_daily_budget or budget_at_cap.
struct ActionDecision {
  Outcome outcome = Outcome::fired;
  std::optional<BudgetChange> budget_change;
};
ActionDecision decide_action(const Rule& rule, std::optional<double> daily_budget, core::Date date,
                             std::optional<core::Date> last_fired);

Firing make_firing(const Rule& rule, const CampaignHistory& campaign, core::Date date,
                   const ActionDecision& decision);

// Whether a campaign is in a rule's scope; built once per rule, then O(log ids) per campaign.
class ScopeFilter {
 public:
  explicit ScopeFilter(const Scope& scope);
  bool matches(const CampaignHistory& campaign) const;

 private:
  const Scope* scope_;
  std::vector<std::string_view> campaign_ids_;  // sorted
};

// Formats currency units with two decimals ("1234.50").
std::string money_text(double value);

// Judges rule × campaign pairs into a report's vectors (EvaluationReport and DryRunReport share
// the layout). With recording off it writes outcomes to a reused scratch buffer, so judging a
// pair allocates nothing unless it fires.
class PairJudge {
 public:
  struct Pair {
    const Rule* rule = nullptr;
    std::size_t rule_index = 0;
    const CampaignHistory* campaign = nullptr;
    std::size_t campaign_index = 0;
    const CampaignSeries* series = nullptr;
    std::optional<double> daily_budget;
    core::Date date;
  };

  PairJudge(std::vector<Evaluation>& evaluations, std::vector<ConditionOutcome>& conditions,
            std::vector<Firing>& firings, std::array<std::size_t, kOutcomeCount>& counts,
            bool record);

  // Judges the pair; only when its conditions hold is last_fired() asked for the cooldown (a
  // lookup the common case skips). Counts the outcome, records the evaluation when recording and
  // the firing always, and returns the decision.
  template <typename LastFired>
  ActionDecision judge(const Pair& pair, LastFired&& last_fired) {
    const std::size_t n = pair.rule->conditions.size();
    ConditionOutcome* out = condition_slots(n);
    ActionDecision decision;
    decision.outcome =
        judge_conditions(*pair.rule, *pair.series, pair.daily_budget, pair.date, out);
    if (decision.outcome == Outcome::fired) {
      decision = decide_action(*pair.rule, pair.daily_budget, pair.date, last_fired());
    }
    record(pair, decision, n);
    return decision;
  }

 private:
  ConditionOutcome* condition_slots(std::size_t count);
  void record(const Pair& pair, const ActionDecision& decision, std::size_t condition_count);

  std::vector<Evaluation>& evaluations_;
  std::vector<ConditionOutcome>& conditions_;
  std::vector<Firing>& firings_;
  std::array<std::size_t, kOutcomeCount>& counts_;
  bool record_;
  std::vector<ConditionOutcome> scratch_;
};

}  // namespace optimize::rules::internal
