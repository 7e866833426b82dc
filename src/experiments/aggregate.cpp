#include "experiments/aggregate.h"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "experiments/internal/errors.h"
#include "experiments/internal/text.h"
#include "experiments/internal/validation.h"

namespace experiments {
namespace {

using internal::fail;
using internal::member;

std::size_t find_index(const std::string& path, const std::string& name,
                       const std::map<std::string, std::size_t>& index, const char* what) {
  auto it = index.find(name);
  if (it == index.end()) {
    fail(path, std::string("'")
                   .append(name)
                   .append("' is not a ")
                   .append(what)
                   .append(" of the experiment"));
  }
  return it->second;
}

double required(const std::string& path, const std::optional<double>& value, const char* kind,
                const MetricSpec& spec) {
  if (!value) {
    fail(path, std::string("required for ")
                   .append(kind)
                   .append(" metric '")
                   .append(spec.name)
                   .append("'"));
  }
  if (!std::isfinite(*value)) fail(path, "must be a finite number");
  return *value;
}

void check_row(const std::string& path, const DailyResult& row, const MetricSpec& spec) {
  if (row.units < 0) fail(member(path, "units"), "must be >= 0");
  if (!std::isfinite(row.total)) fail(member(path, "total"), "must be a finite number");
  if (spec.kind == MetricKind::proportion) {
    if (row.total < 0) fail(member(path, "total"), "conversions must be >= 0");
    if (row.total > static_cast<double>(row.units)) {
      fail(member(path, "total"), std::string("conversions (")
                                      .append(internal::format_number(row.total, 6))
                                      .append(") exceed units (")
                                      .append(std::to_string(row.units))
                                      .append(")"));
    }
  }
}

void add_row(const std::string& path, const DailyResult& row, const MetricSpec& spec,
             VariantData& data) {
  data.units += row.units;
  data.sum += row.total;
  if (spec.kind == MetricKind::proportion) {
    data.sum_squares += row.total;  // y² = y for a 0/1 outcome
  } else {
    const char* kind = spec.kind == MetricKind::mean ? "mean" : "ratio";
    data.sum_squares += required(member(path, "total_squares"), row.total_squares, kind, spec);
  }
  if (spec.kind == MetricKind::ratio) {
    data.denominator_sum +=
        required(member(path, "denominator_total"), row.denominator_total, "ratio", spec);
    data.denominator_sum_squares +=
        required(member(path, "denominator_squares"), row.denominator_squares, "ratio", spec);
    data.cross_sum += required(member(path, "cross_total"), row.cross_total, "ratio", spec);
  }
}

bool has_covariate(const std::string& path, const DailyResult& row) {
  const int given = row.covariate_total.has_value() + row.covariate_squares.has_value() +
                    row.covariate_cross.has_value();
  if (given != 0 && given != 3) {
    fail(member(path, "covariate_total"),
         "give covariate_total, covariate_squares and covariate_cross together");
  }
  return given == 3;
}

void add_covariate(const DailyResult& row, VariantData& data) {
  if (!data.covariate) data.covariate = CovariateSums{};
  data.covariate->sum += *row.covariate_total;
  data.covariate->sum_squares += *row.covariate_squares;
  data.covariate->cross_sum += *row.covariate_cross;
}

}  // namespace

Experiment aggregate_daily(const ExperimentDesign& design, const std::vector<DailyResult>& rows) {
  internal::validate_variants(design.variants);
  internal::validate_metric_names(design.metrics);
  std::map<std::string, std::size_t> variant_index, metric_index;
  for (std::size_t k = 0; k < design.variants.size(); ++k)
    variant_index[design.variants[k].name] = k;
  for (std::size_t m = 0; m < design.metrics.size(); ++m) metric_index[design.metrics[m].name] = m;

  Experiment experiment{design.hypothesis, design.variants, {}, 0};
  for (const auto& spec : design.metrics) {
    experiment.metrics.push_back({spec, std::vector<VariantData>(design.variants.size())});
  }
  std::set<std::tuple<std::size_t, std::size_t, int>> seen;
  std::set<int> days;
  std::vector<std::optional<bool>> covariates(design.metrics.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const auto path = internal::indexed("results", i);
    const auto k = find_index(member(path, "variant"), row.variant, variant_index, "variant");
    const auto m = find_index(member(path, "metric"), row.metric, metric_index, "metric");
    const auto& spec = design.metrics[m];
    if (!seen.emplace(m, k, row.day.days_since_epoch).second) {
      fail(path, std::string("duplicate row for variant '")
                     .append(row.variant)
                     .append("', metric '")
                     .append(row.metric)
                     .append("' on ")
                     .append(core::format_iso_date(row.day)));
    }
    check_row(path, row, spec);
    auto& data = experiment.metrics[m].variants[k];
    add_row(path, row, spec, data);
    const bool covariate = has_covariate(path, row);
    if (covariates[m] && *covariates[m] != covariate) {
      fail(member(path, "covariate_total"),
           std::string("covariates must be given on every row of metric '")
               .append(spec.name)
               .append("' or none"));
    }
    covariates[m] = covariate;
    if (covariate) add_covariate(row, data);
    days.insert(row.day.days_since_epoch);
  }
  experiment.days_observed = static_cast<int>(days.size());
  return experiment;
}

}  // namespace experiments
