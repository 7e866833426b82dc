// Bid-strategy fit for the conversion volume, over the last volume_window_days (30):
//  - Meta, conversion objectives: fewer than 50 conversions a week is "learning limited";
//    raise the budget to where the response-curve prior reaches 50 a week if that is within
//    max_budget_increase, else optimise for a higher-funnel event / consolidate ad sets;
//  - Google Ads / YouTube target CPA (target ROAS) with fewer than 30 (50) conversions:
//    switch to maximize conversions (conversion value) without a target until volume builds;
//  - manual or click bidding with at least 50 conversions: try target CPA at the current CPA
//    (target ROAS at the current ROAS when a ROAS goal is given).
// The strategy name is matched case- and punctuation-insensitively ("TARGET_CPA", "Target CPA").
#include <algorithm>
#include <cctype>
#include <cmath>

#include "optimize/recommend_internal.h"
#include "optimize/recommend_stats.h"

namespace optimize::recs {
namespace {

constexpr double kRuleOfThumbFactor = 0.8;   // platform guidance, not a measured threshold
constexpr double kManualSwitchFactor = 0.7;  // automated bidding usually, not always, does better

enum class Family { unknown, target_cpa, target_roas, manual };

std::string normalised(std::string_view name) {
  std::string out;
  for (char ch : name) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u)) {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

Family family_of(std::string_view strategy) {
  static constexpr std::string_view kTargetCpa[] = {"target_cpa", "tcpa", "cost_cap",
                                                    "cost_per_result_goal"};
  static constexpr std::string_view kTargetRoas[] = {"target_roas", "troas", "minimum_roas",
                                                     "lowest_cost_with_min_roas", "roas_goal"};
  static constexpr std::string_view kManual[] = {"manual_cpc", "enhanced_cpc",    "manual_cpm",
                                                 "manual_cpv", "maximize_clicks", "target_spend"};
  const std::string s = normalised(strategy);
  auto in = [&](const auto& names) {
    return std::find(std::begin(names), std::end(names), s) != std::end(names);
  };
  if (in(kTargetCpa)) return Family::target_cpa;
  if (in(kTargetRoas)) return Family::target_roas;
  if (in(kManual)) return Family::manual;
  return Family::unknown;
}

bool optimises_for_conversions(core::Objective objective) {
  return objective == core::Objective::sales_conversion || objective == core::Objective::leads ||
         objective == core::Objective::app_installs;
}

struct Volume {
  Period period;
  Totals totals;
};

// Confidence that a campaign's conversion volume is really below a platform's threshold.
std::vector<ConfidenceDriver> below_threshold_drivers(const Volume& v, double threshold) {
  return {{"evidence", 1 - poisson_cdf(v.totals.conversions, threshold),
           "Poisson: the true rate is below the threshold"},
          {"rule_of_thumb", kRuleOfThumbFactor, "platform guidance, not a measured threshold"}};
}

Recommendation base(const CampaignView& c, const Context& ctx, const Volume& v, double threshold,
                    std::string label) {
  Recommendation r;
  r.kind = RecommendationKind::bid_strategy_fit;
  r.campaign_ids = {c.id()};
  r.evidence.push_back(compared(evidence(c.id(), "conversions", v.totals.conversions, v.period),
                                threshold, std::move(label)));
  r.evidence.push_back(evidence(c.id(), "cpa", v.totals.cpa(), v.period));
  // No outcome model for a bidding change: ranked on the money it steers.
  r.value_at_stake = ctx.valuation.unmodelled_share * c.daily_spend * ctx.options.horizon_days;
  return r;
}

Recommendation learning_limited(const CampaignView& c, const Context& ctx, const Volume& v) {
  const RecommendationOptions& o = ctx.options;
  const double weekly_threshold = o.bidding.meta_learning_conversions_per_week;
  const double threshold = weekly_threshold * v.period.days() / 7;
  const double weekly = v.totals.conversions * 7 / v.period.days();
  Recommendation r = base(c, ctx, v, threshold, "conversions that exit the learning phase");
  r.title = cat("Learning limited: ", fixed(weekly, 1), " conversions a week of the ",
                fixed(weekly_threshold, 0), " Meta needs");
  const CampaignCurve curve(c.daily_spend, c.daily_conversions, o.prior_elasticity);
  const std::optional<double> needed =
      c.daily_conversions > 0 ? curve.spend_for_outcome(weekly_threshold / 7) : std::nullopt;
  const double from = c.history->daily_budget.value_or(c.daily_spend);
  if (needed && *needed <= c.daily_spend * (1 + o.max_budget_increase)) {
    const double to = std::ceil(*needed * 100) / 100;
    r.changes.push_back(
        numeric_change(c.id(), "daily_budget", from, to, budget_change_text(from, to)));
    const int h = o.horizon_days;
    r.impacts.push_back(
        impact(CampaignMetric::conversions, c.daily_conversions * h, curve.outcome(to) * h, h));
    widen(r.impacts.back(),
          (CampaignCurve(c.daily_spend, c.daily_conversions, o.elasticity_low).outcome(to) -
           c.daily_conversions) *
              h,
          (CampaignCurve(c.daily_spend, c.daily_conversions, o.elasticity_high).outcome(to) -
           c.daily_conversions) *
              h);
    r.impacts.push_back(impact(CampaignMetric::spend, c.daily_spend * h, to * h, h));
    r.explanation =
        cat("Meta's delivery leaves the learning phase after about ", fixed(weekly_threshold, 0),
            " optimisation events a week; this campaign gets ", fixed(weekly, 1),
            ". On its response-curve prior a daily budget of ", money(to),
            " reaches that; alternatively merge ad sets so one of them does.");
  } else {
    r.changes.push_back(
        text_change(c.id(), "optimization_event", "current conversion event",
                    "a higher-funnel event (add to cart, lead form open) or fewer, broader ad sets",
                    "optimise for a more frequent event, or consolidate ad sets"));
    r.explanation =
        cat("Meta's delivery leaves the learning phase after about ", fixed(weekly_threshold, 0),
            " optimisation events a week; this campaign gets ", fixed(weekly, 1),
            ", too few for a budget raise of at most ", percent(o.max_budget_increase),
            " to close the gap. Optimise for a more frequent event, or merge ad sets.");
  }
  r.confidence_drivers = below_threshold_drivers(v, threshold);
  finish(r);
  return r;
}

Recommendation too_few_for_target(const CampaignView& c, const Context& ctx, const Volume& v,
                                  Family f) {
  const BiddingOptions& o = ctx.options.bidding;
  const bool roas = f == Family::target_roas;
  const double threshold = roas ? o.target_roas_min_conversions : o.target_cpa_min_conversions;
  Recommendation r = base(c, ctx, v, threshold, "conversions the strategy needs");
  const std::string to = roas ? "maximize_conversion_value" : "maximize_conversions";
  r.title = cat(roas ? "Target ROAS" : "Target CPA", " with ", fixed(v.totals.conversions, 0),
                " conversions in ", std::to_string(v.period.days()), " days");
  r.changes.push_back(text_change(c.id(), "bid_strategy", c.history->bid_strategy, to,
                                  cat("switch the bid strategy to ", to, " without a target")));
  r.explanation = cat(
      "A ", roas ? "target ROAS" : "target CPA", " strategy needs about ", fixed(threshold, 0),
      " conversions in 30 days to bid reliably; this campaign had ", fixed(v.totals.conversions, 0),
      ". Bid for volume without a target until it has the data, then set the "
      "target again.");
  r.confidence_drivers = below_threshold_drivers(v, threshold);
  finish(r);
  return r;
}

Recommendation manual_with_volume(const CampaignView& c, const Context& ctx, const Volume& v) {
  const double threshold = ctx.options.bidding.manual_to_target_conversions;
  Recommendation r = base(c, ctx, v, threshold, "conversions automated bidding works well with");
  const bool roas = ctx.options.target_roas && v.totals.conversion_value > 0;
  const double target = roas ? *v.totals.roas() : *v.totals.cpa();
  const std::string to = roas ? "target_roas" : "target_cpa";
  r.title = cat("Manual bidding with ", fixed(v.totals.conversions, 0), " conversions: try ",
                roas ? "target ROAS" : "target CPA");
  Change change = text_change(c.id(), "bid_strategy", c.history->bid_strategy, to,
                              cat("switch to ", to, " at ", roas ? fixed(target, 2) : money(target),
                                  ", the current level"));
  change.to = target;
  r.changes.push_back(std::move(change));
  r.explanation =
      cat("With ", fixed(v.totals.conversions, 0),
          " conversions in 30 days the platform has the data to set each auction's bid "
          "itself. Start the target at the current ",
          roas ? "ROAS" : "CPA",
          " so volume holds, and run it as a 50/50 experiment if the platform offers one.");
  r.confidence_drivers = {
      {"evidence", 1 - poisson_upper_tail(v.totals.conversions, threshold),
       "Poisson: the true rate is above the threshold"},
      {"rule_of_thumb", kManualSwitchFactor, "automated bidding usually, not always, does better"}};
  finish(r);
  return r;
}

}  // namespace

void check_bidding(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diag,
                   std::vector<Recommendation>& out) {
  const BiddingOptions& o = ctx.options.bidding;
  auto report = [&](CheckOutcome outcome, std::string detail) {
    diag.checks.push_back({RecommendationKind::bid_strategy_fit, outcome, std::move(detail)});
  };
  if (!o.enabled) return report(CheckOutcome::skipped, "disabled");
  const CampaignHistory& h = *c.history;
  Volume v;
  v.period = {ctx.options.today - o.volume_window_days, ctx.options.today - 1};
  v.totals = sum_days(days_in(h, v.period));
  const Family f = family_of(h.bid_strategy);
  const bool google =
      h.platform == core::Platform::google_ads || h.platform == core::Platform::youtube_ads;
  std::optional<Recommendation> r;
  if (h.platform == core::Platform::meta_ads && optimises_for_conversions(h.objective) &&
      v.totals.conversions * 7 / v.period.days() < o.meta_learning_conversions_per_week) {
    r = learning_limited(c, ctx, v);
  } else if (google &&
             ((f == Family::target_cpa && v.totals.conversions < o.target_cpa_min_conversions) ||
              (f == Family::target_roas && v.totals.conversions < o.target_roas_min_conversions))) {
    r = too_few_for_target(c, ctx, v, f);
  } else if (f == Family::manual && v.totals.conversions >= o.manual_to_target_conversions) {
    r = manual_with_volume(c, ctx, v);
  }
  if (r) {
    report(CheckOutcome::triggered, r->title);
    out.push_back(std::move(*r));
  } else if (f == Family::unknown && h.platform != core::Platform::meta_ads) {
    report(CheckOutcome::skipped, h.bid_strategy.empty()
                                      ? "bid strategy unknown"
                                      : cat("bid strategy '", h.bid_strategy, "' not judged"));
  } else {
    report(CheckOutcome::passed,
           cat(fixed(v.totals.conversions, 0), " conversions in ", std::to_string(v.period.days()),
               " days fit the bid strategy"));
  }
}

}  // namespace optimize::recs
