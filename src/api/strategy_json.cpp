#include "api/strategy_json.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"

namespace api {
namespace {

using nlohmann::json;

json rounded(double v, int decimals) {
  if (!std::isfinite(v)) return nullptr;
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(v * scale) / scale;
  return r == 0 ? 0.0 : r;  // no "-0.0"
}
json cents(double v) { return rounded(v, 2); }
json ratio(double v) { return rounded(v, 4); }
json rate(double v) { return rounded(v, 6); }
json optional(const std::optional<double>& v, json (*round)(double)) {
  return v ? round(*v) : json(nullptr);
}
json date(core::Date d) { return core::format_iso_date(d); }
json platform(core::Platform p) { return std::string(core::platform_name(p)); }
json optional_platform(const std::optional<core::Platform>& p) {
  return p ? platform(*p) : json(nullptr);
}
json stage(strategy::FunnelStage s) { return std::string(strategy::funnel_stage_name(s)); }

json figure(const forecast::Estimate& e, json (*round)(double)) {
  return {{"value", round(e.value)},
          {"interval_80", json::array({round(e.interval_80.low), round(e.interval_80.high)})},
          {"interval_95", json::array({round(e.interval_95.low), round(e.interval_95.high)})}};
}
json optional_figure(const std::optional<forecast::Estimate>& e, json (*round)(double)) {
  return e ? figure(*e, round) : json(nullptr);
}

json segments(const std::vector<strategy::AudienceSegment>& list) {
  json out = json::array();
  for (const auto& s : list) {
    json evidence = nullptr;
    if (const auto& e = s.evidence) {
      evidence = {{"cells", e->cells},
                  {"spend", cents(e->spend)},
                  {"impressions", rounded(e->impressions, 2)},
                  {"clicks", rounded(e->clicks, 2)},
                  {"conversions", rounded(e->conversions, 2)},
                  {"conversion_value", cents(e->conversion_value)},
                  {"cpa", optional(e->cpa, cents)},
                  {"roas", optional(e->roas, ratio)},
                  {"ctr", optional(e->ctr, rate)},
                  {"conversion_rate", optional(e->conversion_rate, rate)},
                  {"cpa_vs_average", optional(e->cpa_vs_average, ratio)},
                  {"roas_vs_average", optional(e->roas_vs_average, ratio)}};
    }
    out.push_back({{"name", s.name},
                   {"size", optional(s.size, [](double v) { return rounded(v, 0); })},
                   {"funnel_stage", stage(s.funnel_stage)},
                   {"message_angle", s.message_angle},
                   {"source", s.source},
                   {"definition", s.definition},
                   {"evidence", std::move(evidence)}});
  }
  return out;
}

json placements(const std::vector<strategy::PlacementPlan>& list) {
  json out = json::array();
  for (const auto& p : list) {
    json video = nullptr;
    if (p.video_min_seconds || p.video_max_seconds) {
      video = {{"min", p.video_min_seconds ? json(*p.video_min_seconds) : json(nullptr)},
               {"max", p.video_max_seconds ? json(*p.video_max_seconds) : json(nullptr)}};
    }
    out.push_back({{"placement", p.placement},
                   {"formats", p.formats},
                   {"required_asset", p.required_asset},
                   {"asset_available", p.asset_available},
                   {"in_specs", p.in_specs},
                   {"recommended", p.recommended},
                   {"aspect_ratios", p.aspect_ratios},
                   {"video_seconds", std::move(video)},
                   {"text_limits", p.text_limits},
                   {"note", p.note}});
  }
  return out;
}

json platform_plans(const std::vector<strategy::PlatformPlan>& list) {
  json out = json::array();
  for (const auto& plan : list) {
    json campaigns = json::array();
    for (const auto& c : plan.campaigns) {
      campaigns.push_back({{"name", c.name},
                           {"type", c.type},
                           {"funnel_stage", stage(c.funnel_stage)},
                           {"ad_sets", c.ad_sets},
                           {"ad_set_count", c.ad_sets.size()},
                           {"budget_share", rate(c.budget_share)},
                           {"budget", cents(c.budget_share * plan.budget)}});
    }
    const auto& t = plan.targeting;
    const auto& lp = plan.learning_phase;
    out.push_back(
        {{"platform", platform(plan.platform)},
         {"role", plan.role},
         {"funnel_stage", stage(plan.funnel_stage)},
         {"campaigns", std::move(campaigns)},
         {"structure", plan.structure},
         {"bidding",
          {{"strategy", plan.bidding.name},
           {"reason", plan.bidding.reason},
           {"target_cpa", optional(plan.bidding.target_cpa, cents)},
           {"target_roas", optional(plan.bidding.target_roas, ratio)}}},
         {"targeting",
          {{"locations", t.locations},
           {"age_ranges", t.age_ranges},
           {"genders", t.genders},
           {"languages", t.languages},
           {"interests", t.interests},
           {"audiences", t.audiences},
           {"exclusions", t.exclusions},
           {"expansion", t.expansion}}},
         {"placements", placements(plan.placements)},
         {"learning_phase",
          {{"applies", lp.applies},
           {"optimization_event", lp.optimization_event},
           {"events_needed_per_ad_set_per_week", rounded(lp.events_needed_per_ad_set_per_week, 2)},
           {"forecast_events_per_week", rounded(lp.forecast_events_per_week, 2)},
           {"ad_sets_planned", lp.ad_sets_planned},
           {"ad_sets_supported", lp.ad_sets_supported},
           {"sufficient", lp.sufficient},
           {"daily_budget_per_ad_set_needed", cents(lp.daily_budget_per_ad_set_needed)},
           {"note", lp.note}}},
         {"budget", cents(plan.budget)},
         {"daily_budget", cents(plan.daily_budget)},
         {"pacing", plan.pacing}});
  }
  return out;
}

json budget_split(const strategy::BudgetSplit& split) {
  json shares = json::array();
  for (const auto& s : split.shares) {
    shares.push_back({{"platform", platform(s.platform)},
                      {"share", rate(s.share)},
                      {"amount", cents(s.amount)},
                      {"daily_amount", cents(s.daily_amount)},
                      {"efficiency", rounded(s.efficiency, 6)},
                      {"efficiency_source", s.efficiency_source},
                      {"learning_minimum", cents(s.learning_minimum)},
                      {"min_budget", optional(s.min_bound, cents)},
                      {"max_budget", optional(s.max_bound, cents)},
                      {"reasons", s.reasons}});
  }
  return {{"method", split.method},
          {"outcome", split.outcome},
          {"diminishing_returns_exponent",
           split.response_curves ? json(nullptr) : ratio(split.diminishing_returns_exponent)},
          {"response_curve_allocator_used", split.response_curves},
          {"note", split.note},
          {"shares", std::move(shares)}};
}

json content(const strategy::ContentStrategy& c) {
  json pillars = json::array(), angles = json::array(), formats = json::array();
  json calendar = json::array(), copy = json::array();
  for (const auto& p : c.pillars) {
    pillars.push_back({{"name", p.name},
                       {"description", p.description},
                       {"funnel_stage", stage(p.funnel_stage)}});
  }
  for (const auto& a : c.segment_angles) {
    angles.push_back({{"segment", a.segment}, {"angles", a.angles}});
  }
  for (const auto& f : c.platform_formats) {
    formats.push_back({{"platform", platform(f.platform)},
                       {"formats", f.formats},
                       {"missing_assets", f.missing_assets}});
  }
  for (const auto& e : c.calendar) {
    calendar.push_back({{"week", e.week},
                        {"start_date", date(e.start)},
                        {"end_date", date(e.end)},
                        {"platform", platform(e.platform)},
                        {"placement", e.placement},
                        {"asset", e.asset},
                        {"pillar", e.pillar},
                        {"action", e.action}});
  }
  for (const auto& v : c.copy_variants) {
    copy.push_back({{"platform", platform(v.platform)},
                    {"placement", v.placement},
                    {"field", v.field},
                    {"angle", v.angle},
                    {"text", v.text},
                    {"length", v.length},
                    {"max_chars", v.max_chars ? json(*v.max_chars) : json(nullptr)},
                    {"fits", v.fits}});
  }
  return {{"pillars", std::move(pillars)},
          {"segment_angles", std::move(angles)},
          {"platform_formats", std::move(formats)},
          {"creative_calendar", std::move(calendar)},
          {"copy_variants", std::move(copy)}};
}

json risks_kpis_tests(const strategy::Strategy& s, json& kpis, json& tests) {
  json risks = json::array();
  for (const auto& r : s.risks) {
    risks.push_back({{"name", r.name},
                     {"likelihood", r.likelihood},
                     {"impact", r.impact},
                     {"trigger", r.trigger},
                     {"mitigation", r.mitigation},
                     {"platform", optional_platform(r.platform)}});
  }
  kpis = json::array();
  for (const auto& k : s.kpis) {
    const bool money = k.unit == "currency";
    kpis.push_back({{"name", k.name},
                    {"target", money ? cents(k.target) : k.unit == "count" ? rounded(k.target, 2)
                                     : k.unit == "ratio" ? ratio(k.target) : rate(k.target)},
                    {"unit", k.unit},
                    {"platform", optional_platform(k.platform)},
                    {"basis", k.basis}});
  }
  tests = json::array();
  for (const auto& t : s.ab_test_plan) {
    tests.push_back({{"name", t.name},
                     {"platform", platform(t.platform)},
                     {"hypothesis", t.hypothesis},
                     {"metric", t.metric},
                     {"sample_unit", t.sample_unit},
                     {"baseline_rate", rate(t.baseline_rate)},
                     {"minimum_detectable_effect", ratio(t.minimum_detectable_effect)},
                     {"alpha", ratio(t.alpha)},
                     {"power", ratio(t.power)},
                     {"sample_size_per_arm", t.sample_size_per_arm},
                     {"daily_units_per_arm", rounded(t.daily_units_per_arm, 2)},
                     {"days_needed", t.days_needed ? json(*t.days_needed) : json(nullptr)},
                     {"fits_in_flight", t.fits_in_flight}});
  }
  return risks;
}

}  // namespace

json forecast_to_json(const forecast::PlanForecast& f) {
  const auto count = [](double v) { return rounded(v, 2); };
  return {{"spend", cents(f.spend)},
          {"impressions", figure(f.impressions, count)},
          {"clicks", figure(f.clicks, count)},
          {"conversions", figure(f.conversions, count)},
          {"conversion_value", figure(f.conversion_value, cents)},
          {"cpa", optional_figure(f.cpa, cents)},
          {"roas", optional_figure(f.roas, ratio)},
          {"roi", optional_figure(f.roi, ratio)},
          {"source", f.source},
          {"confidence", ratio(f.confidence)},
          {"notes", f.notes}};
}

json strategy_to_json(const strategy::Strategy& s) {
  json assumptions = json::array(), drivers = json::array(), per_platform = json::array();
  json timeline = json::array(), platforms = json::array();
  for (const auto& a : s.assumptions) {
    assumptions.push_back({{"field", a.field}, {"value", a.value}, {"reason", a.reason}});
  }
  for (const auto& d : s.confidence_drivers) {
    drivers.push_back({{"factor", d.factor}, {"multiplier", ratio(d.multiplier)},
                       {"detail", d.detail}});
  }
  for (const auto& pf : s.forecast.per_platform) {
    json f = forecast_to_json(pf.forecast);
    f["platform"] = platform(pf.platform);
    per_platform.push_back(std::move(f));
  }
  for (const auto& phase : s.timeline) {
    timeline.push_back({{"name", phase.name},
                        {"start_date", date(phase.start)},
                        {"end_date", date(phase.end)},
                        {"activities", phase.activities}});
  }
  for (core::Platform p : s.platforms) platforms.push_back(platform(p));
  json kpis, tests;
  json risks = risks_kpis_tests(s, kpis, tests);
  return {{"name", s.name},
          {"objective", std::string(core::objective_name(s.objective))},
          {"currency", s.currency},
          {"budget", cents(s.budget)},
          {"flight",
           {{"start_date", date(s.start_date)},
            {"end_date", date(s.end_date)},
            {"days", s.flight_days}}},
          {"platforms", std::move(platforms)},
          {"executive_summary", s.executive_summary},
          {"assumptions", std::move(assumptions)},
          {"estimated_roi", optional(s.estimated_roi, ratio)},
          {"estimated_roas", optional(s.estimated_roas, ratio)},
          {"estimated_gross_profit_roi", optional(s.estimated_gross_profit_roi, ratio)},
          {"confidence", ratio(s.confidence)},
          {"confidence_drivers", std::move(drivers)},
          {"audience_segments", segments(s.audience_segments)},
          {"platform_plans", platform_plans(s.platform_plans)},
          {"budget_split", budget_split(s.budget_split)},
          {"forecast", {{"per_platform", std::move(per_platform)},
                        {"total", forecast_to_json(s.forecast.total)}}},
          {"content_strategy", content(s.content_strategy)},
          {"risks", std::move(risks)},
          {"timeline", std::move(timeline)},
          {"kpis", std::move(kpis)},
          {"ab_test_plan", std::move(tests)},
          {"warnings", s.warnings}};
}

}  // namespace api
