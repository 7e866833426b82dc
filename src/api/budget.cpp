// /api/v1/budget: the split of a budget across a client's platforms or campaigns that reaches
// the most outcome (or a target at the least cost) on their fitted response curves, and the
// curves themselves. budget_optimization.h does the work; this file parses and stores.
#include "api/budget_optimization.h"
#include "api/client_curves.h"
#include "api/endpoint.h"
#include "api/metrics_snapshot.h"
#include "api/resources.h"
#include "api/validation.h"
#include "core/money.h"
#include "security/random.h"
#include "store/budget_optimizations.h"

namespace api {
namespace {

using GoalSpec = schema::Enum<BudgetGoal, 4>;
using LevelSpec = schema::Enum<BudgetLevel, 2>;
using OutcomeSpec = schema::Enum<BudgetOutcome, 2>;

struct ConstraintRequest {
  std::string channel;
  std::optional<std::int64_t> min_spend, max_spend, spend;
  std::optional<double> min_multiple, max_multiple;
  bool locked = false;
};

struct PlanAheadRequest {
  std::int64_t weeks = 0;
  bool count_carry_over_after_horizon = false;
};

struct OptimizeRequest {
  std::string client_id;
  BudgetOutcome objective = BudgetOutcome::conversions;
  BudgetGoal goal = BudgetGoal::max_outcome;
  std::optional<std::int64_t> budget;
  std::optional<double> target;
  std::optional<core::Date> start_date;
  std::int64_t period_days = 30;
  BudgetLevel level = BudgetLevel::platform;
  std::vector<ConstraintRequest> channels;
  double default_max_multiple = 3;
  bool learning_phase = true;
  std::optional<std::int64_t> value_per_conversion;
  PlanAheadRequest plan_ahead;
  std::int64_t curve_points = 25;
};

struct CurvesQuery {
  std::string client_id;
  BudgetLevel level = BudgetLevel::platform;
  BudgetOutcome objective = BudgetOutcome::conversions;
  std::int64_t period_days = 30;
  std::int64_t points = 25;
};

struct ListQuery {
  std::string client_id;
  std::int64_t limit = 50;
  std::string cursor;
};

const schema::Object<ConstraintRequest>& constraint_shape() {
  using C = ConstraintRequest;
  static const auto shape =
      schema::Object<C>("BudgetChannelConstraint")
          .required("channel", &C::channel, schema::String().min_length(1).max_length(64),
                    "a platform (google_ads …) or, at campaign level, a campaign id; a platform "
                    "the client has not used enters on benchmark priors")
          .optional("min_spend", &C::min_spend, schema::Money(), "over the period")
          .optional("max_spend", &C::max_spend, schema::Money(), "over the period")
          .optional("min_multiple", &C::min_multiple, schema::Number().min(0).max(100),
                    "lower bound as a multiple of current spend")
          .optional("max_multiple", &C::max_multiple, schema::Number().min(0).max(100),
                    "upper bound as a multiple of current spend")
          .optional("locked", &C::locked, schema::Boolean(), "hold the channel's spend fixed")
          .optional("spend", &C::spend, schema::Money(),
                    "with locked: the fixed spend over the period (default: current spend)");
  return shape;
}

const schema::Object<PlanAheadRequest>& plan_ahead_shape() {
  using P = PlanAheadRequest;
  static const auto shape =
      schema::Object<P>("BudgetPlanAhead")
          .required("weeks", &P::weeks, schema::Integer().min(1).max(26),
                    "horizon of the week-by-week plan, at the optimal plan's rate of spend")
          .optional("count_carry_over_after_horizon", &P::count_carry_over_after_horizon,
                    schema::Boolean(), "count effects that land after the horizon (default no)");
  return shape;
}

const schema::Object<OptimizeRequest>& request_shape() {
  using R = OptimizeRequest;
  static const auto shape =
      schema::Object<R>("BudgetOptimizationRequest",
                        "Amounts are over the period (period_days from start_date).")
          .required("client_id", &R::client_id, schema::String().min_length(1).max_length(64))
          .optional("objective", &R::objective, OutcomeSpec(kBudgetOutcomeNames),
                    "the outcome to maximise: conversions (default) or revenue")
          .optional("goal", &R::goal, GoalSpec(kBudgetGoalNames),
                    "max_outcome (default; needs budget), min_budget_for_target (target: outcome "
                    "over the period), target_cpa (conversions; target: cost per conversion), "
                    "target_roas (revenue; target: revenue per currency unit)")
          .optional("budget", &R::budget, schema::Money().positive(),
                    "total over the period; for the target goals, a cap")
          .optional("target", &R::target, schema::Number().exclusive_min(0))
          .optional("start_date", &R::start_date, schema::Date(), "default: tomorrow")
          .optional("period_days", &R::period_days, schema::Integer().min(1).max(366),
                    "default 30")
          .optional("level", &R::level, LevelSpec(kBudgetLevelNames), "platform (default) or campaign")
          .optional("channels", &R::channels,
                    std::move(schema::Array<schema::Object<ConstraintRequest>>(constraint_shape())
                                  .max_items(200)),
                    "bounds and locks per channel")
          .optional("default_max_multiple", &R::default_max_multiple,
                    schema::Number().min(1).max(100),
                    "upper bound on channels without one, as a multiple of current spend "
                    "(default 3)")
          .optional("learning_phase", &R::learning_phase, schema::Boolean(),
                    "keep each platform above the spend its learning phase needs (default true)")
          .optional("value_per_conversion", &R::value_per_conversion, schema::Money().positive(),
                    "prices benchmark conversions when the objective is revenue")
          .optional("plan_ahead", &R::plan_ahead, plan_ahead_shape())
          .optional("curve_points", &R::curve_points, schema::Integer().min(2).max(200),
                    "samples of each response curve (default 25)");
  return shape;
}

const schema::Object<CurvesQuery>& curves_query_shape() {
  using Q = CurvesQuery;
  static const auto shape =
      schema::Object<Q>("ResponseCurvesQuery")
          .required("client_id", &Q::client_id, schema::String().min_length(1).max_length(64))
          .optional("level", &Q::level, LevelSpec(kBudgetLevelNames))
          .optional("objective", &Q::objective, OutcomeSpec(kBudgetOutcomeNames))
          .optional("period_days", &Q::period_days, schema::Integer().min(1).max(366),
                    "the period samples are expressed over (default 30)")
          .optional("points", &Q::points, schema::Integer().min(2).max(200));
  return shape;
}

const schema::Object<ListQuery>& list_shape() {
  static const auto shape =
      schema::Object<ListQuery>("BudgetOptimizationListQuery")
          .required("client_id", &ListQuery::client_id, schema::String().max_length(64))
          .optional("limit", &ListQuery::limit, schema::Integer().min(1).max(500))
          .optional("cursor", &ListQuery::cursor, schema::String().max_length(500));
  return shape;
}

const schema::Object<store::BudgetOptimizationRecord>& summary_shape() {
  using B = store::BudgetOptimizationRecord;
  static const auto shape = schema::Object<B>("BudgetOptimizationSummary")
                                .output("id", &B::id, schema::String())
                                .output("client_id", &B::client_id, schema::String())
                                .output("period_start", &B::period_start, schema::Date())
                                .output("period_end", &B::period_end, schema::Date())
                                .output("budget", &B::total_budget_micros, schema::Money())
                                .output("created_at", &B::created_at, schema::Timestamp());
  return shape;
}

// The answer's main fields, described for the OpenAPI document (optimize_budget() writes it).
struct Document {
  std::string id, client_id, created_at, reason;
  bool improved = false;
  nlohmann::json totals, channels, diagnostics, plan_ahead;
};
const schema::Object<Document>& document_shape() {
  using D = Document;
  static const auto shape =
      schema::Object<D>("BudgetOptimization",
                        "Also: outcome, goal, target, budget, currency, period, level, curves, "
                        "excluded, assumptions, warnings — see docs/budget.md")
          .output("id", &D::id, schema::String())
          .output("client_id", &D::client_id, schema::String())
          .output("created_at", &D::created_at, schema::Timestamp())
          .output("improved", &D::improved, schema::Boolean(),
                  "false: no plan beats the current split (reason says which bounds bind)")
          .output("reason", &D::reason, schema::String())
          .output("totals", &D::totals, schema::JsonObject(),
                  "current, reference, optimal {spend, outcome, roas, cost_per_outcome}, "
                  "outcome_gain, outcome_gain_percent, spend_saving")
          .output("channels", &D::channels, schema::JsonObject(),
                  "per channel: current and optimal {spend, outcome, outcome_interval, roas, "
                  "marginal_roas}, change, bounds, binding and its reason, curve_source, and "
                  "the response curve sampled with both points marked")
          .output("diagnostics", &D::diagnostics, schema::JsonObject(),
                  "method, iterations, starts, kkt_residual, binding_constraints, termination")
          .output("plan_ahead", &D::plan_ahead, schema::JsonObject(),
                  "week-by-week plan with carry-over, when asked");
  return shape;
}

// The client's curves for this data version and day (fitted once, cached); 404 for a client the
// caller cannot see.
std::shared_ptr<const ClientCurves> client_curves(Context& ctx, const std::string& client_id,
                                                  BudgetLevel level, BudgetOutcome outcome,
                                                  const SnapshotClient*& client) {
  if (!ctx.principal.may_see_client(client_id)) throw_not_found("client", client_id);
  auto snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope());
  int index = snapshot->client_index(client_id);
  if (index < 0) throw_not_found("client", client_id);
  client = &snapshot->clients[static_cast<std::size_t>(index)];
  return cached_client_curves(*ctx.services.curves, *snapshot, ctx.principal.tenant_id, index,
                              level, outcome, core::today_utc());
}

void require_curves(const Context& ctx) {
  if (!ctx.services.snapshots || !ctx.services.curves) {
    throw http::ProblemError(http::service_unavailable("budget optimization is not configured"));
  }
}

OptimizationRequest to_request(const OptimizeRequest& in, const SnapshotClient& client) {
  OptimizationRequest r;
  r.client_id = in.client_id;
  r.currency = client.currency;
  r.industry = client.industry;
  r.outcome = in.objective;
  r.goal = in.goal;
  if (in.budget) r.budget = core::units_from_micros(*in.budget);
  r.target = in.target;
  r.start = in.start_date.value_or(core::today_utc() + 1);
  r.period_days = static_cast<int>(in.period_days);
  for (const auto& c : in.channels) {
    ChannelConstraint k;
    k.channel = c.channel;
    auto units = [](const std::optional<std::int64_t>& v) -> std::optional<double> {
      if (!v) return std::nullopt;
      return core::units_from_micros(*v);
    };
    k.min_spend = units(c.min_spend);
    k.max_spend = units(c.max_spend);
    k.spend = units(c.spend);
    k.min_multiple = c.min_multiple;
    k.max_multiple = c.max_multiple;
    k.locked = c.locked;
    r.channels.push_back(std::move(k));
  }
  r.default_max_multiple = in.default_max_multiple;
  r.learning_phase = in.learning_phase;
  if (in.value_per_conversion) r.value_per_conversion = core::units_from_micros(*in.value_per_conversion);
  r.plan_ahead_weeks = static_cast<int>(in.plan_ahead.weeks);
  r.count_carry_over_after_horizon = in.plan_ahead.count_carry_over_after_horizon;
  r.curve_points = static_cast<int>(in.curve_points);
  return r;
}

void check_request(const OptimizeRequest& in) {
  Checks checks;
  if (in.goal == BudgetGoal::max_outcome && !in.budget) {
    checks.fail("budget", "is required for goal max_outcome");
  }
  if (in.goal != BudgetGoal::max_outcome && !in.target) {
    checks.fail("target", "is required for goal " +
                              std::string(kBudgetGoalNames[static_cast<std::size_t>(in.goal)]));
  }
  if (in.goal == BudgetGoal::target_cpa && in.objective != BudgetOutcome::conversions) {
    checks.fail("goal", "target_cpa needs objective conversions");
  }
  if (in.goal == BudgetGoal::target_roas && in.objective != BudgetOutcome::revenue) {
    checks.fail("goal", "target_roas needs objective revenue");
  }
  for (std::size_t i = 0; i < in.channels.size(); ++i) {
    const auto& c = in.channels[i];
    std::string at = "channels[" + std::to_string(i) + "].";
    if (c.min_spend && c.max_spend && *c.max_spend < *c.min_spend) {
      checks.fail(at + "max_spend", "must be >= min_spend");
    }
    if (c.min_multiple && c.max_multiple && *c.max_multiple < *c.min_multiple) {
      checks.fail(at + "max_multiple", "must be >= min_multiple");
    }
    if (c.spend && !c.locked) checks.fail(at + "spend", "is only read with locked: true");
  }
  checks.throw_if_any();
}

nlohmann::json stored_document(const store::BudgetOptimizationRecord& r) {
  nlohmann::json doc = nlohmann::json::parse(r.payload);
  doc["id"] = r.id;
  doc["created_at"] = r.created_at;
  return doc;
}

}  // namespace

void install_budget_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/budget/optimize")
      .summary("Optimize a budget split").tag("budget")
      .description("Splits a budget across a client's platforms (or campaigns) on their fitted "
                   "response curves for the most conversions or revenue, or finds the least "
                   "budget for a target, within bounds and locks; never worse than the current "
                   "split. Stored; see docs/budget.md.")
      .min_role(Role::strategist).idempotent()
      .body(request_shape())
      .returns(201, document_shape(), "The stored optimization")
      .install(registry, [](Context& ctx) {
        require_curves(ctx);
        auto in = schema::parse_body(request_shape(), ctx.request.body);
        check_request(in);
        const SnapshotClient* client = nullptr;
        auto curves = client_curves(ctx, in.client_id, in.level, in.objective, client);
        OptimizationRequest request = to_request(in, *client);
        nlohmann::json doc = optimize_budget(request, *curves);
        store::BudgetOptimizationRecord record;
        record.id = security::new_id("bo");
        record.client_id = in.client_id;
        record.period_start = request.start;
        record.period_end = request.start + (request.period_days - 1);
        record.total_budget_micros =
            core::micros_from_double(doc["totals"]["optimal"]["spend"].get<double>()).value_or(0);
        record.payload = doc.dump();
        record = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto stored = store::budget_optimizations::insert(tx, std::move(record));
          ctx.audit(tx, "budget.optimize", "budget_optimization", stored.id);
          return stored;
        });
        auto response = json_response(stored_document(record), 201);
        response.headers.set("Location", "/api/v1/budget/optimizations/" + record.id);
        return response;
      });

  Endpoint("GET", "/api/v1/budget/response-curves")
      .summary("Response curves").tag("budget")
      .description("Each channel's response curve for the client: fitted from its history "
                   "(with fit quality, ROAS and marginal ROAS and their bootstrap intervals) or "
                   "a prior, flagged as such, sampled over period_days.")
      .min_role(Role::strategist)
      .query(curves_query_shape())
      .install(registry, [](Context& ctx) {
        require_curves(ctx);
        auto q = parse_query(curves_query_shape(), ctx.request);
        const SnapshotClient* client = nullptr;
        auto curves = client_curves(ctx, q.client_id, q.level, q.objective, client);
        nlohmann::json channels = nlohmann::json::array();
        for (const auto& c : curves->channels) {
          channels.push_back(curve_json(c, curves->period_days, static_cast<int>(q.period_days),
                                        static_cast<int>(q.points)));
        }
        return json_response(
            {{"client_id", q.client_id},
             {"currency", client->currency},
             {"level", std::string(kBudgetLevelNames[static_cast<std::size_t>(q.level)])},
             {"objective", std::string(kBudgetOutcomeNames[static_cast<std::size_t>(q.objective)])},
             {"period_days", q.period_days},
             {"curve_period_days", curves->period_days},
             {"history_start", curves->periods ? nlohmann::json(core::format_iso_date(curves->first_day)) : nullptr},
             {"history_end", curves->periods ? nlohmann::json(core::format_iso_date(curves->last_day)) : nullptr},
             {"channels", std::move(channels)}});
      });

  Endpoint("GET", "/api/v1/budget/optimizations")
      .summary("List budget optimizations").tag("budget")
      .description("A client's stored optimizations, newest first.")
      .min_role(Role::strategist)
      .query(list_shape())
      .returns_page(summary_shape(), "One page of optimizations")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(list_shape(), ctx.request);
        if (!ctx.principal.may_see_client(q.client_id)) throw_not_found("client", q.client_id);
        auto page = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return with_cursor([&] {
            return store::budget_optimizations::list(tx, q.client_id,
                                                     static_cast<std::size_t>(q.limit), q.cursor);
          });
        });
        return json_response(render_page(summary_shape(), page.items, page.next_cursor));
      });

  Endpoint("GET", "/api/v1/budget/optimizations/{id}")
      .summary("Get a budget optimization").tag("budget")
      .returns(200, document_shape(), "The optimization as computed")
      .min_role(Role::strategist)
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto record = ctx.services.db.read(
            ctx.scope(), [&](store::Tx& tx) { return store::budget_optimizations::find(tx, id); });
        if (!record || !ctx.principal.may_see_client(record->client_id)) {
          throw_not_found("budget optimization", id);
        }
        return json_response(stored_document(*record));
      });
}

}  // namespace api
