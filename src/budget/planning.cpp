// plan_horizon: checks the input, builds the flat problem, solves it, applies the never-worse
// rule and reports per channel and period.
#include "budget/planning.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "budget/planning_internal.h"

namespace budget {
namespace {

using detail::Horizon;

[[noreturn]] void fail(const std::string& field, const std::string& why) {
  throw std::invalid_argument(std::string(field).append(": ").append(why));
}

void check_options(const HorizonOptions& o, std::size_t channel_count) {
  if (channel_count == 0) fail("channels", "at least one channel is needed");
  if (o.periods < 1 || o.periods > 520) fail("periods", "must be 1-520");
  if (!(o.budget >= 0) || !std::isfinite(o.budget)) fail("budget", "must be a finite amount >= 0");
  if (!(o.step > 0) || !std::isfinite(o.step)) fail("step", "must be > 0");
  if (o.starts < 0) fail("starts", "must be >= 0");
  if (!(o.relative_tolerance > 0 && o.relative_tolerance < 0.01)) fail("relative_tolerance", "must be in (0, 0.01)");
  if (o.max_iterations < 1) fail("max_iterations", "must be >= 1");
  if (o.max_local_evaluations < 1) fail("max_local_evaluations", "must be >= 1");
  if (!(o.minimum_relative_improvement >= 0)) fail("minimum_relative_improvement", "must be >= 0");
}

std::string indexed(const std::string& prefix, const char* field, std::size_t index) {
  return std::string(prefix).append(field).append("[").append(std::to_string(index)).append("]");
}

detail::HorizonChannel model(const PlanChannel& pc, const std::string& prefix, const HorizonOptions& o) {
  detail::steady_curve(pc.channel.curve, prefix + "curve");  // validates, naming the field
  detail::HorizonChannel c;
  c.curve = detail::SteadyCurve{pc.channel.curve.saturation, pc.channel.curve.beta, 1 / pc.channel.curve.scale};
  c.weights = adstock_weights(pc.channel.curve.adstock);
  const std::size_t window = c.weights.size();
  c.past.assign(window - 1, 0.0);
  for (std::size_t k = 0; k < pc.past_spend.size(); ++k) {
    double s = pc.past_spend[k];
    if (!(s >= 0) || !std::isfinite(s)) fail(indexed(prefix, "past_spend", k), "must be a finite amount >= 0");
    std::size_t from_end = pc.past_spend.size() - k;  // 1 for the most recent period
    if (from_end <= window - 1) c.past[window - 1 - from_end] = s;
  }
  c.counted = o.periods + (o.count_carry_over_after_horizon ? static_cast<int>(window) - 1 : 0);
  return c;
}

// Each period's bounds: the channel's, narrowed by the per-period ones (a lock wins).
detail::Bounds period_bounds(const PlanChannel& pc, std::size_t i, const std::string& prefix,
                             const HorizonOptions& o, Horizon& h) {
  detail::Bounds b = detail::resolve_bounds(pc.channel, i, o.step);
  const std::size_t T = static_cast<std::size_t>(o.periods);
  for (const auto* by_period : {&pc.lower_by_period, &pc.upper_by_period}) {
    const char* name = by_period == &pc.lower_by_period ? "lower_by_period" : "upper_by_period";
    if (!by_period->empty() && by_period->size() != T) {
      fail(prefix + name, "needs " + std::to_string(T) + " values, one per period");
    }
  }
  for (std::size_t t = 0; t < T; ++t) {
    double low = b.lower, high = b.upper;
    if (!pc.channel.locked && !pc.lower_by_period.empty()) {
      double v = pc.lower_by_period[t];
      if (!(v >= 0) || !std::isfinite(v)) fail(indexed(prefix, "lower_by_period", t), "must be a finite amount >= 0");
      low = std::max(low, std::ceil(v / o.step - 1e-9) * o.step);
    }
    if (!pc.channel.locked && !pc.upper_by_period.empty()) {
      double v = pc.upper_by_period[t];
      if (!(v >= 0)) fail(indexed(prefix, "upper_by_period", t), "must be >= 0");
      if (std::isfinite(v)) high = std::min(high, std::floor(v / o.step + 1e-9) * o.step);
      if (high < low) fail(indexed(prefix, "upper_by_period", t), "must be >= lower (" + detail::money(low) + ")");
    }
    if (high < low) fail(indexed(prefix, "lower_by_period", t), "must be <= upper (" + detail::money(high) + ")");
    h.lower.push_back(low);
    h.upper.push_back(high);
  }
  return b;
}

Horizon build(const std::vector<PlanChannel>& channels, const HorizonOptions& o, std::vector<detail::Bounds>& bounds) {
  check_options(o, channels.size());
  Horizon h;
  h.periods = o.periods;
  h.step = o.step;
  h.budget = std::round(o.budget / o.step) * o.step;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    std::string prefix = std::string("channels[").append(std::to_string(i)).append("].");
    h.channels.push_back(model(channels[i], prefix, o));
    h.concave = h.concave && !h.channels.back().curve.s_shaped();
    bounds.push_back(period_bounds(channels[i], i, prefix, o, h));
  }
  double lower = 0, upper = 0;
  for (std::size_t j = 0; j < h.lower.size(); ++j) lower += h.lower[j], upper += h.upper[j];
  const std::string over = " over " + std::to_string(o.periods) + " periods, ";
  if (lower > h.budget + o.step / 2) {
    fail("budget", "the lower bounds sum to " + detail::money(lower) + over + "above the budget of " + detail::money(h.budget));
  }
  if (upper < h.budget - o.step / 2) {
    fail("budget", "the upper bounds sum to " + detail::money(upper) + over + "below the budget of " + detail::money(h.budget));
  }
  return h;
}

std::vector<double> rounded(const Horizon& h, std::span<const double> x) {
  std::vector<double> gradient(x.size());
  detail::horizon_value(h, x, gradient);
  return detail::round_to_steps(h.lower, h.upper, x, h.budget, h.step,
                                [&](std::size_t j, double from, double to) { return gradient[j] * (to - from); });
}

// How often each channel sits at its bounds, and why.
void report_bindings(const std::vector<PlanChannel>& channels, const Horizon& h,
                     const std::vector<detail::Bounds>& bounds, std::span<const double> x, HorizonPlan& plan) {
  const std::size_t T = static_cast<std::size_t>(h.periods);
  for (std::size_t i = 0; i < channels.size(); ++i) {
    HorizonChannelResult& r = plan.channels[i];
    r.locked = channels[i].channel.locked;
    r.lower_reason = bounds[i].lower_reason, r.upper_reason = bounds[i].upper_reason;
    for (std::size_t t = 0; t < T && !r.locked; ++t) {
      std::size_t j = i * T + t;
      if (x[j] <= h.lower[j] + h.step / 2) ++r.periods_at_lower;
      else if (x[j] >= h.upper[j] - h.step / 2) ++r.periods_at_upper;
    }
  }
}

std::string binding_text(const HorizonPlan& plan) {
  std::string text;
  auto add = [&](const std::string& name, const std::string& what, const std::string& why) {
    text.append(text.empty() ? "" : ", ").append(name).append(": ").append(what).append(" (").append(why).append(")");
  };
  const std::string of = " of " + std::to_string(plan.spend_by_period.size()) + " periods";
  for (const HorizonChannelResult& r : plan.channels) {
    if (r.locked) add(r.name, "locked", r.lower_reason);
    if (r.periods_at_lower > 0) add(r.name, "lower in " + std::to_string(r.periods_at_lower) + of, r.lower_reason);
    if (r.periods_at_upper > 0) add(r.name, "upper in " + std::to_string(r.periods_at_upper) + of, r.upper_reason);
  }
  return text;
}

void report_channels(const std::vector<PlanChannel>& channels, const Horizon& h, std::span<const double> x,
                     std::span<const double> reference, HorizonPlan& plan) {
  const std::size_t T = static_cast<std::size_t>(h.periods);
  plan.spend_by_period.assign(T, 0.0);
  plan.outcome_by_period.assign(T, 0.0);
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const detail::HorizonChannel& c = h.channels[i];
    HorizonChannelResult r;
    r.name = channels[i].channel.name;
    std::vector<double> from_past;
    std::vector<double> level = detail::levels(h, i, x, h.periods + static_cast<int>(c.weights.size()) - 1, &from_past);
    std::vector<double> ref_level = detail::levels(h, i, reference, c.counted);
    for (std::size_t t = 0; t < level.size(); ++t) {
      double outcome = c.curve.value(level[t]);
      if (t >= T) {
        r.outcome_after_horizon += outcome;
        continue;
      }
      PeriodResult p;
      p.spend = x[i * T + t];
      p.outcome = outcome;
      p.carried_over = level[t] > 0 ? outcome * from_past[t] / level[t] : 0;
      p.reference_spend = reference[i * T + t];
      r.spend += p.spend, r.outcome += p.outcome, r.carried_over += p.carried_over;
      r.reference_spend += p.reference_spend;
      plan.spend_by_period[t] += p.spend, plan.outcome_by_period[t] += p.outcome;
      r.periods.push_back(p);
    }
    for (double a : ref_level) r.reference_outcome += c.curve.value(a);
    plan.spend += r.spend;
    plan.outcome_within_horizon += r.outcome;
    plan.outcome_after_horizon += r.outcome_after_horizon;
    plan.carried_over += r.carried_over;
    plan.channels.push_back(std::move(r));
  }
}

}  // namespace

HorizonPlan plan_horizon(const std::vector<PlanChannel>& channels, const HorizonOptions& o) {
  std::vector<detail::Bounds> bounds;
  const Horizon h = build(channels, o, bounds);
  std::vector<double> weight;
  for (const PlanChannel& pc : channels) weight.insert(weight.end(), static_cast<std::size_t>(o.periods), pc.channel.current);
  const std::vector<double> reference = rounded(h, detail::mix_to_total(weight, h.lower, h.upper, h.budget));
  detail::HorizonSettings settings{o.starts, o.seed, o.relative_tolerance, o.max_iterations, o.max_local_evaluations};
  detail::HorizonSolution solved = detail::solve_horizon(h, reference, settings);
  std::vector<double> optimal = rounded(h, solved.x);
  HorizonPlan plan;
  plan.reference_outcome = detail::horizon_value(h, reference);
  double gain = detail::horizon_value(h, optimal) - plan.reference_outcome;
  plan.improved = gain > o.minimum_relative_improvement * std::abs(plan.reference_outcome);
  if (!plan.improved) optimal = reference;  // never worse than the reference plan
  report_channels(channels, h, optimal, reference, plan);
  report_bindings(channels, h, bounds, optimal, plan);
  plan.outcome = detail::horizon_value(h, optimal);  // the same function as the reference's
  plan.outcome_gain = plan.outcome - plan.reference_outcome;
  if (plan.reference_outcome > 0) plan.outcome_gain_percent = 100 * plan.outcome_gain / plan.reference_outcome;
  plan.reason = plan.improved
                    ? "moving spend between channels and periods gains " + detail::money(plan.outcome_gain) +
                          " outcome over the horizon compared with the current split every period"
                    : std::string("no plan within the constraints beats the current split every period");
  if (!plan.improved && !binding_text(plan).empty()) plan.reason.append("; binding: ").append(binding_text(plan));
  HorizonDiagnostics& d = plan.diagnostics;
  d.method = h.concave ? "active_set_newton" : "multi_start_slsqp_newton";
  d.iterations = solved.iterations;
  d.starts = solved.starts;
  d.kkt_residual = solved.kkt_residual;
  d.marginal_return = solved.marginal_return;
  d.termination = solved.termination;
  return plan;
}

}  // namespace budget
