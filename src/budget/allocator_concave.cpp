// The equal-marginal-return solver for concave pieces: find μ with Σ s_i(μ) = budget, where
// s_i(μ) is the spend at which channel i's marginal return is μ (clamped to its bounds).
#include <algorithm>
#include <cmath>

#include "budget/allocator_internal.h"

namespace budget::detail {
namespace {

double spend_at(const Piece& p, double mu) {
  // On an envelope's straight part every spend in [lower, knee] has slope knee_slope: below
  // it the channel stays at its lower bound, above it the curve takes over from the knee.
  if (p.knee > p.lower && mu >= p.knee_slope) return p.lower;
  return p.curve->spend_at_slope(mu, std::max(p.lower, p.knee), p.upper);
}

struct Point {
  double log_mu = 0;
  std::vector<double> spend;
  double total = 0;
  double slope = 0;  // d total / d ln μ (<= 0), from the channels strictly inside their bounds
};

void evaluate(std::span<const Piece> pieces, double log_mu, Point& point) {
  const double mu = std::exp(log_mu);
  point.log_mu = log_mu;
  point.spend.resize(pieces.size());
  point.total = point.slope = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    double s = spend_at(p, mu);
    point.spend[i] = s;
    point.total += s;
    if (s > std::max(p.lower, p.knee) && s < p.upper) {
      double curvature = p.curve->curvature(s);
      if (curvature < 0) point.slope += mu / curvature;  // ds/dμ = 1 / g''(s)
    }
  }
}

// A first μ: the median slope at an even split of the budget.
double initial_log_mu(std::span<const Piece> pieces, double budget) {
  std::vector<double> logs;
  const double share = budget / static_cast<double>(pieces.size());
  for (const Piece& p : pieces) {
    double slope = p.curve->slope(std::clamp(share, std::max(p.lower, 1e-9 * share), p.upper));
    if (slope > 0 && std::isfinite(slope)) logs.push_back(std::log(slope));
  }
  if (logs.empty()) return 0;
  auto middle = logs.begin() + static_cast<std::ptrdiff_t>(logs.size() / 2);
  std::nth_element(logs.begin(), middle, logs.end());
  return *middle;
}

// Spreads a remainder far below a money step over the channels with room.
void absorb(std::span<const Piece> pieces, std::vector<double>& spend, double remainder) {
  for (std::size_t i = 0; i < spend.size() && remainder != 0; ++i) {
    double room = remainder > 0 ? pieces[i].upper - spend[i] : pieces[i].lower - spend[i];
    double take = remainder > 0 ? std::min(room, remainder) : std::max(room, remainder);
    spend[i] += take;
    remainder -= take;
  }
}

}  // namespace

EqualMarginal solve_equal_marginal(std::span<const Piece> pieces, double budget,
                                   double relative_tolerance, int max_iterations) {
  EqualMarginal out;
  double lower_sum = 0, upper_sum = 0;
  for (const Piece& p : pieces) lower_sum += p.lower, upper_sum += p.upper;
  if (budget <= lower_sum || budget >= upper_sum) {
    for (const Piece& p : pieces) out.spend.push_back(budget <= lower_sum ? p.lower : p.upper);
    out.converged = true;
    return out;
  }
  const double tolerance = relative_tolerance * budget;
  // Bracket in ln μ: `low` spends at least the budget, `high` at most. Either may be missing.
  Point point, low, high;
  bool have_low = false, have_high = false;
  double t = initial_log_mu(pieces, budget), reach = 1;
  for (; out.iterations < max_iterations; ++out.iterations) {
    evaluate(pieces, t, point);
    if (std::abs(point.total - budget) <= tolerance) {
      out.converged = true;
      break;
    }
    if (point.total > budget) low = point, have_low = true; else high = point, have_high = true;
    if (have_low && have_high && high.log_mu - low.log_mu <= relative_tolerance) {
      out.converged = true;  // a jump of an envelope piece: the remainder is its straight part
      break;
    }
    double next = point.slope < 0 ? t - (point.total - budget) / point.slope : NAN;
    double lo = have_low ? low.log_mu : -kInfinity, hi = have_high ? high.log_mu : kInfinity;
    if (!(next > lo && next < hi) || std::abs(next - t) > 8) {
      if (have_low && have_high) {
        next = (lo + hi) / 2;
      } else {
        next = t + (have_low ? reach : -reach);  // μ spans many orders of magnitude
        reach *= 2;
      }
    }
    t = next;
  }
  // The bracket end on the other side: the convex combination that hits the budget keeps every
  // bound, and is exact on an envelope's straight part.
  const Point* other = point.total > budget ? (have_high ? &high : nullptr) : (have_low ? &low : nullptr);
  if (other != nullptr && other->total != point.total) {
    double share = (budget - point.total) / (other->total - point.total);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      point.spend[i] += share * (other->spend[i] - point.spend[i]);
    }
  }
  double total = 0;
  for (double s : point.spend) total += s;
  absorb(pieces, point.spend, budget - total);
  out.spend = std::move(point.spend);
  out.marginal_return = std::exp(t);
  return out;
}

}  // namespace budget::detail
