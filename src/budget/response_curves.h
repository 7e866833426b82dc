// Response curves of paid media: how spend carries over into later periods (adstock) and how
// its effect flattens as spend grows (saturation). The building blocks of the response-curve
// fit and the budget allocator (issue 5); pure functions, thread-safe, no I/O.
//
// Notation: x_t is spend in period t (t = 0 first), L the carry-over window in periods
// (l_max), l = 0 … L−1 the lag. Spend before the first period counts as 0.
//
// Adstock: a_t = Σ_{l=0}^{min(t, L−1)} w_l · x_{t−l}, with weights w_l from one of:
//   geometric        w_l = α^l,                          α ∈ [0, 1), default 0.5, L default 8
//   Weibull CDF      w_0 = 1, w_l = Π_{j=1}^{l} (1 − F(j)),   F(j) = 1 − exp(−(j/λ)^k):
//                    the share carried from lag j−1 to lag j is the Weibull survival at j,
//                    so the decay rate itself changes with the lag (k < 1: fast then slow;
//                    k > 1: slow then fast). shape k ∈ (0, 10], scale λ > 0 in periods;
//                    defaults k = 1, λ = 2 (with k = 1, w_l = e^{−l(l+1)/(2λ)}).
//   Weibull PDF      w_l = f(l + 1) / max_j f(j + 1),  f(y) = (k/λ)(y/λ)^{k−1} exp(−(y/λ)^k):
//                    a delayed peak when k > 1 (effect builds up, then fades); same ranges.
// Normalised weights divide each w_l by Σ_l w_l, so the adstocked series has the same total
// as the spend inside the window (PyMC-Marketing's normalize=True); unnormalised weights keep
// w_0 = 1, so the current period's spend counts in full and carry-over adds to it.
//
// Saturation of an adstocked level s ≥ 0 (all increasing, concave for the logistic and for Hill
// with shape ≤ 1, S-shaped for Hill with shape > 1; all 0 at s = 0):
//   Hill             s^n / (s^n + K^n)           half-saturation K > 0, shape n ∈ (0, 10];
//                                                defaults K = 1, n = 1
//   logistic         (1 − e^{−λs}) / (1 + e^{−λs}) = tanh(λs / 2), λ > 0, default 1
//   Michaelis–Menten V·s / (K + s)               = V · Hill(s; K, n = 1), V > 0
// The first derivatives (marginal response) are exact closed forms, for marginal ROAS and the
// allocator's equal-marginal-return conditions.
#pragma once

#include <span>
#include <vector>

namespace budget {

enum class AdstockKind { geometric, weibull_cdf, weibull_pdf };

struct Adstock {
  AdstockKind kind = AdstockKind::geometric;
  double alpha = 0.5;  // geometric retention
  double shape = 1;    // Weibull k
  double scale = 2;    // Weibull λ, in periods
  int window = 8;      // L, periods of carry-over including the current one (1–520)
  bool normalized = true;
};

// The L lag weights. Throws std::invalid_argument naming the parameter out of its range.
std::vector<double> adstock_weights(const Adstock& adstock);

// The adstocked series of `spend` (same length). Throws as adstock_weights.
std::vector<double> apply_adstock(std::span<const double> spend, const Adstock& adstock);

enum class SaturationKind { hill, logistic, michaelis_menten };

struct Saturation {
  SaturationKind kind = SaturationKind::hill;
  double half_saturation = 1;  // Hill and Michaelis–Menten K
  double shape = 1;            // Hill n
  double lambda = 1;           // logistic λ
  double max_response = 1;     // Michaelis–Menten V
};

// Throws std::invalid_argument naming the parameter out of its range (see the top of the file);
// a negative level is treated as 0.
double saturate(double level, const Saturation& saturation);
// d saturate / d level at `level` (>= 0).
double saturation_slope(double level, const Saturation& saturation);
// Checks the parameters; throws as saturate.
void validate(const Saturation& saturation);

// One channel's response: the outcome it contributes in period t is
//     contribution_t = beta · saturate(adstock(spend)_t / scale)
// with spend in currency units per period, `scale` the spend level that maps to saturation
// level 1 and `beta` the outcome at full saturation (conversions or revenue per period).
// Under a constant spend s per period the adstocked level settles at s · Σ_l w_l (s itself for
// normalised weights): the steady-state curve beta · saturate(s · Σ w / scale) is what an
// allocator splits a per-period budget over.
struct ResponseCurve {
  Adstock adstock;
  Saturation saturation;
  double beta = 1;
  double scale = 1;
};

// The channel's contribution in each period of `spend` (spend before the first period is 0,
// unless `history` gives the periods just before it, oldest first). Throws as adstock_weights.
std::vector<double> contributions(std::span<const double> spend, const ResponseCurve& curve,
                                  std::span<const double> history = {});
// The steady-state outcome per period at a constant spend per period, and its slope
// (the marginal return of one more currency unit per period).
double steady_state_response(double spend_per_period, const ResponseCurve& curve);
double steady_state_slope(double spend_per_period, const ResponseCurve& curve);

}  // namespace budget
