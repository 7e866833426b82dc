// Moving budget between a client's campaigns by marginal return, with the exact equal-marginal
// allocator (budget::allocate). Each campaign's curve is the response-curve prior through its
// own window point, so its marginal return at current spend is elasticity · conversions / spend
// = elasticity / CPA: the allocator moves money from high-CPA to low-CPA campaigns until the
// marginal costs meet, each campaign within [1 − max_budget_decrease, 1 + max_budget_increase]
// of its current spend. The expected gain is the allocator's outcome_gain over the horizon.
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "budget/allocator.h"
#include "optimize/recommend_internal.h"
#include "optimize/recommend_stats.h"

namespace optimize::recs {
namespace {

constexpr double kModelFactor = 0.6;  // one elasticity for all, a curve through one point

struct Member {
  const CampaignView* view = nullptr;
  CampaignDiagnostics* diag = nullptr;
};

double outcome_of(const CampaignView& v, bool revenue) {
  return revenue ? v.daily_value : v.daily_conversions;
}

std::vector<budget::Channel> channels_of(const std::vector<Member>& members, bool revenue,
                                         const RecommendationOptions& o, double elasticity) {
  std::vector<budget::Channel> channels;
  for (const Member& m : members) {
    budget::Channel ch;
    ch.name = m.view->id();
    ch.curve = CampaignCurve(m.view->daily_spend, outcome_of(*m.view, revenue), elasticity)
                   .response_curve();
    ch.current = m.view->daily_spend;
    ch.lower_multiple = 1 - o.max_budget_decrease;
    ch.lower_multiple_reason = "largest cut in one step (max_budget_decrease)";
    ch.upper_multiple = 1 + o.max_budget_increase;
    ch.upper_multiple_reason = "largest raise in one step (max_budget_increase)";
    channels.push_back(std::move(ch));
  }
  return channels;
}

// The plan's gain per day under another elasticity: the same spends on other curves.
double gain_under(const std::vector<Member>& members, const budget::AllocationSummary& plan,
                  bool revenue, double elasticity) {
  double gain = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const CampaignCurve curve(members[i].view->daily_spend, outcome_of(*members[i].view, revenue),
                              elasticity);
    gain += curve.outcome(plan.channels[i].optimal_spend) -
            curve.outcome(plan.channels[i].reference_spend);
  }
  return gain;
}

// Φ(z) for "the largest recipient really is cheaper per conversion than the largest donor".
double ranking_evidence(const std::vector<Member>& members, const budget::AllocationSummary& plan) {
  std::size_t donor = 0, recipient = 0;
  for (std::size_t i = 0; i < plan.channels.size(); ++i) {
    if (plan.channels[i].change < plan.channels[donor].change) donor = i;
    if (plan.channels[i].change > plan.channels[recipient].change) recipient = i;
  }
  const Totals& d = members[donor].view->now;
  const Totals& r = members[recipient].view->now;
  const double z = std::log((d.spend / d.conversions) / (r.spend / r.conversions)) /
                   std::sqrt(1 / d.conversions + 1 / r.conversions);
  return normal_cdf(z);
}

// " By platform: Google Ads -50.00 a day; Meta +50.00 a day." when the move crosses platforms.
std::string platform_shift(const std::vector<Member>& members,
                           const budget::AllocationSummary& plan) {
  std::map<std::string_view, double> net;
  for (std::size_t i = 0; i < members.size(); ++i) {
    net[core::platform_display_name(members[i].view->history->platform)] += plan.channels[i].change;
  }
  if (net.size() < 2) return "";
  std::string text = " By platform:";
  for (const auto& [platform, change] : net) {
    text.append(cat(" ", platform, " ", change >= 0 ? "+" : "", money(change), " a day;"));
  }
  text.back() = '.';
  return text;
}

// Adds one campaign's evidence, check and (when it moves enough) change; returns the move as
// text, or "" when it is not listed.
std::string add_member(Recommendation& r, const Member& m, const budget::ChannelResult& ch,
                       bool revenue, const ReallocationOptions& o) {
  const CampaignView& v = *m.view;
  const double from = std::round(ch.current_spend * 100) / 100, to = ch.optimal_spend;
  std::optional<double> marginal_now, marginal_after;  // the cost of the last outcome unit
  if (ch.current_marginal_return) marginal_now = 1 / *ch.current_marginal_return;
  if (ch.optimal_marginal_return) marginal_after = 1 / *ch.optimal_marginal_return;
  r.evidence.push_back(
      evidence(v.id(), revenue ? "roas" : "cpa", revenue ? v.now.roas() : v.now.cpa(), v.window));
  r.evidence.push_back(
      compared(evidence(v.id(), revenue ? "marginal_cost_per_value" : "marginal_cpa", marginal_now,
                        v.window),
               marginal_after, "after the move"));
  const bool listed = std::fabs(ch.change) >= std::max(0.01, o.min_change_share * ch.current_spend);
  m.diag->checks.push_back({RecommendationKind::budget_reallocation,
                            listed ? CheckOutcome::triggered : CheckOutcome::passed,
                            cat("daily spend ", money(from), " → ", money(to))});
  if (!listed) return "";
  r.campaign_ids.push_back(v.id());
  r.changes.push_back(
      numeric_change(v.id(), "daily_budget", from, to, budget_change_text(from, to)));
  return cat(v.history->name.empty() ? v.id() : v.history->name, ": ", money(from), " → ",
             money(to));
}

Recommendation recommend(const std::vector<Member>& members, const budget::AllocationSummary& plan,
                         bool revenue, const Context& ctx) {
  const RecommendationOptions& o = ctx.options;
  const int h = o.horizon_days;
  Recommendation r;
  r.kind = RecommendationKind::budget_reallocation;
  double moved = 0;
  std::string moves;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::string move = add_member(r, members[i], plan.channels[i], revenue, o.reallocation);
    if (move.empty()) continue;
    moved += std::max(0.0, plan.channels[i].change);
    moves.append(moves.empty() ? " " : "; ").append(move);
  }
  const CampaignMetric metric =
      revenue ? CampaignMetric::conversion_value : CampaignMetric::conversions;
  r.impacts.push_back(impact(metric, plan.reference.outcome * h,
                             (plan.reference.outcome + plan.outcome_gain) * h, h));
  widen(r.impacts.back(), gain_under(members, plan, revenue, o.elasticity_low) * h,
        gain_under(members, plan, revenue, o.elasticity_high) * h);
  r.value_at_stake = revenue ? ctx.valuation.revenue(plan.outcome_gain * h)
                             : ctx.valuation.conversions(plan.outcome_gain * h);
  r.title = cat("Move ", money(moved), " a day between ", std::to_string(r.changes.size()),
                " campaigns by marginal return");
  r.explanation = cat(
      "The last unit of spend buys more in some campaigns than in others. Moving budget until the "
      "marginal costs meet gains ",
      percent(plan.outcome_gain_percent.value_or(0) / 100, 1),
      revenue ? " conversion value" : " conversions",
      std::fabs(plan.optimal.spend - plan.current.spend) < 0.01
          ? std::string(" at the same total spend")
          : cat(" at a total of ", money(plan.optimal.spend), " a day"),
      ", on response-curve priors with elasticity ", fixed(o.prior_elasticity, 1),
      " through each campaign's window. Daily spend:", moves, ".", platform_shift(members, plan));
  r.confidence_drivers = {
      {"evidence", ranking_evidence(members, plan),
       "the recipient's lower CPA is not noise (Poisson)"},
      {"model", kModelFactor,
       "one elasticity for every campaign; each curve is a prior through one point"}};
  finish(r);
  return r;
}

void reallocate_client(const std::vector<Member>& members, const Context& ctx, bool single_client,
                       std::vector<Recommendation>& out, std::vector<std::string>& notes) {
  const RecommendationOptions& o = ctx.options;
  const bool revenue =
      o.target_roas && std::all_of(members.begin(), members.end(), [](const Member& m) {
        return m.view->now.conversion_value > 0;
      });
  double current = 0;
  for (const Member& m : members) current += m.view->daily_spend;
  budget::AllocationOptions ao;
  ao.objective = budget::Objective::max_outcome;
  ao.budget =
      std::round(((single_client && o.total_daily_budget) ? *o.total_daily_budget : current) *
                 100) /
      100;
  budget::AllocationSummary plan;
  try {
    plan = budget::allocate(channels_of(members, revenue, o, o.prior_elasticity), ao);
  } catch (const std::invalid_argument& e) {
    notes.push_back(cat("reallocation for client ", members.front().view->history->client_id,
                        " not computed: ", e.what()));
    return;
  }
  const double gain = plan.reference.outcome > 0 ? plan.outcome_gain / plan.reference.outcome : 0;
  if (!plan.improved || gain < o.reallocation.min_relative_gain) {
    for (const Member& m : members) {
      m.diag->checks.push_back({RecommendationKind::budget_reallocation, CheckOutcome::passed,
                                cat("moving budget would gain ", percent(gain, 1))});
    }
    return;
  }
  out.push_back(recommend(members, plan, revenue, ctx));
}

}  // namespace

void plan_reallocation(const std::vector<CampaignView>& views, const Context& ctx,
                       std::vector<CampaignDiagnostics*>& diagnostics,
                       std::vector<Recommendation>& out, std::vector<std::string>& notes) {
  const ReallocationOptions& o = ctx.options.reallocation;
  std::vector<std::string> clients;
  std::map<std::string, std::vector<Member>> eligible;
  for (std::size_t i = 0; i < views.size(); ++i) {
    const CampaignView& v = views[i];
    auto skip = [&](std::string why) {
      diagnostics[i]->checks.push_back(
          {RecommendationKind::budget_reallocation, CheckOutcome::skipped, std::move(why)});
    };
    if (!o.enabled) {
      skip("disabled");
      continue;
    }
    if (v.now.conversions < o.min_conversions || !(v.now.conversions > 0) || !(v.daily_spend > 0)) {
      skip(cat(fixed(v.now.conversions, 1), " conversions in the window; taking part needs ",
               fixed(o.min_conversions, 0)));
      continue;
    }
    const std::string& client = v.history->client_id;
    if (!eligible.contains(client)) clients.push_back(client);
    eligible[client].push_back({&v, diagnostics[i]});
  }
  if (ctx.options.total_daily_budget && clients.size() > 1) {
    notes.push_back(cat("total_daily_budget ignored: the campaigns belong to ",
                        std::to_string(clients.size()),
                        " clients, and each client's budget is moved within the client"));
  }
  for (const std::string& client : clients) {
    const std::vector<Member>& members = eligible[client];
    if (members.size() < 2) {
      members.front().diag->checks.push_back(
          {RecommendationKind::budget_reallocation, CheckOutcome::skipped,
           "no other campaign of its client to move budget to or from"});
      continue;
    }
    reallocate_client(members, ctx, clients.size() == 1, out, notes);
  }
}

}  // namespace optimize::recs
