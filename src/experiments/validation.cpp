#include "experiments/internal/validation.h"

#include <cmath>
#include <set>
#include <string>

#include "experiments/internal/errors.h"
#include "experiments/internal/text.h"

namespace experiments::internal {
namespace {

void require_finite(const std::string& path, double value) {
  if (!std::isfinite(value)) fail(path, "must be a finite number");
}

void require_open_unit(const std::string& path, double value) {
  if (!(value > 0 && value < 1)) fail(path, "must be in (0, 1)");
}

void validate_covariate(const std::string& path, const CovariateSums& x) {
  require_finite(member(path, "sum"), x.sum);
  require_finite(member(path, "sum_squares"), x.sum_squares);
  require_finite(member(path, "cross_sum"), x.cross_sum);
  if (x.sum_squares < 0) fail(member(path, "sum_squares"), "must be >= 0");
}

// Σy² >= (Σy)² / n for any real values (Cauchy–Schwarz); a small relative slack for rounding.
void require_consistent_squares(const std::string& path, double sum, double squares, double n) {
  if (squares < 0) fail(path, "must be >= 0");
  if (n > 0 && squares * n < sum * sum * (1 - 1e-9) - 1e-9) {
    fail(path, std::string("is smaller than sum² / units (")
                   .append(format_number(sum * sum / n, 6))
                   .append("), which no data can give"));
  }
}

void validate_data(const std::string& path, const MetricSpec& spec, const VariantData& data) {
  if (data.units < 0) fail(member(path, "units"), "must be >= 0");
  const double n = static_cast<double>(data.units);
  for (auto [field, value] : {std::pair{"sum", data.sum},
                              {"sum_squares", data.sum_squares},
                              {"denominator_sum", data.denominator_sum},
                              {"denominator_sum_squares", data.denominator_sum_squares},
                              {"cross_sum", data.cross_sum}}) {
    require_finite(member(path, field), value);
  }
  if (data.units == 0 && data.sum != 0) fail(member(path, "sum"), "must be 0 when units is 0");
  switch (spec.kind) {
    case MetricKind::proportion:
      if (data.sum < 0) fail(member(path, "sum"), "conversions must be >= 0");
      if (data.sum > n) {
        fail(member(path, "sum"), std::string("conversions (")
                                      .append(format_number(data.sum, 6))
                                      .append(") exceed units (")
                                      .append(std::to_string(data.units))
                                      .append(")"));
      }
      break;
    case MetricKind::mean:
      require_consistent_squares(member(path, "sum_squares"), data.sum, data.sum_squares, n);
      break;
    case MetricKind::ratio:
      require_consistent_squares(member(path, "sum_squares"), data.sum, data.sum_squares, n);
      require_consistent_squares(member(path, "denominator_sum_squares"), data.denominator_sum,
                                 data.denominator_sum_squares, n);
      if (data.denominator_sum < 0) fail(member(path, "denominator_sum"), "must be >= 0");
      break;
  }
  if (data.covariate) validate_covariate(member(path, "covariate"), *data.covariate);
}

}  // namespace

void validate_variants(const std::vector<Variant>& variants) {
  if (variants.size() < 2) fail("variants", "need a control and at least one treatment");
  std::set<std::string> names;
  double total = 0;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const auto path = indexed("variants", i);
    if (variants[i].name.empty()) fail(member(path, "name"), "must not be empty");
    if (!names.insert(variants[i].name).second) {
      fail(member(path, "name"), std::string("duplicate '").append(variants[i].name).append("'"));
    }
    if (!(variants[i].weight > 0 && variants[i].weight <= 1)) {
      fail(member(path, "weight"), "must be in (0, 1]");
    }
    total += variants[i].weight;
  }
  if (std::abs(total - 1) > 1e-6) {
    fail(member(indexed("variants", variants.size() - 1), "weight"),
         std::string("the weights sum to ")
             .append(format_number(total, 9))
             .append(", not 1 (within 1e-6)"));
  }
}

void validate_metric_names(const std::vector<MetricSpec>& specs) {
  if (specs.empty()) fail("metrics", "need at least one metric");
  std::set<std::string> names;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto path = member(indexed("metrics", i), "name");
    if (specs[i].name.empty()) fail(path, "must not be empty");
    if (!names.insert(specs[i].name).second) {
      fail(path, std::string("duplicate '").append(specs[i].name).append("'"));
    }
  }
}

void validate_options(const AnalysisOptions& options, const std::vector<MetricSpec>& specs) {
  require_open_unit("options.alpha", options.alpha);
  if (!(options.chance_to_win_threshold > 0.5 && options.chance_to_win_threshold < 1)) {
    fail("options.chance_to_win_threshold", "must be in (0.5, 1)");
  }
  if (!(options.risk_threshold >= 0) || std::isinf(options.risk_threshold)) {
    fail("options.risk_threshold", "must be finite and >= 0");
  }
  if (options.prior.proper) {
    require_finite("options.prior.mean", options.prior.mean);
    if (!(options.prior.variance > 0) || std::isinf(options.prior.variance)) {
      fail("options.prior.variance", "must be finite and > 0");
    }
  }
  if (!(options.sequential_tuning_units > 0) || std::isinf(options.sequential_tuning_units)) {
    fail("options.sequential_tuning_units", "must be finite and > 0");
  }
  if (!(options.minimum_detectable_effect > 0) || std::isinf(options.minimum_detectable_effect)) {
    fail("options.minimum_detectable_effect", "must be finite and > 0");
  }
  require_open_unit("options.target_power", options.target_power);
  require_open_unit("options.srm_threshold", options.srm_threshold);
  if (!options.srm_metric.empty()) {
    bool found = false;
    for (const auto& spec : specs) found = found || spec.name == options.srm_metric;
    if (!found) {
      fail("options.srm_metric",
           std::string("no metric named '").append(options.srm_metric).append("'"));
    }
  }
}

void validate(const Experiment& experiment, const AnalysisOptions& options) {
  validate_variants(experiment.variants);
  std::vector<MetricSpec> specs;
  for (const auto& metric : experiment.metrics) specs.push_back(metric.spec);
  validate_metric_names(specs);
  validate_options(options, specs);
  if (experiment.days_observed < 0) fail("days_observed", "must be >= 0");
  for (std::size_t i = 0; i < experiment.metrics.size(); ++i) {
    const auto& metric = experiment.metrics[i];
    const auto path = member(indexed("metrics", i), "variants");
    if (metric.variants.size() != experiment.variants.size()) {
      fail(path, std::to_string(metric.variants.size())
                     .append(" entries for ")
                     .append(std::to_string(experiment.variants.size()))
                     .append(" variants"));
    }
    for (std::size_t j = 0; j < metric.variants.size(); ++j) {
      validate_data(indexed(path, j), metric.spec, metric.variants[j]);
    }
  }
}

}  // namespace experiments::internal
