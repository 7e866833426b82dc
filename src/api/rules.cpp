// /api/v1/rules: automated rules — their definitions, dry runs over past data, runs on request
// and the log of every evaluation. The engine is optimize/rules.h, the JSON rule_json.h,
// scheduled and requested runs rule_runs.h; this file authorizes, parses, stores and renders.
#include "api/endpoint.h"
#include "api/metrics_snapshot.h"
#include "api/resources.h"
#include "api/rule_dry_run.h"
#include "api/rule_json.h"
#include "api/rule_runs.h"
#include "api/validation.h"
#include "security/random.h"
#include "store/campaigns.h"
#include "store/clients.h"
#include "store/rule_evaluations.h"
#include "store/rules.h"

namespace api {
namespace {

namespace rules = optimize::rules;

struct ListQuery {
  std::optional<std::string> client_id;
  std::optional<bool> enabled;
  std::int64_t limit = 50;
  std::string cursor;
};

struct LogQuery {
  bool fired_only = false;
  std::int64_t limit = 50;
  std::string cursor;
};

// A log entry as rendered: the columns, and the payload the run wrote (rule_runs.cpp).
struct LogEntry {
  std::string id;
  std::optional<std::string> campaign_id;
  std::string campaign_name;
  core::Date evaluated_on;
  bool fired = false;
  std::string outcome;
  nlohmann::json conditions;
  std::optional<nlohmann::json> firing;
  std::string created_at;
};

const schema::Object<ListQuery>& list_shape() {
  static const auto shape =
      schema::Object<ListQuery>("RuleListQuery")
          .optional("client_id", &ListQuery::client_id, schema::String().max_length(64))
          .optional("enabled", &ListQuery::enabled, schema::Boolean())
          .optional("limit", &ListQuery::limit, schema::Integer().min(1).max(500))
          .optional("cursor", &ListQuery::cursor, schema::String().max_length(500));
  return shape;
}

const schema::Object<LogQuery>& log_query_shape() {
  static const auto shape =
      schema::Object<LogQuery>("RuleEvaluationQuery")
          .optional("fired_only", &LogQuery::fired_only, schema::Boolean(), "only the firings")
          .optional("limit", &LogQuery::limit, schema::Integer().min(1).max(500))
          .optional("cursor", &LogQuery::cursor, schema::String().max_length(500));
  return shape;
}

const schema::Object<LogEntry>& log_entry_shape() {
  using E = LogEntry;
  static const auto shape =
      schema::Object<E>("RuleEvaluation", "One evaluation of the rule for one campaign")
          .output("id", &E::id, schema::String())
          .output("campaign_id", &E::campaign_id, schema::String(),
                  "null for a run that had no campaign in scope (outcome no_campaigns_in_scope)")
          .output("campaign_name", &E::campaign_name, schema::String())
          .output("evaluated_on", &E::evaluated_on, schema::Date(), "the client's local date")
          .output("fired", &E::fired, schema::Boolean())
          .output("outcome", &E::outcome, schema::String(),
                  "fired, not_evaluable, insufficient_data, conditions_not_met, in_cooldown, "
                  "no_daily_budget, budget_at_cap (docs/rules.md)")
          .output("conditions", &E::conditions, Prerendered(schema::Array(condition_outcome_shape())))
          .output("firing", &E::firing, Prerendered(firing_shape()), "when fired")
          .output("created_at", &E::created_at, schema::Timestamp());
  return shape;
}

// POST …/run's answer, described for the OpenAPI document (run_summary() and the firings
// write it).
struct RunDocument {
  std::string rule_id, status, ran_at, summary;
  core::Date evaluated_on;
  std::int64_t evaluations = 0, fired = 0;
  nlohmann::json outcome_counts, firings;
  std::optional<std::string> next_run_at, next_job_id;
};
const schema::Object<RunDocument>& run_document_shape() {
  using D = RunDocument;
  static const auto shape =
      schema::Object<D>("RuleRun", "One run, logged as a scheduled run is")
          .output("rule_id", &D::rule_id, schema::String())
          .output("status", &D::status, schema::String(), "ran")
          .output("evaluated_on", &D::evaluated_on, schema::Date(), "the client's local date")
          .output("ran_at", &D::ran_at, schema::Timestamp(), "now the rule's last_run_at")
          .output("summary", &D::summary, schema::String())
          .output("evaluations", &D::evaluations, schema::Integer(), "entries logged")
          .output("fired", &D::fired, schema::Integer())
          .output("outcome_counts", &D::outcome_counts, schema::JsonObject())
          .output("firings", &D::firings, Prerendered(schema::Array(firing_shape())),
                  "each with the evaluation_id of its log entry")
          .output("next_run_at", &D::next_run_at, schema::Timestamp(),
                  "the next scheduled run; null for a disabled rule")
          .output("next_job_id", &D::next_job_id, schema::String());
  return shape;
}

LogEntry log_entry(const store::RuleEvaluationRecord& r) {
  auto payload = nlohmann::json::parse(r.payload, nullptr, false);
  if (!payload.is_object()) payload = nlohmann::json::object();
  LogEntry e;
  e.id = r.id;
  e.campaign_id = r.campaign_id;
  e.campaign_name = payload.value("campaign_name", "");
  e.evaluated_on = r.evaluated_on;
  e.fired = r.fired;
  e.outcome = payload.value("outcome", "");
  e.conditions = payload.value("conditions", nlohmann::json::array());
  if (payload.contains("firing") && !payload["firing"].is_null()) e.firing = payload["firing"];
  e.created_at = r.created_at;
  return e;
}

void require_snapshots(const Context& ctx) {
  if (!ctx.services.snapshots) {
    throw http::ProblemError(http::service_unavailable("rules are not configured"));
  }
}

// A rule the caller may see, or the 404 a missing one gets.
store::RuleRecord load_visible(Context& ctx, store::Tx& tx, const std::string& id) {
  auto rule = store::rules::find(tx, id);
  if (!rule || !ctx.principal.may_see_client(rule->client_id)) throw_not_found("rule", id);
  return *rule;
}

// The rule's client, checked visible and existing (404 otherwise), and its scope's campaigns
// checked to be the client's: another client's campaign, or another tenant's, is a 400 naming
// the entry, with the same message as a campaign that exists nowhere.
store::Client check_references(Context& ctx, store::Tx& tx, const RuleDefinition& d,
                               const std::string& prefix = "") {
  if (!ctx.principal.may_see_client(d.client_id)) throw_not_found("client", d.client_id);
  auto client = store::clients::find(tx, d.client_id);
  if (!client) throw_not_found("client", d.client_id);
  Checks checks;
  for (std::size_t i = 0; i < d.scope.campaign_ids.size(); ++i) {
    auto campaign = store::campaigns::find(tx, d.scope.campaign_ids[i]);
    if (!campaign || campaign->client_id != d.client_id) {
      checks.fail(prefix + "scope.campaign_ids[" + std::to_string(i) + "]",
                  "is not a campaign of client '" + d.client_id + "'");
    }
  }
  checks.throw_if_any();
  return *client;
}

RuleView view_of(store::Tx& tx, const store::RuleRecord& r, RuleDefinition definition) {
  RuleView v;
  static_cast<RuleDefinition&>(v) = std::move(definition);
  v.id = r.id;
  if (!r.last_run_at.empty()) v.last_run_at = r.last_run_at;
  if (r.enabled) {
    if (auto job = queued_rule_run(tx, r.id)) v.next_run_at = job->run_at;
  }
  v.created_at = r.created_at;
  v.updated_at = r.updated_at;
  return v;
}

nlohmann::json render(const RuleView& v) { return rule_view_shape().render(v); }

void wake(Context& ctx) {
  if (ctx.services.wake_jobs) ctx.services.wake_jobs();
}

void install_rule_crud(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/rules")
      .summary("Create an automated rule").tag("rules")
      .description("A scope, conditions on metrics over windows, a schedule, an action "
                   "(notify, recommend a pause or a budget change) and a cooldown; "
                   "docs/rules.md. An enabled rule runs on the job queue at once, then on its "
                   "schedule in the client's time zone.")
      .min_role(Role::strategist).idempotent()
      .body(rule_definition_shape())
      .returns(201, rule_view_shape(), "The rule")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(rule_definition_shape(), ctx.request.body);
        const std::string id = security::new_id("rule");
        validate_rule(engine_rule(in, id));
        auto view = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          check_references(ctx, tx, in);
          store::RuleRecord record;
          record.id = id;
          record.client_id = in.client_id;
          record.name = in.name;
          record.enabled = in.enabled;
          record.payload = definition_payload(in);
          auto stored = store::rules::insert(tx, std::move(record));
          ctx.audit(tx, "rule.create", "rule", id);
          if (in.enabled) enqueue_rule_run(tx, id, std::chrono::seconds(0));  // never run: due
          return view_of(tx, stored, in);
        });
        if (view.enabled) wake(ctx);
        auto response = json_response(render(view), 201);
        response.headers.set("Location", "/api/v1/rules/" + id);
        return response;
      });

  Endpoint("GET", "/api/v1/rules")
      .summary("List automated rules").tag("rules")
      .description("Newest first; filter by client and enabled. A client_viewer sees its own "
                   "client's only.")
      .query(list_shape())
      .returns_page(rule_view_shape(), "One page of rules")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(list_shape(), ctx.request);
        if (q.client_id && !ctx.principal.may_see_client(*q.client_id)) {
          return json_response(render_page(rule_view_shape(), std::vector<RuleView>{}, ""));
        }
        store::RuleQuery query;
        query.client_id = ctx.principal.client_id ? ctx.principal.client_id : q.client_id;
        query.enabled = q.enabled;
        query.limit = static_cast<std::size_t>(q.limit);
        query.cursor = q.cursor;
        auto [views, next] = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          auto page = with_cursor([&] { return store::rules::list(tx, query); });
          std::vector<RuleView> out;
          for (const auto& r : page.items) out.push_back(view_of(tx, r, stored_definition(r)));
          return std::pair(std::move(out), page.next_cursor);
        });
        return json_response(render_page(rule_view_shape(), views, next));
      });

  Endpoint("GET", "/api/v1/rules/{id}")
      .summary("Get an automated rule").tag("rules")
      .returns(200, rule_view_shape(), "The rule, with its last and next run")
      .install(registry, [](Context& ctx) {
        auto view = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          auto r = load_visible(ctx, tx, ctx.request.path_param("id"));
          return view_of(tx, r, stored_definition(r));
        });
        return json_response(render(view));
      });

  Endpoint("PATCH", "/api/v1/rules/{id}")
      .summary("Change an automated rule").tag("rules")
      .description("Fields sent replace the stored ones (nested objects whole); the result is "
                   "validated as a new rule would be. An enabled rule's next run is queued for "
                   "its (new) schedule.")
      .min_role(Role::strategist)
      .body(rule_patch_shape())
      .returns(200, rule_view_shape(), "The changed rule")
      .install(registry, [](Context& ctx) {
        auto patch = schema::parse_body(rule_patch_shape(), ctx.request.body);
        auto view = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto record = load_visible(ctx, tx, ctx.request.path_param("id"));
          RuleDefinition d = stored_definition(record);
          apply(patch, d);
          validate_rule(engine_rule(d, record.id));
          store::Client client = check_references(ctx, tx, d);
          record.client_id = d.client_id;
          record.name = d.name;
          record.enabled = d.enabled;
          record.payload = definition_payload(d);
          auto stored = store::rules::update(tx, record);
          if (!stored) throw_not_found("rule", record.id);
          ctx.audit(tx, "rule.update", "rule", record.id, rule_patch_shape().render(patch));
          if (d.enabled) {
            enqueue_rule_run(tx, record.id,
                             wait_until_due(d.schedule, client.time_zone, record.last_run_at,
                                            std::chrono::system_clock::now()));
          }
          return view_of(tx, *stored, d);
        });
        if (view.enabled) wake(ctx);
        return json_response(render(view));
      });

  Endpoint("DELETE", "/api/v1/rules/{id}")
      .summary("Delete an automated rule and its log").tag("rules")
      .min_role(Role::strategist)
      .install(registry, [](Context& ctx) {
        ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto record = load_visible(ctx, tx, ctx.request.path_param("id"));
          store::rules::remove(tx, record.id);
          ctx.audit(tx, "rule.delete", "rule", record.id);
        });
        return http::Response::no_content();
      });
}

void install_rule_runs(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/rules/dry-run")
      .summary("Dry-run an unsaved rule").tag("rules")
      .description("Replays the rule over the client's stored history, day by day, as its "
                   "schedule would have run it: what it would have fired, when, and the spend "
                   "it would have governed. Nothing is stored.")
      .min_role(Role::strategist)
      .body(unsaved_dry_run_shape())
      .returns(200, dry_run_document_shape(), "The replay")
      .install(registry, [](Context& ctx) {
        require_snapshots(ctx);
        auto in = schema::parse_body(unsaved_dry_run_shape(), ctx.request.body);
        rules::Rule rule = engine_rule(in.rule, "unsaved");
        validate_rule(rule, "rule.");
        ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          check_references(ctx, tx, in.rule, "rule.");
        });
        return json_response(dry_run_answer(ctx, rule, in));
      });

  Endpoint("POST", "/api/v1/rules/{id}/dry-run")
      .summary("Dry-run a saved rule").tag("rules")
      .description("As POST /api/v1/rules/dry-run, for a stored rule (enabled or not).")
      .min_role(Role::strategist)
      .body(dry_run_window_shape())
      .returns(200, dry_run_document_shape(), "The replay")
      .install(registry, [](Context& ctx) {
        require_snapshots(ctx);
        auto in = schema::parse_body(dry_run_window_shape(), ctx.request.body);
        auto record = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return load_visible(ctx, tx, ctx.request.path_param("id"));
        });
        return json_response(
            dry_run_answer(ctx, engine_rule(stored_definition(record), record.id), in));
      });

  Endpoint("POST", "/api/v1/rules/{id}/run")
      .summary("Run an automated rule now").tag("rules")
      .description("Evaluates the rule now, on the client's local date, whatever its schedule "
                   "(a disabled rule too), and logs it exactly as a scheduled run: every "
                   "evaluation, the firings (cooldowns apply) and last_run_at.")
      .min_role(Role::strategist).idempotent()
      .returns(200, run_document_shape(), "The run")
      .install(registry, [](Context& ctx) {
        require_snapshots(ctx);
        const std::string id = ctx.request.path_param("id");
        ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) { load_visible(ctx, tx, id); });
        RunRequest request;
        request.tenant_id = ctx.principal.tenant_id;
        request.rule_id = id;
        request.scheduled = false;
        request.in_transaction = [&](store::Tx& tx) { ctx.audit(tx, "rule.run", "rule", id); };
        RuleRun run = run_rule(ctx.services.db, *ctx.services.snapshots, ctx.services.live, request);
        if (run.status == RunStatus::missing) throw_not_found("rule", id);
        if (run.status != RunStatus::ran) {
          throw http::ProblemError(http::conflict(
              "another run of rule '" + id + "' was recorded at the same moment; try again"));
        }
        nlohmann::json answer = run_summary(run);
        answer["firings"] = nlohmann::json::array();
        for (const auto& r : run.records) {
          if (!r.fired) continue;
          answer["firings"].push_back(*log_entry(r).firing);
          answer["firings"].back()["evaluation_id"] = r.id;
        }
        return json_response(answer);
      });

  Endpoint("GET", "/api/v1/rules/{id}/evaluations")
      .summary("The rule's evaluation log").tag("rules")
      .description("Every evaluation of the rule for a campaign, scheduled or requested, newest "
                   "first: the outcome, each condition as judged and, when it fired, the firing.")
      .query(log_query_shape())
      .returns_page(log_entry_shape(), "One page of evaluations")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(log_query_shape(), ctx.request);
        auto page = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          auto r = load_visible(ctx, tx, ctx.request.path_param("id"));
          return with_cursor([&] {
            return store::rule_evaluations::list(tx, r.id, q.fired_only,
                                                 static_cast<std::size_t>(q.limit), q.cursor);
          });
        });
        std::vector<LogEntry> entries;
        for (const auto& r : page.items) entries.push_back(log_entry(r));
        return json_response(render_page(log_entry_shape(), entries, page.next_cursor));
      });
}

}  // namespace

void install_rule_endpoints(ApiRegistry& registry) {
  install_rule_crud(registry);
  install_rule_runs(registry);
}

}  // namespace api
