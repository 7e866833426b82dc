// Creative fatigue: the same people see the same ads more often and click less. Triggered when
// the window's CTR trend (log-linear, days with at least min_daily_impressions) falls at least
// ctr_decline_per_week and significantly, while the mean daily frequency of the last 7 days is
// at least min_frequency_rise above the first 7 days'. Needs frequency, so search campaigns
// (no reach reported) are skipped.
#include <cmath>

#include "optimize/recommend_internal.h"

namespace optimize::recs {
namespace {

constexpr double kRemedyFactor = 0.6;   // new creatives may not win back the lost CTR
constexpr double kRecoveryShare = 0.5;  // the point estimate: half the lost CTR comes back
constexpr int kEdgeDays = 7;            // "first" and "last" week of the window

struct Weeks {
  Period first, last;
  Totals early, late;
};

Weeks weeks_of(const CampaignView& c) {
  Weeks w;
  w.first = first_days(c.window, kEdgeDays);
  w.last = last_days(c.window, kEdgeDays);
  w.early = sum_days(days_in(*c.history, w.first));
  w.late = sum_days(days_in(*c.history, w.last));
  return w;
}

Recommendation fatigue(const CampaignView& c, const Context& ctx, const LogTrend& trend,
                       const Weeks& w) {
  const RecommendationOptions& o = ctx.options;
  const int h = o.horizon_days;
  const double ctr_first = *w.early.ctr(), ctr_last = *w.late.ctr();
  const double freq_first = *w.early.mean_frequency(), freq_last = *w.late.mean_frequency();
  Recommendation r;
  r.kind = RecommendationKind::creative_fatigue;
  r.campaign_ids = {c.id()};
  r.title = cat("Creative fatigue: CTR down ", percent(-trend.per_week, 1),
                " a week while frequency rose ", percent(freq_last / freq_first - 1));
  r.changes.push_back(text_change(c.id(), "creative", "current creatives", "2-3 new creatives",
                                  "add new creatives and retire the most-shown ones"));
  r.evidence.push_back(
      compared(evidence(c.id(), "ctr", ctr_last, w.last), ctr_first, "first 7 days", w.first));
  r.evidence.push_back(evidence(c.id(), "ctr_trend_per_week", trend.per_week, c.window));
  r.evidence.push_back(compared(evidence(c.id(), "frequency", freq_last, w.last), freq_first,
                                "first 7 days", w.first));
  // Impact: the next horizon's impressions at the late CTR, against the CTR of the first week;
  // the point assumes half of the loss is recovered, the interval none to all of it.
  const double impressions = w.late.impressions / w.last.days() * h;
  const double rate = c.now.conversion_rate().value_or(0);
  const double full = impressions * (ctr_first - ctr_last) * rate;
  const double baseline = impressions * ctr_last * rate;
  ExpectedImpact conv =
      impact(CampaignMetric::conversions, baseline, baseline + kRecoveryShare * full, h);
  conv.low = 0;
  conv.high = full;
  ExpectedImpact ctr =
      impact(CampaignMetric::ctr, ctr_last, ctr_last + kRecoveryShare * (ctr_first - ctr_last), h);
  ctr.low = 0;
  ctr.high = ctr_first - ctr_last;
  r.impacts = {conv, ctr};
  r.value_at_stake = full > 0 ? ctx.valuation.conversions(conv.change)
                              : ctx.valuation.unmodelled_share * c.daily_spend * h;
  r.explanation = cat("CTR fell from ", percent(ctr_first, 2), " in the first week of ",
                      period_text(c.window), " to ", percent(ctr_last, 2),
                      " in the last, while people saw the ads more often (mean daily frequency ",
                      fixed(freq_first, 2), " → ", fixed(freq_last, 2),
                      "): the audience is tiring of these creatives. Add new ones and retire the "
                      "most-shown; the estimate assumes half of the lost CTR comes back.");
  r.confidence_drivers = {{"evidence", 1 - trend.p_down, "one-sided test of the CTR trend"},
                          {"remedy", kRemedyFactor, "new creatives may not win back the lost CTR"}};
  finish(r);
  return r;
}

}  // namespace

void check_fatigue(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diag,
                   std::vector<Recommendation>& out) {
  const FatigueOptions& o = ctx.options.fatigue;
  auto report = [&](CheckOutcome outcome, std::string detail) {
    diag.checks.push_back({RecommendationKind::creative_fatigue, outcome, std::move(detail)});
  };
  if (!o.enabled) return report(CheckOutcome::skipped, "disabled");
  if (c.now.frequency_days * 2 < c.now.days) {
    return report(CheckOutcome::skipped, "frequency not reported (search campaigns have none)");
  }
  const double min_impressions = o.min_daily_impressions;
  const auto trend = log_trend(
      c.days, c.window,
      [&](const CampaignDay& d) -> std::optional<double> {
        if (d.impressions < min_impressions || !(d.impressions > 0)) return std::nullopt;
        return (d.clicks + 0.5) / d.impressions;  // +0.5: a day without clicks still has a log
      },
      c.window.days() / 2);
  const Weeks w = weeks_of(c);
  if (!trend || !w.early.ctr() || !w.late.ctr() || !w.early.mean_frequency() ||
      !w.late.mean_frequency()) {
    return report(CheckOutcome::skipped,
                  "too few days with impressions and frequency in the window");
  }
  const double rise = *w.late.mean_frequency() / *w.early.mean_frequency() - 1;
  const bool fatigued = trend->per_week <= -o.ctr_decline_per_week &&
                        trend->p_down < ctx.options.significance && rise >= o.min_frequency_rise;
  if (!fatigued) {
    return report(CheckOutcome::passed,
                  cat("CTR trend ", percent(trend->per_week, 1), " a week, frequency ",
                      rise >= 0 ? "+" : "", percent(rise)));
  }
  Recommendation r = fatigue(c, ctx, *trend, w);
  report(CheckOutcome::triggered, r.title);
  out.push_back(std::move(r));
}

}  // namespace optimize::recs
