// analyze(): per metric, per treatment estimates; corrections; verdicts; power; SRM; decision.
#include "experiments/analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "experiments/internal/analysis_parts.h"
#include "experiments/internal/comparison.h"
#include "experiments/internal/validation.h"
#include "experiments/power.h"

namespace experiments {
namespace {

using internal::Arm;
using internal::Comparison;
using internal::ComparisonSettings;

// What later steps need besides the public result.
struct MetricWork {
  ComparisonSettings settings;
  std::vector<std::optional<Arm>> arms;          // per variant
  std::vector<std::optional<Comparison>> pairs;  // per treatment
};

ComparisonSettings base_settings(const MetricSpec& spec, const AnalysisOptions& options) {
  ComparisonSettings s;
  s.kind = spec.kind;
  s.higher_is_better = spec.higher_is_better;
  s.alpha = options.alpha;
  s.prior = options.prior;
  s.sequential = options.sequential;
  s.sequence = {options.alpha, options.sequential_tuning_units};
  return s;
}

// θ when CUPED applies to the metric; a note says why it does not when covariates were given.
void apply_cuped(const MetricData& metric, const AnalysisOptions& options, MetricWork& work,
                 MetricResult& out, AnalysisDiagnostics& diagnostics) {
  std::size_t with_covariate = 0;
  for (const auto& v : metric.variants) with_covariate += v.covariate.has_value();
  if (with_covariate == 0) return;
  std::string reason;
  if (!options.cuped) {
    reason = "CUPED off in the options";
  } else if (metric.spec.kind == MetricKind::ratio) {
    reason = "CUPED is not applied to ratio metrics";
  } else if (with_covariate != metric.variants.size()) {
    reason = "CUPED not applied: some variants have no covariate";
  }
  if (!reason.empty()) {
    out.cuped.note = reason;
    diagnostics.notes.push_back(std::string(metric.spec.name).append(": ").append(reason));
    return;
  }
  std::vector<Arm> arms;
  for (const auto& arm : work.arms) {
    if (arm) arms.push_back(*arm);
  }
  work.settings.theta = internal::pooled_theta(arms);
  out.cuped.applied = true;
  out.cuped.theta = work.settings.theta;
}

VariantResult variant_result(const Variant& variant, const MetricData& metric, std::size_t index,
                             const MetricWork& work) {
  VariantResult r;
  r.summary = {variant.name, metric.variants[index].units,
               internal::variant_value(metric.spec, metric.variants[index])};
  const auto& pair = work.pairs[index - 1];
  if (!pair) {
    r.note =
        "too few units to compare (each variant needs at least 2, and a ratio a non-zero "
        "denominator)";
    return r;
  }
  r.absolute = pair->absolute;
  r.relative = pair->relative;
  r.degrees_of_freedom = pair->degrees_of_freedom;
  r.bayesian = pair->bayesian;
  r.sequential = pair->sequential;
  r.p_value = r.adjusted_p_value = pair->decision_p_value;
  if (!r.relative) r.note = "the control's value is 0: no relative lift or Bayesian view";
  return r;
}

MetricResult analyze_metric(const Experiment& experiment, const MetricData& metric,
                            const AnalysisOptions& options, MetricWork& work,
                            AnalysisDiagnostics& diagnostics) {
  MetricResult out;
  out.spec = metric.spec;
  work.settings = base_settings(metric.spec, options);
  for (const auto& data : metric.variants)
    work.arms.push_back(internal::make_arm(metric.spec, data));
  apply_cuped(metric, options, work, out, diagnostics);
  const auto& control = work.arms[0];
  for (std::size_t k = 1; k < work.arms.size(); ++k) {
    const auto& treatment = work.arms[k];
    work.pairs.push_back(control && treatment
                             ? std::optional(internal::compare(*control, *treatment, work.settings))
                             : std::nullopt);
    out.variants.push_back(variant_result(experiment.variants[k], metric, k, work));
  }
  out.control = {experiment.variants[0].name, metric.variants[0].units,
                 internal::variant_value(metric.spec, metric.variants[0])};
  if (out.cuped.applied && control && work.arms[1]) {
    const double raw = internal::difference_variance(*control, *work.arms[1], 0);
    const double adjusted = internal::difference_variance(*control, *work.arms[1], out.cuped.theta);
    out.cuped.variance_reduction = raw > 0 ? 1 - adjusted / raw : 0;
  }
  return out;
}

// Adjusts p-values within one family (a role) and draws the adjusted intervals.
void correct_family(MetricRole role, std::vector<MetricResult>& metrics,
                    const std::vector<MetricWork>& work, const AnalysisOptions& options,
                    int& family_size) {
  std::vector<std::pair<std::size_t, std::size_t>> members;
  std::vector<double> p_values;
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    if (metrics[m].spec.role != role) continue;
    for (std::size_t k = 0; k < metrics[m].variants.size(); ++k) {
      if (!work[m].pairs[k]) continue;
      members.emplace_back(m, k);
      p_values.push_back(metrics[m].variants[k].p_value);
    }
  }
  family_size = static_cast<int>(members.size());
  const Correction correction =
      role == MetricRole::guardrail ? Correction::none : options.correction;
  const auto adjusted = adjust_p_values(p_values, correction);
  const int rejections = static_cast<int>(std::count_if(
      adjusted.begin(), adjusted.end(), [&](double p) { return p <= options.alpha; }));
  const double interval_alpha =
      adjusted_interval_alpha(correction, options.alpha, family_size, rejections);
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto [m, k] = members[i];
    auto& result = metrics[m].variants[k];
    result.adjusted_p_value = adjusted[i];
    if (result.relative) {
      result.adjusted_interval =
          internal::relative_interval_at(*work[m].pairs[k], work[m].settings, interval_alpha);
    }
  }
}

Verdict verdict(const MetricSpec& spec, const VariantResult& r, const AnalysisOptions& options) {
  const double direction = spec.higher_is_better ? 1.0 : -1.0;
  if (options.engine == DecisionEngine::bayesian) {
    if (!r.bayesian) return Verdict::inconclusive;
    if (r.bayesian->chance_to_beat_control >= options.chance_to_win_threshold &&
        r.bayesian->expected_loss <= options.risk_threshold) {
      return Verdict::better;
    }
    if (r.bayesian->chance_to_beat_control <= 1 - options.chance_to_win_threshold) {
      return Verdict::worse;
    }
    return Verdict::inconclusive;
  }
  if (!r.absolute || r.adjusted_p_value > options.alpha) return Verdict::inconclusive;
  const double effect = r.relative ? r.relative->value : r.absolute->value;
  if (effect == 0) return Verdict::inconclusive;
  return direction * effect > 0 ? Verdict::better : Verdict::worse;
}

int family_size_planned(const Experiment& experiment, MetricRole role) {
  int metrics = 0;
  for (const auto& m : experiment.metrics) metrics += m.spec.role == role;
  return metrics * static_cast<int>(experiment.variants.size() - 1);
}

std::optional<PowerResult> power_for(const Experiment& experiment, std::size_t m,
                                     const MetricWork& work, const AnalysisOptions& options) {
  const auto& metric = experiment.metrics[m];
  const auto& control = work.arms[0];
  if (!control || control->mean == 0) return std::nullopt;
  PowerProblem problem;
  problem.kind = metric.spec.kind == MetricKind::proportion && work.settings.theta == 0
                     ? MetricKind::proportion
                     : MetricKind::mean;  // a CUPED-adjusted rate has the adjusted variance
  problem.baseline = control->mean;
  problem.unit_variance = control->unit_variance +
                          work.settings.theta * work.settings.theta * control->covariate_variance -
                          2 * work.settings.theta * control->covariance;
  if (problem.kind == MetricKind::proportion && !(control->mean > 0 && control->mean < 1)) {
    return std::nullopt;
  }
  problem.control_share = experiment.variants[0].weight;
  problem.treatment_share = 1;
  for (std::size_t k = 1; k < experiment.variants.size(); ++k) {
    problem.treatment_share = std::min(problem.treatment_share, experiment.variants[k].weight);
  }
  PowerOptions power_options;
  power_options.alpha = options.alpha;
  power_options.power = options.target_power;
  power_options.comparisons =
      options.correction == Correction::holm && metric.spec.role != MetricRole::guardrail
          ? std::max(1, family_size_planned(experiment, metric.spec.role))
          : 1;
  power_options.sequential = options.sequential;
  power_options.sequential_tuning_units = options.sequential_tuning_units;

  const double direction = metric.spec.higher_is_better ? 1.0 : -1.0;
  double effect = direction * options.minimum_detectable_effect;
  if (problem.kind == MetricKind::proportion) {
    const double rate = problem.baseline * (1 + effect);
    if (!(rate > 0 && rate < 1)) return std::nullopt;
  }
  PowerResult p;
  p.minimum_detectable_effect = options.minimum_detectable_effect;
  p.units_needed = required_sample_size(problem, effect, power_options).total_units;
  double total = 0;
  for (const auto& v : metric.variants) total += static_cast<double>(v.units);
  p.power_now = power_at(problem, effect, total, power_options);
  p.detectable_effect_now = detectable_effect(problem, total, power_options);
  if (experiment.days_observed > 0) {
    p.daily_units = total / experiment.days_observed;
    if (*p.daily_units > 0) {
      p.days_needed = p.units_needed / *p.daily_units;
      p.days_remaining = std::max(0.0, *p.days_needed - experiment.days_observed);
    }
  }
  return p;
}

SampleRatioCheck srm_check(const Experiment& experiment, const AnalysisOptions& options,
                           std::string& metric_name) {
  std::size_t chosen = 0;
  if (!options.srm_metric.empty()) {
    while (experiment.metrics[chosen].spec.name != options.srm_metric) ++chosen;
  } else {
    for (std::size_t m = experiment.metrics.size(); m-- > 0;) {
      if (experiment.metrics[m].spec.role == MetricRole::primary) chosen = m;
    }
  }
  metric_name = experiment.metrics[chosen].spec.name;
  std::vector<std::int64_t> units;
  std::vector<double> weights;
  for (std::size_t k = 0; k < experiment.variants.size(); ++k) {
    units.push_back(experiment.metrics[chosen].variants[k].units);
    weights.push_back(experiment.variants[k].weight);
  }
  return sample_ratio_check(units, weights, options.srm_threshold);
}

}  // namespace

AnalysisResult analyze(const Experiment& experiment, const AnalysisOptions& options) {
  internal::validate(experiment, options);
  AnalysisResult result;
  result.hypothesis = experiment.hypothesis;
  std::vector<MetricWork> work(experiment.metrics.size());
  for (std::size_t m = 0; m < experiment.metrics.size(); ++m) {
    result.metrics.push_back(
        analyze_metric(experiment, experiment.metrics[m], options, work[m], result.diagnostics));
    result.diagnostics.comparisons += static_cast<int>(result.metrics.back().variants.size());
  }
  int guardrails = 0;
  correct_family(MetricRole::primary, result.metrics, work, options,
                 result.diagnostics.primary_family_size);
  correct_family(MetricRole::secondary, result.metrics, work, options,
                 result.diagnostics.secondary_family_size);
  correct_family(MetricRole::guardrail, result.metrics, work, options, guardrails);
  for (std::size_t m = 0; m < result.metrics.size(); ++m) {
    auto& metric = result.metrics[m];
    for (auto& v : metric.variants) v.verdict = verdict(metric.spec, v, options);
    metric.power = power_for(experiment, m, work[m], options);
  }
  result.srm = srm_check(experiment, options, result.srm_metric);
  internal::decide(experiment, options, result);
  return result;
}

const char* decision_name(Decision decision) {
  switch (decision) {
    case Decision::ship:
      return "ship";
    case Decision::keep_running:
      return "keep_running";
    case Decision::stop_for_futility:
      return "stop_for_futility";
    case Decision::fix_assignment:
      return "fix_assignment";
  }
  return "keep_running";
}

}  // namespace experiments
