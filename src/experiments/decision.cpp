// The decision in words and the evidence behind it (docs/experiments.md, "Decision rules").
#include <algorithm>
#include <cmath>

#include "experiments/internal/analysis_parts.h"
#include "experiments/internal/text.h"

namespace experiments::internal {
namespace {

// The interval the engine reads on the relative lift: the credible interval (Bayesian), the
// confidence sequence (sequential) or the confidence interval.
std::optional<Interval> engine_interval(const VariantResult& r, const AnalysisOptions& options) {
  if (!r.relative) return std::nullopt;
  if (options.engine == DecisionEngine::bayesian) {
    return r.bayesian ? std::optional(r.bayesian->credible_interval) : std::nullopt;
  }
  if (r.sequential && r.sequential->relative_interval) return r.sequential->relative_interval;
  return r.relative->interval;
}

// "retention_7: gate_40 −4.3% vs gate_30 (95% CI −7.0% to −1.6%, adjusted p = 0.0016)".
std::string evidence(const MetricResult& metric, const VariantResult& r,
                     const AnalysisOptions& options) {
  std::string text = std::string(metric.spec.name).append(": ").append(r.summary.name).append(" ");
  if (!r.relative) {
    return text.append("differs from ")
        .append(metric.control.name)
        .append(" by ")
        .append(format_number(r.absolute ? r.absolute->value : 0, 3))
        .append(" (absolute)");
  }
  text.append(format_percent(r.relative->value, 1)).append(" vs ").append(metric.control.name);
  const auto interval = engine_interval(r, options);
  if (!interval) return text;
  const std::string level = format_number(100 * (1 - options.alpha), 3).append("% ");
  if (options.engine == DecisionEngine::bayesian && r.bayesian) {
    return text.append(" (")
        .append(level)
        .append("credible interval ")
        .append(format_percent(interval->lower, 1))
        .append(" to ")
        .append(format_percent(interval->upper, 1))
        .append(", chance to beat control ")
        .append(format_percent(r.bayesian->chance_to_beat_control, 1, false))
        .append(", expected loss ")
        .append(format_percent(r.bayesian->expected_loss, 2, false))
        .append(")");
  }
  return text.append(" (")
      .append(level)
      .append(options.sequential ? "confidence sequence " : "CI ")
      .append(format_percent(interval->lower, 1))
      .append(" to ")
      .append(format_percent(interval->upper, 1))
      .append(", ")
      .append(options.correction == Correction::none ? "" : "adjusted ")
      .append(format_p_value(r.adjusted_p_value))
      .append(")");
}

struct TreatmentEvidence {
  std::size_t index = 0;  // into MetricResult::variants
  std::vector<std::string> wins, losses, cautions, open;
  bool missing = false;          // a primary comparison could not be made yet
  bool effect_ruled_out = true;  // every primary interval excludes the minimum effect
  bool sample_reached = true;    // every primary metric has the units its power plan needs
  double first_lift = -1e300;    // good-direction lift on the first primary metric
};

void collect(const MetricResult& metric, const VariantResult& r, const AnalysisOptions& options,
             TreatmentEvidence& e) {
  const auto role = metric.spec.role;
  const double direction = metric.spec.higher_is_better ? 1.0 : -1.0;
  if (role == MetricRole::primary && !r.absolute) {
    e.missing = true;
    return;
  }
  if (!r.absolute) return;
  if (r.verdict == Verdict::better && role == MetricRole::primary) {
    e.wins.push_back(evidence(metric, r, options));
  } else if (r.verdict == Verdict::worse && role != MetricRole::secondary) {
    e.losses.push_back(evidence(metric, r, options));
  } else if (r.verdict == Verdict::worse) {
    e.cautions.push_back(evidence(metric, r, options));
  } else if (role == MetricRole::primary) {
    e.open.push_back(evidence(metric, r, options));
  }
  if (role != MetricRole::primary) return;
  if (e.first_lift == -1e300 && r.relative) e.first_lift = direction * r.relative->value;
  const auto interval = engine_interval(r, options);
  const double best_case =
      interval ? std::max(direction * interval->lower, direction * interval->upper) : 1e300;
  if (!(best_case < options.minimum_detectable_effect)) e.effect_ruled_out = false;
  double units = 0;
  units += static_cast<double>(metric.control.units);
  for (const auto& v : metric.variants) units += static_cast<double>(v.summary.units);
  if (!metric.power || units < metric.power->units_needed) e.sample_reached = false;
}

std::vector<TreatmentEvidence> gather(const AnalysisResult& result, const AnalysisOptions& options,
                                      std::size_t treatments) {
  std::vector<TreatmentEvidence> all(treatments);
  for (std::size_t k = 0; k < treatments; ++k) {
    all[k].index = k;
    for (const auto& metric : result.metrics) collect(metric, metric.variants[k], options, all[k]);
  }
  return all;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& from,
            const std::string& prefix) {
  for (const auto& line : from) to.push_back(std::string(prefix).append(line));
}

std::string srm_reason(const Experiment& experiment, const AnalysisResult& result) {
  std::string text = std::string("sample ratio mismatch on ")
                         .append(result.srm_metric)
                         .append(" units: observed shares ");
  for (std::size_t k = 0; k < experiment.variants.size(); ++k) {
    text.append(k ? ", " : "")
        .append(experiment.variants[k].name)
        .append(" ")
        .append(format_percent(result.srm.observed_share[k], 2, false))
        .append(" (planned ")
        .append(format_percent(experiment.variants[k].weight, 2, false))
        .append(")");
  }
  return text.append("; chi-square ")
      .append(format_number(result.srm.chi_squared, 4))
      .append(", ")
      .append(format_p_value(result.srm.p_value))
      .append(" < ")
      .append(format_number(result.srm.threshold, 3));
}

// "about 12,000 more units (≈ 4.0 more days at current traffic) to detect a 5.0% lift …".
std::optional<std::string> power_reason(const AnalysisResult& result) {
  for (const auto& metric : result.metrics) {
    if (metric.spec.role != MetricRole::primary || !metric.power) continue;
    const auto& p = *metric.power;
    std::string text = std::string(metric.spec.name)
                           .append(": power ")
                           .append(format_percent(p.power_now, 0, false))
                           .append(" to detect a ")
                           .append(format_percent(p.minimum_detectable_effect, 1, false))
                           .append(" change now; ")
                           .append(format_number(std::ceil(p.units_needed), 7))
                           .append(" units in all give the target power");
    if (p.days_remaining) {
      text.append(" (about ")
          .append(format_number(std::ceil(*p.days_remaining), 6))
          .append(" more days at current traffic)");
    }
    return text;
  }
  return std::nullopt;
}

void ship(const std::vector<TreatmentEvidence>& candidates, const Experiment& experiment,
          AnalysisResult& out) {
  const auto best =
      std::max_element(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        if (a.wins.size() != b.wins.size()) return a.wins.size() < b.wins.size();
        return a.first_lift < b.first_lift;
      });
  out.decision = Decision::ship;
  out.recommended_variant = experiment.variants[best->index + 1].name;
  out.decision_text = std::string("ship ").append(out.recommended_variant);
  append(out.reasons, best->wins, "better: ");
  append(out.reasons, best->cautions, "caution (secondary metric worse): ");
}

}  // namespace

void decide(const Experiment& experiment, const AnalysisOptions& options, AnalysisResult& result) {
  if (result.srm.mismatch) {
    result.decision = Decision::fix_assignment;
    result.decision_text = "sample ratio mismatch: fix assignment first";
    result.reasons.push_back(srm_reason(experiment, result));
    return;
  }
  const auto evidence = gather(result, options, experiment.variants.size() - 1);
  std::vector<TreatmentEvidence> candidates;
  for (const auto& e : evidence) {
    if (!e.wins.empty() && e.losses.empty() && !e.missing) candidates.push_back(e);
  }
  if (!candidates.empty()) return ship(candidates, experiment, result);

  bool all_done = true;
  for (const auto& e : evidence) {
    const std::string name = experiment.variants[e.index + 1].name;
    if (e.missing) {
      all_done = false;
      result.reasons.push_back(
          std::string(name).append(": not enough data yet on a primary metric"));
    } else if (!e.losses.empty()) {
      append(result.reasons, e.losses, "worse: ");
    } else if (e.effect_ruled_out) {
      result.reasons.push_back(
          std::string(name)
              .append(": a ")
              .append(format_percent(options.minimum_detectable_effect, 1, false))
              .append(" improvement is ruled out on every primary metric"));
    } else if (e.sample_reached) {
      result.reasons.push_back(std::string(name).append(
          ": the planned sample is reached without a significant improvement"));
    } else {
      all_done = false;
      append(result.reasons, e.open, "no clear difference yet: ");
    }
    append(result.reasons, e.cautions, "caution (secondary metric worse): ");
  }
  if (all_done) {
    result.decision = Decision::stop_for_futility;
    result.decision_text = "stop for futility";
    return;
  }
  result.decision = Decision::keep_running;
  result.decision_text = "keep running";
  if (auto reason = power_reason(result)) result.reasons.push_back(*reason);
}

}  // namespace experiments::internal
