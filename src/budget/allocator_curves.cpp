// Steady-state curves for the allocator: values, slopes, curvature, and the inverses of the
// slope that the equal-marginal solver needs (closed forms where they exist).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "budget/allocator_internal.h"

namespace budget::detail {
namespace {

double softplus(double z) { return z > 30 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }
double logistic_sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// Hill saturation level x >= from_level where sat'(x) = q, on the falling part of the slope.
// With z = ln r = n (ln K − ln x): ln sat'(x) = ln(n/K) + h(z), h(z) = (1 + 1/n) z − 2 softplus(z).
// h is concave and increasing wherever the slope falls in x, so Newton's method started left of
// the root climbs to it monotonically: no overshoot, no bracket needed.
double hill_level_at_slope(double q, double n, double k, double from_level, double to_level) {
  const double c = std::log(q) - std::log(n / k);
  const double z_max = from_level > 0 ? n * (std::log(k) - std::log(from_level)) : kInfinity;
  const double z_min = std::isfinite(to_level) ? n * (std::log(k) - std::log(to_level)) : -kInfinity;
  // h(z) < (1 + 1/n) z, so this start lies left of the root.
  double z = std::max(z_min, c / (1 + 1 / n));
  for (int i = 0; i < 100; ++i) {
    double gap = c - (z * (1 + 1 / n) - 2 * softplus(z));
    double derivative = (1 + 1 / n) - 2 * logistic_sigmoid(z);
    if (!(gap > 0) || !(derivative > 0)) break;
    double next = std::min(z + gap / derivative, z_max);
    if (next - z <= 1e-15 * std::max(1.0, std::abs(z))) {
      z = next;
      break;
    }
    z = next;
  }
  return k * std::exp(-z / n);
}

}  // namespace

double SteadyCurve::value(double spend) const { return beta * saturate(spend * unit, saturation); }

double SteadyCurve::slope(double spend) const {
  return beta * unit * saturation_slope(spend * unit, saturation);
}

double SteadyCurve::curvature(double spend) const {
  const double x = std::max(spend * unit, 1e-300);
  const Saturation& s = saturation;
  double second = 0;
  switch (s.kind) {
    case SaturationKind::hill: {
      double share = 1 / (1 + std::pow(x / s.half_saturation, s.shape));  // r / (1 + r)
      second = saturation_slope(x, s) * (-1 - s.shape + 2 * s.shape * share) / x;
      break;
    }
    case SaturationKind::logistic:
      second = -s.lambda * saturation_slope(x, s) * std::tanh(s.lambda * x / 2);
      break;
    case SaturationKind::michaelis_menten: {
      double d = s.half_saturation + x;
      second = -2 * s.max_response * s.half_saturation / (d * d * d);
      break;
    }
  }
  return beta * unit * unit * second;
}

double SteadyCurve::inflection() const {
  if (!s_shaped()) return 0;
  double n = saturation.shape;
  return saturation.half_saturation * std::pow((n - 1) / (n + 1), 1 / n) / unit;
}

double SteadyCurve::spend_at_slope(double mu, double from, double to) const {
  if (slope(from) <= mu) return from;
  if (std::isfinite(to) && slope(to) >= mu) return to;
  const Saturation& s = saturation;
  const double q = mu / (beta * unit);  // the saturation slope sought, in level units
  double level = 0;
  if (s.kind == SaturationKind::michaelis_menten || (s.kind == SaturationKind::hill && s.shape == 1)) {
    double v = s.kind == SaturationKind::hill ? 1 : s.max_response;
    level = std::sqrt(v * s.half_saturation / q) - s.half_saturation;
  } else if (s.kind == SaturationKind::logistic) {
    // atanh(√(1 − r)) written as ln(1 + √(1 − r)) − ½ ln r: exact for r near 0, where 1 − r
    // rounds to 1 and atanh would return infinity.
    double ratio = 2 * q / s.lambda;
    level = ratio >= 1 ? 0 : 2 / s.lambda * (std::log1p(std::sqrt(1 - ratio)) - 0.5 * std::log(ratio));
  } else {
    level = hill_level_at_slope(q, s.shape, s.half_saturation, from * unit, to * unit);
  }
  return std::clamp(level / unit, from, to);
}

double SteadyCurve::tangent_point(double from) const {
  const double g_from = value(from);
  // T(w) = g'(w)(w − from) − (g(w) − g(from)) falls strictly past the inflection, from > 0.
  auto gap = [&](double w) { return slope(w) * (w - from) - (value(w) - g_from); };
  double lo = std::max(inflection(), from), hi = 2 * lo + 1 / unit;
  while (gap(hi) > 0 && hi < 1e300) lo = hi, hi *= 2;
  double w = hi;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    double t = gap(w);
    if (t > 0) lo = w; else hi = w;
    if (t == 0) break;
    double next = w - t / (curvature(w) * (w - from));
    w = next > lo && next < hi ? next : (lo + hi) / 2;
  }
  return w;
}

SteadyCurve steady_curve(const ResponseCurve& curve, const std::string& prefix) {
  auto fail = [&](const std::string& what) {
    // response_curves says "adstock.alpha must be in [0, 1)": name the field first.
    std::size_t at = what.find(" must");
    std::string message = prefix;
    if (at == std::string::npos) {
      message.append(": ").append(what);
    } else {
      message.append(".").append(what, 0, at).append(":").append(what, at, std::string::npos);
    }
    throw std::invalid_argument(message);
  };
  if (!(curve.beta > 0) || !std::isfinite(curve.beta)) fail("beta must be > 0");
  if (!(curve.scale > 0) || !std::isfinite(curve.scale)) fail("scale must be > 0");
  double weight_sum = 0;
  try {
    for (double w : adstock_weights(curve.adstock)) weight_sum += w;
    validate(curve.saturation);
  } catch (const std::invalid_argument& e) {
    fail(e.what());
  }
  return SteadyCurve{curve.saturation, curve.beta, weight_sum / curve.scale};
}

std::string money(double amount) {
  char text[400];
  auto [end, error] = std::to_chars(text, text + sizeof text, amount, std::chars_format::fixed, 2);
  if (error != std::errc()) return "?";
  return std::string(text, end);
}

}  // namespace budget::detail
