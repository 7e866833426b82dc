// Fitting each paid channel's response curve from a client's history (a media-mix model):
//
//     outcome_t = baseline_t + Σ_c contribution_c,t + noise_t
//     contribution_c,t = beta_c · saturate(adstock(spend_c)_t / scale_c),   beta_c >= 0
//     baseline_t = intercept + trend(t) + Σ_k (a_k sin + b_k cos)(2πk · day_of_year_t / 365.25)
//                  + Σ_j coefficient_j · control_j,t        (controls: any sign)
//
// by least squares (the baseline's columns centred when there is an intercept, see
// BaselineTerm). The adstock and saturation building blocks are those of response_curves.h;
// every channel uses FitOptions' adstock kind and its saturation kind (per channel if set).
// `scale_c` is fixed before the fit at the channel's mean spend over the periods it spent in
// (1 for a channel that never spent), so the bounds below mean the same thing for every
// channel and currency.
//
// Method (variable projection): NLopt's BOBYQA searches the nonlinear parameters only, in a
// box (the table below), from several starting points; for each trial the linear part
// (baseline coefficients free but for a non-negative intercept, betas >= 0) is solved exactly
// by non-negative least squares. The point estimate is the best local optimum found. A
// moving-block bootstrap of the residuals then refits the model on resampled outcomes (each
// refit warm-started at the point estimate) and gives percentile intervals. Cost: two years of
// weekly data for 5 channels take about 0.07–0.16 s of CPU without the bootstrap and
// 0.3–0.8 s with the default 100 samples (bench/budget/fit_bench.cpp); time grows about
// linearly with the samples and the number of nonlinear parameters. docs/budget.md
// has the details and the validation against data sets with known truth.
//
// Search box of the nonlinear parameters (units of ResponseCurve; saturation levels are
// adstocked spend divided by scale_c, so a level of 1 is a typical spending period):
//   adstock.alpha              geometric retention          [0, 0.9]
//   adstock.shape              Weibull k                    [0.1, 10]     (log scale)
//   adstock.scale              Weibull λ, periods           CDF [0.5, max(2, window)],
//                                                           PDF [1, max(2, window)] (log scale)
//   saturation.lambda          logistic λ                   [0.1, 10]     (log scale)
//   saturation.half_saturation Hill / Michaelis–Menten K    [0.1, 10]     (log scale)
//   saturation.shape           Hill n                       [0.5, 1], or [0.5, 5] when S-shaped
//                                                           curves are allowed
// Michaelis–Menten's max_response is fixed at 1 (beta carries the scale).
//
// Pure and thread-safe: no I/O, no clock, no global state; the result depends only on the
// data and the options (the seed included), so it is reproducible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "budget/response_curves.h"

namespace budget {

// A paid channel's spend per period, currency units, every value finite and >= 0.
struct FitChannel {
  std::string name;  // non-empty, unique among the channels
  std::vector<double> spend;
};

// A regressor of the baseline (a confounder, an event or promotion dummy, an organic channel):
// its coefficient is free in sign. Values per period, finite.
struct FitControl {
  std::string name;  // non-empty, unique among the controls
  std::vector<double> values;
};

struct FitData {
  std::vector<double> outcome;       // per period (conversions or revenue), finite, not constant
  std::vector<FitChannel> channels;  // at least one
  std::vector<FitControl> controls;
  std::vector<int> day_of_year;      // per period, 1–366, for seasonality; empty = no seasonality
  int period_days = 7;               // length of a period: 7 = weekly, 1 = daily; >= 1
};

enum class TrendKind {
  none,
  linear,     // u = 2t/(T−1) − 1, t = 0 … T−1 (so u runs from −1 to 1)
  quadratic,  // u and u²: a curved trend of either sign of curvature, e.g. a concave
              // (t + 10)^(1/4) or a saturating growth
};

struct FitOptions {
  // --- the model
  AdstockKind adstock = AdstockKind::geometric;
  bool adstock_normalized = true;  // weights sum to 1 (PyMC-Marketing's normalize=True)
  int adstock_window = 0;          // periods of carry-over incl. the current one, 1–520;
                                   // 0 = 8 weeks' worth: ceil(56 / period_days)
  SaturationKind saturation = SaturationKind::logistic;
  // Per-channel saturation kinds by channel name, overriding `saturation`.
  std::map<std::string, SaturationKind> saturation_by_channel;
  bool allow_s_shaped = false;     // lets Hill's shape exceed 1: S-shaped, not concave,
                                   // curves (a threshold of spend before any effect)
  TrendKind trend = TrendKind::linear;
  // false: no intercept, and the other baseline columns are used as given (not centred), for
  // outcomes that are 0 without spend, such as conversions a platform attributes to a channel.
  bool intercept = true;
  // Keeps the baseline's mean level (the intercept) >= 0, so the channels together cannot be
  // credited with more than the whole outcome (Robyn's intercept_sign = "non_negative").
  bool intercept_non_negative = true;
  int fourier_order = 2;           // yearly harmonics from day_of_year, 0–10 (ignored without it)

  // --- the search
  int starts = 16;                 // local searches, 1–1000; their starting points are the
                                   // box's centre and the best of 16 · starts Latin-hypercube
                                   // samples
  int max_evaluations = 3000;      // objective evaluations per local search, >= 10
  double tolerance = 1e-8;         // a local search stops when the residual sum of squares
                                   // changes by less than this fraction; in (0, 0.1]

  // --- the bootstrap
  int bootstrap_samples = 100;     // 0 = no intervals; 0–10000
  int bootstrap_block_length = 0;  // periods per resampled residual block; 0 = ceil(T^(1/3))
  int bootstrap_max_evaluations = 1000;  // per refit (warm-started), >= 10
  double interval_level = 0.9;     // central coverage of the percentile intervals, in (0, 1)
  std::uint64_t seed = 1;          // Latin-hypercube starts and bootstrap draws

  // --- reporting
  int current_spend_days = 28;     // current_spend averages the last ceil(this / period_days)
                                   // periods (4 weeks, or 28 days); >= 1
};

struct Interval {
  double low = 0;
  double high = 0;
};

// One fitted parameter of a channel, named by its ResponseCurve field ("beta",
// "adstock.alpha", "adstock.shape", "adstock.scale", "saturation.lambda",
// "saturation.half_saturation", "saturation.shape"), in that field's unit.
struct ParameterFit {
  std::string name;
  double value = 0;
  double lower_bound = 0;             // the search box (beta: 0 and +infinity)
  double upper_bound = 0;
  bool at_bound = false;              // within 0.1 % of the box's width of a bound, measured
                                      // on the search's (log or linear) scale; beta: == 0.
                                      // The data push the parameter out of its plausible range
                                      // or do not determine it.
  std::optional<Interval> interval;   // bootstrap percentile interval; nullopt without bootstrap
};

struct ChannelFit {
  std::string name;
  ResponseCurve curve;                // fitted; a channel that never spent has beta 0
  std::vector<ParameterFit> parameters;  // beta first, then adstock, then saturation
  std::vector<double> contributions;  // per period, outcome units
  double total_spend = 0;             // Σ spend, currency units
  double total_contribution = 0;      // Σ contributions, outcome units
  // total_contribution / Σ outcome; nullopt when Σ outcome is 0.
  std::optional<double> contribution_share;
  // Return on ad spend, outcome units per currency unit: total_contribution / total_spend,
  // the average return of the period's spend (spend before the first period counts as 0);
  // nullopt when the channel never spent.
  std::optional<double> roas;
  double current_spend = 0;           // mean spend per period over the last current_spend_days
  // steady_state_slope(current_spend, curve): the return of one more currency unit per
  // period at the current level; nullopt when the channel never spent or the slope is
  // infinite (Hill with shape < 1 at zero spend).
  std::optional<double> marginal_roas;
  // Bootstrap percentile intervals at FitOptions::interval_level; nullopt without bootstrap
  // (and, like the estimates, when the channel never spent).
  std::optional<Interval> roas_interval;
  std::optional<Interval> marginal_roas_interval;
  std::optional<Interval> contribution_interval;  // of total_contribution
  // One refitted curve per bootstrap replicate, for intervals at any spend (response_interval).
  std::vector<ResponseCurve> bootstrap_curves;
};

// The percentile interval of steady_state_response(spend_per_period, ·) over the channel's
// bootstrap_curves, with central coverage `level`. Throws std::invalid_argument when the
// channel has no bootstrap curves, the spend is negative or level is outside (0, 1).
Interval response_interval(const ChannelFit& channel, double spend_per_period, double level);

// A column of the baseline and its fitted coefficient. Names: "intercept" (column 1), "trend"
// (u, see TrendKind), "trend_squared" (u²), "sin_k" / "cos_k" (sin / cos of
// 2πk · day_of_year / 365.25), then each control by its name (its values). With an intercept
// every other column is centred (its mean over the periods subtracted), so the intercept is
// the baseline's mean level and the other coefficients are the usual slopes.
struct BaselineTerm {
  std::string name;
  double coefficient = 0;  // outcome units per unit of the column
  // The intercept held at 0 by intercept_non_negative: the channels would otherwise be
  // credited with more than the outcome, a sign that their ROAS is not identified.
  bool at_bound = false;
};

struct FitSummary {
  std::vector<ChannelFit> channels;         // in input order
  std::vector<BaselineTerm> baseline_terms;
  std::vector<double> baseline;             // per period, outcome units
  std::vector<double> fitted;               // per period: baseline + Σ contributions

  // Fit quality, in sample.
  double r_squared = 0;                 // 1 − RSS / Σ (outcome − mean)²
  double nrmse = 0;                     // √(RSS / T) / (max − min of outcome) (Robyn's)
  double mape = 0;                      // mean |residual / outcome| in %, periods with outcome ≠ 0
  double residual_sum_of_squares = 0;   // RSS
  double residual_std = 0;              // √(RSS / (T − parameters))
  int periods = 0;                      // T
  int parameters = 0;                   // baseline terms + betas + nonlinear parameters of
                                        // the channels that spent

  // What the search did.
  int starts = 0;                       // local searches run
  int evaluations = 0;                  // objective evaluations, screening and searches
  bool converged = false;               // the best search met the tolerance
  std::string termination;              // why the best search stopped
  int bootstrap_samples = 0;
  int bootstrap_block_length = 0;       // periods
  int bootstrap_evaluations = 0;
  int bootstrap_converged = 0;          // refits that met the tolerance within their limit

  // A few lines for logs and the validation program: fit quality, then per channel ROAS and
  // marginal ROAS with their intervals.
  std::string report() const;
};

// Fits every channel's response curve. Throws std::invalid_argument whose message starts with
// the path of the offending field, e.g. "channels[1].spend: 100 periods, outcome has 104",
// "channels[0].spend: negative value in period 12" (periods count from 0),
// "controls[2].values: linearly dependent on the other baseline terms",
// "options.starts: must be 1-1000", or "outcome: 20 periods are too few for 14 parameters
// (at least two periods per parameter)".
FitSummary fit_response_curves(const FitData& data, const FitOptions& options);

}  // namespace budget
