// AnalysisResult::report(): a few lines for logs, like Ceres' FullReport.
#include "experiments/analysis.h"
#include "experiments/internal/text.h"

namespace experiments {
namespace {

using internal::format_number;
using internal::format_p_value;
using internal::format_percent;

const char* kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::proportion:
      return "proportion";
    case MetricKind::mean:
      return "mean";
    case MetricKind::ratio:
      return "ratio";
  }
  return "?";
}

const char* role_name(MetricRole role) {
  switch (role) {
    case MetricRole::primary:
      return "primary";
    case MetricRole::secondary:
      return "secondary";
    case MetricRole::guardrail:
      return "guardrail";
  }
  return "?";
}

std::string value_text(const std::optional<double>& value) {
  return value ? format_number(*value, 5) : std::string("n/a");
}

void variant_lines(const VariantResult& v, std::string& out) {
  out.append("    ")
      .append(v.summary.name)
      .append(": n=")
      .append(std::to_string(v.summary.units))
      .append(" value=")
      .append(value_text(v.summary.value));
  if (v.relative) {
    out.append(" lift=")
        .append(format_percent(v.relative->value, 2))
        .append(" [")
        .append(format_percent(v.relative->interval.lower, 2))
        .append(", ")
        .append(format_percent(v.relative->interval.upper, 2))
        .append("] ")
        .append(format_p_value(v.relative->p_value));
  } else if (v.absolute) {
    out.append(" diff=")
        .append(format_number(v.absolute->value, 4))
        .append(" ")
        .append(format_p_value(v.absolute->p_value));
  }
  out.append(" adjusted ").append(format_p_value(v.adjusted_p_value));
  if (v.bayesian) {
    out.append(" ctw=")
        .append(format_percent(v.bayesian->chance_to_beat_control, 1, false))
        .append(" loss=")
        .append(format_percent(v.bayesian->expected_loss, 3, false));
  }
  if (v.sequential && v.sequential->relative_interval) {
    out.append(" seq=[")
        .append(format_percent(v.sequential->relative_interval->lower, 2))
        .append(", ")
        .append(format_percent(v.sequential->relative_interval->upper, 2))
        .append("]");
  }
  if (!v.note.empty()) out.append(" (").append(v.note).append(")");
  out.append("\n");
}

}  // namespace

std::string AnalysisResult::report() const {
  std::string out;
  if (!hypothesis.empty()) out.append("Hypothesis: ").append(hypothesis).append("\n");
  out.append("Decision: ").append(decision_text).append("\n");
  for (const auto& reason : reasons) out.append("  - ").append(reason).append("\n");
  out.append("SRM (")
      .append(srm_metric)
      .append("): chi2=")
      .append(format_number(srm.chi_squared, 4))
      .append(" ")
      .append(format_p_value(srm.p_value))
      .append(srm.mismatch ? " MISMATCH\n" : "\n");
  for (const auto& metric : metrics) {
    out.append("Metric ")
        .append(metric.spec.name)
        .append(" (")
        .append(kind_name(metric.spec.kind))
        .append(", ")
        .append(role_name(metric.spec.role))
        .append(metric.spec.higher_is_better ? ", higher is better)" : ", lower is better)");
    if (metric.cuped.applied) {
      out.append(" CUPED theta=")
          .append(format_number(metric.cuped.theta, 4))
          .append(" variance −")
          .append(format_percent(metric.cuped.variance_reduction, 1, false));
    }
    out.append("\n    ")
        .append(metric.control.name)
        .append(" (control): n=")
        .append(std::to_string(metric.control.units))
        .append(" value=")
        .append(value_text(metric.control.value))
        .append("\n");
    for (const auto& v : metric.variants) variant_lines(v, out);
    if (metric.power) {
      out.append("    power ")
          .append(format_percent(metric.power->power_now, 0, false))
          .append(" for ")
          .append(format_percent(metric.power->minimum_detectable_effect, 1, false))
          .append("; units needed ")
          .append(format_number(metric.power->units_needed, 7))
          .append("; detectable now ")
          .append(format_percent(metric.power->detectable_effect_now, 2, false))
          .append("\n");
    }
  }
  for (const auto& note : diagnostics.notes) out.append("Note: ").append(note).append("\n");
  return out;
}

}  // namespace experiments
