// Budget pacing: is the campaign spending what its budget says it should?
//  - daily budget: the window's mean daily spend against the budget, ± tolerance. Over it, the
//    budget is set so that spend returns to the planned amount (budget² / spend); under it, the
//    budget is lowered to the spend plus the tolerance as headroom, releasing the rest.
//  - lifetime budget with an end date: spend so far plus the current rate (mean of the last
//    rate_days, a day without a row counting as no spend) until the end date, against the
//    lifetime budget, ± tolerance; the change is the daily rate that lands on the budget.
#include <algorithm>
#include <cmath>

#include "optimize/recommend_internal.h"

namespace optimize::recs {
namespace {

constexpr double kProjectionFactor = 0.9;  // the current rate may not continue
constexpr double kCurveModelFactor = 0.8;  // conversions from the response-curve prior

double round_cents(double v) { return std::round(v * 100) / 100; }

Recommendation pacing_base(const CampaignView& c, std::string title) {
  Recommendation r;
  r.kind = RecommendationKind::budget_pacing;
  r.campaign_ids = {c.id()};
  r.title = std::move(title);
  return r;
}

// Share of the window's days on the flagged side of the budget: how steady the finding is.
double share_of_days(const CampaignView& c, bool over, double budget, double tolerance) {
  int n = 0;
  for (const CampaignDay& d : c.days) {
    if (over ? d.spend > budget : d.spend < budget * (1 - tolerance)) ++n;
  }
  return c.now.days > 0 ? static_cast<double>(n) / c.now.days : 0;
}

Recommendation daily_recommendation(const CampaignView& c, const Context& ctx, double budget,
                                    bool over) {
  const RecommendationOptions& o = ctx.options;
  const int h = o.horizon_days;
  const double tolerance = o.pacing.tolerance;
  const std::string pace = percent(c.daily_spend / budget);
  const double to =
      round_cents(over ? budget * budget / c.daily_spend : c.daily_spend * (1 + tolerance));
  Recommendation r = pacing_base(
      c, cat(over ? "Overspending" : "Under-delivering", " its daily budget: ", pace, " of it"));
  r.changes.push_back(
      numeric_change(c.id(), "daily_budget", budget, to, budget_change_text(budget, to)));
  r.evidence.push_back(compared(evidence(c.id(), "mean_daily_spend", c.daily_spend, c.window),
                                budget, "daily budget"));
  const double steady = share_of_days(c, over, budget, tolerance);
  r.evidence.push_back(evidence(
      c.id(), over ? "share_of_days_over_budget" : "share_of_days_under_budget", steady, c.window));
  const std::string spent =
      cat("Over ", period_text(c.window), " the campaign spent ", money(c.daily_spend), " a day");
  if (over) {
    const CampaignCurve curve(c.daily_spend, c.daily_conversions, o.prior_elasticity);
    r.impacts.push_back(impact(CampaignMetric::spend, c.daily_spend * h, budget * h, h));
    r.impacts.push_back(
        impact(CampaignMetric::conversions, c.daily_conversions * h, curve.outcome(budget) * h, h));
    r.explanation = cat(spent, " against a daily budget of ", money(budget),
                        ". Platforms may exceed a daily budget on single days, but not on average: "
                        "set the budget to ",
                        money(to), " so that spend comes back to the planned ", money(budget),
                        " a day, or raise the plan if the extra volume is wanted.");
  } else {
    r.impacts.push_back(impact(CampaignMetric::budget, budget * h, to * h, h));
    r.explanation = cat(spent, " of a ", money(budget),
                        " daily budget: bids, targeting or audience size limit it, not the budget. "
                        "Lower the budget to ",
                        money(to), " (its spend plus ", percent(tolerance),
                        " headroom) to release the rest for campaigns that can use it; if its cost "
                        "per result is good and volume is wanted, loosen the bid target or widen "
                        "targeting instead.");
  }
  r.value_at_stake = ctx.valuation.unmodelled_share * std::fabs(r.impacts.front().change);
  r.confidence_drivers = {{"data", std::min(1.0, static_cast<double>(c.now.days) / c.window.days()),
                           "share of the window's days with data"},
                          {"evidence", steady, "share of days on the flagged side of the budget"}};
  finish(r);
  return r;
}

void daily_pacing(const CampaignView& c, const Context& ctx, double budget,
                  CampaignDiagnostics& diag, std::vector<Recommendation>& out) {
  const double tolerance = ctx.options.pacing.tolerance, pace = c.daily_spend / budget;
  if (pace <= 1 + tolerance && pace >= 1 - tolerance) {
    diag.checks.push_back({RecommendationKind::budget_pacing, CheckOutcome::passed,
                           cat("spends ", percent(pace), " of its daily budget")});
    return;
  }
  Recommendation r = daily_recommendation(c, ctx, budget, pace > 1 + tolerance);
  diag.checks.push_back({RecommendationKind::budget_pacing, CheckOutcome::triggered, r.title});
  out.push_back(std::move(r));
}

struct Flight {
  Period so_far, rate_period, rest;
  double lifetime = 0, spent = 0, rate = 0, projected = 0;
  int rate_days_with_data = 0;
  double remaining() const { return lifetime - spent; }
  int remaining_days() const { return rest.days(); }
};

Flight flight_of(const CampaignView& c, const RecommendationOptions& o) {
  const CampaignHistory& h = *c.history;
  Flight f;
  f.lifetime = *h.lifetime_budget;
  f.so_far = {h.start_date.value_or(h.days.front().date), o.today - 1};
  f.rest = {o.today, *h.end_date};
  f.spent = sum_days(days_in(h, f.so_far)).spend;
  f.rate_period = last_days(c.window, o.pacing.rate_days);
  const Totals recent = sum_days(days_in(h, f.rate_period));
  f.rate_days_with_data = recent.days;
  f.rate = recent.spend / f.rate_period.days();  // a day without a row spent nothing
  f.projected = f.spent + f.rate * f.remaining_days();
  return f;
}

// Conversions over the rest of the flight at the current rate (which stops when the budget runs
// out) and at the required one, under each elasticity; the first is the point.
void add_flight_impacts(Recommendation& r, const CampaignView& c, const Flight& f, double required,
                        const Context& ctx) {
  const RecommendationOptions& o = ctx.options;
  const int rd = f.remaining_days();
  const double days_delivering = std::min<double>(rd, f.remaining() / f.rate);
  const double status_quo_spend = std::min(f.rate * rd, f.remaining());
  const double elasticities[] = {o.prior_elasticity, o.elasticity_low, o.elasticity_high};
  double base[3], gain[3];
  for (int i = 0; i < 3; ++i) {
    const CampaignCurve curve(c.daily_spend, c.daily_conversions, elasticities[i]);
    base[i] = curve.outcome(f.rate) * days_delivering;
    gain[i] = curve.outcome(required) * rd - base[i];
  }
  const bool converts = c.daily_conversions > 0;
  if (converts) {
    r.impacts.push_back(impact(CampaignMetric::conversions, base[0], base[0] + gain[0], rd));
    widen(r.impacts.back(), gain[1], gain[2]);
  }
  r.impacts.push_back(impact(CampaignMetric::spend, status_quo_spend, required * rd, rd));
  r.value_at_stake = converts ? ctx.valuation.conversions(gain[0])
                              : ctx.valuation.unmodelled_share * std::fabs(r.impacts.back().change);
}

Recommendation flight_recommendation(const CampaignView& c, const Flight& f, const Context& ctx) {
  const bool over = f.projected > f.lifetime;
  const double required = round_cents(f.remaining() / f.remaining_days());
  const core::Date end = f.rest.last;
  Recommendation r = pacing_base(
      c, cat(over ? "Over-pacing" : "Under-pacing", " its lifetime budget: on course for ",
             percent(f.projected / f.lifetime), " of it"));
  r.changes.push_back(numeric_change(c.id(), "daily_budget", round_cents(f.rate), required,
                                     budget_change_text(f.rate, required)));
  r.evidence.push_back(compared(evidence(c.id(), "projected_spend", f.projected, f.rest),
                                f.lifetime, "lifetime budget"));
  r.evidence.push_back(evidence(c.id(), "spend_to_date", f.spent, f.so_far));
  r.evidence.push_back(compared(evidence(c.id(), "daily_spend_rate", f.rate, f.rate_period),
                                required, "rate that lands on the lifetime budget"));
  add_flight_impacts(r, c, f, required, ctx);
  r.explanation = cat("The campaign has spent ", money(f.spent), " of its ", money(f.lifetime),
                      " lifetime budget and spends ", money(f.rate), " a day; ",
                      std::to_string(f.remaining_days()), " days remain to ", date_text(end),
                      over ? ", so it would run out of budget early and stop delivering. "
                           : ", so it would leave budget unspent. ",
                      "Spending ", money(required), " a day lands on the budget on the end date",
                      c.daily_conversions > 0
                          ? "; conversions are estimated on the campaign's response-curve prior."
                          : ".");
  r.confidence_drivers = {
      {"data", std::min(1.0, static_cast<double>(f.rate_days_with_data) / f.rate_period.days()),
       "share of the rate window's days with data"},
      {"projection", kProjectionFactor, "assumes the current rate would continue"}};
  if (c.daily_conversions > 0) {
    r.confidence_drivers.push_back({"model", kCurveModelFactor, "response-curve prior"});
  }
  finish(r);
  return r;
}

void lifetime_pacing(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diag,
                     std::vector<Recommendation>& out) {
  const Flight f = flight_of(c, ctx.options);
  const double pace = f.projected / f.lifetime, tolerance = ctx.options.pacing.tolerance;
  if (!(f.remaining() > 0)) {
    diag.checks.push_back({RecommendationKind::budget_pacing, CheckOutcome::skipped,
                           "the lifetime budget is already spent"});
    return;
  }
  if (pace <= 1 + tolerance && pace >= 1 - tolerance) {
    diag.checks.push_back({RecommendationKind::budget_pacing, CheckOutcome::passed,
                           cat("on pace for ", percent(pace), " of its lifetime budget")});
    return;
  }
  Recommendation r = flight_recommendation(c, f, ctx);
  diag.checks.push_back({RecommendationKind::budget_pacing, CheckOutcome::triggered, r.title});
  out.push_back(std::move(r));
}

}  // namespace

void check_pacing(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diag,
                  std::vector<Recommendation>& out) {
  const CampaignHistory& h = *c.history;
  const PacingOptions& o = ctx.options.pacing;
  auto skip = [&](std::string why) {
    diag.checks.push_back(
        {RecommendationKind::budget_pacing, CheckOutcome::skipped, std::move(why)});
  };
  if (!o.enabled) return skip("disabled");
  if (c.now.days < o.min_days) return skip("too few days with data in the window");
  if (h.lifetime_budget && h.end_date && *h.lifetime_budget > 0) {
    return lifetime_pacing(c, ctx, diag, out);
  }
  if (h.daily_budget && *h.daily_budget > 0) {
    return daily_pacing(c, ctx, *h.daily_budget, diag, out);
  }
  skip("no daily budget, and no lifetime budget with an end date");
}

}  // namespace optimize::recs
