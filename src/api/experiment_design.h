// What the /api/v1/experiments endpoints share: the design of an A/B test as clients send it and
// as store::ExperimentRecord::payload keeps it (hypothesis, variants with weights, metrics,
// analysis defaults), its shapes, its validation by the experiments engine itself, and finding an
// experiment the caller may see. experiments.cpp serves the experiments, experiment_results.cpp
// their results, experiment_power.cpp the sample-size planner.
//
// Wire names: metric kinds proportion|mean|ratio, roles primary|secondary|guardrail, engines
// frequentist|bayesian, corrections none|holm|benjamini_hochberg; a prior is {mean, variance}
// on the relative lift, or null for the flat prior. Every analysis option the engine has
// (experiments::AnalysisOptions) is one field of `analysis`, with the engine's default.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/endpoint.h"
#include "experiments/aggregate.h"
#include "experiments/analysis.h"
#include "store/experiments.h"

namespace api {

// The stored design (the record's payload).
struct ExperimentDesignDocument {
  std::string hypothesis;
  std::vector<experiments::Variant> variants;     // [0] is the control
  std::vector<experiments::MetricSpec> metrics;
  experiments::AnalysisOptions analysis;          // the defaults GET …/results analyses with
};

inline constexpr std::array<std::string_view, 3> kMetricKindNames{"proportion", "mean", "ratio"};
inline constexpr std::array<std::string_view, 3> kMetricRoleNames{"primary", "secondary",
                                                                  "guardrail"};
inline constexpr std::array<std::string_view, 2> kDecisionEngineNames{"frequentist", "bayesian"};
inline constexpr std::array<std::string_view, 3> kCorrectionNames{"none", "holm",
                                                                  "benjamini_hochberg"};
using MetricKindSpec = schema::Enum<experiments::MetricKind, 3>;
using MetricRoleSpec = schema::Enum<experiments::MetricRole, 3>;
using DecisionEngineSpec = schema::Enum<experiments::DecisionEngine, 2>;
using CorrectionSpec = schema::Enum<experiments::Correction, 3>;

// Adds every analysis option but the prior (whose spelling differs between a body and a query
// string) to a shape whose type has members of the options' names: experiments::AnalysisOptions
// for the stored defaults, optionals for the overrides GET …/results takes.
template <class T>
schema::Object<T>& add_analysis_fields(schema::Object<T>& s) {
  auto open_unit = [](double max) { return schema::Number().exclusive_min(0).max(max); };
  s.optional("alpha", &T::alpha, open_unit(0.5), "two-sided significance level, default 0.05")
      .optional("engine", &T::engine, DecisionEngineSpec(kDecisionEngineNames),
                "which evidence decides: frequentist (default) or bayesian")
      .optional("chance_to_win_threshold", &T::chance_to_win_threshold,
                schema::Number().exclusive_min(0.5).max(0.9999), "Bayesian win, default 0.95")
      .optional("risk_threshold", &T::risk_threshold, schema::Number().min(0).max(1),
                "Bayesian win needs expected loss at most this (relative), default 0.0025")
      .optional("sequential", &T::sequential, schema::Boolean(),
                "always-valid confidence sequences, default false")
      .optional("sequential_tuning_units", &T::sequential_tuning_units, open_unit(1e12),
                "default 5000")
      .optional("cuped", &T::cuped, schema::Boolean(),
                "apply CUPED where covariates are sent, default true")
      .optional("correction", &T::correction, CorrectionSpec(kCorrectionNames),
                "within the primary and the secondary family, default holm")
      .optional("minimum_detectable_effect", &T::minimum_detectable_effect, open_unit(100),
                "relative lift that matters, default 0.05")
      .optional("target_power", &T::target_power, open_unit(0.9999), "default 0.8")
      .optional("srm_threshold", &T::srm_threshold, open_unit(0.5),
                "sample-ratio alarm below this p-value, default 0.001")
      .optional("srm_metric", &T::srm_metric, schema::String().max_length(100),
                "whose units the sample-ratio check counts; empty: the first primary metric");
  return s;
}

const schema::Object<experiments::Variant>& experiment_variant_shape();
const schema::Object<experiments::MetricSpec>& experiment_metric_shape();
const schema::Object<experiments::AnalysisOptions>& experiment_analysis_shape();
const schema::Object<ExperimentDesignDocument>& experiment_design_shape();

using VariantsSpec = schema::Array<schema::Object<experiments::Variant>>;
using MetricsSpec = schema::Array<schema::Object<experiments::MetricSpec>>;
VariantsSpec experiment_variants_field();
MetricsSpec experiment_metrics_field();

// Adds the design's fields (hypothesis, variants, metrics, analysis) to a request shape whose
// type has members of those names; variants and metrics are required when `required`.
template <class T>
schema::Object<T>& add_design_fields(schema::Object<T>& shape, bool required) {
  auto add = [&](std::string name, auto member, auto spec, std::string description) {
    if (required) shape.required(std::move(name), member, std::move(spec), std::move(description));
    else shape.optional(std::move(name), member, std::move(spec), std::move(description));
  };
  shape.optional("hypothesis", &T::hypothesis, schema::String().max_length(2000),
                 "what the test should show, in words");
  add("variants", &T::variants, experiment_variants_field(),
      "the first is the control; weights are planned traffic shares in (0, 1] summing to 1");
  add("metrics", &T::metrics, experiment_metrics_field(), "names unique");
  shape.optional("analysis", &T::analysis, experiment_analysis_shape(),
                 "defaults for GET …/results (every field optional, the engine's defaults)");
  return shape;
}

// The design a record stores. Throws std::runtime_error when the payload is not a design (the
// store only holds what create and update wrote).
ExperimentDesignDocument stored_design(const store::ExperimentRecord& record);
std::string design_payload(const ExperimentDesignDocument& design);

experiments::ExperimentDesign engine_design(const ExperimentDesignDocument& design);

// Checks the design as the engine will read it (weights summing to 1, unique names, options in
// range, srm_metric naming a metric); throws the 400 problem naming the field ("variants[2].weight",
// "metrics[1].name", "analysis.srm_metric").
void validate_design(const ExperimentDesignDocument& design);

// The experiment `id` of the caller's tenant when the caller may see its client; otherwise the
// 404 problem, the same for a missing experiment, another tenant's and another client's.
store::ExperimentRecord visible_experiment(const Context& ctx, store::Tx& tx, const std::string& id);

// The 409 problem naming `field`.
[[noreturn]] void throw_conflict(std::string field, std::string message);

}  // namespace api
