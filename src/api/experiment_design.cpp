#include "api/experiment_design.h"

#include <stdexcept>

#include "api/validation.h"
#include "store/database.h"

namespace api {
namespace {

using experiments::AnalysisOptions;
using experiments::MetricSpec;
using experiments::Variant;

const schema::Object<experiments::Prior>& prior_object() {
  using P = experiments::Prior;
  static const auto shape =
      schema::Object<P>("ExperimentPrior", "A normal prior on the relative lift")
          .required("mean", &P::mean, schema::Number().min(-10).max(10), "e.g. 0")
          .optional("variance", &P::variance, schema::Number().exclusive_min(0).max(100),
                    "default 0.09 (0.3²: 95% of lifts within ±60%)");
  return shape;
}

// The prior as the wire has it: {mean, variance} for a proper prior, null (or absent) for the
// flat one, which leaves experiments::Prior's default (proper = false).
class PriorSpec {
 public:
  using value_type = experiments::Prior;
  bool parse_value(const nlohmann::json& j, experiments::Prior& out, const std::string& path,
                   std::vector<schema::FieldError>& errors) const {
    if (!prior_object().parse_value(j, out, path, errors)) return false;
    out.proper = true;
    return true;
  }
  nlohmann::json render_value(const experiments::Prior& prior) const {
    return prior.proper ? prior_object().render(prior) : nlohmann::json(nullptr);
  }
  nlohmann::json describe_value(schema::Components& c) const {
    return {{"anyOf", {prior_object().describe(c), {{"type", "null"}}}},
            {"description", "null: the flat prior (the default)"}};
  }
  std::optional<nlohmann::json> coerce_text(std::string_view) const { return std::nullopt; }
};

}  // namespace

const schema::Object<Variant>& experiment_variant_shape() {
  static const auto shape =
      schema::Object<Variant>("ExperimentVariant")
          .required("name", &Variant::name, schema::String().min_length(1).max_length(100))
          .required("weight", &Variant::weight, schema::Number().exclusive_min(0).max(1),
                    "planned share of the traffic");
  return shape;
}

const schema::Object<MetricSpec>& experiment_metric_shape() {
  static const auto shape =
      schema::Object<MetricSpec>("ExperimentMetric")
          .required("name", &MetricSpec::name, schema::String().min_length(1).max_length(100))
          .required("kind", &MetricSpec::kind, MetricKindSpec(kMetricKindNames),
                    "proportion: conversions of units; mean: a value per unit (sums and sums of "
                    "squares); ratio: numerator / denominator per unit (CPA = cost / conversions)")
          .optional("role", &MetricSpec::role, MetricRoleSpec(kMetricRoleNames),
                    "primary (default): decides; secondary: reported; guardrail: must not get worse")
          .optional("higher_is_better", &MetricSpec::higher_is_better, schema::Boolean(),
                    "default true; false for CPA, bounce rate, latency");
  return shape;
}

const schema::Object<AnalysisOptions>& experiment_analysis_shape() {
  static const auto shape = [] {
    schema::Object<AnalysisOptions> s("ExperimentAnalysis",
                                      "See docs/experiments.md for each option.");
    add_analysis_fields(s).optional("prior", &AnalysisOptions::prior, PriorSpec());
    return s;
  }();
  return shape;
}

VariantsSpec experiment_variants_field() {
  return std::move(VariantsSpec(experiment_variant_shape()).min_items(2).max_items(20));
}

MetricsSpec experiment_metrics_field() {
  return std::move(MetricsSpec(experiment_metric_shape()).min_items(1).max_items(50));
}

const schema::Object<ExperimentDesignDocument>& experiment_design_shape() {
  static const auto shape = [] {
    schema::Object<ExperimentDesignDocument> s("ExperimentDesign");
    add_design_fields(s, true);
    return s;
  }();
  return shape;
}

ExperimentDesignDocument stored_design(const store::ExperimentRecord& record) {
  nlohmann::json payload = nlohmann::json::parse(record.payload, nullptr, false);
  ExperimentDesignDocument design;
  std::vector<schema::FieldError> errors;
  if (!experiment_design_shape().parse(payload, design, "", errors)) {
    throw std::runtime_error("experiment " + record.id + ": the stored design is not valid");
  }
  return design;
}

std::string design_payload(const ExperimentDesignDocument& design) {
  return experiment_design_shape().render(design).dump();
}

experiments::ExperimentDesign engine_design(const ExperimentDesignDocument& design) {
  return {design.hypothesis, design.variants, design.metrics};
}

void validate_design(const ExperimentDesignDocument& design) {
  try {
    // No results yet: the analysis of an empty experiment runs every check of the design and
    // the options.
    experiments::analyze(experiments::aggregate_daily(engine_design(design), {}), design.analysis);
  } catch (const std::invalid_argument& e) {
    schema::throw_validation_problem({engine_field_error(e, "variants", {{"options.", "analysis."}})});
  }
}

store::ExperimentRecord visible_experiment(const Context& ctx, store::Tx& tx,
                                           const std::string& id) {
  auto record = store::experiments::find(tx, id);
  const bool visible = record && (record->client_id ? ctx.principal.may_see_client(*record->client_id)
                                                    : !ctx.principal.client_id);
  if (!visible) throw_not_found("experiment", id);
  return *record;
}

void throw_conflict(std::string field, std::string message) {
  http::Problem problem = http::conflict(field + " " + message);
  problem.errors.push_back({std::move(field), std::move(message)});
  throw http::ProblemError(std::move(problem));
}

}  // namespace api
