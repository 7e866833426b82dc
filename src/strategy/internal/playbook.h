// Internal to the planner: the per-platform playbook — each platform's role in the funnel, its
// campaign templates, bidding rules and audience-expansion setting. Tables of practitioner
// defaults, documented in docs/strategy.md.
#pragma once

#include <string>
#include <vector>

#include "strategy/internal/plan_state.h"

namespace strategy::internal {

struct PlatformRole {
  std::string role;
  FunnelStage stage;
};
PlatformRole platform_role(core::Platform p, core::Objective o);

// A campaign before its ad sets are consolidated to what the learning phase supports. Ad sets
// are listed in priority order; campaigns too (the last is dropped first).
struct CampaignTemplate {
  std::string name;
  std::string type;
  FunnelStage stage;
  std::vector<std::string> ad_sets;
  double weight_per_ad_set = 1;  // relative budget per ad set (retargeting pools are smaller)
};
std::vector<CampaignTemplate> campaign_templates(core::Platform p, const ResolvedBrief& r,
                                                 const std::vector<AudienceSegment>& segments);

BiddingStrategy bidding_strategy(core::Platform p, const ResolvedBrief& r, bool learning_ok);
std::string audience_expansion(core::Platform p);

}  // namespace strategy::internal
