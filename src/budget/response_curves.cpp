#include "budget/response_curves.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace budget {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

void validate(const Adstock& a) {
  require(a.window >= 1 && a.window <= 520, "adstock.window must be 1-520 periods");
  if (a.kind == AdstockKind::geometric) {
    require(a.alpha >= 0 && a.alpha < 1, "adstock.alpha must be in [0, 1)");
  } else {
    require(a.shape > 0 && a.shape <= 10, "adstock.shape must be in (0, 10]");
    require(a.scale > 0 && std::isfinite(a.scale), "adstock.scale must be > 0");
  }
}

double weibull_cdf(double y, double k, double lambda) { return 1 - std::exp(-std::pow(y / lambda, k)); }

double weibull_pdf(double y, double k, double lambda) {
  double z = y / lambda;
  return k / lambda * std::pow(z, k - 1) * std::exp(-std::pow(z, k));
}

}  // namespace

std::vector<double> adstock_weights(const Adstock& a) {
  validate(a);
  std::vector<double> w(static_cast<std::size_t>(a.window));
  switch (a.kind) {
    case AdstockKind::geometric:
      for (std::size_t l = 0; l < w.size(); ++l) w[l] = std::pow(a.alpha, static_cast<double>(l));
      break;
    case AdstockKind::weibull_cdf:
      w[0] = 1;
      for (std::size_t l = 1; l < w.size(); ++l) {
        w[l] = w[l - 1] * (1 - weibull_cdf(static_cast<double>(l), a.shape, a.scale));
      }
      break;
    case AdstockKind::weibull_pdf: {
      for (std::size_t l = 0; l < w.size(); ++l) {
        w[l] = weibull_pdf(static_cast<double>(l + 1), a.shape, a.scale);
      }
      double peak = *std::max_element(w.begin(), w.end());
      require(peak > 0, "adstock.scale leaves no weight inside the window");
      for (double& x : w) x /= peak;
      break;
    }
  }
  if (a.normalized) {
    double sum = 0;
    for (double x : w) sum += x;
    require(sum > 0, "adstock weights sum to zero");
    for (double& x : w) x /= sum;
  }
  return w;
}

std::vector<double> apply_adstock(std::span<const double> spend, const Adstock& adstock) {
  const std::vector<double> w = adstock_weights(adstock);
  std::vector<double> out(spend.size(), 0.0);
  for (std::size_t t = 0; t < spend.size(); ++t) {
    double level = 0;
    for (std::size_t l = 0; l < w.size() && l <= t; ++l) level += w[l] * spend[t - l];
    out[t] = level;
  }
  return out;
}

void validate(const Saturation& s) {
  switch (s.kind) {
    case SaturationKind::hill:
      require(s.half_saturation > 0 && std::isfinite(s.half_saturation),
              "saturation.half_saturation must be > 0");
      require(s.shape > 0 && s.shape <= 10, "saturation.shape must be in (0, 10]");
      break;
    case SaturationKind::logistic:
      require(s.lambda > 0 && std::isfinite(s.lambda), "saturation.lambda must be > 0");
      break;
    case SaturationKind::michaelis_menten:
      require(s.half_saturation > 0 && std::isfinite(s.half_saturation),
              "saturation.half_saturation must be > 0");
      require(s.max_response > 0 && std::isfinite(s.max_response),
              "saturation.max_response must be > 0");
      break;
  }
}

double saturate(double level, const Saturation& s) {
  validate(s);
  double x = std::max(level, 0.0);
  switch (s.kind) {
    case SaturationKind::hill: {
      // x^n / (x^n + K^n) written as 1 / (1 + (K/x)^n): no overflow for large x.
      if (x == 0) return 0;
      return 1 / (1 + std::pow(s.half_saturation / x, s.shape));
    }
    case SaturationKind::logistic:
      return std::tanh(s.lambda * x / 2);
    case SaturationKind::michaelis_menten:
      return s.max_response * x / (s.half_saturation + x);
  }
  return 0;
}

double saturation_slope(double level, const Saturation& s) {
  validate(s);
  double x = std::max(level, 0.0);
  switch (s.kind) {
    case SaturationKind::hill: {
      if (x == 0) return s.shape < 1 ? INFINITY : s.shape == 1 ? 1 / s.half_saturation : 0;
      // n K^n x^{n−1} / (x^n + K^n)^2 = (n / x) · r / (1 + r)^2 with r = (K/x)^n: no
      // cancellation in 1 − h when the curve is nearly flat.
      double r = std::pow(s.half_saturation / x, s.shape);
      return s.shape / x * r / ((1 + r) * (1 + r));
    }
    case SaturationKind::logistic: {
      // (λ/2) sech²(λx/2) = (λ/2) · 4e^{−λx} / (1 + e^{−λx})²: keeps its tiny values far out
      // on the flat part, where 1 − tanh² would round to 0.
      double e = std::exp(-s.lambda * x);
      return s.lambda / 2 * 4 * e / ((1 + e) * (1 + e));
    }
    case SaturationKind::michaelis_menten: {
      double d = s.half_saturation + x;
      return s.max_response * s.half_saturation / (d * d);
    }
  }
  return 0;
}

namespace {

double weight_sum(const Adstock& adstock) {
  double sum = 0;
  for (double w : adstock_weights(adstock)) sum += w;
  return sum;
}

}  // namespace

std::vector<double> contributions(std::span<const double> spend, const ResponseCurve& curve,
                                  std::span<const double> history) {
  std::vector<double> series(history.begin(), history.end());
  series.insert(series.end(), spend.begin(), spend.end());
  std::vector<double> level = apply_adstock(series, curve.adstock);
  std::vector<double> out(spend.size());
  for (std::size_t t = 0; t < spend.size(); ++t) {
    out[t] = curve.beta * saturate(level[history.size() + t] / curve.scale, curve.saturation);
  }
  return out;
}

double steady_state_response(double spend_per_period, const ResponseCurve& curve) {
  return curve.beta *
         saturate(spend_per_period * weight_sum(curve.adstock) / curve.scale, curve.saturation);
}

double steady_state_slope(double spend_per_period, const ResponseCurve& curve) {
  double w = weight_sum(curve.adstock);
  return curve.beta * w / curve.scale *
         saturation_slope(spend_per_period * w / curve.scale, curve.saturation);
}

}  // namespace budget
