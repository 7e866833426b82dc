// The placements the planner can use on each platform, checked once against the embedded ad
// specifications (ad_specs.h) and cached: ad_specs' derived lookups parse CSV values on every
// call, and a strategy needs dozens of them.
#include <algorithm>
#include <map>
#include <tuple>

#include "strategy/ad_specs.h"
#include "strategy/internal/plan_state.h"

namespace strategy::internal {
namespace {

struct CatalogEntry {
  core::Platform platform;
  std::string_view placement;
  std::string_view format;
  std::string_view required_asset;
  FunnelStage best_stage;
  std::vector<std::string_view> text_fields;
};

const std::vector<CatalogEntry>& catalog() {
  using P = core::Platform;
  using F = FunnelStage;
  static const std::vector<CatalogEntry> entries = {
      {P::google_ads, "responsive_search_ad", "text", "copy", F::conversion,
       {"headline", "description", "display_path"}},
      {P::google_ads, "demand_gen_image_ad", "image", "image", F::consideration,
       {"headline", "description", "business_name"}},
      {P::meta_ads, "feed", "image", "image", F::consideration,
       {"primary_text", "headline", "description"}},
      {P::meta_ads, "stories", "video", "video", F::awareness, {}},
      {P::meta_ads, "reels", "video", "video", F::awareness, {"primary_text"}},
      {P::meta_ads, "carousel", "carousel", "carousel", F::conversion, {}},
      {P::linkedin_ads, "sponsored_content_single_image", "image", "image", F::consideration,
       {"intro_text", "headline", "description"}},
      {P::linkedin_ads, "sponsored_content_video", "video", "video", F::awareness,
       {"intro_text", "headline"}},
      {P::linkedin_ads, "message_ads", "text", "copy", F::conversion,
       {"subject", "body", "cta_button"}},
      {P::linkedin_ads, "text_ads", "text", "copy", F::consideration,
       {"headline", "description"}},
      {P::tiktok_ads, "in_feed", "video", "video", F::awareness, {"description", "brand_name"}},
      {P::youtube_ads, "skippable_in_stream", "video", "video", F::consideration, {}},
      {P::youtube_ads, "bumper", "video", "video", F::awareness, {}},
      {P::youtube_ads, "shorts", "video", "video", F::awareness, {}},
      {P::youtube_ads, "video_ad_text", "text", "copy", F::consideration,
       {"headline", "long_headline", "description", "cta"}},
      {P::email, "inbox", "html", "copy", F::retention, {"subject"}},
  };
  return entries;
}

using LimitKey = std::tuple<core::Platform, std::string, std::string>;

struct Cache {
  std::array<std::vector<PlacementSpec>, kPlatformCount> placements;
  std::map<LimitKey, std::optional<CachedLimit>, std::less<>> limits;
};

std::optional<CachedLimit> read_limit(core::Platform p, std::string_view placement,
                                      std::string_view field) {
  const std::optional<TextLimit> limit = text_limit(p, placement, field);
  if (!limit) return std::nullopt;
  return CachedLimit{limit->max_chars, limit->min_chars.value_or(0)};
}

const Cache& cache() {
  static const Cache built = [] {
    Cache c;
    for (const CatalogEntry& e : catalog()) {
      PlacementSpec spec{e.placement, e.format, e.required_asset, e.best_stage,
                         !specs_for(e.platform, e.placement).empty(), {}, {}, {}, {}};
      if (spec.in_specs) {
        spec.aspect_ratios = aspect_ratios(e.platform, e.placement);
        if (auto duration = video_duration(e.platform, e.placement)) {
          spec.video_min_seconds = duration->min_seconds;
          spec.video_max_seconds = duration->max_seconds;
        }
      }
      for (std::string_view field : e.text_fields) {
        auto limit = read_limit(e.platform, e.placement, field);
        c.limits.emplace(LimitKey{e.platform, std::string(e.placement), std::string(field)},
                         limit);
        if (limit) spec.text_limits.emplace_back(std::string(field), limit->max_chars);
      }
      c.placements[index_of(e.platform)].push_back(std::move(spec));
    }
    return c;
  }();
  return built;
}

}  // namespace

const std::vector<PlacementSpec>& placement_specs(core::Platform platform) {
  return cache().placements[index_of(platform)];
}

std::optional<CachedLimit> cached_text_limit(core::Platform platform, std::string_view placement,
                                             std::string_view field) {
  const auto& limits = cache().limits;
  for (const auto& [key, limit] : limits) {
    if (std::get<0>(key) == platform && std::get<1>(key) == placement &&
        std::get<2>(key) == field) {
      return limit;
    }
  }
  return read_limit(platform, placement, field);  // not in the catalog: the slow path
}

}  // namespace strategy::internal
