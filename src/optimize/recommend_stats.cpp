#include "optimize/recommend_stats.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace optimize::recs {
namespace {

// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P: the series converges
// fast below a + 1, the continued fraction (modified Lentz) above, and each is computed
// directly in its own tail so a tiny Q is not lost as 1 − P.
struct GammaPQ {
  double p = 0, q = 1;
};

double gamma_prefactor(double a, double x) {
  return std::exp(-x + a * std::log(x) - std::lgamma(a));
}

GammaPQ gamma_series(double a, double x) {
  double term = 1 / a, sum = term;
  for (double ap = a; std::fabs(term) > std::fabs(sum) * 1e-16;) {
    ap += 1;
    term *= x / ap;
    sum += term;
  }
  const double p = std::min(1.0, sum * gamma_prefactor(a, x));
  return {p, 1 - p};
}

GammaPQ gamma_continued_fraction(double a, double x) {
  constexpr double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 10'000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1) < 1e-16) break;
  }
  const double q = std::min(1.0, gamma_prefactor(a, x) * h);
  return {1 - q, q};
}

GammaPQ regularized_gamma(double a, double x) {
  if (x <= 0) return {0, 1};
  return x < a + 1 ? gamma_series(a, x) : gamma_continued_fraction(a, x);
}

double log_binomial_pmf(double i, double n, double log_p, double log_q) {
  return std::lgamma(n + 1) - std::lgamma(i + 1) - std::lgamma(n - i + 1) + i * log_p +
         (n - i) * log_q;
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  if (!(p > 0)) return -INFINITY;
  if (!(p < 1)) return INFINITY;
  auto tail = [&](double q) {
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  };
  double x;
  if (p < 0.02425) {
    x = tail(std::sqrt(-2 * std::log(p)));
  } else if (p > 1 - 0.02425) {
    x = -tail(std::sqrt(-2 * std::log1p(-p)));
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // One Halley step on Φ(x) − p.
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double student_t_quantile(double p, double df) {
  const double z = normal_quantile(p);
  if (!(df < 1e7)) return z;
  const double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
  const double g1 = (z3 + z) / 4;
  const double g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const double g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const double g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 / (df * df * df * df);
}

double student_t_upper_tail(double t, double df) {
  const double z = t * (1 - 1 / (4 * df)) / std::sqrt(1 + t * t / (2 * df));
  return 1 - normal_cdf(z);
}

double poisson_cdf(double k, double lambda) {
  k = std::floor(k);
  if (k < 0) return 0;
  if (!(lambda > 0)) return 1;
  return regularized_gamma(k + 1, lambda).q;
}

double poisson_upper_tail(double k, double lambda) {
  k = std::floor(k);
  if (k <= 0) return 1;
  if (!(lambda > 0)) return 0;
  return regularized_gamma(k, lambda).p;
}

Interval poisson_interval(double count, double confidence) {
  const double z = normal_quantile(1 - (1 - confidence) / 2);
  Interval out;
  if (count > 0) {
    const double k = count;
    out.low = k * std::pow(1 - 1 / (9 * k) - z / (3 * std::sqrt(k)), 3);
  }
  const double k1 = count + 1;
  out.high = k1 * std::pow(1 - 1 / (9 * k1) + z / (3 * std::sqrt(k1)), 3);
  return out;
}

double binomial_two_sided_p(double k, double n, double p) {
  n = std::round(std::max(0.0, n));
  k = std::clamp(std::round(k), 0.0, n);
  if (n == 0 || !(p > 0) || !(p < 1)) return 1;
  // Only the tail away from the mean is summed (the smaller one), from pmf(k) outwards by the
  // ratio of successive terms: O(sd) terms instead of O(n) lgamma calls.
  const double ratio_up = p / (1 - p);
  double term = std::exp(log_binomial_pmf(k, n, std::log(p), std::log1p(-p)));
  double tail = 0;
  if (k < n * p) {
    for (double i = k; i >= 0 && term > tail * 1e-17; i -= 1) {
      tail += term;
      term *= i / ((n - i + 1) * ratio_up);
    }
  } else {
    for (double i = k; i <= n && term > tail * 1e-17; i += 1) {
      tail += term;
      term *= (n - i) / (i + 1) * ratio_up;
    }
  }
  return std::min(1.0, 2 * tail);
}

std::optional<LineFit> fit_line(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 3) return std::nullopt;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) return std::nullopt;
  LineFit fit;
  fit.n = static_cast<int>(n);
  fit.slope = sxy / sxx;
  fit.intercept = my - fit.slope * mx;
  double rss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = y[i] - fit.intercept - fit.slope * x[i];
    rss += r * r;
  }
  fit.slope_se = std::sqrt(rss / static_cast<double>(n - 2) / sxx);
  return fit;
}

}  // namespace optimize::recs
