// /api/v1/experiments/{id}/results: daily results per variant and metric in, the analysis out
// (experiments/analysis.h does the statistics; experiment_report.h renders them); and
// /api/v1/experiments/power, the sample-size planner (experiments/power.h).
#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include "api/experiment_design.h"
#include "api/experiment_report.h"
#include "api/resources.h"
#include "api/validation.h"
#include "experiments/power.h"
#include "experiments/srm.h"
#include "store/experiment_observations.h"

namespace api {
namespace {

using experiments::DailyResult;

struct ResultsUpload {
  std::vector<DailyResult> rows;
};

// Overrides of the stored analysis defaults, as query parameters of GET …/results.
struct ResultsQuery {
  std::optional<double> alpha;
  std::optional<experiments::DecisionEngine> engine;
  std::optional<double> chance_to_win_threshold, risk_threshold;
  std::optional<bool> sequential;
  std::optional<double> sequential_tuning_units;
  std::optional<bool> cuped;
  std::optional<experiments::Correction> correction;
  std::optional<double> minimum_detectable_effect, target_power, srm_threshold;
  std::optional<std::string> srm_metric;
  std::optional<std::string> prior;
  std::optional<double> prior_mean, prior_variance;
};

constexpr std::size_t kMaxRows = 10'000;

const schema::Object<DailyResult>& row_shape() {
  using R = DailyResult;
  auto name = [] { return schema::String().min_length(1).max_length(100); };
  static const auto shape =
      schema::Object<R>("ExperimentResultRow",
                        "One variant's result for one metric on one day. Units must be new that "
                        "day (users first exposed that day, or exposures): days are summed.")
          .required("variant", &R::variant, name())
          .required("metric", &R::metric, name())
          .required("date", &R::day, schema::Date())
          .required("units", &R::units, schema::Integer().min(0).max(1'000'000'000'000LL),
                    "users or exposures")
          .required("total", &R::total, schema::Number(),
                    "conversions (proportion), Σ value (mean), Σ numerator (ratio)")
          .optional("total_squares", &R::total_squares, schema::Number().min(0),
                    "Σ value²: required for mean and ratio metrics")
          .optional("denominator_total", &R::denominator_total, schema::Number().min(0),
                    "ratio metrics: Σ denominator")
          .optional("denominator_squares", &R::denominator_squares, schema::Number().min(0),
                    "ratio metrics: Σ denominator²")
          .optional("cross_total", &R::cross_total, schema::Number(),
                    "ratio metrics: Σ numerator × denominator")
          .optional("covariate_total", &R::covariate_total, schema::Number(),
                    "CUPED: Σ pre-period value (all three covariate sums, or none)")
          .optional("covariate_squares", &R::covariate_squares, schema::Number().min(0),
                    "CUPED: Σ pre-period value²")
          .optional("covariate_cross", &R::covariate_cross, schema::Number(),
                    "CUPED: Σ pre-period value × value");
  return shape;
}

const schema::Object<ResultsUpload>& upload_shape() {
  static const auto shape =
      schema::Object<ResultsUpload>("ExperimentResultsUpload")
          .required("rows", &ResultsUpload::rows,
                    std::move(schema::Array<schema::Object<DailyResult>>(row_shape())
                                  .min_items(1)
                                  .max_items(kMaxRows)),
                    "a row already stored for the same variant, metric and date is replaced");
  return shape;
}

const schema::Object<ResultsQuery>& results_query_shape() {
  using Q = ResultsQuery;
  static const auto shape = [] {
    schema::Object<Q> s("ExperimentResultsQuery",
                        "Each parameter overrides the experiment's stored analysis default.");
    add_analysis_fields(s)
        .optional("prior", &Q::prior, schema::String().one_of({"flat", "proper"}),
                  "flat, or proper: the stored prior, else N(0, 0.09)")
        .optional("prior_mean", &Q::prior_mean, schema::Number().min(-10).max(10),
                  "a proper prior's mean of the relative lift")
        .optional("prior_variance", &Q::prior_variance,
                  schema::Number().exclusive_min(0).max(100), "a proper prior's variance");
    return s;
  }();
  return shape;
}

// What an upload answers.
struct UploadAnswer {
  std::string experiment_id;
  std::int64_t stored = 0, replaced = 0, result_rows = 0, days_observed = 0;
};

const schema::Object<UploadAnswer>& upload_answer_shape() {
  using A = UploadAnswer;
  static const auto shape =
      schema::Object<A>("ExperimentResultsStored")
          .output("experiment_id", &A::experiment_id, schema::String())
          .output("stored", &A::stored, schema::Integer(), "rows written")
          .output("replaced", &A::replaced, schema::Integer(),
                  "of those, rows whose variant, metric and date were stored already")
          .output("result_rows", &A::result_rows, schema::Integer(), "rows stored in all now")
          .output("days_observed", &A::days_observed, schema::Integer(), "distinct days");
  return shape;
}

// The analysis' main fields, described for the OpenAPI document (results_document() writes it).
struct ResultsDocument {
  std::string experiment_id, name, status, hypothesis, decision, decision_text;
  std::optional<std::string> recommended_variant;
  bool has_results = false;
  experiments::AnalysisOptions analysis;
  nlohmann::json data, srm, diagnostics;
  std::vector<std::string> reasons;
};

const schema::Object<ResultsDocument>& results_document_shape() {
  using D = ResultsDocument;
  static const auto shape =
      schema::Object<D>("ExperimentResults",
                        "Also: metrics — per metric its spec, the control {name, units, value}, "
                        "per treatment the absolute and relative estimates with intervals and "
                        "p-values, degrees_of_freedom, bayesian, sequential, adjusted p-value and "
                        "interval, verdict and note, cuped and power; see docs/api.md")
          .output("experiment_id", &D::experiment_id, schema::String())
          .output("name", &D::name, schema::String())
          .output("status", &D::status, schema::String())
          .output("hypothesis", &D::hypothesis, schema::String())
          .output("analysis", &D::analysis, experiment_analysis_shape(), "the options used")
          .output("has_results", &D::has_results, schema::Boolean())
          .output("data", &D::data, schema::JsonObject(),
                  "result_rows, days_observed, first_day, last_day")
          .output("srm", &D::srm, schema::JsonObject(),
                  "metric, chi_squared, degrees_of_freedom, p_value, threshold, mismatch, and per "
                  "variant its weight, observed_units, expected_units and observed_share")
          .output("decision", &D::decision, schema::String().one_of({"ship", "keep_running",
                                                                     "stop_for_futility",
                                                                     "fix_assignment"}))
          .output("recommended_variant", &D::recommended_variant, schema::String(),
                  "the variant to ship (decision ship only)")
          .output("decision_text", &D::decision_text, schema::String())
          .output("reasons", &D::reasons, schema::Array<schema::String>(schema::String()),
                  "the evidence, one sentence each")
          .output("diagnostics", &D::diagnostics, schema::JsonObject(),
                  "comparisons, primary_family_size, secondary_family_size, notes");
  return shape;
}

// The stored and the request's rows are the same sums under the same names.
template <class To, class From>
To same_sums(const From& r) {
  To out;
  out.variant = r.variant;
  out.metric = r.metric;
  out.day = r.day;
  out.units = r.units;
  out.total = r.total;
  out.total_squares = r.total_squares;
  out.denominator_total = r.denominator_total;
  out.denominator_squares = r.denominator_squares;
  out.cross_total = r.cross_total;
  out.covariate_total = r.covariate_total;
  out.covariate_squares = r.covariate_squares;
  out.covariate_cross = r.covariate_cross;
  return out;
}

// Every result the experiment will have once `incoming` is stored: the stored rows that no
// incoming row replaces (`kept` of them), then the incoming rows in request order.
struct MergedRows {
  std::vector<DailyResult> rows;
  std::size_t kept = 0;
  std::size_t replaced = 0;  // incoming rows whose day was stored
};

MergedRows merge(const std::vector<store::ExperimentObservation>& stored,
                 const std::vector<DailyResult>& incoming) {
  using Key = std::tuple<std::string, std::string, int>;
  std::set<Key> incoming_keys;
  for (const auto& r : incoming) incoming_keys.emplace(r.variant, r.metric, r.day.days_since_epoch);
  MergedRows out;
  for (const auto& r : stored) {
    if (incoming_keys.count({r.variant, r.metric, r.day.days_since_epoch})) {
      ++out.replaced;
      continue;
    }
    out.rows.push_back(same_sums<DailyResult>(r));
  }
  out.kept = out.rows.size();
  out.rows.insert(out.rows.end(), incoming.begin(), incoming.end());
  return out;
}

// The engine's "results[7].total: …" as the request's "rows[i].total" (i = 7 − kept).
schema::FieldError row_error(const std::invalid_argument& e, std::size_t kept) {
  auto error = engine_field_error(e, "rows");
  std::size_t index = 0;
  int consumed = 0;
  if (std::sscanf(error.field.c_str(), "results[%zu]%n", &index, &consumed) == 1 && consumed > 0) {
    error.field = index >= kept
                      ? "rows[" + std::to_string(index - kept) + "]" + error.field.substr(consumed)
                      : "rows";
  }
  return error;
}

// The engine's "metrics[0].variants[1].sum_squares: …" about totals over days, as a problem with
// the rows.
schema::FieldError totals_error(const std::invalid_argument& e, const ExperimentDesignDocument& d) {
  auto error = engine_field_error(e, "rows");
  std::size_t m = 0, k = 0;
  int consumed = 0;
  if (std::sscanf(error.field.c_str(), "metrics[%zu].variants[%zu].%n", &m, &k, &consumed) == 2 &&
      consumed > 0 && m < d.metrics.size() && k < d.variants.size()) {
    error.message = "the totals of metric '" + d.metrics[m].name + "' for variant '" +
                    d.variants[k].name + "' are impossible (" + error.field.substr(consumed) +
                    " " + error.message + ")";
  }
  error.field = "rows";
  return error;
}

// The experiment the engine reads from `rows`, checked as the analysis will check it; the 400
// problem naming the row otherwise.
experiments::Experiment checked_experiment(const ExperimentDesignDocument& design,
                                           const MergedRows& merged) {
  experiments::Experiment experiment;
  try {
    experiment = experiments::aggregate_daily(engine_design(design), merged.rows);
  } catch (const std::invalid_argument& e) {
    schema::throw_validation_problem({row_error(e, merged.kept)});
  }
  try {
    experiments::analyze(experiment, design.analysis);
  } catch (const std::invalid_argument& e) {
    schema::throw_validation_problem({totals_error(e, design)});
  }
  return experiment;
}

void require_running(const store::ExperimentRecord& record) {
  if (record.status == "draft") {
    schema::throw_validation_problem(
        {{"status", "the experiment is a draft: start it (PATCH status running) before sending "
                    "results"}});
  }
  if (record.status == "stopped") {
    schema::throw_validation_problem(
        {{"status", "the experiment is stopped: it takes no more results"}});
  }
}

template <class T>
void override_with(const std::optional<T>& value, T& out) {
  if (value) out = *value;
}

experiments::AnalysisOptions effective_options(experiments::AnalysisOptions o,
                                               const ResultsQuery& q) {
  override_with(q.alpha, o.alpha);
  override_with(q.engine, o.engine);
  override_with(q.chance_to_win_threshold, o.chance_to_win_threshold);
  override_with(q.risk_threshold, o.risk_threshold);
  override_with(q.sequential, o.sequential);
  override_with(q.sequential_tuning_units, o.sequential_tuning_units);
  override_with(q.cuped, o.cuped);
  override_with(q.correction, o.correction);
  override_with(q.minimum_detectable_effect, o.minimum_detectable_effect);
  override_with(q.target_power, o.target_power);
  override_with(q.srm_threshold, o.srm_threshold);
  override_with(q.srm_metric, o.srm_metric);
  const bool proper_asked = q.prior == "proper" || q.prior_mean || q.prior_variance;
  if (q.prior == "flat" && (q.prior_mean || q.prior_variance)) {
    schema::throw_validation_problem(
        {{"prior", "flat takes no prior_mean or prior_variance"}});
  }
  if (q.prior == "flat") o.prior = experiments::Prior{};
  if (proper_asked) {
    o.prior.proper = true;
    override_with(q.prior_mean, o.prior.mean);
    override_with(q.prior_variance, o.prior.variance);
  }
  return o;
}

nlohmann::json day_or_null(const std::optional<core::Date>& day) {
  return day ? nlohmann::json(core::format_iso_date(*day)) : nlohmann::json(nullptr);
}

// The analysis of every stored row, rendered with the experiment it belongs to.
nlohmann::json results_document(const store::ExperimentRecord& record,
                                const std::vector<store::ExperimentObservation>& stored,
                                const ResultsQuery& query) {
  const auto design = stored_design(record);
  const auto options = effective_options(design.analysis, query);
  std::vector<DailyResult> rows;
  std::optional<core::Date> first, last;
  for (const auto& r : stored) {
    rows.push_back(same_sums<DailyResult>(r));
    if (!first || r.day < *first) first = r.day;
    if (!last || r.day > *last) last = r.day;
  }
  experiments::AnalysisResult result;
  experiments::Experiment experiment;
  try {
    experiment = experiments::aggregate_daily(engine_design(design), rows);
    result = experiments::analyze(experiment, options);
  } catch (const std::invalid_argument& e) {
    schema::throw_validation_problem(
        {engine_field_error(e, "rows", {{"options.prior.", "prior_"}, {"options.", ""}})});
  }
  nlohmann::json body = {
      {"experiment_id", record.id},
      {"name", record.name},
      {"status", record.status},
      {"hypothesis", design.hypothesis},
      {"analysis", experiment_analysis_shape().render(options)},
      {"has_results", !rows.empty()},
      {"data",
       {{"result_rows", rows.size()},
        {"days_observed", experiment.days_observed},
        {"first_day", day_or_null(first)},
        {"last_day", day_or_null(last)}}}};
  body.update(analysis_to_json(result, design.variants));
  if (rows.empty()) {
    body["decision"] = experiments::decision_name(experiments::Decision::keep_running);
    body["decision_text"] = "no results yet";
    body["reasons"] = {"no results are stored yet: start the experiment and send daily rows to "
                       "POST /api/v1/experiments/" + record.id + "/results"};
  }
  return body;
}

}  // namespace

void install_experiment_result_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/experiments/{id}/results")
      .summary("Send daily results").tag("experiments")
      .description("Per variant, metric and day: units and sums (conversions for a proportion; "
                   "Σ value and Σ value² for a mean; also the denominator's sums for a ratio). "
                   "The experiment must be running: a draft or a stopped experiment answers 400 "
                   "naming status. Every row is checked with the stored ones before anything is "
                   "written (400 naming rows[i].field, nothing stored); a day sent again replaces "
                   "the stored one, so retries change nothing.")
      .min_role(Role::strategist).idempotent()
      .body(upload_shape())
      .returns(200, upload_answer_shape(), "What was stored")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto in = schema::parse_body(upload_shape(), ctx.request.body);
        return json_response(ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto record = visible_experiment(ctx, tx, id);
          require_running(record);
          const auto merged = merge(store::experiment_observations::list(tx, id), in.rows);
          const auto experiment = checked_experiment(stored_design(record), merged);
          std::vector<store::ExperimentObservation> rows;
          for (const auto& r : in.rows) rows.push_back(same_sums<store::ExperimentObservation>(r));
          store::experiment_observations::upsert(tx, id, rows);
          ctx.audit(tx, "experiment.results", "experiment", id,
                    {{"rows", rows.size()}, {"replaced", merged.replaced}});
          return upload_answer_shape().render({id, static_cast<std::int64_t>(rows.size()),
                                               static_cast<std::int64_t>(merged.replaced),
                                               static_cast<std::int64_t>(merged.rows.size()),
                                               experiment.days_observed});
        }));
      });

  Endpoint("GET", "/api/v1/experiments/{id}/results")
      .summary("Analyse an experiment").tag("experiments")
      .description("Every stored row summed per variant and metric and analysed (docs/"
                   "experiments.md): per metric the control, each treatment's absolute and "
                   "relative effect with intervals and p-values, the Bayesian view, the "
                   "sequential interval when on, corrected p-values and a verdict; CUPED; power; "
                   "the sample-ratio check; and the decision with its reasons. Query parameters "
                   "override the stored analysis defaults. Without rows yet: has_results false "
                   "and decision keep_running.")
      .query(results_query_shape())
      .returns(200, results_document_shape(), "The analysis")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto query = parse_query(results_query_shape(), ctx.request);
        auto [record, stored] = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          auto record = visible_experiment(ctx, tx, id);
          return std::pair{record, store::experiment_observations::list(tx, id)};
        });
        return json_response(results_document(record, stored, query));
      });
}

}  // namespace api
