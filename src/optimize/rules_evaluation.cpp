// evaluate(): every runnable rule against every campaign in its scope on one date. Rules are
// grouped by client and campaigns indexed by client, so a rule only looks at its client's
// campaigns; each campaign's prefix sums are built once and read by all the client's rules.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "optimize/rules.h"
#include "optimize/rules_internal.h"

namespace optimize::rules {
namespace {

using internal::CampaignSeries;
using internal::PairJudge;

// Previous firings, updated as rules fire. Pairs are keyed by (rule index, campaign index) in
// this call's inputs, so the lookup for a pair hashes one integer instead of two strings. Entries
// for rules or campaigns not passed in are carried through to the new state untouched.
class CooldownBook {
 public:
  CooldownBook(const RuleState& state, core::Date date, std::span<const Rule> rules,
               const std::vector<std::size_t>& runnable,
               std::span<const CampaignHistory> campaigns) {
    std::unordered_map<std::string_view, std::size_t> rule_of, campaign_of;
    for (std::size_t r : runnable) rule_of.emplace(rules[r].id, r);
    campaign_key_.resize(campaigns.size());
    for (std::size_t c = 0; c < campaigns.size(); ++c) {
      campaign_key_[c] = campaign_of.emplace(campaigns[c].id, c).first->second;  // first of an id
    }
    entries_.reserve(state.last_firings.size());
    index_.reserve(state.last_firings.size());
    for (const LastFiring& entry : state.last_firings) {
      // No cooldown reaches back further than kMaxCooldownDays: older entries cannot matter.
      if (entry.date + internal::kMaxCooldownDays <= date) continue;
      const auto rule = rule_of.find(entry.rule_id);
      const auto campaign = campaign_of.find(entry.campaign_id);
      if (rule == rule_of.end() || campaign == campaign_of.end()) {
        entries_.push_back(entry);
        continue;
      }
      const auto [it, inserted] =
          index_.emplace(key(rule->second, campaign->second), entries_.size());
      if (inserted) {
        entries_.push_back(entry);
      } else if (entries_[it->second].date < entry.date) {
        entries_[it->second].date = entry.date;  // a repeated pair keeps its latest firing
      }
    }
  }

  std::optional<core::Date> last(std::size_t rule, std::size_t campaign) const {
    const auto it = index_.find(key(rule, campaign_key_[campaign]));
    if (it == index_.end()) return std::nullopt;
    return entries_[it->second].date;
  }

  void record(std::size_t rule, std::size_t campaign, const Rule& r, const CampaignHistory& c,
              core::Date date) {
    const auto [it, inserted] = index_.emplace(key(rule, campaign_key_[campaign]), entries_.size());
    if (inserted) {
      entries_.push_back(LastFiring{r.id, c.id, date});
    } else {
      entries_[it->second].date = date;
    }
  }

  RuleState take_state() { return RuleState{std::move(entries_)}; }

 private:
  static std::uint64_t key(std::size_t rule, std::size_t campaign) {
    return (static_cast<std::uint64_t>(rule) << 32) | static_cast<std::uint64_t>(campaign);
  }

  std::vector<std::size_t> campaign_key_;  // campaigns sharing an id share a cooldown
  std::unordered_map<std::uint64_t, std::size_t> index_;  // → entries_
  std::vector<LastFiring> entries_;
};

// The enabled, valid rules with unique ids; the rest are counted or reported.
std::vector<std::size_t> runnable_rules(std::span<const Rule> rules, EvaluationReport& report) {
  std::vector<std::size_t> runnable;
  std::unordered_map<std::string_view, std::size_t> first_with_id;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!rules[i].enabled) {
      ++report.rules_disabled;
      continue;
    }
    try {
      validate(rules[i]);
    } catch (const std::invalid_argument& error) {
      report.invalid_rules.push_back(RuleError{i, rules[i].id, error.what()});
      continue;
    }
    const auto [it, inserted] = first_with_id.emplace(rules[i].id, i);
    if (!inserted) {
      report.invalid_rules.push_back(RuleError{
          i, rules[i].id,
          std::string("id: duplicate of rules[").append(std::to_string(it->second)).append("]")});
      continue;
    }
    runnable.push_back(i);
  }
  return runnable;
}

std::unordered_map<std::string_view, std::vector<std::size_t>> campaigns_by_client(
    std::span<const CampaignHistory> campaigns) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> index;
  for (std::size_t i = 0; i < campaigns.size(); ++i) index[campaigns[i].client_id].push_back(i);
  return index;
}

// A runnable rule with what judging it needs, prepared once.
struct PreparedRule {
  std::size_t index = 0;
  internal::ScopeFilter filter;
};

// The runnable rules of one client. Judging campaign by campaign within a client keeps one
// campaign's prefix sums hot in cache while all its rules read them, and lets one buffer serve
// every campaign: rule by rule, each rule would stream every campaign's sums from memory.
struct ClientRules {
  std::string_view client_id;
  std::vector<PreparedRule> rules;
};

std::vector<ClientRules> group_by_client(std::span<const Rule> rules,
                                         const std::vector<std::size_t>& runnable) {
  std::vector<ClientRules> groups;
  std::unordered_map<std::string_view, std::size_t> group_of;
  for (std::size_t r : runnable) {
    const Rule& rule = rules[r];
    const auto [it, inserted] = group_of.emplace(rule.scope.client_id, groups.size());
    if (inserted) groups.push_back(ClientRules{rule.scope.client_id, {}});
    groups[it->second].rules.push_back(PreparedRule{r, internal::ScopeFilter(rule.scope)});
  }
  return groups;
}

}  // namespace

namespace internal {

PairJudge::PairJudge(std::vector<Evaluation>& evaluations,
                     std::vector<ConditionOutcome>& conditions, std::vector<Firing>& firings,
                     std::array<std::size_t, kOutcomeCount>& counts, bool record)
    : evaluations_(evaluations),
      conditions_(conditions),
      firings_(firings),
      counts_(counts),
      record_(record) {}

ConditionOutcome* PairJudge::condition_slots(std::size_t count) {
  if (!record_) {
    if (scratch_.size() < count) scratch_.resize(count);
    return scratch_.data();
  }
  const std::size_t first = conditions_.size();
  conditions_.resize(first + count);
  return conditions_.data() + first;
}

void PairJudge::record(const Pair& pair, const ActionDecision& decision,
                       std::size_t condition_count) {
  ++counts_[static_cast<std::size_t>(decision.outcome)];
  std::optional<std::size_t> firing_index;
  if (decision.outcome == Outcome::fired) {
    firing_index = firings_.size();
    Firing firing = make_firing(*pair.rule, *pair.campaign, pair.date, decision);
    if (record_) firing.evaluation_index = evaluations_.size();
    firings_.push_back(std::move(firing));
  }
  if (!record_) return;
  Evaluation evaluation;
  evaluation.rule_index = pair.rule_index;
  evaluation.campaign_index = pair.campaign_index;
  evaluation.date = pair.date;
  evaluation.outcome = decision.outcome;
  evaluation.first_condition = static_cast<std::uint32_t>(conditions_.size() - condition_count);
  evaluation.condition_count = static_cast<std::uint32_t>(condition_count);
  evaluation.firing_index = firing_index;
  evaluations_.push_back(evaluation);
}

}  // namespace internal

EvaluationReport evaluate(std::span<const Rule> rules, std::span<const CampaignHistory> campaigns,
                          core::Date evaluation_date, const RuleState& state,
                          const EvaluateOptions& options) {
  EvaluationReport report;
  report.evaluation_date = evaluation_date;
  const std::vector<std::size_t> runnable = runnable_rules(rules, report);
  report.rules_evaluated = runnable.size();
  int lookback = 1;
  for (std::size_t r : runnable) lookback = std::max(lookback, internal::lookback_days(rules[r]));
  CooldownBook book(state, evaluation_date, rules, runnable, campaigns);
  const std::vector<ClientRules> groups = group_by_client(rules, runnable);
  const auto by_client = campaigns_by_client(campaigns);
  PairJudge judge(report.evaluations, report.condition_outcomes, report.firings,
                  report.outcome_counts, options.record_evaluations);
  CampaignSeries series;  // one campaign's sums at a time, its memory reused

  for (const ClientRules& group : groups) {
    const auto client = by_client.find(group.client_id);
    if (client == by_client.end()) continue;
    for (std::size_t c : client->second) {
      const CampaignHistory& campaign = campaigns[c];
      bool series_built = false;
      for (const PreparedRule& prepared : group.rules) {
        if (!prepared.filter.matches(campaign)) continue;
        if (!series_built) {
          series.assign(campaign, evaluation_date - (lookback - 1), evaluation_date);
          report.values_ignored += series.values_ignored();
          series_built = true;
        }
        ++report.pairs_evaluated;
        const Rule& rule = rules[prepared.index];
        const PairJudge::Pair pair{&rule,   prepared.index,        &campaign, c,
                                   &series, campaign.daily_budget, evaluation_date};
        const auto decision = judge.judge(pair, [&] { return book.last(prepared.index, c); });
        if (decision.outcome == Outcome::fired) {
          book.record(prepared.index, c, rule, campaign, evaluation_date);
        }
      }
    }
  }
  report.state = book.take_state();
  return report;
}

}  // namespace optimize::rules
