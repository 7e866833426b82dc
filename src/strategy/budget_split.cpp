// The budget split across platforms under a concave response, outcome_i = a_i · spend_i^β.
//
// Equal marginal returns give spend_i ∝ a_i^(1/(1−β)); a_i is the platform's efficiency at a
// fixed reference spend (the same for every platform, so it cancels). Floors and ceilings make
// it spend_i = clamp(λ·w_i, floor_i, max_i) with λ found by bisection so the amounts sum to the
// budget. floor_i is the brief's minimum plus the learning-phase minimum above it, scaled by a
// common φ = min(1, ρ · (budget − Σ minimums) / Σ learning extras), ρ =
// learning_floor_budget_share: the learning floors never take more than ρ of the free budget,
// so the rest still follows efficiency, and Σ floor_i grows slower than the budget, which keeps
// every platform's amount non-decreasing in the budget.
//
// When every platform has a response curve learned from the client's history
// (PlanningContext::response_curves) and the objective counts conversions, the same floors and
// ceilings go to the budget allocator (budget/allocator.h) instead, which splits the budget by
// equal marginal returns on those curves exactly; conversions are priced at each platform's
// value per conversion when the split counts value. The allocator's equal-marginal solution is
// non-decreasing in the budget for the same reason.
#include <algorithm>
#include <cmath>
#include <limits>

#include "budget/allocator.h"
#include "strategy/internal/plan_state.h"

namespace strategy::internal {
namespace {

// The platforms' curves in plan order as allocator channels with the split's floors and caps
// (per curve period), or empty when a platform has none, the curves' periods differ or the
// objective does not count conversions. `scale` is flight days per curve period.
std::vector<budget::Channel> curve_channels(const ResolvedBrief& r,
                                            const std::vector<PlatformEconomics>& economics,
                                            const PlanningContext& context, bool value_known,
                                            const std::vector<double>& floor,
                                            const std::vector<double>& cap, double& scale) {
  if (!is_conversion_objective(r.brief->objective) || context.response_curves.empty()) return {};
  std::vector<budget::Channel> channels;
  int period_days = context.response_curves.front().period_days;
  for (std::size_t i = 0; i < economics.size(); ++i) {
    const PlatformEconomics& e = economics[i];
    auto it = std::find_if(context.response_curves.begin(), context.response_curves.end(),
                           [&](const PlatformCurve& c) { return c.platform == e.platform; });
    if (it == context.response_curves.end() || it->period_days != period_days ||
        !(it->curve.beta > 0)) {
      return {};
    }
    budget::Channel c;
    c.name = std::string(core::platform_name(e.platform));
    c.curve = it->curve;
    if (value_known) {
      double value = e.cost_per_conversion > 0 ? e.value_per_unit * e.cost_per_conversion
                                               : r.value_per_conversion.value_or(0);
      if (!(value > 0)) return {};
      c.curve.beta *= value;
    }
    channels.push_back(std::move(c));
  }
  scale = static_cast<double>(r.days) / period_days;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    channels[i].lower = floor[i] / scale;
    channels[i].upper = std::isfinite(cap[i]) ? std::max(floor[i], cap[i]) / scale
                                              : budget::kUnbounded;
  }
  return channels;
}

// The allocator's split in whole cents over the flight, or false when it refuses.
bool split_on_curves(const std::vector<budget::Channel>& channels, double scale,
                     double budget, std::int64_t budget_cents, std::vector<std::int64_t>& cents,
                     std::vector<double>& marginal) {
  budget::AllocationOptions o;
  o.budget = budget / scale;
  o.step = 0.01 / scale;
  budget::AllocationSummary s;
  try {
    s = budget::allocate(channels, o);
  } catch (const std::invalid_argument&) {
    return false;
  }
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    cents[i] = std::llround(s.channels[i].optimal_spend * scale * 100);
    assigned += cents[i];
    marginal[i] = s.channels[i].optimal_marginal_return.value_or(0);
  }
  // Rounding of spend × scale can leave a cent or two over; the largest amount takes it.
  auto largest = std::max_element(cents.begin(), cents.end()) - cents.begin();
  cents[static_cast<std::size_t>(largest)] += budget_cents - assigned;
  return true;
}

std::string split_method(const std::vector<PlatformEconomics>& economics) {
  const auto from_history = static_cast<std::size_t>(
      std::count_if(economics.begin(), economics.end(),
                    [](const PlatformEconomics& e) { return e.from_history; }));
  const bool benchmark = std::all_of(
      economics.begin(), economics.end(), [](const PlatformEconomics& e) {
        return e.from_history || e.forecast_source.starts_with("benchmark");
      });
  const std::string priors = benchmark ? "benchmark priors" : "forecaster at reference spend";
  if (from_history == economics.size()) return "client history";
  if (from_history == 0) return priors;
  return "client history + " + priors;
}

}  // namespace

BudgetSplit split_budget(const ResolvedBrief& r, const std::vector<PlatformEconomics>& economics,
                         const PlanningContext& context, const PlannerOptions& options,
                         std::vector<std::string>& warnings) {
  const std::size_t n = economics.size();
  const core::Objective objective = r.brief->objective;
  const double beta = options.diminishing_returns_exponent;
  const auto budget_cents = static_cast<std::int64_t>(std::llround(r.brief->budget * 100));
  const double budget = static_cast<double>(budget_cents) / 100;
  constexpr double kInf = std::numeric_limits<double>::infinity();

  const bool value_known =
      objective == core::Objective::sales_conversion &&
      std::all_of(economics.begin(), economics.end(),
                  [](const PlatformEconomics& e) { return e.value_per_unit > 0; });
  std::vector<double> efficiency(n), weight(n), floor(n), cap(n), learning(n), extra(n);
  double best = 0, min_total = 0, extra_total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const PlatformEconomics& e = economics[i];
    efficiency[i] = value_known ? e.value_per_unit : e.events_per_unit;
    best = std::max(best, efficiency[i]);
    const std::size_t p = index_of(e.platform);
    floor[i] = r.min_bound[p].value_or(0);
    cap[i] = r.max_bound[p].value_or(kInf);
    learning[i] = e.learning_minimum;
    extra[i] = std::max(0.0, std::min(learning[i], cap[i]) - floor[i]);
    min_total += floor[i];
    extra_total += extra[i];
  }
  const double phi = extra_total > 0 ? std::clamp(options.learning_floor_budget_share *
                                                      (budget - min_total) / extra_total,
                                                  0.0, 1.0)
                                     : 1.0;
  double reachable = 0;  // the most the platforms with a measured outcome can take
  for (std::size_t i = 0; i < n; ++i) {
    weight[i] = best > 0 ? std::pow(efficiency[i] / best, 1 / (1 - beta)) : 1.0;
    floor[i] += extra[i] * phi;
    reachable += weight[i] > 0 ? cap[i] : floor[i];
  }
  // A platform with no measured outcome gets only its floor, unless the others' caps leave
  // budget over: then it shares the rest.
  if (reachable < budget) {
    for (double& w : weight) w = w > 0 ? w : 1e-6;
  }

  double scale = 1;
  const std::vector<budget::Channel> curves =
      curve_channels(r, economics, context, value_known, floor, cap, scale);
  std::vector<std::int64_t> cents(n);
  std::vector<double> marginal(n, 0.0);
  const bool by_curves =
      !curves.empty() && split_on_curves(curves, scale, budget, budget_cents, cents, marginal);

  auto spend_at = [&](double lambda, std::size_t i) {
    if (by_curves) return static_cast<double>(cents[i]) / 100;
    return std::clamp(lambda * weight[i], floor[i], std::max(floor[i], cap[i]));
  };
  auto total_at = [&](double lambda) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += spend_at(lambda, i);
    return total;
  };
  double low = 0, high = budget;
  if (!by_curves) {
    for (int i = 0; i < 200 && total_at(high) < budget; ++i) high *= 2;
    for (int i = 0; i < 200; ++i) {
      const double mid = (low + high) / 2;
      (total_at(mid) < budget ? low : high) = mid;
    }
  }

  // Round to cents; the remainder goes to the largest platform not held at a bound.
  std::int64_t assigned = 0;
  if (!by_curves) {
    for (std::size_t i = 0; i < n; ++i) {
      cents[i] = std::llround(spend_at(high, i) * 100);
      assigned += cents[i];
    }
    const std::int64_t remainder = budget_cents - assigned;
    std::size_t target = n;
    for (int pass = 0; pass < 2 && target == n; ++pass) {
      for (std::size_t i = 0; i < n; ++i) {
        const double after = static_cast<double>(cents[i] + remainder) / 100;
        const double s = spend_at(high, i);
        const bool free = s > floor[i] + 0.005 && s < cap[i] - 0.005;
        const bool room = after >= floor[i] - 0.005 && after <= cap[i] + 0.005;
        if ((pass == 0 ? free : room) && (target == n || cents[i] > cents[target])) target = i;
      }
    }
    if (target == n) target = 0;
    cents[target] += remainder;
  }

  BudgetSplit split;
  split.outcome = split_outcome(objective, value_known);
  split.response_curves = by_curves;
  if (by_curves) {
    split.method = "response curves (client history)";
    split.note = "Split by the budget allocator on each platform's response curve learned from "
                 "the client's spend history (equal marginal returns within the bounds; see "
                 "GET /api/v1/budget/response-curves for the curves and their fit).";
  } else {
    split.method = split_method(economics);
    split.diminishing_returns_exponent = beta;
    split.note = "Each platform's curve is assumed to be outcome = a * spend^" + number(beta, 2) +
                 " with a taken from one measured point (" + split.method + ")" +
                 (is_conversion_objective(objective)
                      ? ": not every platform has a response curve learned from the client's "
                        "spend history."
                      : ": fitted response curves count conversions, this objective does not.");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const PlatformEconomics& e = economics[i];
    BudgetShare share;
    share.platform = e.platform;
    share.amount = static_cast<double>(cents[i]) / 100;
    share.share = share.amount / budget;
    share.daily_amount = round_cents(share.amount / r.days);
    share.efficiency = efficiency[i];
    share.efficiency_source = e.from_history
                                  ? "client history (" + std::to_string(e.history_days) + " days)"
                                  : "forecaster at reference spend (" + e.forecast_source + ")";
    share.learning_minimum = round_cents(learning[i]);
    share.min_bound = r.min_bound[index_of(e.platform)];
    share.max_bound = r.max_bound[index_of(e.platform)];
    if (by_curves) {
      share.reasons.push_back("marginal return " + number(marginal[i], 4) + " " + split.outcome +
                              " per currency unit at this amount, on its response curve");
    } else {
      share.reasons.push_back(number(efficiency[i], 4) + " " + split.outcome +
                              " per currency unit; weight (efficiency / best)^" +
                              number(1 / (1 - beta), 2) + " = " + number(weight[i], 3));
    }
    const double s = spend_at(high, i);
    if (n == 1) share.reasons.push_back("the only platform: it gets the whole budget");
    if (n > 1 && s <= floor[i] + 0.005 && floor[i] > 0) {
      share.reasons.push_back(share.min_bound && *share.min_bound >= floor[i] - 0.005
                                  ? "held at the brief's min_budget"
                              : phi < 1 ? "raised to " + percent(phi) +
                                              " of its learning-phase minimum (all minimums are "
                                              "scaled alike: the budget cannot fund them all)"
                                        : "raised to its learning-phase minimum");
    }
    if (n > 1 && s >= cap[i] - 0.005) share.reasons.push_back("capped at the brief's max_budget");
    if (learning[i] > 0 && share.amount + 0.005 < learning[i]) {
      share.reasons.push_back("below the " + money(learning[i], r.currency) +
                              " one ad set needs to exit the learning phase");
    }
    split.shares.push_back(std::move(share));
  }
  if (phi < 1) {
    warnings.push_back("the budget cannot fund every platform's learning phase (" +
                       money(min_total + extra_total, r.currency) +
                       " needed): the learning minimums were scaled to " + percent(phi) +
                       "; consider fewer platforms");
  }
  return split;
}

}  // namespace strategy::internal
