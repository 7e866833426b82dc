// /api/v1/campaign/optimize and /api/v1/campaign/optimizations: diagnostics and ranked
// recommendations for a client's campaigns (optimize/recommendations.h does the analysis),
// stored with a status that people change, and the measured effect of the ones applied.
// The analysis itself is campaign_analysis.h; a stored recommendation's JSON and measured effect
// recommendation_document.h.
#include "api/campaign_analysis.h"
#include "api/endpoint.h"
#include "api/local_time.h"
#include "api/metrics_snapshot.h"
#include "api/recommendation_document.h"
#include "api/resources.h"
#include "api/validation.h"
#include "store/campaign_optimizations.h"

namespace api {
namespace {

using nlohmann::json;
using optimize::RecommendationKind;

using KindSpec = schema::Enum<RecommendationKind, 10>;

// The statuses a person sets; `expired` is the analysis's own.
enum class NewStatus { open, applied, dismissed };
inline constexpr std::array<std::string_view, 3> kNewStatusNames = {"open", "applied", "dismissed"};
using NewStatusSpec = schema::Enum<NewStatus, 3>;

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

const schema::Object<AnalysisRequest>& request_shape() {
  using R = AnalysisRequest;
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
        return json_response(analyse_campaigns(ctx, schema::parse_body(request_shape(), ctx.request.body)));
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
        for (const auto& r : page.items) items.push_back(recommendation_document(r, nullptr));
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
        return json_response(recommendation_document(record, snapshot.get()));
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
        return json_response(recommendation_document(record, snapshot.get()));
      });
}

}  // namespace api
