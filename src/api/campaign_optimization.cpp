// /api/v1/campaign/optimize and /api/v1/campaign/optimizations: diagnostics and ranked
// recommendations for a client's campaigns (optimize/recommendations.h does the analysis),
// stored with a status that people change, and the measured effect of the ones applied.
#include <algorithm>
#include <set>

#include "api/client_history.h"
#include "api/endpoint.h"
#include "api/local_time.h"
#include "api/metrics_snapshot.h"
#include "api/recommendation_json.h"
#include "api/resources.h"
#include "api/validation.h"
#include "core/money.h"
#include "optimize/recommendations.h"
#include "security/api_keys.h"
#include "security/random.h"
#include "store/campaign_optimizations.h"

namespace api {
namespace {

using nlohmann::json;
using optimize::RecommendationKind;

inline constexpr std::array<std::string_view, 10> kKindNames = {
    "budget_pacing",    "cpa_vs_target",    "roas_vs_target",      "budget_reallocation",
    "creative_fatigue", "bid_strategy_fit", "audience_saturation", "day_of_week",
    "anomaly",          "ab_test"};
using KindSpec = schema::Enum<RecommendationKind, 10>;

// The statuses a person sets; `expired` is the analysis's own.
enum class NewStatus { open, applied, dismissed };
inline constexpr std::array<std::string_view, 3> kNewStatusNames = {"open", "applied", "dismissed"};
using NewStatusSpec = schema::Enum<NewStatus, 3>;

// How far back histories are read: the longest look-back of any check (the day-of-week check's
// 56 days, the analysis and comparison windows up to 365 days each).
constexpr int kMaxHistoryDays = 730;
// Measured effects compare at most this many days on each side of the change.
constexpr int kMaxEffectDays = 90;

struct OptimizeRequest {
  std::optional<std::string> client_id, campaign_id;
  std::optional<std::int64_t> target_cpa, total_daily_budget;
  std::optional<double> target_roas;
  std::int64_t window_days = 28, comparison_days = 28, horizon_days = 28;
  std::optional<core::Date> as_of;
  std::vector<RecommendationKind> kinds;
};

struct StatusRequest {
  NewStatus status = NewStatus::open;
  std::optional<core::Date> applied_on;
  std::string note;
};

struct ListQuery {
  std::string client_id;
  std::optional<std::string> campaign_id, status, kind;
  std::int64_t limit = 50;
  std::string cursor;
};

const schema::Object<OptimizeRequest>& request_shape() {
  using R = OptimizeRequest;
  static const auto shape =
      schema::Object<R>("CampaignOptimizationRequest",
                        "client_id (every campaign of the client) or campaign_id (that one).")
          .optional("client_id", &R::client_id, schema::String().min_length(1).max_length(64))
          .optional("campaign_id", &R::campaign_id, schema::String().min_length(1).max_length(64))
          .optional("target_cpa", &R::target_cpa, schema::Money().positive(),
                    "cost per conversion to hold campaigns to")
          .optional("target_roas", &R::target_roas, schema::Number().exclusive_min(0).max(1000),
                    "conversion value per currency unit spent")
          .optional("total_daily_budget", &R::total_daily_budget, schema::Money().positive(),
                    "the daily budget the reallocation splits (default: the campaigns' current "
                    "mean daily spend)")
          .optional("window_days", &R::window_days, schema::Integer().min(7).max(365),
                    "days analysed, ending the day before as_of (default 28)")
          .optional("comparison_days", &R::comparison_days, schema::Integer().min(0).max(365),
                    "the period before the window, for previous-period evidence (default 28)")
          .optional("horizon_days", &R::horizon_days, schema::Integer().min(1).max(365),
                    "expected impacts are over this many days after the change (default 28)")
          .optional("as_of", &R::as_of, schema::Date(),
                    "the first day not analysed (default: today in the client's time zone)")
          .optional("kinds", &R::kinds,
                    std::move(schema::Array<KindSpec>(KindSpec(kKindNames)).max_items(10)),
                    "the checks to run (default all)");
  return shape;
}

const schema::Object<StatusRequest>& status_shape() {
  using S = StatusRequest;
  static const auto shape =
      schema::Object<S>("RecommendationStatusChange")
          .required("status", &S::status, NewStatusSpec(kNewStatusNames),
                    "applied or dismissed (from open); open (from dismissed)")
          .optional("applied_on", &S::applied_on, schema::Date(),
                    "with applied: the day the change took effect (default: today in the "
                    "client's time zone); its effect is measured from the day after")
          .optional("note", &S::note, schema::String().max_length(2000));
  return shape;
}

const schema::Object<ListQuery>& list_shape() {
  using Q = ListQuery;
  static const auto shape =
      schema::Object<Q>("RecommendationListQuery")
          .required("client_id", &Q::client_id, schema::String().max_length(64))
          .optional("campaign_id", &Q::campaign_id, schema::String().max_length(64),
                    "recommendations whose first campaign is this one")
          .optional("status", &Q::status,
                    schema::String().pattern("^(open|applied|dismissed|expired)$",
                                             "open, applied, dismissed or expired"))
          .optional("kind", &Q::kind, schema::String().max_length(64))
          .optional("limit", &Q::limit, schema::Integer().min(1).max(500))
          .optional("cursor", &Q::cursor, schema::String().max_length(500));
  return shape;
}

// The stored recommendation's fields, described for the OpenAPI document.
struct Document {
  std::string id, client_id, kind, status, title, explanation, created_at, updated_at;
  double confidence = 0, priority = 0;
  json campaign_ids, changes, evidence, expected_impact, measured_effect;
};
const schema::Object<Document>& document_shape() {
  using D = Document;
  static const auto shape =
      schema::Object<D>("Recommendation",
                        "Also: confidence_drivers, value_at_stake, test, as_of, window, "
                        "applied_on, history — see docs/recommendations.md")
          .output("id", &D::id, schema::String())
          .output("client_id", &D::client_id, schema::String())
          .output("kind", &D::kind, schema::String(), "budget_pacing, cpa_vs_target, …")
          .output("status", &D::status, schema::String(), "open, applied, dismissed or expired")
          .output("title", &D::title, schema::String())
          .output("campaign_ids", &D::campaign_ids, schema::JsonObject())
          .output("changes", &D::changes, schema::JsonObject(),
                  "[{campaign_id, field, from, to, description}]: the change to make")
          .output("evidence", &D::evidence, schema::JsonObject(),
                  "[{campaign_id, metric, value, period, comparison, comparison_label}]")
          .output("expected_impact", &D::expected_impact, schema::JsonObject(),
                  "[{metric, baseline, expected, change, low, high, horizon_days}], the first "
                  "the primary one")
          .output("confidence", &D::confidence, schema::Number())
          .output("priority", &D::priority, schema::Number(), "what the list is ranked by")
          .output("explanation", &D::explanation, schema::String())
          .output("measured_effect", &D::measured_effect, schema::JsonObject(),
                  "applied only: the metric before and after the change per campaign, with an "
                  "interval and the expected change; null until two days after it took effect")
          .output("created_at", &D::created_at, schema::Timestamp())
          .output("updated_at", &D::updated_at, schema::Timestamp());
  return shape;
}

struct Report {
  std::string client_id, summary;
  json window, recommendations, campaigns, notes, expired;
};
const schema::Object<Report>& report_shape() {
  using R = Report;
  static const auto shape =
      schema::Object<R>("CampaignOptimization",
                        "Also: campaign_id, as_of, reference_cpa, reference_roas, horizon_spend")
          .output("client_id", &R::client_id, schema::String())
          .output("summary", &R::summary, schema::String())
          .output("window", &R::window, schema::JsonObject(), "{first, last, days}")
          .output("recommendations", &R::recommendations, schema::JsonObject(),
                  "Recommendation[], highest priority first, each stored with its id and status")
          .output("campaigns", &R::campaigns, schema::JsonObject(),
                  "per campaign: window figures and every check with its outcome "
                  "(triggered, passed, skipped) and why")
          .output("notes", &R::notes, schema::JsonObject())
          .output("expired", &R::expired, schema::JsonObject(),
                  "ids of open recommendations this analysis no longer makes");
  return shape;
}

void require_snapshots(const Context& ctx) {
  if (!ctx.services.snapshots) {
    throw http::ProblemError(http::service_unavailable("campaign optimization is not configured"));
  }
}

[[noreturn]] void throw_conflict(const std::string& field, const std::string& message) {
  std::string detail = field;
  detail.append(" ").append(message);
  auto problem = http::conflict(std::move(detail));
  problem.errors.push_back({field, message});
  throw http::ProblemError(std::move(problem));
}

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

// The stored record as the API shows it: the payload with the row's columns, and for an applied
// recommendation its measured effect on the history in `snapshot`.
json render(const store::RecommendationRecord& r, const MetricsSnapshot* snapshot) {
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

// The client and campaigns an optimize request is about; 404 for what the caller cannot see.
int resolve_client(Context& ctx, const MetricsSnapshot& snapshot, OptimizeRequest& in) {
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

json optimize_campaigns(Context& ctx, OptimizeRequest in) {
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
  for (const auto& r : report.recommendations) {
    if (!in.kinds.empty() &&
        std::find(in.kinds.begin(), in.kinds.end(), r.kind) == in.kinds.end()) {
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
  const std::set<RecommendationKind> ran = [&] {
    std::set<RecommendationKind> out;
    for (auto k : kKindNames) {
      auto kind = core::enum_from_name<RecommendationKind>(kKindNames, k);
      if (in.kinds.empty() || std::find(in.kinds.begin(), in.kinds.end(), *kind) != in.kinds.end()) {
        out.insert(*kind);
      }
    }
    return out;
  }();
  auto superseded = [&](const store::RecommendationRecord& old) {
    auto kind = core::enum_from_name<RecommendationKind>(kKindNames, old.kind);
    if (!kind || !ran.count(*kind)) return false;
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
  for (const auto& r : saved.saved) recommendations.push_back(render(r, nullptr));
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

store::RecommendationRecord find_visible(Context& ctx, store::Tx& tx, const std::string& id) {
  auto record = store::campaign_optimizations::find(tx, id);
  if (!record || !ctx.principal.may_see_client(record->client_id)) {
    throw_not_found("recommendation", id);
  }
  return *record;
}

// Applies a status change to `r` (open → applied/dismissed, dismissed → open), with an entry in
// the payload's history; 409 naming the field for any other move, 400 for a bad applied_on.
void change_status(const Context& ctx, store::RecommendationRecord& r, const StatusRequest& in,
                   core::Date client_today) {
  const std::string to(kNewStatusNames[static_cast<std::size_t>(in.status)]);
  bool allowed = (r.status == "open" && in.status != NewStatus::open) ||
                 (r.status == "dismissed" && in.status == NewStatus::open);
  if (!allowed) {
    std::string message = "cannot change from ";
    message.append(r.status).append(" to ").append(to);
    throw_conflict("status", message);
  }
  if (in.applied_on && in.status != NewStatus::applied) {
    schema::throw_validation_problem({{"applied_on", "is only read with status applied"}});
  }
  json payload = json::parse(r.payload);
  if (in.status == NewStatus::applied) {
    core::Date on = in.applied_on.value_or(client_today);
    if (on > client_today) {
      schema::throw_validation_problem({{"applied_on", "must not be in the future"}});
    }
    r.applied_on = on;
  } else {
    r.applied_on.reset();
  }
  json entry = {{"from", r.status}, {"to", to}, {"at", core::format_iso_date(client_today)},
                {"by", ctx.principal.subject}, {"note", in.note}};
  if (r.applied_on) entry["applied_on"] = core::format_iso_date(*r.applied_on);
  payload["history"].push_back(std::move(entry));
  r.status = to;
  r.payload = payload.dump();
}

}  // namespace

void install_campaign_optimization_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/campaign/optimize")
      .summary("Analyse campaigns and recommend changes").tag("optimization")
      .description("Runs the diagnostics (pacing, CPA/ROAS against target, reallocation by "
                   "marginal return, creative fatigue, bid-strategy fit, audience saturation, "
                   "day of week, anomalies, tests to run) over the history of one campaign or "
                   "all of a client's, and returns ranked recommendations with their evidence, "
                   "expected impact and confidence. Each is stored (status open); running again "
                   "refreshes the same recommendation instead of adding a copy and expires the "
                   "ones no longer made. See docs/recommendations.md.")
      .min_role(Role::strategist).idempotent()
      .body(request_shape())
      .returns(200, report_shape(), "The analysis and the stored recommendations")
      .install(registry, [](Context& ctx) {
        require_snapshots(ctx);
        return json_response(optimize_campaigns(ctx, schema::parse_body(request_shape(), ctx.request.body)));
      });

  Endpoint("GET", "/api/v1/campaign/optimizations")
      .summary("List recommendations").tag("optimization")
      .description("A client's stored recommendations, newest first.")
      .query(list_shape())
      .returns_page(document_shape(), "One page of recommendations")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(list_shape(), ctx.request);
        if (!ctx.principal.may_see_client(q.client_id)) throw_not_found("client", q.client_id);
        store::RecommendationQuery query;
        query.client_id = q.client_id;
        query.campaign_id = q.campaign_id;
        query.status = q.status;
        query.kind = q.kind;
        query.limit = static_cast<std::size_t>(q.limit);
        query.cursor = q.cursor;
        auto page = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return with_cursor([&] { return store::campaign_optimizations::list(tx, query); });
        });
        json items = json::array();
        for (const auto& r : page.items) items.push_back(render(r, nullptr));
        return json_response(
            {{"items", std::move(items)},
             {"next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor)}});
      });

  Endpoint("GET", "/api/v1/campaign/optimizations/{id}")
      .summary("Get a recommendation").tag("optimization")
      .description("The stored recommendation; once applied, with the measured effect: the "
                   "metric in the days before the change against the days after it.")
      .returns(200, document_shape(), "The recommendation")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto record = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return find_visible(ctx, tx, id);
        });
        std::shared_ptr<const MetricsSnapshot> snapshot;
        if (record.status == "applied" && ctx.services.snapshots) {
          snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope());
        }
        return json_response(render(record, snapshot.get()));
      });

  Endpoint("PATCH", "/api/v1/campaign/optimizations/{id}")
      .summary("Apply, dismiss or reopen a recommendation").tag("optimization")
      .description("open → applied (records the day the change took effect, from which its "
                   "effect is measured) or dismissed; dismissed → open. Recording a change does "
                   "not make it on the ad platform.")
      .min_role(Role::strategist).idempotent()
      .body(status_shape())
      .returns(200, document_shape(), "The recommendation")
      .install(registry, [](Context& ctx) {
        require_snapshots(ctx);
        auto in = schema::parse_body(status_shape(), ctx.request.body);
        const auto& id = ctx.request.path_param("id");
        auto snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope());
        auto record = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto r = find_visible(ctx, tx, id);
          int client = snapshot->client_index(r.client_id);
          std::string zone = client < 0 ? "UTC" : snapshot->clients[static_cast<std::size_t>(client)].time_zone;
          change_status(ctx, r, in, local_today(zone));
          std::optional<store::RecommendationRecord> stored;
          try {
            stored = store::campaign_optimizations::update(tx, r);
          } catch (const store::Conflict&) {
            throw_conflict("status", "an open recommendation with the same change exists");
          }
          if (!stored) throw_not_found("recommendation", id);
          ctx.audit(tx, std::string("recommendation.").append(r.status), "recommendation", id,
                    {{"applied_on", r.applied_on ? json(core::format_iso_date(*r.applied_on)) : json(nullptr)}});
          return *stored;
        });
        return json_response(render(record, snapshot.get()));
      });
}

}  // namespace api
