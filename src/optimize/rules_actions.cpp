// What a rule does once its conditions hold: the cooldown, the budget arithmetic and caps, and the
// firing record with its description.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "optimize/rules_internal.h"

namespace optimize::rules::internal {
namespace {

double to_cents(double amount) { return std::round(amount * 100) / 100; }

// Shortest form of a percentage with its sign: "+20", "-12.5".
std::string percent_text(double percent) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, percent);
  std::string text(percent > 0 ? "+" : "");
  return ec == std::errc{} ? text.append(buf, end) : text.append("?");
}

// A raise stops at the maximum and never lowers the budget; a cut stops at the minimum and never
// raises it (a budget already past a cap stays where it is).
BudgetChange budget_change(const Action& action, double from) {
  BudgetChange change;
  change.from = from;
  change.uncapped = to_cents(from * (1 + action.percent / 100));
  change.to = change.uncapped;
  if (action.percent > 0) {
    if (action.max_daily_budget) change.to = std::min(change.to, *action.max_daily_budget);
    change.to = std::max(change.to, from);
  } else {
    if (action.min_daily_budget) change.to = std::max(change.to, *action.min_daily_budget);
    change.to = std::min(change.to, from);
  }
  change.capped = change.to != change.uncapped;
  return change;
}

std::string quoted(const std::string& text) { return std::string("'").append(text).append("'"); }

std::string describe_budget_change(const Rule& rule, const CampaignHistory& campaign,
                                   const BudgetChange& change) {
  std::string text(rule.action.percent > 0 ? "raise" : "lower");
  text.append(" the daily budget of ")
      .append(quoted(campaign.name.empty() ? campaign.id : campaign.name))
      .append(" from ")
      .append(money_text(change.from))
      .append(" to ")
      .append(money_text(change.to))
      .append(" (")
      .append(percent_text(rule.action.percent))
      .append("%");
  if (change.capped) {
    text.append(" would be ")
        .append(money_text(change.uncapped))
        .append("; capped at ")
        .append(money_text(change.to));
  }
  return text.append(")");
}

std::string describe(const Rule& rule, const CampaignHistory& campaign,
                     const ActionDecision& decision) {
  const std::string who = quoted(campaign.name.empty() ? campaign.id : campaign.name);
  switch (rule.action.kind) {
    case ActionKind::notify:
      return std::string("rule ")
          .append(quoted(rule.name))
          .append(" matched campaign ")
          .append(who);
    case ActionKind::recommend_pause:
      return std::string("pause campaign ").append(who);
    case ActionKind::recommend_budget_change:
      return describe_budget_change(rule, campaign, *decision.budget_change);
  }
  return {};
}

}  // namespace

std::string money_text(double value) {
  char buf[400];  // room for any double in fixed notation
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 2);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

ActionDecision decide_action(const Rule& rule, std::optional<double> daily_budget, core::Date date,
                             std::optional<core::Date> last_fired) {
  if (last_fired && date < *last_fired + rule.cooldown_days) return {Outcome::in_cooldown, {}};
  if (rule.action.kind != ActionKind::recommend_budget_change) return {Outcome::fired, {}};
  if (!daily_budget || !(*daily_budget > 0)) return {Outcome::no_daily_budget, {}};
  const BudgetChange change = budget_change(rule.action, *daily_budget);
  if (std::abs(change.to - change.from) < 0.005) return {Outcome::budget_at_cap, {}};
  return {Outcome::fired, change};
}

Firing make_firing(const Rule& rule, const CampaignHistory& campaign, core::Date date,
                   const ActionDecision& decision) {
  Firing firing;
  firing.rule_id = rule.id;
  firing.campaign_id = campaign.id;
  firing.date = date;
  firing.action = rule.action.kind;
  firing.budget_change = decision.budget_change;
  firing.description = describe(rule, campaign, decision);
  return firing;
}

}  // namespace optimize::rules::internal
