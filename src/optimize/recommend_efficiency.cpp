// CPA and ROAS against target. Both are read as a cost per unit of outcome (spend per
// conversion, spend per unit of conversion value) so one piece of code serves both:
//  - over target (CPA above target · (1 + tolerance), ROAS below target · (1 − tolerance)) and
//    significant: cut spend to where the response-curve prior's average cost meets the target;
//  - well under it (headroom) and significant, while the budget is what limits it: raise spend
//    to where the average cost reaches the target, at most max_budget_increase.
// Significance: the window's conversions against the Poisson count the spend would have bought
// at target, λ = spend / target CPA (for ROAS, at the window's value per conversion).
#include <algorithm>
#include <cmath>

#include "optimize/recommend_internal.h"
#include "optimize/recommend_stats.h"

namespace optimize::recs {
namespace {

constexpr double kCurveModelFactor = 0.8;

struct Goal {
  RecommendationKind kind = RecommendationKind::cpa_vs_target;
  CampaignMetric ratio_metric = CampaignMetric::cpa;
  CampaignMetric outcome_metric = CampaignMetric::conversions;
  double target = 0;     // target CPA or ROAS
  double unit_cost = 0;  // spend per outcome unit at target: T, or 1 / R
  double outcome0 = 0;   // daily outcome now
  double lambda = 0;     // conversions at target for the window's spend
  bool roas = false;

  double ratio_at(double spend, double outcome) const {
    return roas ? outcome / spend : spend / outcome;
  }
  std::string name() const { return roas ? "ROAS" : "CPA"; }
  std::string format(double v) const { return roas ? fixed(v, 2) : money(v); }
};

std::optional<Goal> goal_for(const CampaignView& c, const RecommendationOptions& o, bool roas) {
  Goal g;
  g.roas = roas;
  if (!roas) {
    g.target = *o.target_cpa;
    g.unit_cost = g.target;
    g.outcome0 = c.daily_conversions;
    g.lambda = c.now.spend / g.target;
    return g;
  }
  if (!(c.now.conversions > 0) || !(c.now.conversion_value > 0)) return std::nullopt;
  g.kind = RecommendationKind::roas_vs_target;
  g.ratio_metric = CampaignMetric::roas;
  g.outcome_metric = CampaignMetric::conversion_value;
  g.target = *o.target_roas;
  g.unit_cost = 1 / g.target;
  g.outcome0 = c.daily_value;
  const double value_per_conversion = c.now.conversion_value / c.now.conversions;
  g.lambda = g.target * c.now.spend / value_per_conversion;
  return g;
}

// The spend the change moves to, and whether the budget-change cap stopped it short.
struct Move {
  double to = 0;
  bool capped = false;
};

Move move_for(const CampaignView& c, const Goal& g, const RecommendationOptions& o, bool cut) {
  const CampaignCurve curve(c.daily_spend, g.outcome0, o.prior_elasticity);
  const double wanted = curve.spend_for_average_cost(g.unit_cost);
  const double limit =
      c.daily_spend * (cut ? 1 - o.max_budget_decrease : 1 + o.max_budget_increase);
  Move m;
  m.capped = cut ? wanted < limit : wanted > limit;
  m.to = std::round((m.capped ? limit : wanted) * 100) / 100;
  return m;
}

void add_impacts(Recommendation& r, const CampaignView& c, const Goal& g,
                 const RecommendationOptions& o, double to, bool cut) {
  const int h = o.horizon_days;
  const double s0 = c.daily_spend;
  const double es[] = {o.prior_elasticity, o.elasticity_low, o.elasticity_high};
  double outcome_change[3], ratio_change[3];
  for (int i = 0; i < 3; ++i) {
    const CampaignCurve curve(s0, g.outcome0, es[i]);
    outcome_change[i] = (curve.outcome(to) - g.outcome0) * h;
    ratio_change[i] = g.ratio_at(to, curve.outcome(to)) - g.ratio_at(s0, g.outcome0);
  }
  const bool ratio_defined = g.outcome0 > 0 && to > 0;
  ExpectedImpact ratio =
      impact(g.ratio_metric, ratio_defined ? g.ratio_at(s0, g.outcome0) : 0,
             ratio_defined ? g.ratio_at(s0, g.outcome0) + ratio_change[0] : 0, h);
  if (ratio_defined) widen(ratio, ratio_change[1], ratio_change[2]);
  ExpectedImpact outcome =
      impact(g.outcome_metric, g.outcome0 * h, g.outcome0 * h + outcome_change[0], h);
  widen(outcome, outcome_change[1], outcome_change[2]);
  ExpectedImpact spend = impact(CampaignMetric::spend, s0 * h, to * h, h);
  // A cut is about the ratio (or spend, when nothing converted); a raise about volume.
  if (cut) {
    r.impacts = {ratio_defined ? ratio : spend, outcome};
    if (ratio_defined) r.impacts.push_back(spend);
  } else {
    r.impacts = {outcome, spend, ratio};
  }
  // Outcome valued at the target: what is saved net of what is lost (or gained net of cost).
  const double spend_delta = (to - s0) * h;
  r.value_at_stake = std::max(0.0, cut ? -spend_delta + outcome_change[0] * g.unit_cost
                                       : outcome_change[0] * g.unit_cost - spend_delta);
}

void explain(Recommendation& r, const CampaignView& c, const Goal& g, std::optional<double> now,
             double from, const Move& m, bool cut) {
  std::string text = cat("Over ", period_text(c.window), " the campaign's ", g.name(), " was ",
                         now ? g.format(*now) : std::string("undefined (nothing converted)"),
                         " against a target of ", g.format(g.target), ". ");
  if (cut) {
    text.append(
            "Each extra unit of spend buys less than the last, so spending less brings the "
            "average back towards target: ")
        .append(budget_change_text(from, m.to))
        .append(".");
    if (m.capped) {
      text.append(
          " That is the largest cut allowed in one step and the response-curve prior says "
          "it does not reach the target on its own: also review bids, targeting and the "
          "landing page.");
    }
  } else {
    text.append("It spends its whole budget, so the budget is what holds it back; ")
        .append(budget_change_text(from, m.to))
        .append(m.capped ? " (the largest step allowed; repeat after a week if it holds)."
                         : ", where the average reaches the target on the response-curve prior.");
  }
  r.explanation = std::move(text);
}

bool budget_limited(const CampaignView& c, const RecommendationOptions& o) {
  const auto& budget = c.history->daily_budget;
  return !budget || c.daily_spend >= *budget * (1 - o.pacing.tolerance);
}

// Where the campaign stands against the target, and how sure the test is.
struct Standing {
  std::optional<double> now;  // CPA or ROAS over the window
  bool over = false;          // worse than target beyond the tolerance
  bool under = false;         // better than target beyond the headroom
  double p = 1;               // one-sided Poisson p-value in the flagged direction
};

Standing standing_of(const CampaignView& c, const Goal& g, const EfficiencyOptions& o) {
  Standing s;
  s.now = g.roas ? c.now.roas() : c.now.cpa();
  const double cost_now = s.now ? (g.roas ? 1 / *s.now : *s.now) : INFINITY;
  const double over_limit =
      g.roas ? g.unit_cost / (1 - o.tolerance) : g.unit_cost * (1 + o.tolerance);
  const double headroom_limit =
      g.roas ? g.unit_cost / (1 + o.headroom) : g.unit_cost * (1 - o.headroom);
  s.over = cost_now > over_limit;
  s.under = cost_now < headroom_limit;
  s.p = s.over ? poisson_cdf(c.now.conversions, g.lambda)
               : poisson_upper_tail(c.now.conversions, g.lambda);
  return s;
}

Recommendation recommend(const CampaignView& c, const Goal& g, const Standing& s,
                         const RecommendationOptions& o) {
  const Move m = move_for(c, g, o, s.over);
  const double from = c.history->daily_budget.value_or(c.daily_spend);
  const std::string metric(to_string(g.ratio_metric));
  Recommendation r;
  r.kind = g.kind;
  r.campaign_ids = {c.id()};
  r.title = cat(g.name(), " ", g.format(s.now.value_or(0)), s.over ? " misses" : " beats", " the ",
                g.format(g.target), " target");
  if (!s.now) r.title = cat("No conversions after spending ", money(c.now.spend));
  r.changes.push_back(
      numeric_change(c.id(), "daily_budget", from, m.to, budget_change_text(from, m.to)));
  r.evidence.push_back(compared(evidence(c.id(), metric, s.now, c.window), g.target, "target"));
  r.evidence.push_back(compared(evidence(c.id(), "conversions", c.now.conversions, c.window),
                                g.lambda, "conversions the spend buys at target"));
  r.evidence.push_back(compared(evidence(c.id(), "mean_daily_spend", c.daily_spend, c.window),
                                c.history->daily_budget,
                                c.history->daily_budget ? "daily budget" : ""));
  if (c.previous) {
    r.evidence.push_back(
        compared(evidence(c.id(), metric, g.roas ? c.before.roas() : c.before.cpa(), *c.previous),
                 s.now, "analysis window", c.window));
  }
  add_impacts(r, c, g, o, m.to, s.over);
  explain(r, c, g, s.now, from, m, s.over);
  r.confidence_drivers = {
      {"evidence", 1 - s.p, "one-sided Poisson test of the conversions against the target"},
      {"model", kCurveModelFactor, "the new spend's outcome is read off the response-curve prior"}};
  finish(r);
  return r;
}

void check_goal(const CampaignView& c, const Context& ctx, bool roas, CampaignDiagnostics& diag,
                std::vector<Recommendation>& out) {
  const RecommendationOptions& o = ctx.options;
  const RecommendationKind kind =
      roas ? RecommendationKind::roas_vs_target : RecommendationKind::cpa_vs_target;
  auto report = [&](CheckOutcome outcome, std::string detail) {
    diag.checks.push_back({kind, outcome, std::move(detail)});
  };
  if (!o.efficiency.enabled) return report(CheckOutcome::skipped, "disabled");
  if (!(roas ? o.target_roas : o.target_cpa)) {
    return report(CheckOutcome::skipped, roas ? "no target ROAS given" : "no target CPA given");
  }
  const std::optional<Goal> goal = goal_for(c, o, roas);
  if (!goal) return report(CheckOutcome::skipped, "no conversions with a value in the window");
  // λ is the spend measured in target CPAs (for ROAS, in conversions' value at target).
  if (goal->lambda < o.efficiency.min_spend_in_target_cpas) {
    return report(CheckOutcome::skipped, "spent too little to judge against the target");
  }
  const Standing s = standing_of(c, *goal, o.efficiency);
  const std::string now =
      cat(goal->name(), " ", s.now ? goal->format(*s.now) : std::string("undefined"));
  if ((!s.over && !s.under) || s.p >= o.significance) {
    return report(CheckOutcome::passed,
                  cat(now, " is within the target's range or not significantly off it"));
  }
  if (s.under && !budget_limited(c, o)) {
    return report(CheckOutcome::passed,
                  cat(now, " beats the target, but the campaign does not spend its budget"));
  }
  Recommendation r = recommend(c, *goal, s, o);
  report(CheckOutcome::triggered, r.title);
  out.push_back(std::move(r));
}

}  // namespace

void check_cpa(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diag,
               std::vector<Recommendation>& out) {
  check_goal(c, ctx, false, diag, out);
}

void check_roas(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diag,
                std::vector<Recommendation>& out) {
  check_goal(c, ctx, true, diag, out);
}

}  // namespace optimize::recs
