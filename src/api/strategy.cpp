// /api/v1/strategy/generate and /api/v1/strategies: a brief in, a stored, explained
// cross-platform strategy out (strategy/planner.h does the planning).
#include "api/client_history.h"
#include "api/endpoint.h"
#include "api/model_registry.h"
#include "api/resources.h"
#include "api/strategy_json.h"
#include "api/validation.h"
#include "core/money.h"
#include "cache/cache.h"
#include "security/api_keys.h"
#include "security/random.h"
#include "store/strategies.h"
#include "strategy/planner.h"

namespace api {
namespace {

using PlatformSpec = schema::Enum<core::Platform, 6>;
using ObjectiveSpec = schema::Enum<core::Objective, 6>;
constexpr char kSeparator = '\x1f';  // never in currency codes or JSON text

struct AudienceRequest {
  std::vector<std::string> locations, age_ranges, genders, interests, languages;
  std::optional<bool> has_customer_list, has_lookalikes;
};

struct BoundRequest {
  core::Platform platform = core::Platform::google_ads;
  std::optional<std::int64_t> min_budget, max_budget;
};

struct StrategyRequest {
  std::optional<std::string> tenant_id, client_id, campaign_name, currency, industry;
  core::Objective objective = core::Objective::sales_conversion;
  std::int64_t budget = 0;
  std::optional<core::Date> start_date, end_date;
  std::vector<core::Platform> platforms;
  AudienceRequest audience;
  std::optional<std::int64_t> value_per_conversion, target_cpa;
  std::optional<double> target_roas, margin;
  std::vector<BoundRequest> platform_budgets;
  std::vector<std::string> creative_assets;
};

struct StrategyListQuery {
  std::optional<std::string> client_id;
  std::int64_t limit = 50;
  std::string cursor;
};

schema::Array<schema::String> words(std::size_t max_items) {
  return std::move(schema::Array<schema::String>(schema::String().min_length(1).max_length(100))
                       .max_items(max_items));
}

const schema::Object<AudienceRequest>& audience_shape() {
  using A = AudienceRequest;
  static const auto shape =
      schema::Object<AudienceRequest>("AudienceInput")
          .optional("locations", &A::locations, words(50), "countries, regions or cities")
          .optional("age_ranges", &A::age_ranges,
                    std::move(schema::Array<schema::String>(schema::String().pattern(
                                  "^(1[3-9]|[2-9][0-9])(-(1[3-9]|[2-9][0-9])|\\+)$",
                                  "an age range such as 25-34 or 65+"))
                                  .max_items(10)))
          .optional("genders", &A::genders,
                    std::move(schema::Array<schema::String>(
                                  schema::String().pattern("^(male|female|all)$",
                                                           "male, female or all"))
                                  .max_items(3)))
          .optional("interests", &A::interests, words(50))
          .optional("languages", &A::languages, words(20))
          .optional("has_customer_list", &A::has_customer_list, schema::Boolean(),
                    "a customer list can be uploaded for matching and exclusion")
          .optional("has_lookalikes", &A::has_lookalikes, schema::Boolean(),
                    "lookalike / similar audiences may be built");
  return shape;
}

const schema::Object<BoundRequest>& bound_shape() {
  static const auto shape =
      schema::Object<BoundRequest>("PlatformBudget")
          .required("platform", &BoundRequest::platform, PlatformSpec(core::kPlatformNames))
          .optional("min_budget", &BoundRequest::min_budget, schema::Money(),
                    "least spend on this platform over the flight")
          .optional("max_budget", &BoundRequest::max_budget, schema::Money(),
                    "most spend on this platform over the flight");
  return shape;
}

const schema::Object<StrategyRequest>& request_shape() {
  using R = StrategyRequest;
  static const auto shape =
      schema::Object<StrategyRequest>("StrategyBrief",
                                      "Only objective and budget are required; every default "
                                      "taken is listed in the answer's assumptions.")
          .optional("tenant_id", &R::tenant_id, schema::String().max_length(64),
                    "must be the caller's tenant when given (403 otherwise)")
          .optional("client_id", &R::client_id, schema::String().max_length(64),
                    "a client of the tenant; its history shapes the plan")
          .optional("campaign_name", &R::campaign_name, schema::String().min_length(1).max_length(200))
          .required("objective", &R::objective, ObjectiveSpec(core::kObjectiveNames))
          .required("budget", &R::budget, schema::Money().positive(),
                    "total budget over the flight, in major units")
          .optional("currency", &R::currency,
                    schema::String().pattern("^[A-Z]{3}$", "a 3-letter ISO 4217 code such as USD"),
                    "default: the client's currency, else USD")
          .optional("start_date", &R::start_date, schema::Date(), "default: tomorrow")
          .optional("end_date", &R::end_date, schema::Date(), "default: 30 days from the start")
          .optional("platforms", &R::platforms,
                    std::move(schema::Array<PlatformSpec>(PlatformSpec(core::kPlatformNames))
                                  .max_items(6).unique()),
                    "default: recommended from the objective, industry, audience and budget")
          .optional("industry", &R::industry, schema::String().min_length(1).max_length(100),
                    "default: the client's industry, else all industries")
          .optional("audience", &R::audience, audience_shape())
          .optional("value_per_conversion", &R::value_per_conversion, schema::Money().positive(),
                    "average order or lead value")
          .optional("target_cpa", &R::target_cpa, schema::Money().positive())
          .optional("target_roas", &R::target_roas, schema::Number().exclusive_min(0).max(1000))
          .optional("margin", &R::margin, schema::Number().min(0).max(1), "gross margin, 0–1")
          .optional("platform_budgets", &R::platform_budgets,
                    std::move(schema::Array<schema::Object<BoundRequest>>(bound_shape()).max_items(6)),
                    "per-platform minimum and maximum spend over the flight")
          .optional("creative_assets", &R::creative_assets, words(20),
                    "assets available: video, image, carousel, copy, ugc, product_feed …");
  return shape;
}

const schema::Object<StrategyListQuery>& list_shape() {
  static const auto shape =
      schema::Object<StrategyListQuery>("StrategyListQuery")
          .optional("client_id", &StrategyListQuery::client_id, schema::String().max_length(64))
          .optional("limit", &StrategyListQuery::limit, schema::Integer().min(1).max(500),
                    "page size, default 50")
          .optional("cursor", &StrategyListQuery::cursor, schema::String().max_length(500));
  return shape;
}

const schema::Object<store::StrategyRecord>& summary_shape() {
  using S = store::StrategyRecord;
  static const auto shape = schema::Object<S>("StrategySummary")
                                .output("id", &S::id, schema::String())
                                .output("client_id", &S::client_id, schema::String())
                                .output("name", &S::name, schema::String())
                                .output("status", &S::status, schema::String())
                                .output("objective", &S::objective, schema::String())
                                .output("budget", &S::budget_micros, schema::Money())
                                .output("currency", &S::currency, schema::String())
                                .output("created_at", &S::created_at, schema::Timestamp());
  return shape;
}

// The stored and returned document: the summary fields plus the strategy (described for the
// OpenAPI document only; document_text() writes it).
struct StrategyDocument : store::StrategyRecord {
  nlohmann::json strategy;
};

const schema::Object<StrategyDocument>& document_shape() {
  using D = StrategyDocument;
  using S = store::StrategyRecord;
  auto as_document = [](auto S::*member) {
    return static_cast<std::remove_reference_t<decltype(std::declval<S&>().*member)> D::*>(member);
  };
  static const auto shape =
      schema::Object<D>("StrategyDocument")
          .output("id", as_document(&S::id), schema::String())
          .output("client_id", as_document(&S::client_id), schema::String())
          .output("name", as_document(&S::name), schema::String())
          .output("status", as_document(&S::status), schema::String())
          .output("objective", as_document(&S::objective), schema::String())
          .output("budget", as_document(&S::budget_micros), schema::Money())
          .output("currency", as_document(&S::currency), schema::String())
          .output("created_at", as_document(&S::created_at), schema::Timestamp())
          .output("strategy", &D::strategy, schema::JsonObject(),
                  "executive_summary, assumptions, estimated_roi, estimated_roas, confidence, "
                  "audience_segments, platform_plans, budget_split, forecast (per platform and "
                  "total, 80% and 95% intervals), content_strategy, risks, timeline, kpis, "
                  "ab_test_plan, warnings, forecast_model — see docs/strategy.md");
  return shape;
}

strategy::Brief to_brief(const StrategyRequest& in, const SnapshotClient* client) {
  strategy::Brief b;
  b.campaign_name = in.campaign_name.value_or("");
  b.objective = in.objective;
  b.budget = core::units_from_micros(in.budget);
  // Left empty when neither the brief nor the client says: the planner then takes USD and lists
  // it as an assumption.
  b.currency = in.currency ? *in.currency : client ? client->currency : std::string();
  b.start_date = in.start_date;
  b.end_date = in.end_date;
  b.platforms = in.platforms;
  b.industry = in.industry ? *in.industry : client ? client->industry : std::string();
  b.audience = {in.audience.locations, in.audience.age_ranges, in.audience.genders,
                in.audience.interests, in.audience.languages, in.audience.has_customer_list,
                in.audience.has_lookalikes};
  auto money = [](const std::optional<std::int64_t>& v) -> std::optional<double> {
    if (!v) return std::nullopt;
    return core::units_from_micros(*v);
  };
  b.value_per_conversion = money(in.value_per_conversion);
  b.target_cpa = money(in.target_cpa);
  b.target_roas = in.target_roas;
  b.margin = in.margin;
  for (const auto& bound : in.platform_budgets) {
    b.bounds.push_back({bound.platform, money(bound.min_budget), money(bound.max_budget)});
  }
  b.creative_assets = in.creative_assets;
  return b;
}

// The planner names the brief field it refuses; the API answers in its own spelling of it.
[[noreturn]] void throw_brief_problem(const strategy::BriefError& e) {
  std::string field = e.field() == "bounds" ? "platform_budgets" : e.field();
  std::string message = e.what();
  message.erase(0, e.field().size() + 2);  // "<field>: "
  schema::throw_validation_problem({{field, message}});
}

// The document generate returns and GET serves: the summary columns plus the stored strategy
// text, spliced without re-parsing it.
std::string document_text(const store::StrategyRecord& r, std::string_view strategy_json) {
  std::string doc = summary_shape().render(r).dump();
  doc.pop_back();  // the closing brace
  doc.append(",\"strategy\":").append(strategy_json).append("}");
  return doc;
}

// A strategy as stored: its name, currency and the rendered strategy.
struct Planned {
  std::string name, currency, strategy_json;
};

// Plans and renders the strategy for a validated brief. The planner is a pure function of the
// brief, the client's history (the tenant's data version), the serving model and the day, so
// the rendered answer is cached under exactly those (and the caller's client binding): an
// identical brief costs a lookup instead of six forecasts and a 20 kB render, and any ingest,
// client change, retraining or new day misses.
Planned planned_strategy(Context& ctx, const StrategyRequest& in) {
  strategy::PlanningContext planning;
  planning.today = core::today_utc();
  const SnapshotClient* client = nullptr;
  int client_index = -1;
  std::shared_ptr<const MetricsSnapshot> snapshot;
  if (in.client_id) {
    snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope());
    client_index = snapshot->client_index(*in.client_id);
    if (client_index < 0) throw_not_found("client", *in.client_id);
    client = &snapshot->clients[static_cast<std::size_t>(client_index)];
  }
  Serving serving = ctx.services.models->serving(ctx.scope());
  std::string key;
  if (ctx.services.answers) {
    key = "strategy|v1|" + ctx.principal.tenant_id + "|" + ctx.principal.client_id.value_or("*") +
          "|" + (snapshot ? std::to_string(snapshot->data_version) : "-") + "|" +
          (serving.model ? serving.model->id : "-") + "|" +
          core::format_iso_date(planning.today) + "|" +
          security::hash_api_key(ctx.request.body);
    if (auto cached = ctx.services.answers->get(key)) {
      // currency, strategy JSON, name: the first two never hold the separator.
      auto first = cached->find(kSeparator);
      auto second = first == std::string::npos ? first : cached->find(kSeparator, first + 1);
      if (second != std::string::npos) {
        return {cached->substr(second + 1), cached->substr(0, first),
                cached->substr(first + 1, second - first - 1)};
      }
    }
  }
  if (client) planning.history = client_history(*snapshot, client_index, planning.today);
  planning.forecaster = serving.forecaster.get();
  strategy::Strategy plan;
  try {
    plan = strategy::generate_strategy(to_brief(in, client), planning);
  } catch (const strategy::BriefError& e) {
    throw_brief_problem(e);
  }
  // Defaults taken from the client's record are assumptions too.
  if (client && !in.currency) {
    plan.assumptions.push_back({"currency", client->currency, "the client's currency"});
  }
  if (client && !in.industry && !client->industry.empty()) {
    plan.assumptions.push_back({"industry", client->industry, "the client's industry"});
  }
  nlohmann::json body = strategy_to_json(plan);
  if (serving.model) {
    body["forecast_model"] = {{"id", serving.model->id}, {"kind", serving.model->kind},
                              {"version", serving.model->version}};
  } else {
    body["forecast_model"] = nullptr;
  }
  Planned planned{plan.name, plan.currency, body.dump()};
  if (!key.empty()) {
    std::string value = planned.currency;
    value.append(1, kSeparator).append(planned.strategy_json).append(1, kSeparator);
    value.append(planned.name);
    ctx.services.answers->put(key, std::move(value), std::chrono::hours(1));
  }
  return planned;
}

}  // namespace

void install_strategy_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/strategy/generate")
      .summary("Generate a campaign strategy").tag("strategy")
      .description("Turns a brief into a stored, explained cross-platform strategy: audience, a "
                   "plan per platform, the budget split, forecasts with 80% and 95% intervals, "
                   "content, risks, timeline, KPIs and an A/B test plan.")
      .min_role(Role::strategist).idempotent()
      .body(request_shape())
      .returns(201, document_shape(), "The stored strategy")
      .install(registry, [](Context& ctx) {
        if (!ctx.services.snapshots || !ctx.services.models) {
          throw http::ProblemError(http::service_unavailable("forecasting is not configured"));
        }
        auto in = schema::parse_body(request_shape(), ctx.request.body);
        if (in.tenant_id && *in.tenant_id != ctx.principal.tenant_id) {
          throw http::ProblemError(http::forbidden("tenant_id is not the caller's tenant"));
        }
        if (in.client_id && !ctx.principal.may_see_client(*in.client_id)) {
          throw_not_found("client", *in.client_id);
        }
        if (!in.client_id && ctx.principal.client_id) in.client_id = ctx.principal.client_id;
        Checks checks;
        if (in.currency) checks.currency("currency", *in.currency);
        checks.date_order("end_date", in.start_date, in.end_date);
        checks.throw_if_any();

        Planned planned = planned_strategy(ctx, in);
        store::StrategyRecord record;
        record.id = security::new_id("str");
        record.client_id = in.client_id;
        record.name = std::move(planned.name);
        record.objective = std::string(core::objective_name(in.objective));
        record.budget_micros = in.budget;
        record.currency = std::move(planned.currency);
        record.payload = std::move(planned.strategy_json);
        // Many strategies are stored at once under load: group-committed on SQLite.
        record = ctx.services.db.write_grouped(ctx.scope(), [&](store::Tx& tx) {
          auto stored = store::strategies::insert(tx, std::move(record));
          ctx.audit(tx, "strategy.generate", "strategy", stored.id);
          return stored;
        });
        auto response = http::Response::json(201, document_text(record, record.payload));
        response.headers.set("Location", "/api/v1/strategies/" + record.id);
        return response;
      });

  Endpoint("GET", "/api/v1/strategies")
      .summary("List strategies").tag("strategy")
      .description("Newest first; a client_viewer sees only its own client's.")
      .query(list_shape())
      .returns_page(summary_shape(), "One page of strategies")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(list_shape(), ctx.request);
        store::StrategyQuery query;
        query.client_id = ctx.principal.client_id ? ctx.principal.client_id : q.client_id;
        if (q.client_id && !ctx.principal.may_see_client(*q.client_id)) {
          return json_response(render_page(summary_shape(), std::vector<store::StrategyRecord>{}, ""));
        }
        query.limit = static_cast<std::size_t>(q.limit);
        query.cursor = q.cursor;
        auto page = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return with_cursor([&] { return store::strategies::list(tx, query); });
        });
        return json_response(render_page(summary_shape(), page.items, page.next_cursor));
      });

  Endpoint("GET", "/api/v1/strategies/{id}")
      .summary("Get a strategy").tag("strategy")
      .returns(200, document_shape(), "The strategy as generated")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto record = ctx.services.db.read(
            ctx.scope(), [&](store::Tx& tx) { return store::strategies::find(tx, id); });
        if (!record || (ctx.principal.client_id &&
                        (!record->client_id || !ctx.principal.may_see_client(*record->client_id)))) {
          throw_not_found("strategy", id);
        }
        return http::Response::json(200, document_text(*record, record->payload));
      });
}

}  // namespace api
