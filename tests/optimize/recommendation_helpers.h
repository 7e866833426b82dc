// Lookups into a RecommendationReport for the recommendation tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "optimize/campaign_builder.h"
#include "optimize/recommendations.h"

namespace optimize_test {

inline optimize::RecommendationOptions options() {
  optimize::RecommendationOptions o;
  o.today = kToday;
  return o;
}

inline std::vector<const optimize::Recommendation*> of_kind(
    const optimize::RecommendationReport& report, optimize::RecommendationKind kind) {
  std::vector<const optimize::Recommendation*> out;
  for (const auto& r : report.recommendations) {
    if (r.kind == kind) out.push_back(&r);
  }
  return out;
}

// The one recommendation of `kind`; fails the test (and returns nullptr) unless there is one.
inline const optimize::Recommendation* only(const optimize::RecommendationReport& report,
                                            optimize::RecommendationKind kind) {
  auto found = of_kind(report, kind);
  EXPECT_EQ(found.size(), 1u) << to_string(kind) << " in: " << report.summary();
  return found.size() == 1 ? found.front() : nullptr;
}

inline const optimize::Evidence* evidence(const optimize::Recommendation& r,
                                          std::string_view metric) {
  for (const auto& e : r.evidence) {
    if (e.metric == metric) return &e;
  }
  ADD_FAILURE() << "no evidence " << metric << " in " << r.title;
  return nullptr;
}

inline const optimize::ExpectedImpact* impact(const optimize::Recommendation& r,
                                              optimize::CampaignMetric metric) {
  for (const auto& i : r.impacts) {
    if (i.metric == metric) return &i;
  }
  ADD_FAILURE() << "no impact on " << to_string(metric) << " in " << r.title;
  return nullptr;
}

inline const optimize::Check* check(const optimize::RecommendationReport& report,
                                    std::string_view campaign_id,
                                    optimize::RecommendationKind kind) {
  for (const auto& c : report.campaigns) {
    if (c.campaign_id != campaign_id) continue;
    for (const auto& k : c.checks) {
      if (k.kind == kind) return &k;
    }
  }
  ADD_FAILURE() << "no " << to_string(kind) << " check for " << campaign_id;
  return nullptr;
}

}  // namespace optimize_test
