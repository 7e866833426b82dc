// dry_run(): one rule replayed day by day over past data, with its own cooldowns and (when the
// recommendations are assumed applied) its own budgets and pauses.
#include <stdexcept>
#include <string>

#include "optimize/rules.h"
#include "optimize/rules_internal.h"

namespace optimize::rules {
namespace {

using internal::CampaignSeries;
using internal::PairJudge;

// One in-scope campaign's state as the replay moves through the days.
struct Replay {
  std::size_t campaign_index = 0;
  CampaignSeries series;
  std::optional<double> daily_budget;
  std::optional<core::Date> last_fired;
  bool paused = false;
};

void check_range(core::Date from, core::Date to) {
  if (to < from) throw std::invalid_argument("to: must not be before from");
  if (to - from + 1 > internal::kMaxDryRunDays) {
    throw std::invalid_argument("to: a dry run covers at most 3650 days");
  }
}

// Daily data gives one judgement a day: hourly and daily rules run every day, weekly ones on
// their weekday.
bool runs_on(const Schedule& schedule, core::Date date) {
  return schedule.cadence != Cadence::weekly || core::iso_weekday(date) == schedule.weekday;
}

void replay_day(const Rule& rule, std::span<const CampaignHistory> campaigns, core::Date date,
                const DryRunOptions& options, PairJudge& judge, Replay& replay,
                CampaignDryRun& out) {
  if (replay.paused) return;
  const CampaignHistory& campaign = campaigns[replay.campaign_index];
  const PairJudge::Pair pair{&rule,           0, &campaign, replay.campaign_index, &replay.series,
                             replay.daily_budget, date};
  const auto decision = judge.judge(pair, [&] { return replay.last_fired; });
  if (decision.outcome != Outcome::fired) return;
  replay.last_fired = date;
  out.firings.push_back(DryRunFiring{date, 0, decision.budget_change});
  if (!options.assume_applied) return;
  if (decision.budget_change) replay.daily_budget = decision.budget_change->to;
  if (rule.action.kind == ActionKind::recommend_pause) {
    replay.paused = true;
    out.paused_on = date;
  }
}

// Each firing governs the spend from the next day until the day before the campaign's next
// firing, or the end of the replay.
void settle_spend(const Replay& replay, core::Date to, CampaignDryRun& out) {
  for (std::size_t i = 0; i < out.firings.size(); ++i) {
    const core::Date last = i + 1 < out.firings.size() ? out.firings[i + 1].date - 1 : to;
    out.firings[i].spend_affected = replay.series.spend_between(out.firings[i].date + 1, last);
    out.spend_affected += out.firings[i].spend_affected;
  }
  out.final_daily_budget = replay.daily_budget;
}

}  // namespace

DryRunReport dry_run(const Rule& rule, std::span<const CampaignHistory> campaigns, core::Date from,
                     core::Date to, const DryRunOptions& options) {
  validate(rule);
  check_range(from, to);
  DryRunReport report;
  report.rule_id = rule.id;
  report.from = from;
  report.to = to;

  const internal::ScopeFilter filter(rule.scope);
  const core::Date earliest = from - (internal::lookback_days(rule) - 1);
  std::vector<Replay> replays;
  for (std::size_t i = 0; i < campaigns.size(); ++i) {
    if (!filter.matches(campaigns[i])) continue;
    replays.push_back(Replay{i, CampaignSeries(campaigns[i], earliest, to),
                             campaigns[i].daily_budget, std::nullopt, false});
    report.values_ignored += replays.back().series.values_ignored();
    CampaignDryRun campaign;
    campaign.campaign_index = i;
    campaign.campaign_id = campaigns[i].id;
    campaign.starting_daily_budget = campaigns[i].daily_budget;
    report.campaigns.push_back(std::move(campaign));
  }

  PairJudge judge(report.evaluations, report.condition_outcomes, report.firings,
                  report.outcome_counts, options.record_evaluations);
  for (core::Date date = from; date <= to; date = date + 1) {
    ++report.days_replayed;
    if (!runs_on(rule.schedule, date)) continue;
    ++report.days_due;
    for (std::size_t k = 0; k < replays.size(); ++k) {
      replay_day(rule, campaigns, date, options, judge, replays[k], report.campaigns[k]);
    }
  }
  for (std::size_t k = 0; k < replays.size(); ++k) {
    settle_spend(replays[k], to, report.campaigns[k]);
    report.spend_affected += report.campaigns[k].spend_affected;
  }
  return report;
}

}  // namespace optimize::rules
