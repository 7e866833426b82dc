#include "api/experiment_report.h"

#include <cmath>

#include "api/experiment_design.h"

namespace api {
namespace {

using nlohmann::json;

// A number, or null when it is not finite.
json finite_or_null(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

json optional_number(const std::optional<double>& value) {
  return value ? finite_or_null(*value) : json(nullptr);
}

json interval(const experiments::Interval& i) {
  return {{"lower", finite_or_null(i.lower)}, {"upper", finite_or_null(i.upper)}};
}

json optional_interval(const std::optional<experiments::Interval>& i) {
  return i ? interval(*i) : json(nullptr);
}

json estimate(const std::optional<experiments::Estimate>& e) {
  if (!e) return nullptr;
  return {{"value", finite_or_null(e->value)},
          {"standard_error", finite_or_null(e->standard_error)},
          {"interval", interval(e->interval)},
          {"p_value", finite_or_null(e->p_value)}};
}

json bayesian(const std::optional<experiments::BayesianResult>& b) {
  if (!b) return nullptr;
  return {{"posterior_mean", finite_or_null(b->posterior_mean)},
          {"posterior_sd", finite_or_null(b->posterior_sd)},
          {"chance_to_beat_control", finite_or_null(b->chance_to_beat_control)},
          {"expected_loss", finite_or_null(b->expected_loss)},
          {"control_expected_loss", finite_or_null(b->control_expected_loss)},
          {"credible_interval", interval(b->credible_interval)}};
}

json sequential(const std::optional<experiments::SequentialResult>& s) {
  if (!s) return nullptr;
  return {{"absolute_interval", interval(s->absolute_interval)},
          {"relative_interval", optional_interval(s->relative_interval)},
          {"p_value", finite_or_null(s->p_value)}};
}

const char* verdict_name(experiments::Verdict v) {
  switch (v) {
    case experiments::Verdict::better:
      return "better";
    case experiments::Verdict::worse:
      return "worse";
    case experiments::Verdict::inconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

json summary(const experiments::VariantSummary& s) {
  return {{"name", s.name}, {"units", s.units}, {"value", optional_number(s.value)}};
}

// Without a comparison (too few units) its test statistics are null, not the engine's defaults.
json treatment(const experiments::VariantResult& v) {
  auto tested = [&](double value) { return v.absolute ? finite_or_null(value) : json(nullptr); };
  json out = summary(v.summary);
  out.update({{"absolute", estimate(v.absolute)},
              {"relative", estimate(v.relative)},
              {"degrees_of_freedom", tested(v.degrees_of_freedom)},
              {"bayesian", bayesian(v.bayesian)},
              {"sequential", sequential(v.sequential)},
              {"p_value", tested(v.p_value)},
              {"adjusted_p_value", tested(v.adjusted_p_value)},
              {"adjusted_interval", optional_interval(v.adjusted_interval)},
              {"verdict", verdict_name(v.verdict)},
              {"note", v.note}});
  return out;
}

json power(const std::optional<experiments::PowerResult>& p) {
  if (!p) return nullptr;
  return {{"minimum_detectable_effect", finite_or_null(p->minimum_detectable_effect)},
          {"power_now", finite_or_null(p->power_now)},
          {"units_needed", finite_or_null(p->units_needed)},
          {"daily_units", optional_number(p->daily_units)},
          {"days_needed", optional_number(p->days_needed)},
          {"days_remaining", optional_number(p->days_remaining)},
          {"detectable_effect_now", finite_or_null(p->detectable_effect_now)}};
}

json metric(const experiments::MetricResult& m) {
  json out = experiment_metric_shape().render(m.spec);
  json treatments = json::array();
  for (const auto& v : m.variants) treatments.push_back(treatment(v));
  out.update({{"control", summary(m.control)},
              {"variants", std::move(treatments)},
              {"cuped",
               {{"applied", m.cuped.applied},
                {"theta", finite_or_null(m.cuped.theta)},
                {"variance_reduction", finite_or_null(m.cuped.variance_reduction)},
                {"note", m.cuped.note}}},
              {"power", power(m.power)}});
  return out;
}

// The units the check counted: those of the SRM metric, per variant.
std::vector<std::int64_t> srm_units(const experiments::AnalysisResult& result) {
  std::vector<std::int64_t> units;
  for (const auto& m : result.metrics) {
    if (m.spec.name != result.srm_metric) continue;
    units.push_back(m.control.units);
    for (const auto& v : m.variants) units.push_back(v.summary.units);
  }
  return units;
}

json srm(const experiments::AnalysisResult& result,
         const std::vector<experiments::Variant>& variants) {
  const auto& check = result.srm;
  const auto units = srm_units(result);
  json per_variant = json::array();
  for (std::size_t k = 0; k < variants.size(); ++k) {
    auto at = [&](const auto& list) -> json {
      return k < list.size() ? json(list[k]) : json(nullptr);
    };
    per_variant.push_back({{"name", variants[k].name},
                           {"weight", variants[k].weight},
                           {"observed_units", at(units)},
                           {"expected_units", at(check.expected_units)},
                           {"observed_share", at(check.observed_share)}});
  }
  return {{"metric", result.srm_metric},
          {"chi_squared", finite_or_null(check.chi_squared)},
          {"degrees_of_freedom", check.degrees_of_freedom},
          {"p_value", finite_or_null(check.p_value)},
          {"threshold", check.threshold},
          {"mismatch", check.mismatch},
          {"variants", std::move(per_variant)}};
}

}  // namespace

json analysis_to_json(const experiments::AnalysisResult& result,
                      const std::vector<experiments::Variant>& variants) {
  json metrics = json::array();
  for (const auto& m : result.metrics) metrics.push_back(metric(m));
  const auto& d = result.diagnostics;
  return {{"metrics", std::move(metrics)},
          {"srm", srm(result, variants)},
          {"decision", experiments::decision_name(result.decision)},
          {"recommended_variant", result.recommended_variant.empty()
                                      ? json(nullptr)
                                      : json(result.recommended_variant)},
          {"decision_text", result.decision_text},
          {"reasons", result.reasons},
          {"diagnostics",
           {{"comparisons", d.comparisons},
            {"primary_family_size", d.primary_family_size},
            {"secondary_family_size", d.secondary_family_size},
            {"notes", d.notes}}}};
}

}  // namespace api
