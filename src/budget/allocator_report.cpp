// The allocator's answer: per-channel results, totals, the reason and the diagnostics; the
// printable report; sampled curves for plotting.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "budget/allocator_internal.h"

namespace budget {
namespace {

std::optional<double> ratio(double numerator, double denominator) {
  if (denominator == 0) return std::nullopt;
  return numerator / denominator;
}

std::optional<double> finite(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::string scientific(double value) {
  char text[64];
  auto [end, error] = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific, 2);
  return error == std::errc() ? std::string(text, end) : std::string("?");
}

std::string percent(double value) {
  return std::string(value >= 0 ? "+" : "").append(detail::money(value)).append("%");
}

PlanTotals totals(const detail::Problem& p, std::span<const double> spend) {
  PlanTotals t;
  for (double s : spend) t.spend += s;
  t.outcome = detail::total_outcome(p, spend);
  t.return_on_spend = ratio(t.outcome, t.spend);
  t.cost_per_outcome = ratio(t.spend, t.outcome);
  return t;
}

void set_binding(ChannelResult& r, const detail::Bounds& b, double step) {
  if (b.lower_field == "locked") {
    r.binding = Binding::locked, r.binding_field = "locked", r.binding_reason = b.lower_reason;
  } else if (r.optimal_spend <= b.lower + step / 2) {
    r.binding = Binding::lower, r.binding_field = b.lower_field, r.binding_reason = b.lower_reason;
  } else if (r.optimal_spend >= b.upper - step / 2) {
    r.binding = Binding::upper, r.binding_field = b.upper_field, r.binding_reason = b.upper_reason;
  }
}

const char* binding_name(Binding b) {
  switch (b) {
    case Binding::lower: return "lower";
    case Binding::upper: return "upper";
    case Binding::locked: return "locked";
    case Binding::none: break;
  }
  return "none";
}

std::string reason(const AllocationSummary& s, const AllocationOptions& o, bool concave) {
  if (!s.improved) {
    std::string why = "no plan within the constraints beats the reference plan";
    if (s.diagnostics.binding.empty()) {
      return why.append(concave ? "; its marginal returns are already equal across the channels"
                                : "; no local solve found a better plan");
    }
    why.append("; binding: ");
    for (std::size_t i = 0; i < s.diagnostics.binding.size(); ++i) {
      why.append(i ? ", " : "").append(s.diagnostics.binding[i]);
    }
    return why;
  }
  switch (o.objective) {
    case Objective::min_budget_for_target:
      if (!s.reference_meets_target) {
        return "the current split cannot reach the target of " + detail::money(o.target) +
               " within the bounds; the optimal plan reaches it with " + detail::money(s.optimal.spend);
      }
      return "the optimal plan reaches the target of " + detail::money(o.target) + " with " +
             detail::money(s.spend_saving) + " less than the current split needs (" +
             detail::money(s.reference.spend) + ")";
    case Objective::max_outcome_within_cost_per_outcome:
    case Objective::max_outcome_within_return_on_spend:
      if (!s.reference_meets_target) {
        return std::string("the current split cannot meet the target at any budget within the bounds; "
                           "the optimal plan meets it spending ").append(detail::money(s.optimal.spend));
      }
      [[fallthrough]];
    case Objective::max_outcome:
      break;
  }
  std::string why = "moving spend to the channels with the higher marginal returns gains " +
                    detail::money(s.outcome_gain) + " outcome per period";
  if (s.outcome_gain_percent) why.append(" (").append(percent(*s.outcome_gain_percent)).append(")");
  return why.append(" over the current split");
}

}  // namespace

namespace detail {

AllocationSummary summarise(const std::vector<Channel>& channels, const Problem& p,
                            const std::vector<Bounds>& bounds, const AllocationOptions& o,
                            const Plans& plans) {
  AllocationSummary out;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const SteadyCurve& curve = p.curves[i];
    ChannelResult r;
    r.name = channels[i].name;
    r.current_spend = channels[i].current;
    r.current_outcome = curve.value(r.current_spend);
    r.current_return_on_spend = ratio(r.current_outcome, r.current_spend);
    r.current_marginal_return = finite(curve.slope(r.current_spend));
    r.reference_spend = plans.reference[i];
    r.reference_outcome = curve.value(r.reference_spend);
    r.optimal_spend = plans.optimal[i];
    r.optimal_outcome = curve.value(r.optimal_spend);
    r.optimal_return_on_spend = ratio(r.optimal_outcome, r.optimal_spend);
    r.optimal_marginal_return = finite(curve.slope(r.optimal_spend));
    r.change = r.optimal_spend - r.current_spend;
    if (r.current_spend > 0) r.change_percent = 100 * r.change / r.current_spend;
    r.lower = bounds[i].lower, r.upper = bounds[i].upper;
    set_binding(r, bounds[i], o.step);
    if (r.binding != Binding::none) {
      out.diagnostics.binding.push_back(std::string(r.name).append(": ").append(binding_name(r.binding))
                                            .append(" (").append(r.binding_reason).append(")"));
    }
    out.channels.push_back(std::move(r));
  }
  out.current = totals(p, p.current);
  out.reference = totals(p, plans.reference);
  out.optimal = totals(p, plans.optimal);
  out.budget = plans.budget;
  out.reference_meets_target = plans.reference_meets_target;
  out.improved = plans.improved;
  out.outcome_gain = out.optimal.outcome - out.reference.outcome;
  if (out.reference.outcome > 0) out.outcome_gain_percent = 100 * out.outcome_gain / out.reference.outcome;
  out.spend_saving = out.reference.spend - out.optimal.spend;
  AllocationDiagnostics& d = out.diagnostics;
  d.method = p.concave ? "equal_marginal" : "multi_start_slsqp";
  d.iterations = plans.solution.iterations;
  d.starts = plans.solution.starts;
  d.budget_evaluations = plans.search_evaluations;
  d.kkt_residual = plans.kkt_residual;
  d.marginal_return = plans.solution.marginal_return;
  d.upper_bound = plans.solution.upper_bound;
  if (plans.solution.outcome > 0) {
    d.optimality_gap = std::max(0.0, (d.upper_bound - plans.solution.outcome) / plans.solution.outcome);
  }
  d.termination = plans.solution.termination;
  out.reason = reason(out, o, p.concave);
  return out;
}

}  // namespace detail

std::string AllocationSummary::report() const {
  using detail::money;
  std::string text = std::string("Budget allocation (").append(diagnostics.method).append("): ");
  text.append(improved ? "improved" : "kept the reference plan").append("\n  ").append(reason).append("\n");
  for (const ChannelResult& c : channels) {
    text.append("  ").append(c.name).append(": ").append(money(c.current_spend)).append(" -> ")
        .append(money(c.optimal_spend)).append(", outcome ").append(money(c.current_outcome))
        .append(" -> ").append(money(c.optimal_outcome));
    if (c.binding != Binding::none) text.append(" [").append(binding_name(c.binding)).append(": ").append(c.binding_reason).append("]");
    text.append("\n");
  }
  text.append("  total: spend ").append(money(current.spend)).append(" -> ").append(money(optimal.spend))
      .append(", outcome ").append(money(current.outcome)).append(" -> ").append(money(optimal.outcome))
      .append(" (reference ").append(money(reference.outcome)).append(")\n");
  text.append("  iterations ").append(std::to_string(diagnostics.iterations)).append(", starts ")
      .append(std::to_string(diagnostics.starts)).append(", budget evaluations ")
      .append(std::to_string(diagnostics.budget_evaluations)).append(", KKT residual ")
      .append(scientific(diagnostics.kkt_residual)).append(", ").append(diagnostics.termination).append("\n");
  return text;
}

std::vector<CurvePoint> sample_curve(const ResponseCurve& curve, double max_spend, int points) {
  if (!(max_spend > 0) || !std::isfinite(max_spend)) throw std::invalid_argument("max_spend: must be > 0");
  if (points < 2 || points > 100'000) throw std::invalid_argument("points: must be 2-100000");
  const detail::SteadyCurve c = detail::steady_curve(curve, "curve");
  std::vector<CurvePoint> out;
  for (int k = 0; k < points; ++k) {
    double spend = max_spend * k / (points - 1);
    out.push_back(CurvePoint{spend, c.value(spend), finite(c.slope(spend))});
  }
  return out;
}

CurveSample sample_channel_curve(const Channel& channel, const ChannelResult& result, int points) {
  double top = std::max({1.0, channel.current, result.optimal_spend}) * 1.5;
  CurveSample out;
  out.points = sample_curve(channel.curve, top, points);
  const detail::SteadyCurve c = detail::steady_curve(channel.curve, "curve");
  out.current = CurvePoint{channel.current, c.value(channel.current), finite(c.slope(channel.current))};
  out.optimal = CurvePoint{result.optimal_spend, c.value(result.optimal_spend), finite(c.slope(result.optimal_spend))};
  return out;
}

}  // namespace budget
