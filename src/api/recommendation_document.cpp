#include "api/recommendation_document.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api/client_history.h"
#include "api/local_time.h"
#include "api/recommendation_json.h"
#include "optimize/recommendations.h"

namespace api {
namespace {

using nlohmann::json;

// Measured effects compare at most this many days on each side of the change.
constexpr int kMaxEffectDays = 90;

}  // namespace

json recommendation_document(const store::RecommendationRecord& r, const MetricsSnapshot* snapshot) {
  json doc = json::parse(r.payload);
  doc["id"] = r.id;
  doc["client_id"] = r.client_id;
  doc["status"] = r.status;
  doc["applied_on"] = r.applied_on ? json(core::format_iso_date(*r.applied_on)) : json(nullptr);
  doc["created_at"] = r.created_at;
  doc["updated_at"] = r.updated_at;
  doc["measured_effect"] = nullptr;
  if (r.status != "applied" || !r.applied_on || !snapshot) return doc;
  int client = snapshot->client_index(r.client_id);
  if (client < 0) return doc;
  const std::string zone = snapshot->clients[static_cast<std::size_t>(client)].time_zone;
  core::Date last_complete = local_today(zone) - 1;
  int horizon = std::clamp(doc.value("horizon_days", 28), 2, kMaxEffectDays);
  int days = std::min(horizon, last_complete - *r.applied_on);
  if (days < 2) {
    doc["measured_effect"] = {
        {"status", "pending"},
        {"measurable_from", core::format_iso_date(*r.applied_on + 3)},
        {"note", "the effect is measured once two full days have passed since the change"}};
    return doc;
  }
  std::vector<std::string> campaigns = doc.value("campaign_ids", std::vector<std::string>{});
  auto histories = campaign_histories(*snapshot, client, *r.applied_on - days,
                                      *r.applied_on + days, campaigns);
  json effects = json::array();
  const json impacts = doc.value("expected_impact", json::array());
  for (const auto& history : histories) {
    std::vector<optimize::ExpectedImpact> wanted;
    for (const auto& i : impacts) {
      if (auto impact = impact_from_json(i)) wanted.push_back(*impact);
    }
    if (wanted.empty()) {  // no modelled impact (a rule's recommendation): spend and conversions
      for (auto metric : {optimize::CampaignMetric::spend, optimize::CampaignMetric::conversions}) {
        wanted.push_back({});
        wanted.back().metric = metric;
      }
    }
    for (const auto& impact : wanted) {
      optimize::EffectOptions options;
      // The expected change is the recommendation's as a whole: comparable only when it names
      // this campaign alone.
      if (histories.size() == 1 && impact.horizon_days > 0) options.expected = impact;
      auto effect = optimize::measure_effect(history, *r.applied_on, impact.metric, days, options);
      effects.push_back(measured_effect_json(history.id, effect));
    }
  }
  doc["measured_effect"] = {{"status", "measured"}, {"days", days}, {"effects", std::move(effects)}};
  return doc;
}


}  // namespace api
