// /api/v1/strategy/generate and /api/v1/strategies: a brief in, a stored, explained
// cross-platform strategy out (strategy/planner.h does the planning).
#include "api/client_curves.h"
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
constexpr char kSeparator = '\x1f';  // never in ids or JSON text

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

// What a strategy is computed from: the planner is a pure function of the brief, the client's
// history (the tenant's data version), the serving model and the day.
struct PlanningInputs {
  std::shared_ptr<const MetricsSnapshot> snapshot;
  const SnapshotClient* client = nullptr;
  int client_index = -1;
  Serving serving;
  core::Date today;
  std::string key;  // all of the above and the brief, as one string
};

PlanningInputs planning_inputs(Context& ctx, const StrategyRequest& in) {
  PlanningInputs inputs;
  inputs.today = core::today_utc();
  if (in.client_id) {
    inputs.snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope());
    inputs.client_index = inputs.snapshot->client_index(*in.client_id);
    if (inputs.client_index < 0) throw_not_found("client", *in.client_id);
    inputs.client = &inputs.snapshot->clients[static_cast<std::size_t>(inputs.client_index)];
  }
  inputs.serving = ctx.services.models->serving(ctx.scope());
  inputs.key = "strategy|v2|" + ctx.principal.tenant_id + "|" + in.client_id.value_or("-") + "|" +
               (inputs.snapshot ? std::to_string(inputs.snapshot->data_version) : "-") + "|" +
               (inputs.serving.model ? inputs.serving.model->id : "-") + "|" +
               core::format_iso_date(inputs.today) + "|" + security::hash_api_key(ctx.request.body);
  return inputs;
}

// The client's platform curves learned from its history (fitted, or calibrated on its own
// level), for the planner's budget split; benchmark priors are left to the planner's own.
std::vector<strategy::PlatformCurve> response_curves(Context& ctx, const PlanningInputs& inputs) {
  std::vector<strategy::PlatformCurve> out;
  if (!ctx.services.curves) return out;
  auto curves = cached_client_curves(*ctx.services.curves, *inputs.snapshot,
                                     ctx.principal.tenant_id, inputs.client_index,
                                     BudgetLevel::platform, BudgetOutcome::conversions, inputs.today);
  for (const auto& c : curves->channels) {
    if (c.source != CurveSource::fitted && c.source != CurveSource::calibrated_prior) continue;
    out.push_back({c.platform, c.curve, curves->period_days, std::string(curve_source_name(c.source))});
  }
  return out;
}

// Plans and renders the strategy for a validated brief into a record ready to store.
store::StrategyRecord planned_strategy(Context& ctx, const StrategyRequest& in,
                                       const PlanningInputs& inputs) {
  strategy::PlanningContext planning;
  planning.today = inputs.today;
  if (inputs.client) {
    planning.history = client_history(*inputs.snapshot, inputs.client_index, planning.today);
    planning.response_curves = response_curves(ctx, inputs);
  }
  planning.forecaster = inputs.serving.forecaster.get();
  strategy::Strategy plan;
  try {
    plan = strategy::generate_strategy(to_brief(in, inputs.client), planning);
  } catch (const strategy::BriefError& e) {
    throw_brief_problem(e);
  }
  // Defaults taken from the client's record are assumptions too.
  if (inputs.client && !in.currency) {
    plan.assumptions.push_back({"currency", inputs.client->currency, "the client's currency"});
  }
  if (inputs.client && !in.industry && !inputs.client->industry.empty()) {
    plan.assumptions.push_back({"industry", inputs.client->industry, "the client's industry"});
  }
  nlohmann::json body = strategy_to_json(plan);
  if (const auto& model = inputs.serving.model) {
    body["forecast_model"] = {{"id", model->id}, {"kind", model->kind}, {"version", model->version}};
  } else {
    body["forecast_model"] = nullptr;
  }
  store::StrategyRecord record;
  record.id = security::new_id("str");
  record.client_id = in.client_id;
  record.name = std::move(plan.name);
  record.objective = std::string(core::objective_name(in.objective));
  record.budget_micros = in.budget;
  record.currency = std::move(plan.currency);
  record.payload = body.dump();
  return record;
}

http::Response strategy_response(int status, const std::string& id, std::string document) {
  auto response = http::Response::json(status, std::move(document));
  response.headers.set(status == 201 ? "Location" : "Content-Location", "/api/v1/strategies/" + id);
  return response;
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
      .returns(200, document_shape(), "The same brief was generated today from the same data and model: the strategy stored then")
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

        // Generating the same brief again from the same data, model and day gives the same
        // strategy: the stored one is returned (200) rather than a copy — from the answer
        // cache without touching the database when it is there.
        PlanningInputs inputs = planning_inputs(ctx, in);
        if (ctx.services.answers) {
          if (auto cached = ctx.services.answers->get(inputs.key)) {
            auto split = cached->find(kSeparator);
            if (split != std::string::npos) {
              return strategy_response(200, cached->substr(0, split), cached->substr(split + 1));
            }
          }
        }
        store::StrategyRecord record = planned_strategy(ctx, in, inputs);
        std::string content_key = security::hash_api_key(inputs.key);
        // Many strategies are stored at once under load: group-committed on SQLite.
        auto stored = ctx.services.db.write_grouped(ctx.scope(), [&](store::Tx& tx) {
          auto result = store::strategies::insert_unless_stored(tx, std::move(record), content_key);
          if (result.created) ctx.audit(tx, "strategy.generate", "strategy", result.record.id);
          return result;
        });
        std::string document = document_text(stored.record, stored.record.payload);
        if (ctx.services.answers) {
          std::string value = stored.record.id;
          value.append(1, kSeparator).append(document);
          ctx.services.answers->put(inputs.key, std::move(value), std::chrono::hours(1));
        }
        return strategy_response(stored.created ? 201 : 200, stored.record.id, std::move(document));
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
