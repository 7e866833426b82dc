// Each channel's response curve for one client: fitted from its own history where that
// history can carry a fit, otherwise a prior — what POST /api/v1/budget/optimize allocates over
// and GET /api/v1/budget/response-curves shows.
//
// Ad platforms attribute conversions to each campaign, so a channel is fitted on its own
// attributed outcome: outcome_t = contribution_t = beta · saturate(adstock(spend)_t / scale)
// (budget/fit.h with one channel, no intercept: no spend, no attributed outcome), with
// geometric adstock over 8 weeks' worth of periods and a Hill curve of shape ≤ 1 (concave, so
// the exact allocator applies). A channel is fitted when it spent in periods covering at least
// kMinActiveDays (8 weeks, or 56 days) and its spend varied (coefficient of variation across
// those periods ≥ kMinSpendVariation); a curve cannot be read off spend that never moved. Otherwise, and for platforms the client has not used, the curve is a prior: Hill with
// shape 1 (Michaelis–Menten) whose elasticity at the reference spend is 0.7 — the planner's
// diminishing-returns exponent (strategy/planner.h) — so half-saturation is 7/3 of the
// reference spend; its height comes from the channel's own recent outcome per period when it has
// one ("calibrated prior"), else from the industry benchmarks (forecast/benchmark_forecaster.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/budget_history.h"
#include "budget/fit.h"

namespace api {

inline constexpr int kMinActiveDays = 56;            // per channel, to fit it
inline constexpr double kMinSpendVariation = 0.1;    // coefficient of variation of spend
inline constexpr double kPriorElasticity = 0.7;      // d ln outcome / d ln spend at reference

enum class CurveSource { fitted, calibrated_prior, benchmark_prior, none };
std::string_view curve_source_name(CurveSource source);  // "fitted", "calibrated prior", …

struct ChannelCurve {
  std::string id, label;
  core::Platform platform = core::Platform::google_ads;
  CurveSource source = CurveSource::none;  // none: no curve at all (see note)
  std::string note;              // why it is not fitted; empty when fitted
  budget::ResponseCurve curve;   // outcome per period of ClientCurves::period_days; unset for none
  double current_spend = 0;      // per period: mean of the last 4 weeks (or 28 days)
  double current_outcome = 0;    // per period, the same periods
  double total_spend = 0, total_outcome = 0;  // over the history
  std::vector<double> spend;     // per period over the history (carry-over into a plan)
  std::optional<budget::ChannelFit> fit;      // the fit's figures and bootstrap, when fitted
  std::optional<double> r_squared, nrmse, mape;  // of the fit
};

struct ClientCurves {
  BudgetLevel level = BudgetLevel::platform;
  BudgetOutcome outcome = BudgetOutcome::conversions;
  int period_days = 1;
  core::Date first_day, last_day;
  std::size_t periods = 0;
  std::vector<ChannelCurve> channels;  // the history's channels, ordered by id
};

// Fits (or takes the prior for) every channel of `history`. `industry` and `objective` pick
// the benchmark priors; `value_per_conversion` prices benchmark conversions when the outcome is
// revenue (nullopt: a channel with no outcome of its own gets no curve). Pure; deterministic
// (fixed seed).
ClientCurves fit_client_curves(const BudgetHistory& history, const std::string& industry,
                               core::Objective objective,
                               std::optional<double> value_per_conversion = std::nullopt);

// The client's curves for the snapshot's data version and `today`, from `cache` or fitted now
// (and cached): a fit costs tens of milliseconds per channel, and the data behind it changes
// only with an ingest. `client_index` must be a client of the snapshot.
class CurveCache;
std::shared_ptr<const ClientCurves> cached_client_curves(CurveCache& cache,
                                                         const MetricsSnapshot& snapshot,
                                                         const std::string& tenant_id,
                                                         int client_index, BudgetLevel level,
                                                         BudgetOutcome outcome, core::Date today);

// A benchmark prior for a platform the client has no usable history on, at `reference_spend`
// per period of `period_days` (> 0). `value_per_conversion` turns conversions into revenue for
// BudgetOutcome::revenue (nullopt: no revenue prior; returns nullopt).
std::optional<ChannelCurve> benchmark_curve(core::Platform platform, const std::string& industry,
                                            core::Objective objective, BudgetOutcome outcome,
                                            double reference_spend, int period_days,
                                            std::optional<double> value_per_conversion);

// Fitted curves per (tenant, client, data version, level, outcome, day). Thread-safe; keeps the
// `capacity` most recently used entries.
class CurveCache {
 public:
  explicit CurveCache(std::size_t capacity = 256) : capacity_(capacity) {}
  std::shared_ptr<const ClientCurves> get(const std::string& key);
  void put(const std::string& key, std::shared_ptr<const ClientCurves> curves);

 private:
  struct Entry {
    std::shared_ptr<const ClientCurves> curves;
    std::uint64_t used = 0;
  };
  std::size_t capacity_;
  std::mutex mutex_;
  std::uint64_t clock_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace api
