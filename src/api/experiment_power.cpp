// POST /api/v1/experiments/power: how many units (and days) an A/B test needs to detect an
// effect, and what a given amount of traffic can detect. experiments/power.h plans for the test
// GET /api/v1/experiments/{id}/results decides with.
#include <algorithm>
#include <cmath>

#include "api/experiment_design.h"
#include "api/resources.h"
#include "api/validation.h"
#include "experiments/power.h"
#include "experiments/srm.h"

namespace api {
namespace {

struct PowerRequest {
  experiments::MetricKind kind = experiments::MetricKind::proportion;
  double baseline = 0;
  std::optional<double> unit_variance;
  double minimum_detectable_effect = 0.05;
  double alpha = 0.05;
  double power = 0.8;
  std::optional<std::int64_t> variants;  // default 2
  std::optional<std::vector<double>> weights;
  std::optional<std::int64_t> comparisons;
  bool sequential = false;
  double sequential_tuning_units = 5000;
  std::optional<double> daily_units;
  std::optional<double> available_units;
};

const schema::Object<PowerRequest>& request_shape() {
  using R = PowerRequest;
  static const auto shape =
      schema::Object<R>("ExperimentPowerRequest")
          .required("kind", &R::kind, MetricKindSpec(kMetricKindNames))
          .required("baseline", &R::baseline, schema::Number(),
                    "the control's value: a rate in (0, 1) for a proportion, else != 0")
          .optional("unit_variance", &R::unit_variance, schema::Number().min(0),
                    "per-unit variance of the value (mean and ratio metrics: required)")
          .optional("minimum_detectable_effect", &R::minimum_detectable_effect,
                    schema::Number().min(-0.99).max(100), "relative, default 0.05 (5%)")
          .optional("alpha", &R::alpha, schema::Number().exclusive_min(0).max(0.5), "default 0.05")
          .optional("power", &R::power, schema::Number().exclusive_min(0).max(0.9999),
                    "default 0.8")
          .optional("variants", &R::variants, schema::Integer().min(2).max(20),
                    "count with the control, equal weights; default 2")
          .optional("weights", &R::weights,
                    std::move(schema::Array<schema::Number>(schema::Number()).min_items(2).max_items(20)),
                    "planned traffic shares, the control's first; summing to 1")
          .optional("comparisons", &R::comparisons, schema::Integer().min(1).max(1000),
                    "comparisons sharing alpha (Bonferroni, as Holm plans): default one per "
                    "treatment")
          .optional("sequential", &R::sequential, schema::Boolean(),
                    "plan for always-valid confidence sequences")
          .optional("sequential_tuning_units", &R::sequential_tuning_units,
                    schema::Number().exclusive_min(0).max(1e12), "default 5000")
          .optional("daily_units", &R::daily_units, schema::Number().exclusive_min(0),
                    "units entering the experiment per day, for days_needed")
          .optional("available_units", &R::available_units, schema::Number().exclusive_min(0),
                    "units the experiment can have: its power and the effect it detects");
  return shape;
}

// The answer. A figure that cannot be reached (an effect too small for the traffic) is null.
struct PlannedVariant {
  std::string name;
  double weight = 0;
  std::optional<double> units_needed;
};
struct AvailableTraffic {
  double units = 0;
  std::optional<double> power, detectable_effect;
};
struct PowerAnswer {
  std::optional<double> total_units_needed;
  std::vector<PlannedVariant> variants;
  std::int64_t comparisons = 1;
  std::optional<double> days_needed;
  std::optional<AvailableTraffic> available;
};

const schema::Object<PowerAnswer>& answer_shape() {
  using V = PlannedVariant;
  using T = AvailableTraffic;
  using A = PowerAnswer;
  static const auto variant = schema::Object<V>("ExperimentPlannedVariant")
                                  .output("name", &V::name, schema::String(), "control, treatment_1, …")
                                  .output("weight", &V::weight, schema::Number())
                                  .output("units_needed", &V::units_needed, schema::Number());
  static const auto traffic =
      schema::Object<T>("ExperimentAvailableTraffic")
          .output("units", &T::units, schema::Number())
          .output("power", &T::power, schema::Number(), "against minimum_detectable_effect")
          .output("detectable_effect", &T::detectable_effect, schema::Number(),
                  "the relative effect these units detect with the target power");
  static const auto shape =
      schema::Object<A>("ExperimentPowerPlan")
          .output("total_units_needed", &A::total_units_needed, schema::Number(),
                  "all variants together")
          .output("variants", &A::variants, schema::Array<schema::Object<V>>(variant),
                  "the control first")
          .output("comparisons", &A::comparisons, schema::Integer(), "sharing alpha")
          .output("days_needed", &A::days_needed, schema::Number(), "with daily_units")
          .output("available", &A::available, traffic, "with available_units");
  return shape;
}

std::optional<double> finite(double value) {
  return std::isfinite(value) ? std::optional(value) : std::nullopt;
}

// The traffic shares, checked by the engine's own rule for weights (the sample-ratio check's).
std::vector<double> shares(const PowerRequest& in) {
  if (!in.weights) {
    const auto count = in.variants.value_or(2);
    return std::vector<double>(static_cast<std::size_t>(count), 1.0 / static_cast<double>(count));
  }
  if (in.variants && static_cast<std::size_t>(*in.variants) != in.weights->size()) {
    schema::throw_validation_problem({{"variants", "must match the number of weights"}});
  }
  std::vector<std::int64_t> no_units(in.weights->size(), 0);
  experiments::sample_ratio_check(no_units, *in.weights);
  return *in.weights;
}

nlohmann::json plan(const PowerRequest& in) {
  if (in.kind != experiments::MetricKind::proportion && !in.unit_variance) {
    schema::throw_validation_problem({{"unit_variance", "is required for mean and ratio metrics"}});
  }
  const auto weights = shares(in);
  experiments::PowerProblem problem;
  problem.kind = in.kind;
  problem.baseline = in.baseline;
  problem.unit_variance = in.unit_variance.value_or(0);
  problem.control_share = weights[0];
  problem.treatment_share = *std::min_element(weights.begin() + 1, weights.end());
  experiments::PowerOptions options;
  options.alpha = in.alpha;
  options.power = in.power;
  options.comparisons = static_cast<int>(in.comparisons.value_or(
      static_cast<std::int64_t>(weights.size()) - 1));
  options.sequential = in.sequential;
  options.sequential_tuning_units = in.sequential_tuning_units;

  const auto size = experiments::required_sample_size(problem, in.minimum_detectable_effect, options);
  PowerAnswer answer;
  answer.total_units_needed = finite(size.total_units);
  for (std::size_t k = 0; k < weights.size(); ++k) {
    answer.variants.push_back({k == 0 ? std::string("control") : "treatment_" + std::to_string(k),
                               weights[k], finite(size.total_units * weights[k])});
  }
  answer.comparisons = options.comparisons;
  if (in.daily_units) answer.days_needed = finite(size.total_units / *in.daily_units);
  if (in.available_units) {
    const double units = *in.available_units;
    answer.available = AvailableTraffic{
        units, finite(experiments::power_at(problem, in.minimum_detectable_effect, units, options)),
        finite(experiments::detectable_effect(problem, units, options))};
  }
  return answer_shape().render(answer);
}

}  // namespace

void install_experiment_planner_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/experiments/power")
      .summary("Plan an experiment's sample size").tag("experiments")
      .description("Units needed per variant and in all for a relative effect at alpha and "
                   "power (the test the analysis decides with: the lift's, Bonferroni over "
                   "comparisons), days at daily_units, and the power and detectable effect of "
                   "available_units. Stores nothing.")
      .body(request_shape())
      .returns(200, answer_shape(), "The plan")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(request_shape(), ctx.request.body);
        try {
          return json_response(plan(in));
        } catch (const std::invalid_argument& e) {
          schema::throw_validation_problem({engine_field_error(
              e, "baseline",
              {{"problem.control_share", "weights"},
               {"problem.treatment_share", "weights"},
               {"problem.", ""},
               {"options.", ""},
               {"relative_effect", "minimum_detectable_effect"},
               {"total_units", "available_units"}})});
        }
      });
}

}  // namespace api
