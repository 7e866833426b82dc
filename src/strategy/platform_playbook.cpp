// The per-platform playbook: roles, campaign templates, bidding and expansion rules.
#include <algorithm>

#include "strategy/internal/playbook.h"

namespace strategy::internal {
namespace {

using P = core::Platform;
using O = core::Objective;

bool has_asset(const ResolvedBrief& r, std::string_view asset) {
  return std::find(r.assets.begin(), r.assets.end(), asset) != r.assets.end();
}

// Prospecting ad sets: every segment above retargeting, except history clusters that are
// costly and unengaged (they are excluded, see their message angle).
std::vector<std::string> prospecting_sets(const std::vector<AudienceSegment>& segments) {
  std::vector<std::string> sets;
  for (const AudienceSegment& s : segments) {
    if (s.funnel_stage == FunnelStage::retention) continue;
    if (s.name.find("retargeting") != std::string::npos) continue;
    if (s.message_angle.starts_with("costly")) continue;
    sets.push_back(s.name);
  }
  return sets;
}

std::vector<std::string> retargeting_sets(const std::vector<AudienceSegment>& segments) {
  std::vector<std::string> sets;
  for (const AudienceSegment& s : segments) {
    if (s.funnel_stage == FunnelStage::retention ||
        s.name.find("retargeting") != std::string::npos) {
      sets.push_back(s.name);
    }
  }
  return sets;
}

std::string objective_campaign(P p, O o, const ResolvedBrief& r) {
  const bool feed = has_asset(r, "product_feed");
  switch (p) {
    case P::meta_ads:
      switch (o) {
        case O::awareness: return "Awareness (reach)";
        case O::traffic: return "Traffic (landing page views)";
        case O::engagement: return "Engagement";
        case O::leads: return "Leads (instant forms)";
        case O::app_installs: return "App promotion";
        case O::sales_conversion: return feed ? "Advantage+ shopping" : "Sales (conversions)";
      }
      break;
    case P::linkedin_ads:
      return o == O::leads ? "Sponsored Content with Lead Gen Forms" : "Sponsored Content";
    case P::tiktok_ads:
      return o == O::awareness ? "Reach (in-feed)" : "In-feed (Spark Ads), " + objective_label(o);
    case P::youtube_ads:
      return o == O::awareness || o == O::engagement ? "Video reach (skippable + bumpers)"
                                                      : "Demand Gen video";
    default: break;
  }
  return "Standard";
}

}  // namespace

PlatformRole platform_role(P p, O o) {
  const bool conversion = is_conversion_objective(o) || o == O::traffic;
  switch (p) {
    case P::google_ads:
      return conversion ? PlatformRole{"capture existing demand: people searching for what you "
                                       "sell, at the moment of intent",
                                       FunnelStage::conversion}
                        : PlatformRole{"extend reach to Google's feeds and partner sites",
                                       FunnelStage::consideration};
    case P::meta_ads:
      return {"create and harvest demand: broad prospecting with visual creative, then "
              "retargeting of visitors and engagers",
              o == O::awareness ? FunnelStage::awareness : FunnelStage::consideration};
    case P::linkedin_ads:
      return {"reach decision makers by job title, seniority and company", 
              FunnelStage::consideration};
    case P::tiktok_ads:
      return {"discovery with short native video for a younger audience", FunnelStage::awareness};
    case P::youtube_ads:
      return {"video reach and consideration: tell the story in 6-30 seconds",
              FunnelStage::awareness};
    case P::email:
      return {"retain and re-activate the customer list at almost no media cost",
              FunnelStage::retention};
  }
  return {};
}

std::vector<CampaignTemplate> campaign_templates(P p, const ResolvedBrief& r,
                                                 const std::vector<AudienceSegment>& segments) {
  const O o = r.brief->objective;
  std::vector<std::string> prospects = prospecting_sets(segments);
  if (prospects.empty()) prospects = {"Broad prospecting"};
  const std::vector<std::string> retarget = retargeting_sets(segments);
  std::vector<CampaignTemplate> out;
  switch (p) {
    case P::google_ads: {
      if (o == O::app_installs) {
        out.push_back({"App installs", "App campaign", FunnelStage::conversion, {"All assets"}});
        break;
      }
      if (o == O::awareness || o == O::engagement) {
        out.push_back({"Demand Gen prospecting", "Demand Gen", FunnelStage::awareness, prospects});
        break;
      }
      std::vector<std::string> groups = {"Non-brand: category terms", "Brand terms"};
      for (const std::string& interest : r.interests) groups.push_back("Non-brand: " + interest);
      out.push_back({"Search - high intent", "Search", FunnelStage::conversion, groups});
      if (is_conversion_objective(o)) {
        out.push_back({"Performance Max", "Performance Max", FunnelStage::conversion,
                       {has_asset(r, "product_feed") ? "Asset group: product feed"
                                                     : "Asset group: all offers"}});
      }
      break;
    }
    case P::email:
      out.push_back({"Customer nurture", "Email sequence", FunnelStage::retention,
                     {"Active customers", "Lapsed customers"}});
      break;
    default: {
      if (p == P::tiktok_ads || p == P::youtube_ads) {
        // Video platforms prospect; lookalikes and clusters ride on the broad set.
        if (prospects.size() > 2) prospects.resize(2);
      }
      out.push_back({"Prospecting", objective_campaign(p, o, r), FunnelStage::awareness, prospects});
      if (!retarget.empty() && (p == P::meta_ads || p == P::linkedin_ads)) {
        out.push_back({"Retargeting", objective_campaign(p, o, r), FunnelStage::conversion,
                       retarget, 0.5});
      }
      break;
    }
  }
  return out;
}

BiddingStrategy bidding_strategy(P p, const ResolvedBrief& r, bool learning_ok) {
  const Brief& b = *r.brief;
  const O o = b.objective;
  BiddingStrategy bid;
  const bool roas_bid = o == O::sales_conversion && b.target_roas && r.value_per_conversion;
  const std::string learning_note =
      learning_ok ? "" : " Forecast conversions are below the learning threshold, so start "
                         "without a target and add it once the platform has ~30 conversions in "
                         "30 days.";
  if (p == P::email) return {"n/a (owned channel)", "no auction: email has no bidding", {}, {}};
  if (o == O::awareness) {
    bid.name = p == P::meta_ads ? "Highest volume (reach)"
               : p == P::tiktok_ads ? "Reach (maximum delivery)"
               : p == P::linkedin_ads ? "Maximum delivery (impressions)"
                                      : "Target CPM";
    bid.reason = "awareness buys reach at the lowest cost per thousand impressions";
    return bid;
  }
  if (o == O::traffic || o == O::engagement) {
    bid.name = p == P::google_ads ? "Maximize clicks" : "Highest volume (lowest cost)";
    bid.reason = "no conversion target: buy the most " +
                 std::string(o == O::traffic ? "link clicks" : "engagements") + " per budget";
    return bid;
  }
  if (roas_bid) {
    bid.name = p == P::google_ads || p == P::youtube_ads ? "Target ROAS"
               : p == P::meta_ads ? "ROAS goal (highest value)"
                                  : "Highest value";
    bid.target_roas = b.target_roas;
    bid.reason = "the brief sets a ROAS target and conversion values are known." + learning_note;
    return bid;
  }
  if (b.target_cpa) {
    bid.name = p == P::google_ads || p == P::youtube_ads ? "Target CPA"
               : p == P::meta_ads ? "Cost per result goal"
                                  : "Cost cap";
    bid.target_cpa = b.target_cpa;
    bid.reason = "the brief sets a CPA target of " + money(*b.target_cpa, r.currency) + "." +
                 learning_note;
    return bid;
  }
  const bool value = o == O::sales_conversion && r.value_source == "brief";
  bid.name = p == P::google_ads || p == P::youtube_ads
                 ? (value ? "Maximize conversion value" : "Maximize conversions")
             : p == P::meta_ads ? (value ? "Highest value" : "Highest volume")
                                : "Maximum delivery";
  bid.reason = "no target in the brief: let the platform find the most " +
               std::string(value ? "value" : "conversions") +
               " within budget, then set a target from the first 30 days' results";
  return bid;
}

std::string audience_expansion(P p) {
  switch (p) {
    case P::google_ads: return "broad match with smart bidding on non-brand terms; optimized "
                               "targeting on for Performance Max";
    case P::meta_ads: return "Advantage+ audience on: interests and lookalikes act as "
                             "suggestions, which helps ad sets exit learning";
    case P::linkedin_ads: return "audience expansion off: B2B targeting should stay precise";
    case P::tiktok_ads: return "automatic targeting on for the broad ad set";
    case P::youtube_ads: return "optimized targeting on; exclude kids' content";
    case P::email: return "n/a";
  }
  return "";
}

}  // namespace strategy::internal
