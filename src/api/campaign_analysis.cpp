#include "api/campaign_analysis.h"

#include <algorithm>
#include <set>

#include "api/client_history.h"
#include "api/local_time.h"
#include "api/metrics_snapshot.h"
#include "api/recommendation_document.h"
#include "api/recommendation_json.h"
#include "api/validation.h"
#include "core/money.h"
#include "security/api_keys.h"
#include "security/random.h"
#include "store/campaign_optimizations.h"

namespace api {
namespace {

using nlohmann::json;
using optimize::RecommendationKind;

// How far back histories are read: the longest look-back of any check (the day-of-week check's
// 56 days, the analysis and comparison windows up to 365 days each).
constexpr int kMaxHistoryDays = 730;

void disable_all_but(optimize::RecommendationOptions& o, const std::vector<RecommendationKind>& kinds) {
  if (kinds.empty()) return;
  auto on = [&](RecommendationKind k) {
    return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
  };
  o.pacing.enabled = on(RecommendationKind::budget_pacing);
  o.efficiency.enabled = on(RecommendationKind::cpa_vs_target) || on(RecommendationKind::roas_vs_target);
  o.reallocation.enabled = on(RecommendationKind::budget_reallocation);
  o.fatigue.enabled = on(RecommendationKind::creative_fatigue);
  o.bidding.enabled = on(RecommendationKind::bid_strategy_fit);
  o.saturation.enabled = on(RecommendationKind::audience_saturation);
  o.day_of_week.enabled = on(RecommendationKind::day_of_week);
  o.anomalies.enabled = on(RecommendationKind::anomaly);
  o.tests.enabled = on(RecommendationKind::ab_test);
}

// The client and campaigns an optimize request is about; 404 for what the caller cannot see.
int resolve_client(Context& ctx, const MetricsSnapshot& snapshot, AnalysisRequest& in) {
  if (in.campaign_id) {
    auto it = std::find_if(snapshot.campaigns.begin(), snapshot.campaigns.end(),
                           [&](const SnapshotCampaign& c) { return c.id == *in.campaign_id; });
    if (it == snapshot.campaigns.end()) throw_not_found("campaign", *in.campaign_id);
    const std::string& owner = snapshot.clients[it->client].id;
    if (!ctx.principal.may_see_client(owner)) throw_not_found("campaign", *in.campaign_id);
    if (in.client_id && *in.client_id != owner) {
      schema::throw_validation_problem({{"campaign_id", "is not a campaign of client_id"}});
    }
    in.client_id = owner;
  }
  if (!ctx.principal.may_see_client(*in.client_id)) throw_not_found("client", *in.client_id);
  int index = snapshot.client_index(*in.client_id);
  if (index < 0) throw_not_found("client", *in.client_id);
  return index;
}

}  // namespace

json analyse_campaigns(Context& ctx, AnalysisRequest in) {
  if (!in.client_id && !in.campaign_id) {
    schema::throw_validation_problem({{"client_id", "client_id or campaign_id is required"}});
  }
  auto snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope());
  int client = resolve_client(ctx, *snapshot, in);
  const SnapshotClient& owner = snapshot->clients[static_cast<std::size_t>(client)];

  optimize::RecommendationOptions options;
  options.today = in.as_of.value_or(local_today(owner.time_zone));
  if (in.target_cpa) options.target_cpa = core::units_from_micros(*in.target_cpa);
  options.target_roas = in.target_roas;
  if (in.total_daily_budget) options.total_daily_budget = core::units_from_micros(*in.total_daily_budget);
  options.window_days = static_cast<int>(in.window_days);
  options.comparison_days = static_cast<int>(in.comparison_days);
  options.horizon_days = static_cast<int>(in.horizon_days);
  disable_all_but(options, in.kinds);

  std::vector<std::string> only;
  if (in.campaign_id) only.push_back(*in.campaign_id);
  auto histories = campaign_histories(*snapshot, client, options.today - kMaxHistoryDays,
                                      options.today - 1, only);
  auto report = optimize::analyse(histories, options);
  if (report.status == optimize::RecommendationStatus::invalid_options) {
    schema::throw_validation_problem({{"options", report.reason}});
  }

  // Each recommendation becomes a stored record; the analysed campaigns' earlier open
  // recommendations that this run no longer makes expire.
  std::set<std::string> analysed;
  for (const auto& h : histories) analysed.insert(h.id);
  std::vector<store::RecommendationRecord> records;
  std::set<std::string> keys;
  auto requested = [&](RecommendationKind kind) {
    return in.kinds.empty() || std::find(in.kinds.begin(), in.kinds.end(), kind) != in.kinds.end();
  };
  for (const auto& r : report.recommendations) {
    if (!requested(r.kind)) {
      continue;  // cpa and roas share a switch in the options
    }
    store::RecommendationRecord record;
    record.id = security::new_id("rec");
    record.kind = std::string(optimize::to_string(r.kind));
    if (!r.campaign_ids.empty()) record.campaign_id = r.campaign_ids.front();
    std::string key = recommendation_key(owner.id, r);
    for (int n = 2; !keys.insert(key).second; ++n) key.append("#").append(std::to_string(n));
    record.content_key = security::hash_api_key(key);
    json payload = recommendation_json(r);
    payload["as_of"] = core::format_iso_date(options.today);
    payload["window"] = {{"first", core::format_iso_date(report.window.first)},
                         {"last", core::format_iso_date(report.window.last)}};
    payload["horizon_days"] = options.horizon_days;
    payload["history"] = json::array();
    record.payload = payload.dump();
    records.push_back(std::move(record));
  }
  auto superseded = [&](const store::RecommendationRecord& old) {
    auto kind = core::enum_from_name<RecommendationKind>(kKindNames, old.kind);
    if (!kind || !requested(*kind)) return false;
    json payload = json::parse(old.payload, nullptr, false);
    if (!payload.is_object()) return false;
    for (const auto& id : payload.value("campaign_ids", std::vector<std::string>{})) {
      if (!analysed.count(id)) return false;
    }
    return true;
  };
  auto saved = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
    auto run = store::campaign_optimizations::save_run(tx, owner.id, records, superseded);
    ctx.audit(tx, "campaign.optimize", "client", owner.id,
              {{"recommendations", run.saved.size()}, {"expired", run.expired.size()}});
    return run;
  });

  json recommendations = json::array();
  for (const auto& r : saved.saved) recommendations.push_back(recommendation_document(r, nullptr));
  json campaigns = json::array();
  for (const auto& d : report.campaigns) campaigns.push_back(diagnostics_json(d));
  auto optional = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return {{"client_id", owner.id},
          {"campaign_id", in.campaign_id ? json(*in.campaign_id) : json(nullptr)},
          {"as_of", core::format_iso_date(options.today)},
          {"window", {{"first", core::format_iso_date(report.window.first)},
                      {"last", core::format_iso_date(report.window.last)},
                      {"days", report.window.days()}}},
          {"summary", report.summary()},
          {"reference_cpa", optional(report.reference_cpa)},
          {"reference_roas", optional(report.reference_roas)},
          {"horizon_spend", report.horizon_spend},
          {"recommendations", std::move(recommendations)},
          {"campaigns", std::move(campaigns)},
          {"notes", report.notes},
          {"expired", saved.expired}};
}

}  // namespace api
