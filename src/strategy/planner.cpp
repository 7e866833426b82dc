// generate_strategy: runs the planner's stages in order (see planner.h and docs/strategy.md).
#include "strategy/planner.h"

#include <algorithm>
#include <stdexcept>

#include "strategy/internal/plan_state.h"

namespace strategy {

using namespace internal;

namespace {

std::vector<PlatformEconomics> economics_for_plan(ResolvedBrief& r, const PlanningContext& context,
                                                  const PlannerOptions& options, Strategy& s) {
  if (!r.platforms.empty()) return measure_economics(r.platforms, r, context, options);
  std::vector<core::Platform> candidates = {core::Platform::google_ads, core::Platform::meta_ads,
                                            core::Platform::linkedin_ads, core::Platform::tiktok_ads,
                                            core::Platform::youtube_ads};
  for (const PlatformBound& b : r.brief->bounds) {
    if (std::find(candidates.begin(), candidates.end(), b.platform) == candidates.end()) {
      candidates.push_back(b.platform);
    }
  }
  std::vector<PlatformEconomics> all = measure_economics(candidates, r, context, options);
  recommend_platforms(r, all, options, s);
  std::vector<PlatformEconomics> chosen;
  for (core::Platform p : r.platforms) {
    for (PlatformEconomics& e : all) {
      if (e.platform == p) chosen.push_back(std::move(e));
    }
  }
  return chosen;
}

}  // namespace

Strategy generate_strategy(const Brief& brief, const PlanningContext& context,
                           const PlannerOptions& options) {
  validate_options(options);
  if (context.forecaster == nullptr) {
    throw std::invalid_argument("context.forecaster: a forecaster is required");
  }
  Strategy s;
  ResolvedBrief r = resolve_brief(brief, context, options, s);
  std::vector<PlatformEconomics> economics = economics_for_plan(r, context, options, s);
  if (!r.has_customer_list &&
      std::find(r.platforms.begin(), r.platforms.end(), core::Platform::email) != r.platforms.end()) {
    throw BriefError("audience.has_customer_list", "the email platform needs a customer list");
  }
  validate_bounds(r, brief.budget);
  resolve_value(r, economics, context, options, s);

  s.name = r.name;
  s.objective = brief.objective;
  s.currency = r.currency;
  s.budget = round_cents(brief.budget);
  s.start_date = r.start;
  s.end_date = r.end;
  s.flight_days = r.days;
  s.platforms = r.platforms;

  s.budget_split = split_budget(r, economics, context, options, s.warnings);
  s.forecast = forecast_plan(r, s.budget_split, *context.forecaster);
  const forecast::PlanForecast& total = s.forecast.total;
  if (total.roi) s.estimated_roi = total.roi->value;
  if (total.roas) s.estimated_roas = total.roas->value;
  if (brief.margin && total.spend > 0 && total.conversion_value.value > 0) {
    s.estimated_gross_profit_roi =
        (total.conversion_value.value * *brief.margin - total.spend) / total.spend;
  }

  s.audience_segments = build_segments(r, context.history, options);
  s.platform_plans = build_platform_plans(r, s, options);
  s.content_strategy = build_content(r, s, options);
  s.risks = build_risks(r, s, context);
  s.timeline = build_timeline(r, context);
  s.kpis = build_kpis(r, s);
  s.ab_test_plan = build_ab_tests(r, s, options);
  for (const PlatformPlan& plan : s.platform_plans) {
    if (plan.budget <= 0) {
      s.warnings.push_back(std::string(core::platform_name(plan.platform)) +
                           " received no budget: its measured efficiency is zero");
    }
  }
  if (r.start <= context.today) {
    s.warnings.push_back("no setup time before launch: verify tracking before spending");
  }
  assess_confidence(r, context, s);
  s.executive_summary = executive_summary(s);
  return s;
}

}  // namespace strategy
