// The content strategy: pillars by objective, message angles per segment, formats per platform,
// a weekly creative calendar and the copy variants to test (copy_variants.cpp).
#include <algorithm>

#include "strategy/internal/plan_state.h"

namespace strategy::internal {
namespace {

using F = FunnelStage;

std::vector<ContentPillar> pillars_for(core::Objective o) {
  switch (o) {
    case core::Objective::awareness:
      return {{"Brand story", "who you are and why it matters, told in the first 3 seconds",
               F::awareness},
              {"Education", "useful tips that show expertise without selling", F::consideration},
              {"Community", "customers and creators using the product (UGC)", F::consideration}};
    case core::Objective::traffic:
      return {{"Curiosity hooks", "a question or surprising fact that earns the click",
               F::awareness},
              {"Useful content", "guides and articles worth the visit", F::consideration},
              {"Offer", "a concrete reason to visit now", F::conversion}};
    case core::Objective::engagement:
      return {{"Entertain", "native, sound-on content in the platform's style", F::awareness},
              {"Ask the audience", "polls, questions and challenges", F::consideration},
              {"Behind the scenes", "the people and process behind the brand", F::consideration}};
    case core::Objective::leads:
      return {{"Problem and cost of inaction", "the pain the prospect feels, in their words",
               F::awareness},
              {"Expertise and proof", "case studies, results and credentials",
               F::consideration},
              {"Lead magnet", "a guide, audit or consultation worth an email address",
               F::conversion}};
    case core::Objective::app_installs:
      return {{"App in use", "screen recordings of the one task the app makes easy",
               F::awareness},
              {"Proof", "reviews and store ratings as the client has them", F::consideration},
              {"Onboarding offer", "a first-use reason to install now", F::conversion}};
    case core::Objective::sales_conversion:
      return {{"Product hero", "the main product and its benefit, shown in use", F::awareness},
              {"Proof", "reviews, UGC and demonstrations", F::consideration},
              {"Offer and urgency", "the offer, with a reason to act now", F::conversion}};
  }
  return {};
}

std::string_view second_angle(FunnelStage stage) {
  switch (stage) {
    case F::awareness: return "educate: a useful tip or a short story";
    case F::consideration: return "compare: why this over the alternatives";
    case F::conversion: return "act: a concrete reason to choose now";
    case F::retention: return "reward loyalty: early access or a referral offer";
  }
  return "";
}

// The asset a platform's calendar leads with: its first recommended non-text placement.
const PlacementPlan* lead_placement(const PlatformPlan& plan) {
  const PlacementPlan* first = nullptr;
  for (const PlacementPlan& p : plan.placements) {
    if (!p.recommended) continue;
    if (!first) first = &p;
    if (p.required_asset != "copy") return &p;
  }
  return first;
}

// How often creative is replaced: short-video feeds fatigue twice as fast.
int refresh_days(core::Platform p, const PlannerOptions& options) {
  if (p == core::Platform::tiktok_ads) return std::max(7, options.creative_refresh_days / 2);
  if (p == core::Platform::email) return 7;
  return options.creative_refresh_days;
}

}  // namespace

ContentStrategy build_content(const ResolvedBrief& r, const Strategy& s,
                              const PlannerOptions& options) {
  ContentStrategy c;
  c.pillars = pillars_for(r.brief->objective);
  const std::vector<SeasonalPeak> peaks = seasonal_peaks(r.start, r.end);
  if (!peaks.empty()) {
    c.pillars.push_back({"Seasonal moment",
                         "tie the offer to " + std::string(peaks.front().name) + " (" +
                             core::format_iso_date(peaks.front().start) + " to " +
                             core::format_iso_date(peaks.front().end) + ")",
                         F::conversion});
  }
  for (const AudienceSegment& segment : s.audience_segments) {
    c.segment_angles.push_back(
        {segment.name, {segment.message_angle, std::string(second_angle(segment.funnel_stage))}});
  }
  for (const PlatformPlan& plan : s.platform_plans) {
    PlatformFormats formats{plan.platform, {}, {}};
    for (const PlacementPlan& p : plan.placements) {
      std::vector<std::string>& list = p.recommended ? formats.formats : formats.missing_assets;
      const std::string& item = p.recommended ? p.formats.front() : p.required_asset;
      if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
    }
    c.platform_formats.push_back(std::move(formats));
  }

  const int weeks = (r.days + 6) / 7;
  for (int week = 1; week <= weeks; ++week) {
    const core::Date from = r.start + 7 * (week - 1);
    const core::Date to = std::min(r.end, from + 6);
    for (const PlatformPlan& plan : s.platform_plans) {
      const PlacementPlan* lead = lead_placement(plan);
      if (!lead) continue;
      const int every = refresh_days(plan.platform, options);
      const int day = 7 * (week - 1);
      const std::size_t rotation = static_cast<std::size_t>(day / every);
      if (week == 1) {
        for (std::size_t i = 0; i < std::min<std::size_t>(2, c.pillars.size()); ++i) {
          c.calendar.push_back({week, from, to, plan.platform, lead->placement,
                                lead->required_asset, c.pillars[i].name, "launch"});
        }
      } else if (day / every != (day - 7) / every) {
        c.calendar.push_back({week, from, to, plan.platform, lead->placement,
                              lead->required_asset,
                              c.pillars[(rotation + 1) % c.pillars.size()].name, "refresh"});
      } else if (week == 3 && plan.platform == core::Platform::google_ads) {
        c.calendar.push_back({week, from, to, plan.platform, "responsive_search_ad", "copy",
                              c.pillars[1 % c.pillars.size()].name, "test variant"});
      }
    }
  }
  c.copy_variants = build_copy_variants(r, r.platforms);
  return c;
}

}  // namespace strategy::internal
