// /api/v1/experiments: A/B tests of a client — their design (variants with traffic weights,
// metrics, analysis defaults) and their life, draft → running → stopped. Results and their
// analysis are in experiment_results.cpp; experiment_design.h holds what both share.
#include "api/experiment_design.h"
#include "api/resources.h"
#include "api/validation.h"
#include "security/random.h"
#include "store/experiment_observations.h"

namespace api {
namespace {

const std::vector<std::string> kStatuses = {"draft", "running", "stopped"};

struct ExperimentCreate {
  std::string client_id;
  std::string name;
  std::string hypothesis;
  std::vector<experiments::Variant> variants;
  std::vector<experiments::MetricSpec> metrics;
  experiments::AnalysisOptions analysis;
  std::string status = "draft";
};

struct ExperimentPatch {
  std::optional<std::string> name;
  std::optional<std::string> hypothesis;
  std::optional<std::vector<experiments::Variant>> variants;
  std::optional<std::vector<experiments::MetricSpec>> metrics;
  std::optional<experiments::AnalysisOptions> analysis;
  std::optional<std::string> status;
};

struct ListQuery {
  std::optional<std::string> client_id;
  std::optional<std::string> status;
  std::int64_t limit = 50;
  std::string cursor;
};

// An experiment as answered: the record's columns, its design, and how much data it has.
struct ExperimentView {
  std::string id;
  std::optional<std::string> client_id;
  std::string name, status;
  std::optional<std::string> started_at, ended_at;
  std::string created_at, updated_at;
  std::string hypothesis;
  std::vector<experiments::Variant> variants;
  std::vector<experiments::MetricSpec> metrics;
  experiments::AnalysisOptions analysis;
  std::int64_t result_rows = 0, days_observed = 0;
  std::optional<core::Date> first_day, last_day;
};

schema::String name_field() { return schema::String().min_length(1).max_length(200); }

const schema::Object<ExperimentCreate>& create_shape() {
  using C = ExperimentCreate;
  static const auto shape = [] {
    schema::Object<C> s("ExperimentCreate");
    s.required("client_id", &C::client_id, schema::String().max_length(64))
        .required("name", &C::name, name_field());
    add_design_fields(s, true);
    s.optional("status", &C::status, schema::String().one_of({"draft", "running"}),
               "draft (default) or running (started now)");
    return s;
  }();
  return shape;
}

const schema::Object<ExperimentPatch>& patch_shape() {
  using P = ExperimentPatch;
  static const auto shape = [] {
    schema::Object<P> s("ExperimentPatch",
                        "Variants and metrics change only while the experiment is a draft; "
                        "analysis is merged into the stored defaults (a field set to null "
                        "returns to the engine's default).");
    s.optional("name", &P::name, name_field());
    add_design_fields(s, false);
    s.optional("status", &P::status, schema::String().one_of(kStatuses),
               "draft → running (stamps started_at), running → stopped (stamps ended_at), "
               "draft → stopped");
    return s;
  }();
  return shape;
}

const schema::Object<ListQuery>& list_shape() {
  static const auto shape =
      schema::Object<ListQuery>("ExperimentListQuery")
          .optional("client_id", &ListQuery::client_id, schema::String().max_length(64))
          .optional("status", &ListQuery::status, schema::String().one_of(kStatuses))
          .optional("limit", &ListQuery::limit, schema::Integer().min(1).max(500),
                    "page size, default 50")
          .optional("cursor", &ListQuery::cursor, schema::String().max_length(500));
  return shape;
}

template <class Shape>
Shape& add_record_fields(Shape& s) {
  using V = ExperimentView;
  s.output("id", &V::id, schema::String())
      .output("client_id", &V::client_id, schema::String())
      .output("name", &V::name, schema::String())
      .output("status", &V::status, schema::String().one_of(kStatuses))
      .output("started_at", &V::started_at, schema::Timestamp(), "null until it runs")
      .output("ended_at", &V::ended_at, schema::Timestamp(), "null until it stops")
      .output("created_at", &V::created_at, schema::Timestamp())
      .output("updated_at", &V::updated_at, schema::Timestamp());
  return s;
}

const schema::Object<ExperimentView>& summary_shape() {
  static const auto shape = [] {
    schema::Object<ExperimentView> s("ExperimentSummary");
    return add_record_fields(s);
  }();
  return shape;
}

const schema::Object<ExperimentView>& view_shape() {
  using V = ExperimentView;
  static const auto shape = [] {
    schema::Object<V> s("Experiment");
    add_record_fields(s)
        .output("hypothesis", &V::hypothesis, schema::String())
        .output("variants", &V::variants, experiment_variants_field())
        .output("metrics", &V::metrics, experiment_metrics_field())
        .output("analysis", &V::analysis, experiment_analysis_shape())
        .output("result_rows", &V::result_rows, schema::Integer(),
                "stored result rows (per variant, metric and day)")
        .output("days_observed", &V::days_observed, schema::Integer(), "distinct days")
        .output("first_day", &V::first_day, schema::Date())
        .output("last_day", &V::last_day, schema::Date());
    return s;
  }();
  return shape;
}

std::optional<std::string> unless_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional(text);
}

ExperimentView view_of(const store::ExperimentRecord& r) {
  ExperimentView v;
  v.id = r.id;
  v.client_id = r.client_id;
  v.name = r.name;
  v.status = r.status;
  v.started_at = unless_empty(r.started_at);
  v.ended_at = unless_empty(r.ended_at);
  v.created_at = r.created_at;
  v.updated_at = r.updated_at;
  return v;
}

// The whole experiment with its design and its data's extent, read in `tx`.
nlohmann::json full_view(store::Tx& tx, const store::ExperimentRecord& record) {
  ExperimentView v = view_of(record);
  auto design = stored_design(record);
  v.hypothesis = std::move(design.hypothesis);
  v.variants = std::move(design.variants);
  v.metrics = std::move(design.metrics);
  v.analysis = design.analysis;
  auto counts = store::experiment_observations::counts(tx, record.id);
  v.result_rows = static_cast<std::int64_t>(counts.rows);
  v.days_observed = static_cast<std::int64_t>(counts.days);
  v.first_day = counts.first_day;
  v.last_day = counts.last_day;
  return view_shape().render(v);
}

// draft → running, running → stopped and draft → stopped; the same status is no change.
void check_transition(const std::string& from, const std::string& to) {
  if (from == to) return;
  const bool allowed = (from == "draft" && (to == "running" || to == "stopped")) ||
                       (from == "running" && to == "stopped");
  if (!allowed) {
    throw_conflict("status", "cannot go from " + from + " to " + to +
                                 " (draft → running → stopped, or draft → stopped)");
  }
}

// Variants or metrics may change only in a draft; sending the stored value again is no change.
template <class Spec, class Value>
void change_while_draft(const Spec& spec, const std::optional<Value>& change, Value& stored,
                        const char* field, const std::string& status) {
  if (!change || spec.render_value(*change) == spec.render_value(stored)) return;
  if (status != "draft") {
    throw_conflict(field, "can only change while the experiment is a draft; it is " + status);
  }
  stored = *change;
}

// Applies the patch (raw: its JSON, for merging `analysis`) to the record and its design.
void apply_patch(const ExperimentPatch& patch, const nlohmann::json& raw,
                 store::ExperimentRecord& record, ExperimentDesignDocument& design) {
  change_while_draft(experiment_variants_field(), patch.variants, design.variants, "variants",
                     record.status);
  change_while_draft(experiment_metrics_field(), patch.metrics, design.metrics, "metrics",
                     record.status);
  if (patch.name) record.name = *patch.name;
  if (patch.hypothesis) design.hypothesis = *patch.hypothesis;
  if (raw.contains("analysis") && raw["analysis"].is_object()) {
    nlohmann::json merged = experiment_analysis_shape().render(design.analysis);
    merged.merge_patch(raw["analysis"]);
    experiments::AnalysisOptions options;
    std::vector<schema::FieldError> errors;
    if (!experiment_analysis_shape().parse(merged, options, "analysis", errors)) {
      schema::throw_validation_problem(std::move(errors));
    }
    design.analysis = options;
  }
  if (patch.status) {
    check_transition(record.status, *patch.status);
    record.status = *patch.status;  // the store stamps started_at and ended_at
  }
}

}  // namespace

void install_experiment_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/experiments")
      .summary("Create an experiment").tag("experiments")
      .description("An A/B(/n) test of a client: variants with planned traffic weights (the "
                   "first is the control), metrics, and analysis defaults. Checked by the "
                   "analysis engine itself: 400 naming the field when it could not be analysed.")
      .min_role(Role::strategist).idempotent()
      .body(create_shape())
      .returns(201, view_shape(), "The stored experiment")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(create_shape(), ctx.request.body);
        if (!ctx.principal.may_see_client(in.client_id)) throw_not_found("client", in.client_id);
        ExperimentDesignDocument design{in.hypothesis, in.variants, in.metrics, in.analysis};
        validate_design(design);
        store::ExperimentRecord record;
        record.id = security::new_id("exp");
        record.client_id = in.client_id;
        record.name = in.name;
        record.status = in.status;
        record.payload = design_payload(design);
        auto body = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto stored = store::experiments::insert(tx, std::move(record));
          ctx.audit(tx, "experiment.create", "experiment", stored.id,
                    {{"client_id", in.client_id}, {"status", stored.status}});
          return full_view(tx, stored);
        });
        auto response = json_response(body, 201);
        response.headers.set("Location", "/api/v1/experiments/" + body["id"].get<std::string>());
        return response;
      });

  Endpoint("GET", "/api/v1/experiments")
      .summary("List experiments").tag("experiments")
      .description("Newest first; a credential bound to a client sees only its client's.")
      .query(list_shape())
      .returns_page(summary_shape(), "One page of experiments")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(list_shape(), ctx.request);
        if (q.client_id && !ctx.principal.may_see_client(*q.client_id)) {
          return json_response(render_page(summary_shape(), std::vector<ExperimentView>{}, ""));
        }
        store::ExperimentQuery query;
        query.client_id = ctx.principal.client_id ? ctx.principal.client_id : q.client_id;
        query.status = q.status;
        query.limit = static_cast<std::size_t>(q.limit);
        query.cursor = q.cursor;
        auto page = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return with_cursor([&] { return store::experiments::list(tx, query); });
        });
        std::vector<ExperimentView> items;
        for (const auto& r : page.items) items.push_back(view_of(r));
        return json_response(render_page(summary_shape(), items, page.next_cursor));
      });

  Endpoint("GET", "/api/v1/experiments/{id}")
      .summary("Get an experiment").tag("experiments")
      .description("The design, the status with started_at and ended_at, and how many result "
                   "rows and days are stored.")
      .returns(200, view_shape(), "The experiment")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        return json_response(ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return full_view(tx, visible_experiment(ctx, tx, id));
        }));
      });

  Endpoint("PATCH", "/api/v1/experiments/{id}")
      .summary("Change an experiment or its status").tag("experiments")
      .description("name, hypothesis and analysis at any time; variants and metrics while a "
                   "draft (409 naming the field otherwise). status: draft → running, running → "
                   "stopped, draft → stopped; any other move is 409 naming status.")
      .min_role(Role::strategist)
      .body(patch_shape())
      .returns(200, view_shape(), "The experiment as stored")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto patch = schema::parse_body(patch_shape(), ctx.request.body);
        const auto raw = nlohmann::json::parse(ctx.request.body);
        return json_response(ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto record = visible_experiment(ctx, tx, id);
          auto design = stored_design(record);
          const std::string before = record.status;
          apply_patch(patch, raw, record, design);
          validate_design(design);
          record.payload = design_payload(design);
          auto stored = store::experiments::update(tx, record);
          if (!stored) throw_not_found("experiment", id);
          nlohmann::json fields = nlohmann::json::array();
          for (const auto& [field, value] : raw.items()) fields.push_back(field);
          ctx.audit(tx, "experiment.update", "experiment", id,
                    {{"fields", fields}, {"status_before", before}, {"status", stored->status}});
          return full_view(tx, *stored);
        }));
      });

  Endpoint("DELETE", "/api/v1/experiments/{id}")
      .summary("Delete an experiment and its results").tag("experiments")
      .min_role(Role::strategist)
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          visible_experiment(ctx, tx, id);
          store::experiments::remove(tx, id);
          ctx.audit(tx, "experiment.delete", "experiment", id);
        });
        return http::Response::no_content();
      });
}

}  // namespace api
