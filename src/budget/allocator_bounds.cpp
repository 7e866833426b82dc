// Bounds with their reasons, the reference mix, rounding to money steps, and the KKT residual.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "budget/allocator_internal.h"

namespace budget::detail {
namespace {

std::string multiple(double factor) {
  char text[400];
  auto [end, error] = std::to_chars(text, text + sizeof text, factor, std::chars_format::fixed, 2);
  return error == std::errc() ? std::string(text, end) : std::string("?");
}

struct Candidate {
  double value;
  const char* field;
  std::string reason;
};

std::string or_default(const std::string& given, std::string fallback) {
  return given.empty() ? fallback : given;
}

// The smallest p >= 0 with total(spend(p)) = total, for spend(p) nondecreasing and continuous in
// p, total(spend(0)) <= total <= the limit: bisection, then the convex combination of the two
// ends that hits the total exactly (each spend(p) is piecewise linear in p).
std::vector<double> solve_for_total(const std::function<std::vector<double>(double)>& spend_at,
                                    double total, double first_guess) {
  auto sum = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
  };
  std::vector<double> lo = spend_at(0), hi;
  double p_lo = 0, p_hi = std::max(first_guess, 1e-300), s_lo = sum(lo), s_hi = 0;
  if (s_lo >= total) return lo;
  for (int i = 0; i < 2100; ++i) {  // doubling from 1e-300 reaches 1e300 within 2000 steps
    hi = spend_at(p_hi);
    s_hi = sum(hi);
    if (s_hi >= total) break;
    p_lo = p_hi, lo = hi, s_lo = s_hi, p_hi *= 2;
  }
  for (int i = 0; i < 200 && p_hi - p_lo > 1e-15 * p_hi; ++i) {
    double p = (p_lo + p_hi) / 2;
    std::vector<double> mid = spend_at(p);
    double s = sum(mid);
    if (s >= total) p_hi = p, hi = std::move(mid), s_hi = s; else p_lo = p, lo = std::move(mid), s_lo = s;
  }
  double share = s_hi > s_lo ? (total - s_lo) / (s_hi - s_lo) : 1;
  for (std::size_t i = 0; i < lo.size(); ++i) lo[i] += share * (hi[i] - lo[i]);
  return lo;
}

}  // namespace

Bounds resolve_bounds(const Channel& c, std::size_t index, double step) {
  const std::string at = std::string("channels[").append(std::to_string(index)).append("].");
  auto fail = [&](const char* field, const std::string& why) {
    throw std::invalid_argument(std::string(at).append(field).append(": ").append(why));
  };
  auto finite_amount = [&](double v, const char* field) {
    if (!(v >= 0) || !std::isfinite(v)) fail(field, "must be a finite amount >= 0");
  };
  finite_amount(c.current, "current");
  if (!(c.lower >= 0)) fail("lower", "must be >= 0");
  finite_amount(c.lower, "lower");
  finite_amount(c.learning_minimum, "learning_minimum");
  if (!(c.lower_multiple >= 0) || !std::isfinite(c.lower_multiple)) fail("lower_multiple", "must be >= 0");
  if (!(c.upper_multiple >= 0)) fail("upper_multiple", "must be >= 0");
  if (std::isnan(c.upper)) fail("upper", "must be a number");
  Bounds b;
  if (c.locked) {
    b.lower = b.upper = std::round(c.current / step) * step;
    b.lower_field = b.upper_field = "locked";
    b.lower_reason = b.upper_reason = or_default(c.locked_reason, "locked at " + money(b.lower));
    return b;
  }
  const Candidate lowers[] = {
      {c.lower, "lower", or_default(c.lower_reason, "lower bound " + money(c.lower))},
      {c.lower_multiple * c.current, "lower_multiple",
       or_default(c.lower_multiple_reason, "at least " + multiple(c.lower_multiple) + "x current spend")},
      {c.learning_minimum, "learning_minimum",
       or_default(c.learning_reason, "learning-phase minimum " + money(c.learning_minimum))}};
  const Candidate uppers[] = {
      {c.upper, "upper", or_default(c.upper_reason, "upper bound " + money(c.upper))},
      {c.upper_multiple * c.current, "upper_multiple",
       or_default(c.upper_multiple_reason, "at most " + multiple(c.upper_multiple) + "x current spend")}};
  const Candidate* low = &lowers[0];
  for (const Candidate& x : lowers) if (x.value > low->value) low = &x;
  const Candidate* up = &uppers[0];
  for (const Candidate& x : uppers) if (x.value < up->value) up = &x;
  if (!(up->value >= low->value)) {
    fail(up->field, std::string("must be >= ").append(low->field).append(" (").append(money(low->value)).append(")"));
  }
  b.lower_field = low->field, b.upper_field = up->field;
  b.lower_reason = low->reason, b.upper_reason = up->reason;
  // Inwards to whole steps (the 1e-9 keeps 12.34 / 0.01 = 1233.9999… at 1234).
  b.lower = std::ceil(low->value / step - 1e-9) * step;
  b.upper = std::isfinite(up->value) ? std::floor(up->value / step + 1e-9) * step : kInfinity;
  if (b.upper < b.lower) b.lower = b.upper = std::round(low->value / step) * step;
  return b;
}

std::vector<double> mix_to_total(std::span<const double> weight, std::span<const double> lower,
                                 std::span<const double> upper, double total) {
  const std::size_t n = weight.size();
  double weight_sum = 0, reach = 0;
  for (std::size_t i = 0; i < n; ++i) {
    weight_sum += weight[i];
    reach += weight[i] > 0 ? upper[i] : lower[i];
  }
  auto scaled = [&](double k) {
    std::vector<double> s(n);
    for (std::size_t i = 0; i < n; ++i) s[i] = std::clamp(k * weight[i], lower[i], upper[i]);
    return s;
  };
  if (weight_sum > 0 && reach >= total) return solve_for_total(scaled, total, total / weight_sum);
  // The weighted channels at their upper bounds; the rest spread evenly over the others.
  auto spread = [&](double t) {
    std::vector<double> s(n);
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = weight[i] > 0 ? upper[i] : std::min(lower[i] + t, upper[i]);
    }
    return s;
  };
  return solve_for_total(spread, total, std::max(total, 1.0) / static_cast<double>(n));
}

std::vector<double> round_to_steps(std::span<const SteadyCurve> curves, std::span<const double> lower,
                                   std::span<const double> upper, std::span<const double> spend,
                                   double total, double step) {
  return round_to_steps(lower, upper, spend, total, step, [&](std::size_t i, double from, double to) {
    return curves[i].value(to) - curves[i].value(from);
  });
}

std::vector<double> round_to_steps(std::span<const double> lower, std::span<const double> upper,
                                   std::span<const double> spend, double total, double step,
                                   const StepGain& gain) {
  const std::size_t n = spend.size();
  std::vector<std::int64_t> units(n), low(n), high(n);
  std::int64_t left = std::llround(total / step);
  for (std::size_t i = 0; i < n; ++i) {
    low[i] = std::llround(lower[i] / step);
    high[i] = std::isfinite(upper[i]) ? std::llround(upper[i] / step) : INT64_MAX / 4;
    units[i] = std::clamp(static_cast<std::int64_t>(std::floor(spend[i] / step + 1e-6)), low[i], high[i]);
    left -= units[i];
  }
  if (std::llabs(left) > static_cast<std::int64_t>(n) + 2) {
    throw std::logic_error("allocation: the spends miss the budget by " +
                           money(static_cast<double>(left) * step));
  }
  // First each spend moves at most to its other neighbouring step (so none strays a whole step
  // from the solver's value), then, if that cannot settle the total, anywhere inside its bounds.
  std::vector<std::int64_t> floor_units = units;
  bool near = true;
  while (left != 0) {
    const std::int64_t move = left > 0 ? 1 : -1;
    std::size_t best = n;
    double best_gain = -kInfinity;
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t next = units[i] + move;
      if (next < low[i] || next > high[i]) continue;
      if (near && (next < floor_units[i] || next > floor_units[i] + 1)) continue;
      double g = gain(i, static_cast<double>(units[i]) * step, static_cast<double>(next) * step);
      if (g > best_gain) best = i, best_gain = g;
    }
    if (best == n && near) {
      near = false;
      continue;
    }
    if (best == n) break;  // cannot happen when Σ lower <= total <= Σ upper
    units[best] += move;
    left -= move;
  }
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<double>(units[i]) * step;
  return out;
}

double kkt_residual(std::span<const SteadyCurve> curves, std::span<const double> lower,
                    std::span<const double> upper, std::span<const double> spend, double step,
                    double& marginal_return) {
  // A spend within half a step of a bound counts as at that bound, judged by the slope half a
  // step inside it (a Hill curve with shape < 1 has an infinite slope at 0).
  const double half = step / 2;
  enum State { fixed, at_lower, at_upper, inside };
  std::vector<State> state(spend.size());
  std::vector<double> inside_slopes;
  double lower_max = 0, upper_min = kInfinity;
  for (std::size_t i = 0; i < spend.size(); ++i) {
    if (upper[i] - lower[i] <= 2 * half) {
      state[i] = fixed;
    } else if (spend[i] <= lower[i] + half) {
      state[i] = at_lower, lower_max = std::max(lower_max, curves[i].slope(lower[i] + half));
    } else if (spend[i] >= upper[i] - half) {
      state[i] = at_upper, upper_min = std::min(upper_min, curves[i].slope(upper[i] - half));
    } else {
      state[i] = inside, inside_slopes.push_back(curves[i].slope(spend[i]));
    }
  }
  double mu = 0;
  if (!inside_slopes.empty()) {
    auto middle = inside_slopes.begin() + static_cast<std::ptrdiff_t>(inside_slopes.size() / 2);
    std::nth_element(inside_slopes.begin(), middle, inside_slopes.end());
    mu = *middle;
  } else if (std::isfinite(upper_min)) {
    // Any μ between the two satisfies the conditions; the lower end is the right derivative of
    // the best outcome in the budget, which the budget searches use.
    mu = lower_max <= upper_min ? (lower_max > 0 ? lower_max : upper_min) : std::sqrt(lower_max * upper_min);
  } else {
    mu = lower_max;
  }
  marginal_return = mu;
  if (!(mu > 0) || !std::isfinite(mu)) return 0;
  double residual = 0;
  for (std::size_t i = 0; i < spend.size(); ++i) {
    double violation = 0;
    switch (state[i]) {
      case fixed: break;
      case at_lower: violation = std::max(0.0, curves[i].slope(lower[i] + half) - mu); break;
      case at_upper: violation = std::max(0.0, mu - curves[i].slope(upper[i] - half)); break;
      case inside: violation = std::abs(curves[i].slope(spend[i]) - mu); break;
    }
    residual = std::max(residual, violation / mu);
  }
  return residual;
}

}  // namespace budget::detail
