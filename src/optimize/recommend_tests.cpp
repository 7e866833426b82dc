// Which A/B tests to run next: one for each finding whose remedy is uncertain, sized so that a
// two-arm 50/50 test at the campaign's current traffic can see minimum_detectable_effect with
// the given power (two-sided at `significance`) within max_days:
//   creative fatigue      → new creatives vs current, on CTR (binomial, per impression);
//   CPA / ROAS over target → landing page or offer, on conversion rate (binomial, per click);
//   audience saturation   → broader audience vs current, on CPA (Poisson rate, per conversion);
//   bid-strategy switch   → the new strategy as a campaign experiment, on CPA (Poisson rate).
// At most max_tests are proposed, the most valuable first.
#include <algorithm>
#include <cmath>

#include "optimize/recommend_internal.h"
#include "optimize/recommend_stats.h"

namespace optimize::recs {
namespace {

struct Design {
  RecommendationKind motive;
  std::string variant;  // what the test arm changes
  std::string hypothesis;
  CampaignMetric metric;
  bool binomial;  // else a Poisson rate per conversion
};

std::optional<Design> design_for(const Recommendation& finding) {
  switch (finding.kind) {
    case RecommendationKind::creative_fatigue:
      return Design{finding.kind, "new creatives",
                    "new creatives win back the CTR the current ones lost", CampaignMetric::ctr,
                    true};
    case RecommendationKind::cpa_vs_target:
    case RecommendationKind::roas_vs_target:
      if (finding.impacts.empty() || finding.impacts.front().change == 0 ||
          finding.impacts.front().metric == CampaignMetric::conversions ||
          finding.impacts.front().metric == CampaignMetric::conversion_value) {
        return std::nullopt;  // a raise on a campaign beating its target: nothing to test
      }
      return Design{finding.kind, "a landing page or offer variant",
                    "a better landing page or offer converts more of the clicks it already buys",
                    CampaignMetric::conversion_rate, true};
    case RecommendationKind::audience_saturation:
      return Design{finding.kind, "a broader audience",
                    "a broader audience lowers the CPA the saturated one drove up",
                    CampaignMetric::cpa, false};
    case RecommendationKind::bid_strategy_fit:
      if (finding.changes.empty() || finding.changes.front().field != "bid_strategy")
        return std::nullopt;
      return Design{finding.kind, cat("bid strategy ", finding.changes.front().to_text),
                    "the new bid strategy gets more conversions for the same spend",
                    CampaignMetric::cpa, false};
    default:
      return std::nullopt;
  }
}

// Sample per arm: binomial proportions p and p(1 + mde); Poisson rates compared on the log
// scale, whose variance is 1/n per arm.
double sample_per_arm(const Design& d, double baseline, const TestOptions& o, double alpha) {
  const double z = normal_quantile(1 - alpha / 2) + normal_quantile(o.power);
  const double mde = o.minimum_detectable_effect;
  if (!d.binomial) return 2 * z * z / std::pow(std::log1p(mde), 2);
  const double p1 = baseline, p2 = std::min(0.999999, baseline * (1 + mde));
  return z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / ((p2 - p1) * (p2 - p1));
}

struct Candidate {
  Recommendation r;
  std::size_t view = 0;
  double score = 0;
};

// The test's size at the campaign's traffic: the plan, and the unit's daily volume.
struct Sizing {
  TestPlan plan;
  double per_day = 0;
};

std::optional<Sizing> size_test(const CampaignView& c, const Design& d, const Context& ctx,
                                CampaignDiagnostics& diag) {
  const TestOptions& o = ctx.options.tests;
  Sizing s;
  TestPlan& plan = s.plan;
  if (d.metric == CampaignMetric::ctr) {
    plan.baseline = c.now.ctr().value_or(0);
    s.per_day = c.now.impressions / c.now.days;
    plan.unit = "impressions";
  } else if (d.metric == CampaignMetric::conversion_rate) {
    plan.baseline = c.now.conversion_rate().value_or(0);
    s.per_day = c.now.clicks / c.now.days;
    plan.unit = "clicks";
  } else {
    plan.baseline = c.now.cpa().value_or(0);
    s.per_day = c.daily_conversions;
    plan.unit = "conversions";
  }
  if (!(plan.baseline > 0) || !(s.per_day > 0)) {
    diag.checks.push_back({RecommendationKind::ab_test, CheckOutcome::skipped,
                           cat("no baseline for a test of ", d.variant)});
    return std::nullopt;
  }
  plan.hypothesis = d.hypothesis;
  plan.primary_metric = d.metric;
  plan.minimum_detectable_effect = o.minimum_detectable_effect;
  plan.sample_per_arm = std::ceil(sample_per_arm(d, plan.baseline, o, ctx.options.significance));
  plan.days_needed = static_cast<int>(std::ceil(2 * plan.sample_per_arm / s.per_day));
  if (plan.days_needed > o.max_days) {
    diag.checks.push_back(
        {RecommendationKind::ab_test, CheckOutcome::skipped,
         cat("a test of ", d.variant, " would need ", std::to_string(plan.days_needed), " days")});
    return std::nullopt;
  }
  return s;
}

Recommendation test_recommendation(const CampaignView& c, const Design& d, Sizing s,
                                   const Context& ctx) {
  const TestOptions& o = ctx.options.tests;
  const int h = ctx.options.horizon_days;
  const std::string days = std::to_string(s.plan.days_needed), metric(to_string(d.metric));
  Recommendation r;
  r.kind = RecommendationKind::ab_test;
  r.campaign_ids = {c.id()};
  r.title = cat("Test ", d.variant, " (", days, " days, ", metric, ")");
  const std::string design =
      cat("A/B test: ", d.variant, " vs current, 50/50, ", days, " days, primary metric ", metric);
  r.changes.push_back(text_change(c.id(), "experiment", "", design, design));
  r.evidence.push_back(evidence(c.id(), metric, s.plan.baseline, c.window));
  r.evidence.push_back(evidence(c.id(), cat(s.plan.unit, "_per_day"), s.per_day, c.window));
  // If the variant wins by the MDE, the campaign's conversions rise by it at the same spend.
  const double gain = o.minimum_detectable_effect * c.daily_conversions * h;
  r.impacts.push_back(impact(CampaignMetric::conversions, c.daily_conversions * h,
                             c.daily_conversions * h + gain, h));
  r.impacts.back().low = 0;
  r.impacts.back().high = gain;
  r.value_at_stake =
      gain > 0 ? ctx.valuation.conversions(gain)
               : ctx.valuation.unmodelled_share * o.minimum_detectable_effect * c.daily_spend * h;
  r.explanation =
      cat("The diagnosis suggests a remedy whose effect is uncertain, so test it before rolling it "
          "out: ",
          d.hypothesis, ". At ", fixed(s.per_day, 0), " ", s.plan.unit, " a day, ", days,
          " days detect a ", percent(o.minimum_detectable_effect), " lift with ", percent(o.power),
          " power.");
  r.confidence_drivers = {
      {"prior", o.prior_win_probability, "chance a variant beats control by the MDE"},
      {"power", o.power, "chance the test sees a real lift of the MDE"}};
  r.test = std::move(s.plan);
  finish(r);
  return r;
}

std::optional<Candidate> candidate(const CampaignView& c, std::size_t index, const Design& d,
                                   const Context& ctx, CampaignDiagnostics& diag) {
  std::optional<Sizing> sizing = size_test(c, d, ctx, diag);
  if (!sizing) return std::nullopt;
  Candidate out;
  out.view = index;
  out.r = test_recommendation(c, d, std::move(*sizing), ctx);
  out.score = out.r.confidence * out.r.value_at_stake;
  return out;
}

}  // namespace

void plan_tests(const std::vector<CampaignView>& views, const Context& ctx,
                const std::vector<Recommendation>& findings,
                std::vector<CampaignDiagnostics*>& diagnostics, std::vector<Recommendation>& out) {
  const TestOptions& o = ctx.options.tests;
  std::vector<Candidate> candidates;
  std::vector<bool> motivated(views.size(), false);
  for (std::size_t i = 0; i < views.size(); ++i) {
    if (!o.enabled) continue;
    for (const Recommendation& f : findings) {
      if (f.campaign_ids.size() != 1 || f.campaign_ids.front() != views[i].id()) continue;
      const std::optional<Design> d = design_for(f);
      if (!d) continue;
      motivated[i] = true;
      if (auto c = candidate(views[i], i, *d, ctx, *diagnostics[i]))
        candidates.push_back(std::move(*c));
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    Candidate& c = candidates[k];
    const bool kept = static_cast<int>(k) < o.max_tests;
    diagnostics[c.view]->checks.push_back(
        {RecommendationKind::ab_test, kept ? CheckOutcome::triggered : CheckOutcome::passed,
         kept ? c.r.title : cat("not among the top tests: ", c.r.title)});
    if (kept) out.push_back(std::move(c.r));
  }
  for (std::size_t i = 0; i < views.size(); ++i) {
    if (!o.enabled) {
      diagnostics[i]->checks.push_back(
          {RecommendationKind::ab_test, CheckOutcome::skipped, "disabled"});
    } else if (!motivated[i]) {
      diagnostics[i]->checks.push_back({RecommendationKind::ab_test, CheckOutcome::passed,
                                        "no finding with an uncertain remedy to test"});
    }
  }
}

}  // namespace optimize::recs
