// The phased timeline, the KPIs with targets, and the A/B test plan with sample sizes.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

#include "strategy/internal/plan_state.h"

namespace strategy {

std::int64_t two_proportion_sample_size(double baseline_rate, double relative_mde, double alpha,
                                        double power) {
  const double p1 = baseline_rate;
  const double p2 = baseline_rate * (1 + relative_mde);
  if (!(p1 > 0 && p1 < 1) || relative_mde == 0 || !(p2 > 0 && p2 < 1) || !(alpha > 0 && alpha < 1) ||
      !(power > 0 && power < 1)) {
    throw std::invalid_argument("two_proportion_sample_size: need 0 < p1, p2 < 1, mde != 0, "
                                "0 < alpha, power < 1");
  }
  const boost::math::normal_distribution<double> normal;
  const double z_alpha = boost::math::quantile(normal, 1 - alpha / 2);
  const double z_power = boost::math::quantile(normal, power);
  const double p_bar = (p1 + p2) / 2;
  const double root = z_alpha * std::sqrt(2 * p_bar * (1 - p_bar)) +
                      z_power * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return static_cast<std::int64_t>(std::ceil(root * root / ((p2 - p1) * (p2 - p1)) - 1e-9));
}

namespace internal {

std::vector<TimelinePhase> build_timeline(const ResolvedBrief& r, const PlanningContext& context) {
  std::vector<TimelinePhase> phases;
  if (r.start > context.today) {
    phases.push_back({"Setup and tracking QA", std::max(context.today, r.start - 7), r.start - 1,
                      {"verify conversion tracking: pixel with Conversions API, enhanced "
                       "conversions, GA4",
                       "build audiences: website visitors, engagers, customer list, lookalikes",
                       "produce and approve the week-1 creative and copy variants",
                       "create the campaigns paused, with UTM tagging"}});
  }
  const core::Date learning_end = std::min(r.end, r.start + 6);
  phases.push_back({"Launch and learning", r.start, learning_end,
                    {r.start > context.today ? "launch every campaign on day 1"
                                             : "set up and verify tracking, then launch",
                     "no edits to budgets, bids or targeting for 7 days",
                     "check delivery, spend pacing and tracked conversions daily"}});
  if (r.start + 7 <= r.end - 7) {
    phases.push_back({"Optimization", r.start + 7, r.end - 7,
                      {"move 10-20% of budget toward the best ad sets every 3-4 days",
                       "refresh creative on the calendar", "run the A/B tests"}});
  }
  if (r.days > 7) {
    phases.push_back({"Scale and final push", std::max(r.start + 7, r.end - 6), r.end,
                      {"scale the winners in steps of at most 20%",
                       "push the offer and retargeting in the last days"}});
  }
  phases.push_back({"Wrap-up and reporting", r.end + 1, r.end + 7,
                    {"report results against the KPIs and forecast intervals",
                     "record the winning audiences, creatives and bids for the next flight"}});
  return phases;
}

std::vector<Kpi> build_kpis(const ResolvedBrief& r, const Strategy& s) {
  const forecast::PlanForecast& t = s.forecast.total;
  const Brief& b = *r.brief;
  std::vector<Kpi> kpis{{"spend", r.brief->budget, "currency", std::nullopt, "brief budget"}};
  auto add = [&](std::string name, double target, std::string unit,
                 std::optional<core::Platform> platform, std::string basis) {
    if (std::isfinite(target)) {
      kpis.push_back({std::move(name), target, std::move(unit), platform, std::move(basis)});
    }
  };
  switch (b.objective) {
    case core::Objective::awareness:
      add("impressions", std::round(t.impressions.value), "count", std::nullopt, "forecast");
      if (t.impressions.value > 0) {
        add("cpm", round_cents(t.spend / t.impressions.value * 1000), "currency", std::nullopt,
            "forecast");
      }
      break;
    case core::Objective::traffic:
    case core::Objective::engagement:
      add("clicks", std::round(t.clicks.value), "count", std::nullopt, "forecast");
      if (t.clicks.value > 0) {
        add("cpc", round_cents(t.spend / t.clicks.value), "currency", std::nullopt, "forecast");
      }
      break;
    default:
      add("conversions", std::round(t.conversions.value), "count", std::nullopt, "forecast");
      if (b.target_cpa) {
        add("cpa", *b.target_cpa, "currency", std::nullopt, "brief target");
      } else if (t.cpa) {
        add("cpa", round_cents(t.cpa->value), "currency", std::nullopt, "forecast");
      }
      if (b.target_roas) {
        add("roas", *b.target_roas, "ratio", std::nullopt, "brief target");
      } else if (t.roas) {
        add("roas", t.roas->value, "ratio", std::nullopt, "forecast");
      }
      if (t.clicks.value > 0) {
        add("conversion_rate", t.conversions.value / t.clicks.value, "fraction", std::nullopt,
            "forecast");
      }
      for (const PlatformForecast& pf : s.forecast.per_platform) {
        if (pf.forecast.cpa) {
          add("cpa", round_cents(pf.forecast.cpa->value), "currency", pf.platform, "forecast");
        }
      }
      break;
  }
  if (t.impressions.value > 0) {
    add("ctr", t.clicks.value / t.impressions.value, "fraction", std::nullopt, "forecast");
  }
  return kpis;
}

std::vector<AbTest> build_ab_tests(const ResolvedBrief& r, const Strategy& s,
                                   const PlannerOptions& options) {
  std::vector<AbTest> tests;
  auto add = [&](std::string name, const PlatformForecast& pf, std::string hypothesis,
                 bool conversion_metric) {
    const forecast::PlanForecast& f = pf.forecast;
    const double units = conversion_metric ? f.clicks.value : f.impressions.value;
    const double hits = conversion_metric ? f.conversions.value : f.clicks.value;
    if (!(units > 0) || !(hits > 0) || hits >= units) return;
    AbTest t{std::move(name), pf.platform, std::move(hypothesis),
             conversion_metric ? "conversion_rate" : "ctr",
             conversion_metric ? "clicks" : "impressions", hits / units,
             options.ab_minimum_detectable_effect, options.ab_alpha, options.ab_power, 0, 0,
             std::nullopt, false};
    if (t.baseline_rate * (1 + t.minimum_detectable_effect) >= 1) return;
    t.sample_size_per_arm = two_proportion_sample_size(t.baseline_rate, t.minimum_detectable_effect,
                                                       t.alpha, t.power);
    t.daily_units_per_arm = units / r.days / 2;
    t.days_needed = static_cast<int>(
        std::ceil(static_cast<double>(t.sample_size_per_arm) / t.daily_units_per_arm));
    t.fits_in_flight = *t.days_needed <= r.days;
    tests.push_back(std::move(t));
  };
  const PlatformForecast* largest = nullptr;
  const PlatformForecast* most_converting = nullptr;
  const PlatformForecast* social = nullptr;
  for (const PlatformForecast& pf : s.forecast.per_platform) {
    if (pf.platform == core::Platform::email) continue;
    if (!largest || pf.forecast.spend > largest->forecast.spend) largest = &pf;
    if (!most_converting || pf.forecast.conversions.value > most_converting->forecast.conversions.value) {
      most_converting = &pf;
    }
    if (!social && pf.platform != core::Platform::google_ads) social = &pf;
  }
  const bool conversions = is_conversion_objective(r.brief->objective);
  const std::string lift = percent(options.ab_minimum_detectable_effect);
  if (largest) {
    add("Headline angle", *largest,
        "a headline on the second content pillar lifts CTR by " + lift + " over the first", false);
  }
  if (conversions && most_converting) {
    add("Offer and landing page", *most_converting,
        "a clearer offer above the fold lifts the conversion rate by " + lift, true);
  }
  const bool targeted = std::any_of(s.audience_segments.begin(), s.audience_segments.end(),
                                    [](const AudienceSegment& a) {
                                      return a.funnel_stage == FunnelStage::consideration;
                                    });
  if (social && targeted) {
    add("Broad vs targeted audience", *social,
        "the targeted ad set's " + std::string(conversions ? "conversion rate" : "CTR") +
            " beats broad targeting by " + lift,
        conversions);
  }
  return tests;
}

}  // namespace internal
}  // namespace strategy
