// One plan per platform: role, campaigns and ad sets consolidated to what the learning phase
// supports, bidding, targeting, placements checked against the ad specs, budget and pacing.
#include <algorithm>
#include <cmath>

#include "strategy/internal/playbook.h"

namespace strategy::internal {
namespace {

bool has_asset(const ResolvedBrief& r, std::string_view asset) {
  return std::find(r.assets.begin(), r.assets.end(), asset) != r.assets.end();
}

// Copy is always available: the planner writes the copy variants itself.
bool asset_available(const ResolvedBrief& r, std::string_view asset) {
  if (asset == "copy") return true;
  if (asset == "image") return has_asset(r, "image") || has_asset(r, "product_feed");
  if (asset == "video") return has_asset(r, "video") || has_asset(r, "ugc");
  if (asset == "carousel") {
    return has_asset(r, "carousel") || has_asset(r, "image") || has_asset(r, "product_feed");
  }
  return has_asset(r, asset);
}

LearningPhase learning_phase(core::Platform p, const ResolvedBrief& r,
                             const forecast::PlanForecast& f, const PlannerOptions& options) {
  LearningPhase lp;
  lp.applies = p != core::Platform::email;
  lp.optimization_event = optimization_event(r.brief->objective);
  if (!lp.applies) {
    lp.ad_sets_supported = options.max_ad_sets_per_platform;
    lp.note = "email has no auction and no learning phase";
    return lp;
  }
  const double events = event_count(f, r.brief->objective);
  lp.events_needed_per_ad_set_per_week = options.learning_events_per_ad_set_per_week;
  lp.forecast_events_per_week = events * 7 / r.days;
  lp.ad_sets_supported = std::clamp(
      static_cast<int>(std::floor(lp.forecast_events_per_week / lp.events_needed_per_ad_set_per_week)),
      1, options.max_ad_sets_per_platform);
  if (events > 0 && f.spend > 0) {
    lp.daily_budget_per_ad_set_needed =
        round_cents(lp.events_needed_per_ad_set_per_week / 7 * (f.spend / events));
  }
  return lp;
}

// Merges or drops ad sets until there are no more than `limit`; returns what it did.
std::vector<std::string> consolidate(std::vector<CampaignTemplate>& campaigns, int limit) {
  std::vector<std::string> notes;
  auto total = [&] {
    std::size_t n = 0;
    for (const CampaignTemplate& c : campaigns) n += c.ad_sets.size();
    return static_cast<int>(n);
  };
  while (total() > limit) {
    CampaignTemplate* widest = nullptr;
    for (CampaignTemplate& c : campaigns) {
      if (c.ad_sets.size() > 1 && (!widest || c.ad_sets.size() >= widest->ad_sets.size())) {
        widest = &c;
      }
    }
    if (widest) {
      std::vector<std::string>& sets = widest->ad_sets;
      notes.push_back("merged \"" + sets.back() + "\" into \"" + sets[sets.size() - 2] + "\"");
      sets[sets.size() - 2] += " + " + sets.back();
      sets.pop_back();
    } else if (campaigns.size() > 1) {
      notes.push_back("dropped the " + campaigns.back().name + " campaign");
      campaigns.pop_back();
    } else {
      break;
    }
  }
  return notes;
}

Targeting targeting_for(core::Platform p, const ResolvedBrief& r) {
  Targeting t{r.locations, r.age_ranges, r.genders, r.languages, r.interests, {}, {}, {}};
  if (p == core::Platform::email) {
    t.audiences = {"customer list"};
    t.expansion = audience_expansion(p);
    return t;
  }
  if (r.has_lookalikes && p != core::Platform::google_ads) t.audiences.push_back("lookalike 1-3%");
  t.audiences.push_back("website visitors (30 days)");
  if (p != core::Platform::google_ads) t.audiences.push_back("engagers (90 days)");
  if (r.has_customer_list) {
    t.audiences.push_back(p == core::Platform::google_ads ? "Customer Match list"
                                                          : "customer list (matched audience)");
    t.exclusions.push_back("existing customers from prospecting");
  }
  if (is_conversion_objective(r.brief->objective)) {
    t.exclusions.push_back("converters of the last 30 days from retargeting");
  }
  t.expansion = audience_expansion(p);
  return t;
}

std::vector<PlacementPlan> placements_for(core::Platform p, const ResolvedBrief& r) {
  std::vector<PlacementPlan> out;
  for (const PlacementSpec& spec : placement_specs(p)) {
    PlacementPlan plan;
    plan.placement = spec.placement;
    plan.formats = {std::string(spec.format)};
    plan.required_asset = spec.required_asset;
    plan.asset_available = asset_available(r, spec.required_asset);
    plan.in_specs = spec.in_specs;
    plan.recommended = plan.asset_available;
    plan.aspect_ratios = spec.aspect_ratios;
    plan.video_min_seconds = spec.video_min_seconds;
    plan.video_max_seconds = spec.video_max_seconds;
    for (const auto& [field, chars] : spec.text_limits) plan.text_limits.emplace(field, chars);
    if (!plan.asset_available) {
      plan.note = "needs " + plan.required_asset + ", which is not in creative_assets";
    } else if (!plan.in_specs) {
      plan.note = "no ad specifications on file: follow the platform's current documentation";
    } else if (!plan.aspect_ratios.empty()) {
      plan.note = "deliver in " + join(plan.aspect_ratios);
    }
    out.push_back(std::move(plan));
  }
  return out;
}

std::string pacing_for(const PlatformPlan& plan, const ResolvedBrief& r) {
  std::string text = "even daily pacing at " + money(plan.daily_budget, r.currency) +
                     " per day (standard delivery)";
  if (plan.learning_phase.applies) {
    text += "; keep budgets and bids unchanged for the first 7 days (learning), then change them "
            "by at most 20% every 3-4 days";
  }
  return text;
}

}  // namespace

std::vector<PlatformPlan> build_platform_plans(const ResolvedBrief& r, const Strategy& s,
                                               const PlannerOptions& options) {
  std::vector<PlatformPlan> plans;
  plans.reserve(r.platforms.size());
  for (std::size_t i = 0; i < r.platforms.size(); ++i) {
    const core::Platform p = r.platforms[i];
    const forecast::PlanForecast& f = s.forecast.per_platform[i].forecast;
    PlatformPlan plan;
    plan.platform = p;
    PlatformRole role = platform_role(p, r.brief->objective);
    plan.role = std::move(role.role);
    plan.funnel_stage = role.stage;
    plan.budget = s.budget_split.shares[i].amount;
    plan.daily_budget = s.budget_split.shares[i].daily_amount;
    plan.learning_phase = learning_phase(p, r, f, options);
    LearningPhase& lp = plan.learning_phase;

    std::vector<CampaignTemplate> campaigns = campaign_templates(p, r, s.audience_segments);
    const std::vector<std::string> notes = consolidate(campaigns, lp.ad_sets_supported);
    double weight_total = 0;
    for (const CampaignTemplate& c : campaigns) {
      lp.ad_sets_planned += static_cast<int>(c.ad_sets.size());
      weight_total += c.weight_per_ad_set * static_cast<double>(c.ad_sets.size());
    }
    for (CampaignTemplate& c : campaigns) {
      const double w = c.weight_per_ad_set * static_cast<double>(c.ad_sets.size());
      plan.campaigns.push_back({c.name, c.type, c.stage, std::move(c.ad_sets),
                                weight_total > 0 ? w / weight_total : 0});
    }
    plan.structure = std::to_string(plan.campaigns.size()) + " campaign(s), " +
                     std::to_string(lp.ad_sets_planned) + " ad set(s)";
    if (lp.applies) {
      const double per_set = lp.forecast_events_per_week / std::max(1, lp.ad_sets_planned);
      // 0.5% slack: the split rounds to cents and the learning minimum is solved numerically.
      lp.sufficient = per_set >= lp.events_needed_per_ad_set_per_week * 0.995;
      plan.structure += "; the forecast supports " + std::to_string(lp.ad_sets_supported) +
                        " at " + number(lp.events_needed_per_ad_set_per_week) + " " +
                        lp.optimization_event + "s per ad set per week";
      lp.note = number(per_set, 1) + " " + lp.optimization_event +
                "s per ad set per week forecast, " +
                number(lp.events_needed_per_ad_set_per_week) + " needed" +
                (lp.sufficient ? "" : ": the ad sets may stay in learning; consolidate further, "
                                      "optimize for an earlier event, or raise the budget to " +
                                      money(lp.daily_budget_per_ad_set_needed, r.currency) +
                                      " per ad set per day");
    } else {
      lp.sufficient = true;
    }
    if (!notes.empty()) plan.structure += "; " + join(notes, "; ");
    plan.bidding = bidding_strategy(p, r, lp.sufficient);
    plan.targeting = targeting_for(p, r);
    plan.placements = placements_for(p, r);
    plan.pacing = pacing_for(plan, r);
    plans.push_back(std::move(plan));
  }
  return plans;
}

}  // namespace strategy::internal
