// Audience saturation: the campaign has reached most of the people it can, so it buys repeat
// impressions at rising prices. Triggered when the last 7 days' mean daily frequency is at least
// min_frequency, the CPM trend over the window rises significantly and the last 7 days' CPM is
// at least min_cpm_rise above the first 7 days', and mean daily reach no longer grows (last 7
// days <= first 7 days). Needs reach and frequency (not reported for search campaigns).
#include <cmath>

#include "optimize/recommend_internal.h"

namespace optimize::recs {
namespace {

constexpr double kRemedyFactor = 0.6;   // a broader audience may convert worse
constexpr double kRecoveryShare = 0.5;  // the point estimate: half the CPM rise is undone
constexpr int kEdgeDays = 7;

struct Edges {
  Period first, last;
  Totals early, late;
};

Recommendation saturated(const CampaignView& c, const Context& ctx, const LogTrend& cpm_trend,
                         const Edges& e) {
  const RecommendationOptions& o = ctx.options;
  const int h = o.horizon_days;
  const double cpm_first = *e.early.cpm(), cpm_last = *e.late.cpm();
  Recommendation r;
  r.kind = RecommendationKind::audience_saturation;
  r.campaign_ids = {c.id()};
  r.title = cat("Audience saturation: frequency ", fixed(*e.late.mean_frequency(), 1), ", CPM up ",
                percent(cpm_last / cpm_first - 1), ", reach not growing");
  r.changes.push_back(
      text_change(c.id(), "audience", "current audience",
                  "broader audience (wider interests, lookalike expansion, platform-"
                  "expanded audience)",
                  "broaden the audience, or hold the budget until it is broader"));
  r.evidence.push_back(compared(evidence(c.id(), "frequency", e.late.mean_frequency(), e.last),
                                o.saturation.min_frequency, "threshold"));
  r.evidence.push_back(
      compared(evidence(c.id(), "cpm", cpm_last, e.last), cpm_first, "first 7 days", e.first));
  r.evidence.push_back(evidence(c.id(), "cpm_trend_per_week", cpm_trend.per_week, c.window));
  r.evidence.push_back(compared(evidence(c.id(), "reach", e.late.mean_reach(), e.last),
                                e.early.mean_reach(), "first 7 days", e.first));
  // Impact: the horizon's spend at the late rate buys more impressions at a CPM back towards the
  // first week's; the point undoes half the rise, the interval none to all of it.
  const double spend = e.late.spend / e.last.days() * h;
  const double per_impression = ratio(c.now.conversions, c.now.impressions).value_or(0);
  const double full = spend * 1000 * (1 / cpm_first - 1 / cpm_last) * per_impression;
  const double baseline = spend * 1000 / cpm_last * per_impression;
  ExpectedImpact conv =
      impact(CampaignMetric::conversions, baseline, baseline + kRecoveryShare * full, h);
  conv.low = 0;
  conv.high = full;
  ExpectedImpact cpm =
      impact(CampaignMetric::cpm, cpm_last, cpm_last - kRecoveryShare * (cpm_last - cpm_first), h);
  cpm.low = cpm_first - cpm_last;
  cpm.high = 0;
  r.impacts = {conv, cpm};
  r.value_at_stake =
      full > 0 ? ctx.valuation.conversions(conv.change) : ctx.valuation.unmodelled_share * spend;
  r.explanation =
      cat("People in this audience already see the ads ", fixed(*e.late.mean_frequency(), 1),
          " times a day, the daily reach has stopped growing and each thousand impressions "
          "costs ",
          money(cpm_last), " against ", money(cpm_first),
          " in the window's first week: the campaign is paying more to reach the same people "
          "again. "
          "Broaden the audience; the estimate assumes half of the CPM rise is undone.");
  r.confidence_drivers = {{"evidence", 1 - cpm_trend.p_up, "one-sided test of the CPM trend"},
                          {"remedy", kRemedyFactor, "a broader audience may convert worse"}};
  finish(r);
  return r;
}

}  // namespace

void check_saturation(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diag,
                      std::vector<Recommendation>& out) {
  const SaturationOptions& o = ctx.options.saturation;
  auto report = [&](CheckOutcome outcome, std::string detail) {
    diag.checks.push_back({RecommendationKind::audience_saturation, outcome, std::move(detail)});
  };
  if (!o.enabled) return report(CheckOutcome::skipped, "disabled");
  if (c.now.frequency_days * 2 < c.now.days || c.now.reach_days * 2 < c.now.days) {
    return report(CheckOutcome::skipped,
                  "reach and frequency not reported (search campaigns have none)");
  }
  Edges e;
  e.first = first_days(c.window, kEdgeDays);
  e.last = last_days(c.window, kEdgeDays);
  e.early = sum_days(days_in(*c.history, e.first));
  e.late = sum_days(days_in(*c.history, e.last));
  const auto trend = log_trend(
      c.days, c.window,
      [](const CampaignDay& d) -> std::optional<double> {
        return ratio(1000 * d.spend, d.impressions);
      },
      c.window.days() / 2);
  if (!trend || !e.early.cpm() || !e.late.cpm() || !e.late.mean_frequency() ||
      !e.early.mean_reach() || !e.late.mean_reach()) {
    return report(CheckOutcome::skipped,
                  "too few days with impressions, reach and frequency in the window");
  }
  const double frequency = *e.late.mean_frequency();
  const double cpm_rise = *e.late.cpm() / *e.early.cpm() - 1;
  const bool reach_flat = *e.late.mean_reach() <= *e.early.mean_reach();
  if (frequency < o.min_frequency || cpm_rise < o.min_cpm_rise ||
      trend->p_up >= ctx.options.significance || !reach_flat) {
    return report(CheckOutcome::passed,
                  cat("frequency ", fixed(frequency, 2), ", CPM ", cpm_rise >= 0 ? "+" : "",
                      percent(cpm_rise), reach_flat ? ", reach not growing" : ", reach growing"));
  }
  Recommendation r = saturated(c, ctx, *trend, e);
  report(CheckOutcome::triggered, r.title);
  out.push_back(std::move(r));
}

}  // namespace optimize::recs
