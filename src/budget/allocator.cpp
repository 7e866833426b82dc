#include "budget/allocator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace budget {
namespace {

std::string field(std::size_t i, const char* name) {
  return "channels[" + std::to_string(i) + "]." + name;
}

std::string money(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", v);
  return text;
}

void validate(const std::vector<Channel>& channels, const AllocationOptions& options) {
  if (!(options.budget >= 0) || !std::isfinite(options.budget)) {
    throw std::invalid_argument("budget: must be a finite amount >= 0");
  }
  if (channels.empty()) throw std::invalid_argument("channels: at least one channel is needed");
  double lower = 0, upper = 0;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const Channel& c = channels[i];
    auto fail = [&](const char* name, const std::string& why) {
      throw std::invalid_argument(field(i, name) + ": " + why);
    };
    if (!(c.beta > 0) || !std::isfinite(c.beta)) fail("beta", "must be > 0");
    if (!(c.scale > 0) || !std::isfinite(c.scale)) fail("scale", "must be > 0");
    if (!(c.lower >= 0)) fail("lower", "must be >= 0");
    if (!(c.upper >= c.lower)) fail("upper", "must be >= lower (" + money(c.lower) + ")");
    try {
      budget::validate(c.saturation);
    } catch (const std::invalid_argument& e) {
      fail("saturation", e.what());
    }
    if (c.saturation.kind == SaturationKind::hill && c.saturation.shape > 1) {
      fail("saturation.shape", "an S-shaped Hill curve (shape > 1) is not concave");
    }
    lower += c.lower;
    upper += c.upper;
  }
  if (lower > options.budget + 0.005) {
    throw std::invalid_argument("budget: the lower bounds sum to " + money(lower) +
                                ", above the budget of " + money(options.budget));
  }
  if (upper < options.budget - 0.005) {
    throw std::invalid_argument("budget: the upper bounds sum to " + money(upper) +
                                ", below the budget of " + money(options.budget));
  }
}

// The spend in [lower, upper] at which the channel's marginal return is μ (> 0).
double spend_at(const Channel& c, double mu) {
  if (channel_marginal_return(c, c.lower) <= mu) return c.lower;
  if (c.upper < 1e300 && channel_marginal_return(c, c.upper) >= mu) return c.upper;
  const Saturation& s = c.saturation;
  double level = -1;
  if (s.kind == SaturationKind::michaelis_menten ||
      (s.kind == SaturationKind::hill && s.shape == 1)) {
    double v = s.kind == SaturationKind::hill ? 1 : s.max_response;
    level = std::sqrt(c.beta * v * s.half_saturation / (c.scale * mu)) - s.half_saturation;
  } else if (s.kind == SaturationKind::logistic) {
    // atanh(q) with q = √(1 − r), written as ln(1 + q) − ½ ln r: exact for r near 0, where
    // 1 − r rounds to 1 and atanh would return infinity.
    double ratio = 2 * mu * c.scale / (c.beta * s.lambda);
    level = ratio >= 1 ? 0
                       : 2 / s.lambda * (std::log1p(std::sqrt(1 - ratio)) - 0.5 * std::log(ratio));
  }
  if (level >= 0) return std::clamp(level * c.scale, c.lower, c.upper);
  // Hill with shape < 1: solve ln slope = ln μ for y = ln(spend / scale) by Newton's method,
  // safeguarded by a bracket (ln slope falls strictly in y, with derivative −1 − n + 2n·r/(1+r)).
  const double n = s.shape, log_k = std::log(s.half_saturation);
  auto f = [&](double y, double& derivative) {
    double log_r = n * (log_k - y);
    double r_share = 1 / (1 + std::exp(-log_r));  // r / (1 + r)
    // log1p(e^{log_r}) without overflow for large log_r.
    double log1p_r = log_r > 30 ? log_r + std::log1p(std::exp(-log_r)) : std::log1p(std::exp(log_r));
    derivative = -1 - n + 2 * n * r_share;
    return std::log(c.beta / c.scale * n) - y + log_r - 2 * log1p_r - std::log(mu);
  };
  double hi = std::max(c.lower, c.scale);
  while (channel_marginal_return(c, hi) > mu && hi < c.upper) hi = std::min(hi * 2, c.upper);
  double y_hi = std::log(hi / c.scale);
  double y_lo = c.lower > 0 ? std::log(c.lower / c.scale) : y_hi - 800;
  double y = y_hi, derivative = 0;
  for (int i = 0; i < 100; ++i) {
    double value = f(y, derivative);
    if (value > 0) y_lo = y; else y_hi = y;
    double next = y - value / derivative;
    if (!(next > y_lo && next < y_hi)) next = (y_lo + y_hi) / 2;
    if (std::abs(next - y) < 1e-14 * std::max(1.0, std::abs(y))) {
      y = next;
      break;
    }
    y = next;
  }
  return std::clamp(std::exp(y) * c.scale, c.lower, c.upper);
}

double total_at(const std::vector<Channel>& channels, double mu, std::vector<double>& spend) {
  double total = 0;
  for (std::size_t i = 0; i < channels.size(); ++i) total += spend[i] = spend_at(channels[i], mu);
  return total;
}

// Rounds to cents keeping the total exact: the cents lost or gained go to the largest channel
// that is not held at a bound, else to any channel with room.
void round_to_cents(const std::vector<Channel>& channels, double budget, std::vector<double>& spend) {
  std::vector<std::int64_t> cents(spend.size());
  std::int64_t target = std::llround(budget * 100), sum = 0;
  for (std::size_t i = 0; i < spend.size(); ++i) {
    if (!std::isfinite(spend[i]) || spend[i] > 1e15) {
      throw std::logic_error("allocation did not converge: channels[" + std::to_string(i) + "]");
    }
    sum += cents[i] = std::llround(spend[i] * 100);
  }
  if (std::llabs(target - sum) > static_cast<std::int64_t>(spend.size()) + 1) {
    throw std::logic_error("allocation did not converge: the spends miss the budget by " +
                           money(static_cast<double>(target - sum) / 100));
  }
  for (std::int64_t diff = target - sum; diff != 0;) {
    std::int64_t step = diff > 0 ? 1 : -1;
    // Channels strictly inside their bounds (their marginal return is μ) first, the largest
    // first; a channel held at a bound takes a cent only when no other can.
    std::size_t best = spend.size();
    bool best_interior = false;
    double best_spend = 0;
    for (std::size_t i = 0; i < spend.size(); ++i) {
      double next = static_cast<double>(cents[i] + step) / 100;
      if (next < channels[i].lower - 1e-9 || next > channels[i].upper + 1e-9) continue;
      bool interior = spend[i] > channels[i].lower && spend[i] < channels[i].upper;
      if (best == spend.size() || (interior && !best_interior) ||
          (interior == best_interior && spend[i] > best_spend)) {
        best = i, best_interior = interior, best_spend = spend[i];
      }
    }
    if (best == spend.size()) break;  // bounds themselves are not whole cents
    std::int64_t move = step * std::min<std::int64_t>(std::llabs(diff), 1);
    cents[best] += move;
    diff -= move;
  }
  for (std::size_t i = 0; i < spend.size(); ++i) spend[i] = static_cast<double>(cents[i]) / 100;
}

}  // namespace

double channel_outcome(const Channel& c, double spend) {
  return c.beta * saturate(spend / c.scale, c.saturation);
}

double channel_marginal_return(const Channel& c, double spend) {
  return c.beta / c.scale * saturation_slope(spend / c.scale, c.saturation);
}

AllocationSummary solve_concave(const std::vector<Channel>& channels,
                                const AllocationOptions& options) {
  validate(channels, options);
  const double budget = options.budget;
  std::vector<double> spend(channels.size());
  AllocationSummary summary;
  // μ high enough that every channel sits at its lower bound, low enough that they reach the
  // budget; bisect geometrically between (μ spans many orders of magnitude).
  double mu_hi = 0;
  for (const auto& c : channels) mu_hi = std::max(mu_hi, channel_marginal_return(c, c.lower));
  mu_hi = std::min(std::max(mu_hi, 1e-300), 1e300) * 2;
  double mu_lo = mu_hi;
  while (total_at(channels, mu_lo, spend) < budget && mu_lo > 1e-300) mu_lo /= 16;
  double mu = mu_lo;
  for (; summary.iterations < options.max_iterations; ++summary.iterations) {
    if (mu_hi / mu_lo - 1 < options.relative_tolerance) break;
    mu = std::sqrt(mu_lo * mu_hi);
    (total_at(channels, mu, spend) >= budget ? mu_lo : mu_hi) = mu;
  }
  mu = mu_lo;
  double total = total_at(channels, mu, spend);
  // The bisection leaves Σ spend a hair off the budget: scale the unbound channels' spends.
  if (total > 0 && std::abs(total - budget) > 0) {
    double free_total = 0;
    for (std::size_t i = 0; i < spend.size(); ++i) {
      if (spend[i] > channels[i].lower && spend[i] < channels[i].upper) free_total += spend[i];
    }
    if (free_total > 0) {
      double factor = 1 + (budget - total) / free_total;
      for (std::size_t i = 0; i < spend.size(); ++i) {
        if (spend[i] > channels[i].lower && spend[i] < channels[i].upper) {
          spend[i] = std::clamp(spend[i] * factor, channels[i].lower, channels[i].upper);
        }
      }
    }
  }
  // KKT residual of the unrounded optimum, at the resolution of money: a spend within half a
  // cent of a bound counts as at that bound, judged by the slope half a cent inside it (a Hill
  // curve with shape < 1 has an infinite slope at 0, and its optimum can be 1e-40 away).
  constexpr double kHalfCent = 0.005;
  for (std::size_t i = 0; i < spend.size(); ++i) {
    const Channel& c = channels[i];
    double violation = 0;
    if (c.upper - c.lower <= 2 * kHalfCent) {
      violation = 0;  // locked, or no room to move
    } else if (spend[i] <= c.lower + kHalfCent) {
      violation = std::max(0.0, channel_marginal_return(c, c.lower + kHalfCent) - mu);
    } else if (spend[i] >= c.upper - kHalfCent) {
      violation = std::max(0.0, mu - channel_marginal_return(c, c.upper - kHalfCent));
    } else {
      violation = std::abs(channel_marginal_return(c, spend[i]) - mu);
    }
    summary.kkt_residual = std::max(summary.kkt_residual, violation / mu);
  }
  round_to_cents(channels, budget, spend);
  summary.marginal_return = mu;
  for (std::size_t i = 0; i < spend.size(); ++i) {
    const Channel& c = channels[i];
    ChannelResult r;
    r.name = c.name;
    r.spend = spend[i];
    r.outcome = channel_outcome(c, spend[i]);
    r.marginal_return = channel_marginal_return(c, spend[i]);
    if (spend[i] <= c.lower + 0.005) {
      r.binding = ChannelResult::Binding::lower;
    } else if (spend[i] >= c.upper - 0.005) {
      r.binding = ChannelResult::Binding::upper;
    }
    summary.total_spend += r.spend;
    summary.total_outcome += r.outcome;
    summary.channels.push_back(std::move(r));
  }
  return summary;
}

}  // namespace budget
