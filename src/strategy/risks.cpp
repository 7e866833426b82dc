// Risks, each raised by concrete numbers of the plan: learning-phase budget, targets against the
// forecast and benchmarks, profitability, a narrow audience, seasonal competition, tracking
// gaps, a short flight, missing creative and a wide forecast.
#include <algorithm>
#include <cmath>

#include "forecast/benchmark_priors.h"
#include "strategy/internal/plan_state.h"

namespace strategy::internal {
namespace {

// Share of adults 18-74 the age ranges cover (65+ read as 65-74), times 0.5 for one gender.
double audience_breadth(const ResolvedBrief& r) {
  if (r.brief->audience.age_ranges.empty() && r.brief->audience.genders.empty()) return 1;
  double years = 0;
  for (const std::string& range : r.brief->audience.age_ranges) {
    const int low = std::max(18, std::atoi(range.c_str()));
    const int high = range.ends_with('+') ? 74
                                          : std::min(74, std::atoi(range.c_str() + range.find('-') + 1));
    years += std::max(0, high - low + 1);
  }
  double share = r.brief->audience.age_ranges.empty() ? 1 : std::min(1.0, years / 57);
  const bool one_gender = std::none_of(r.genders.begin(), r.genders.end(), [](const auto& g) {
    return g == "all";
  }) && r.genders.size() == 1;
  return one_gender ? share / 2 : share;
}

std::string benchmark_cpa_text(const ResolvedBrief& r) {
  std::vector<std::string> parts;
  for (core::Platform p : r.platforms) {
    const auto prior = forecast::benchmark_prior(p, r.brief->industry, forecast::BenchmarkMetric::cpa);
    if (!prior) continue;
    parts.push_back(std::string(core::platform_name(p)) + " " + number(prior->value, 2) + " (" +
                    number(prior->low, 2) + "-" + number(prior->high, 2) + ", " +
                    prior->fallback + ")");
  }
  return parts.empty() ? "" : "; benchmark CPA in USD: " + join(parts, ", ");
}

}  // namespace

std::vector<Risk> build_risks(const ResolvedBrief& r, const Strategy& s,
                              const PlanningContext& context) {
  std::vector<Risk> risks;
  const forecast::PlanForecast& total = s.forecast.total;
  const Brief& b = *r.brief;
  for (const PlatformPlan& plan : s.platform_plans) {
    const LearningPhase& lp = plan.learning_phase;
    if (!lp.applies || lp.sufficient) continue;
    const double per_set = lp.forecast_events_per_week / std::max(1, lp.ad_sets_planned);
    risks.push_back(
        {"learning_phase_budget",
         per_set < lp.events_needed_per_ad_set_per_week / 2 ? "high" : "medium", "high",
         platform_label(plan.platform) + " forecasts " + number(per_set, 1) + " " +
             lp.optimization_event + "s per ad set per week (" +
             std::to_string(lp.ad_sets_planned) + " ad set(s)); " +
             number(lp.events_needed_per_ad_set_per_week) + " are needed to exit learning",
         "run a single ad set, optimize for an earlier event (add to cart, landing page view), "
         "or raise the budget to " + money(lp.daily_budget_per_ad_set_needed, r.currency) +
             " per ad set per day",
         plan.platform});
  }
  if (b.target_cpa && total.cpa && *b.target_cpa < total.cpa->value) {
    risks.push_back({"target_cpa_below_benchmark",
                     *b.target_cpa < 0.7 * total.cpa->value ? "high" : "medium", "high",
                     "target CPA " + money(*b.target_cpa, r.currency) + " vs forecast CPA " +
                         money(total.cpa->value, r.currency) + benchmark_cpa_text(r),
                     "launch without a CPA cap and tighten it after the learning phase; lift the "
                     "conversion rate (landing page, offer) before cutting bids",
                     std::nullopt});
  }
  if (b.target_roas && total.roas && *b.target_roas > total.roas->value) {
    risks.push_back({"target_roas_above_forecast",
                     total.roas->value < 0.7 * *b.target_roas ? "high" : "medium", "high",
                     "target ROAS " + number(*b.target_roas, 2) + " vs forecast ROAS " +
                         number(total.roas->value, 2),
                     "bid for value only once conversion values flow; raise order value with "
                     "bundles; focus budget on retargeting and brand search",
                     std::nullopt});
  }
  if (b.margin && r.value_per_conversion && total.cpa &&
      total.cpa->value > *r.value_per_conversion * *b.margin) {
    risks.push_back({"unprofitable_at_forecast_cpa", "high", "high",
                     "forecast CPA " + money(total.cpa->value, r.currency) +
                         " is above the break-even CPA " +
                         money(*r.value_per_conversion * *b.margin, r.currency) +
                         " (value x margin)",
                     "count repeat purchases (lifetime value) or cut to the most efficient "
                     "platform and ad sets",
                     std::nullopt});
  }
  if (const double breadth = audience_breadth(r); breadth < 0.15) {
    risks.push_back({"audience_too_narrow", "medium", "medium",
                     "the age and gender targeting keeps about " + percent(breadth) +
                         " of adults 18-74",
                     "widen the age ranges or let Advantage+ / optimized targeting expand; cap "
                     "frequency at 2-3 per week",
                     std::nullopt});
  }
  for (const SeasonalPeak& peak : seasonal_peaks(r.start, r.end)) {
    risks.push_back({"seasonal_competition", peak.major ? "high" : "medium", "medium",
                     "the flight overlaps " + std::string(peak.name) + " from " +
                         core::format_iso_date(peak.start) + " to " +
                         core::format_iso_date(peak.end) + " (" +
                         std::to_string((peak.end - peak.start) + 1) + " days)",
                     "expect CPMs 20-50% higher; build audiences and finish creative before the "
                     "peak, and keep 10-15% of the budget to push the best ad sets",
                     std::nullopt});
  }
  if (is_conversion_objective(b.objective)) {
    double conversions = 0;
    for (const PlatformHistory& h : context.history.platforms) conversions += h.conversions;
    std::vector<std::string> gaps;
    if (conversions <= 0) gaps.push_back("no conversions recorded in the client's history");
    if (r.value_source == "assumed") gaps.push_back("no value per conversion");
    if (!gaps.empty()) {
      risks.push_back({"tracking_gaps", conversions <= 0 ? "medium" : "low", "high", join(gaps, "; "),
                       "before launch verify the Meta pixel with the Conversions API, Google Ads "
                       "enhanced conversions and GA4; send conversion values; import offline "
                       "conversions for leads",
                       std::nullopt});
    }
  }
  if (r.days < 14) {
    risks.push_back({"short_flight", "high", "medium",
                     "the flight is " + std::to_string(r.days) +
                         " days; the learning phase alone takes about 7",
                     "start a week earlier, or optimize for an earlier event", std::nullopt});
  }
  for (const PlatformPlan& plan : s.platform_plans) {
    const bool video_first = plan.platform == core::Platform::tiktok_ads ||
                             plan.platform == core::Platform::youtube_ads;
    const bool has_visual = std::any_of(plan.placements.begin(), plan.placements.end(),
                                        [](const PlacementPlan& p) {
                                          return p.recommended && p.required_asset != "copy";
                                        });
    if (video_first && !has_visual) {
      risks.push_back({"creative_gap", "high", "high",
                       platform_label(plan.platform) + " needs video and creative_assets has none",
                       "produce 3-5 short vertical videos (UGC style works) before launch, or "
                       "move this budget to another platform",
                       plan.platform});
    }
  }
  if (total.conversions.value > 0 &&
      total.conversions.interval_80.high > 2 * std::max(total.conversions.interval_80.low, 1e-9)) {
    risks.push_back({"forecast_uncertainty", "medium", "medium",
                     "the 80% interval of conversions is " +
                         number(total.conversions.interval_80.low) + "-" +
                         number(total.conversions.interval_80.high),
                     "review week 1 against the interval and move budget to what performs",
                     std::nullopt});
  }
  return risks;
}

}  // namespace strategy::internal
