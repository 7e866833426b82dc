// Day-of-week performance over the last day_of_week.window_days (8 weeks). Under "every weekday
// converts spend at the same rate", a weekday's conversions given the total are binomial with
// p = its share of spend; a weekday is flagged when the exact two-sided binomial p-value,
// Bonferroni-corrected over the weekdays tested, is below `significance` and its conversions per
// spend differ from the other weekdays' by at least min_effect. The change is a bid adjustment
// of (rate ratio − 1), clamped to ±max_adjustment: the bid that equalises value per spend.
#include <algorithm>
#include <array>
#include <cmath>

#include "optimize/recommend_internal.h"
#include "optimize/recommend_stats.h"

namespace optimize::recs {
namespace {

constexpr double kModelFactor = 0.7;  // a bid change moves spend, not exactly conversion rates
constexpr double kIntervalConfidence = 0.95;

struct Weekday {
  int iso = 0;  // 1 = Monday
  double conversions = 0, spend = 0;
  double p_adjusted = 1;
  double rate = 0, rest_rate = 0;  // conversions per unit of spend
  double adjustment = 0;           // fraction: −0.25 = bid 25% lower
};

struct Week {
  Period period;
  std::array<Weekday, 7> days;
  double conversions = 0, spend = 0;
  int tested = 0;
};

Week sum_weekdays(const CampaignHistory& h, Period period) {
  Week w;
  w.period = period;
  for (int i = 0; i < 7; ++i) w.days[i].iso = i + 1;
  for (const CampaignDay& d : days_in(h, period)) {
    Weekday& wd = w.days[core::iso_weekday(d.date) - 1];
    wd.conversions += d.conversions;
    wd.spend += d.spend;
    w.conversions += d.conversions;
    w.spend += d.spend;
  }
  return w;
}

// Tests each weekday that spent; returns the flagged ones.
std::vector<Weekday> flagged_weekdays(Week& w, const RecommendationOptions& o) {
  for (const Weekday& d : w.days) w.tested += d.spend > 0 && d.spend < w.spend;
  std::vector<Weekday> out;
  for (Weekday& d : w.days) {
    if (!(d.spend > 0) || !(d.spend < w.spend)) continue;
    d.rate = d.conversions / d.spend;
    d.rest_rate = (w.conversions - d.conversions) / (w.spend - d.spend);
    d.p_adjusted = std::min(
        1.0, w.tested * binomial_two_sided_p(d.conversions, w.conversions, d.spend / w.spend));
    if (!(d.rest_rate > 0)) continue;
    const double effect = d.rate / d.rest_rate - 1;
    d.adjustment = std::clamp(effect, -o.day_of_week.max_adjustment, o.day_of_week.max_adjustment);
    if (d.p_adjusted < o.significance && std::fabs(effect) >= o.day_of_week.min_effect)
      out.push_back(d);
  }
  return out;
}

// Conversions gained over the horizon by moving |adjustment| of the weekday's spend to (or
// from) the other weekdays at their rate; the range comes from the weekday's Poisson interval.
struct Gain {
  double point = 0, low = 0, high = 0;
};

Gain gain_of(const Weekday& d, double spend_per_horizon) {
  const Interval count = poisson_interval(d.conversions, kIntervalConfidence);
  const double lo = count.low / d.spend, hi = count.high / d.spend;
  const double moved = spend_per_horizon * std::fabs(d.adjustment);
  Gain g;
  g.point = moved * std::fabs(d.rate - d.rest_rate);
  if (d.rate < d.rest_rate) {
    g.low = moved * std::max(0.0, d.rest_rate - hi);
    g.high = moved * (d.rest_rate - lo);
  } else {
    g.low = moved * std::max(0.0, lo - d.rest_rate);
    g.high = moved * (hi - d.rest_rate);
  }
  return g;
}

Recommendation day_of_week(const CampaignView& c, const Context& ctx, const Week& w,
                           const std::vector<Weekday>& flagged) {
  const RecommendationOptions& o = ctx.options;
  const int h = o.horizon_days;
  Recommendation r;
  r.kind = RecommendationKind::day_of_week;
  r.campaign_ids = {c.id()};
  Gain total;
  double worst_p = 0;
  std::string days_text;
  for (const Weekday& d : flagged) {
    const std::string name(weekday_name(d.iso));
    const double adjustment = std::round(d.adjustment * 100);
    r.changes.push_back(
        numeric_change(c.id(), cat("bid_adjustment.", name), 0, adjustment,
                       cat("set a ", adjustment > 0 ? "+" : "", fixed(adjustment, 0),
                           "% bid adjustment on ", name, "s")));
    r.evidence.push_back(
        compared(evidence(c.id(), cat("cpa.", name), ratio(d.spend, d.conversions), w.period),
                 1 / d.rest_rate, "other weekdays"));
    r.evidence.push_back(
        compared(evidence(c.id(), cat("conversions.", name), d.conversions, w.period),
                 w.conversions * d.spend / w.spend, "expected at the campaign's rate"));
    const Gain g = gain_of(d, d.spend * h / w.period.days());
    total.point += g.point;
    total.low += g.low;
    total.high += g.high;
    worst_p = std::max(worst_p, d.p_adjusted);
    days_text.append(cat(days_text.empty() ? "" : ", ", name, "s (CPA ",
                         d.conversions > 0 ? money(d.spend / d.conversions) : "undefined",
                         " against ", money(1 / d.rest_rate), ")"));
  }
  const double baseline = w.conversions * h / w.period.days();
  r.impacts.push_back(impact(CampaignMetric::conversions, baseline, baseline + total.point, h));
  r.impacts.back().low = total.low;
  r.impacts.back().high = total.high;
  r.value_at_stake = ctx.valuation.conversions(total.point);
  r.title = cat("Weekday performance differs: ", std::to_string(flagged.size()),
                flagged.size() == 1 ? " weekday" : " weekdays", " to adjust");
  r.explanation =
      cat("Over ", period_text(w.period), " conversions per unit of spend differed on ", days_text,
          ", beyond chance (binomial test, Bonferroni-corrected). Adjust bids by weekday so "
          "spend follows the rate; where the platform has no bid adjustments (Meta), schedule "
          "the budget instead (needs a lifetime budget).");
  r.confidence_drivers = {
      {"evidence", 1 - worst_p, "the weakest flagged weekday's corrected binomial p-value"},
      {"model", kModelFactor, "a bid change moves spend, not exactly conversion rates"}};
  finish(r);
  return r;
}

}  // namespace

void check_day_of_week(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diag,
                       std::vector<Recommendation>& out) {
  const DayOfWeekOptions& o = ctx.options.day_of_week;
  auto report = [&](CheckOutcome outcome, std::string detail) {
    diag.checks.push_back({RecommendationKind::day_of_week, outcome, std::move(detail)});
  };
  if (!o.enabled) return report(CheckOutcome::skipped, "disabled");
  Week w = sum_weekdays(*c.history, {ctx.options.today - o.window_days, ctx.options.today - 1});
  if (w.conversions < o.min_conversions) {
    return report(CheckOutcome::skipped,
                  cat(fixed(w.conversions, 0), " conversions in ", std::to_string(o.window_days),
                      " days; the test needs ", fixed(o.min_conversions, 0)));
  }
  const std::vector<Weekday> flagged = flagged_weekdays(w, ctx.options);
  if (flagged.empty()) {
    return report(CheckOutcome::passed, "no weekday converts significantly differently");
  }
  Recommendation r = day_of_week(c, ctx, w, flagged);
  report(CheckOutcome::triggered, r.title);
  out.push_back(std::move(r));
}

}  // namespace optimize::recs
