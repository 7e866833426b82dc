// Shared pieces of the recommendation engine (recommendations.h): window sums, the campaign
// view every diagnostic reads, the response-curve prior, valuation and text helpers, and the
// diagnostics themselves. Internal to optimize/.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "budget/response_curves.h"
#include "optimize/recommendations.h"

namespace optimize::recs {

// --- Sums over days -------------------------------------------------------------------------

std::optional<double> ratio(double numerator, double denominator);

struct Totals {
  int days = 0;  // days with a row
  double impressions = 0, clicks = 0, spend = 0, conversions = 0, conversion_value = 0;
  double frequency_sum = 0, reach_sum = 0;
  int frequency_days = 0, reach_days = 0;

  std::optional<double> cpa() const { return ratio(spend, conversions); }
  std::optional<double> roas() const { return ratio(conversion_value, spend); }
  std::optional<double> ctr() const { return ratio(clicks, impressions); }
  std::optional<double> cpm() const { return ratio(1000 * spend, impressions); }
  std::optional<double> conversion_rate() const { return ratio(conversions, clicks); }
  // Reach is not additive across days, so frequency and reach are means of the daily values.
  std::optional<double> mean_frequency() const { return ratio(frequency_sum, frequency_days); }
  std::optional<double> mean_reach() const { return ratio(reach_sum, reach_days); }
};

Totals sum_days(std::span<const CampaignDay> days);
// The days of `history` inside `period` (days are oldest first).
std::span<const CampaignDay> days_in(const CampaignHistory& history, Period period);
// The last `n` days of `period` / the first `n`.
Period last_days(Period period, int n);
Period first_days(Period period, int n);

// The least-squares trend of log(value) over the days of a window (x = days since its first day),
// skipping days where `value` gives nullopt or a value <= 0. nullopt with fewer than `min_days`.
struct LogTrend {
  int days = 0;
  double per_week = 0;  // exp(7 · slope) − 1: relative change per week
  double p_down = 1;    // one-sided p-values of the slope (Student t, normal approximation)
  double p_up = 1;
};
std::optional<LogTrend> log_trend(
    std::span<const CampaignDay> days, Period window,
    const std::function<std::optional<double>(const CampaignDay&)>& value, int min_days);

// --- The campaign as every diagnostic sees it -----------------------------------------------

struct CampaignView {
  const CampaignHistory* history = nullptr;
  Period window;
  std::optional<Period> previous;     // the comparison period, when asked for
  std::span<const CampaignDay> days;  // in the window
  Totals now, before;
  double daily_spend = 0;  // now.spend / now.days: the rate the campaign runs at
  double daily_conversions = 0, daily_value = 0;
  const std::string& id() const { return history->id; }
};

// How outcomes turn into money for value_at_stake (see recommendations.h, "Priority").
struct Valuation {
  std::optional<double> cost_per_conversion;  // target CPA, else the analysed campaigns' CPA
  std::optional<double> value_per_cost;       // target ROAS, else their ROAS
  double unmodelled_share = 0.1;
  int horizon_days = 28;
  double conversions(double delta) const;  // |delta| conversions in currency
  double revenue(double delta) const;      // |delta| revenue in spend-equivalent currency
};

// --- The response-curve prior ----------------------------------------------------------------

// Michaelis–Menten through (spend0, outcome0) per day with elasticity e there:
// y(s) = outcome0 · (1 + K) · s / (K · spend0 + s), K = e / (1 − e). Average cost s / y(s) is
// linear in s, so the spend that reaches a target average cost or return is closed-form.
struct CampaignCurve {
  double spend0 = 0, outcome0 = 0, k = 7.0 / 3.0;

  CampaignCurve(double spend, double outcome, double elasticity);
  double outcome(double spend) const;
  // The spend whose average spend / outcome equals `cost` (may be <= 0: unreachable).
  double spend_for_average_cost(double cost) const;
  // The spend whose outcome is `target`; nullopt at or above the asymptote outcome0 · (1 + K).
  std::optional<double> spend_for_outcome(double target) const;
  budget::ResponseCurve response_curve() const;  // the same curve for budget::allocate
};

// --- Building recommendations ----------------------------------------------------------------

// Joins text pieces (std::string, std::string_view, const char*) without operator+ chains,
// which g++ 12 warns about (-Wrestrict) at -O3.
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

std::string fixed(double value, int decimals);           // "130.00"
std::string money(double value);                         // two decimals
std::string percent(double fraction, int decimals = 0);  // 0.125 → "12.5%" with decimals = 1
std::string date_text(core::Date date);
std::string period_text(Period period);          // "2024-05-01..2024-05-28"
std::string_view weekday_name(int iso_weekday);  // 1 → "monday"

Evidence evidence(const std::string& campaign_id, std::string metric, std::optional<double> value,
                  Period period);
Evidence compared(Evidence e, std::optional<double> comparison, std::string label,
                  std::optional<Period> comparison_period = std::nullopt);
ExpectedImpact impact(CampaignMetric metric, double baseline, double expected, int horizon_days);
// The interval from the same change evaluated under other elasticities (any order).
void widen(ExpectedImpact& impact, double change_a, double change_b);
Change numeric_change(const std::string& campaign_id, std::string field, double from, double to,
                      std::string description);
Change text_change(const std::string& campaign_id, std::string field, std::string from,
                   std::string to, std::string description);
// "raise the daily budget from 100.00 to 130.00" / "lower …".
std::string budget_change_text(double from, double to);
// The product of the factors, each clamped to [0, 1].
double confidence_of(const std::vector<ConfidenceDriver>& drivers);
void finish(Recommendation& r);  // sets confidence from the drivers

// --- The diagnostics ----------------------------------------------------------------------------

// Each per-campaign check appends one Check to `diagnostics` and any recommendation to `out`.
struct Context {
  const RecommendationOptions& options;
  const Valuation& valuation;
};
void check_pacing(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diagnostics,
                  std::vector<Recommendation>& out);
void check_cpa(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diagnostics,
               std::vector<Recommendation>& out);
void check_roas(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diagnostics,
                std::vector<Recommendation>& out);
void check_fatigue(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diagnostics,
                   std::vector<Recommendation>& out);
void check_bidding(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diagnostics,
                   std::vector<Recommendation>& out);
void check_saturation(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diagnostics,
                      std::vector<Recommendation>& out);
void check_day_of_week(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diagnostics,
                       std::vector<Recommendation>& out);
void check_anomalies(const CampaignView& c, const Context& ctx, CampaignDiagnostics& diagnostics,
                     std::vector<Recommendation>& out);

// Across campaigns: one reallocation per client with at least two eligible campaigns.
// `diagnostics` is parallel to `views`.
void plan_reallocation(const std::vector<CampaignView>& views, const Context& ctx,
                       std::vector<CampaignDiagnostics*>& diagnostics,
                       std::vector<Recommendation>& out, std::vector<std::string>& notes);
// A/B tests for the findings whose right remedy is uncertain (creative fatigue, audience
// saturation, a bid-strategy switch, CPA or ROAS over target), sized to the campaign's traffic.
void plan_tests(const std::vector<CampaignView>& views, const Context& ctx,
                const std::vector<Recommendation>& findings,
                std::vector<CampaignDiagnostics*>& diagnostics, std::vector<Recommendation>& out);

}  // namespace optimize::recs
