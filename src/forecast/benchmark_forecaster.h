// A Forecaster from industry benchmark priors (benchmark_priors.h): what a plan should deliver
// if the advertiser performs like the published averages for its platform and industry. Used
// when a tenant has no trained model, or the model has not seen the plan's platform.
//
// Figures. S = daily_spend × days; priors for cpm, cpc, ctr, conversion_rate (cvr) and cpa are
// looked up for (platform, industry). Each count has a primary route, which gives the point,
// and a cross-check route:
//   impressions  primary S / CPM × 1000          cross-check (S / CPC) / CTR
//   clicks       primary S / CPC                 cross-check S / CPM × 1000 × CTR
//   conversions  primary clicks × CVR            cross-check S / CPA
// Published CPC, CPM, CTR and CPA come from different sources and years and rarely agree (for
// google_ads the search CPC and CTR imply a CPM ~8× the published CPM). Pooling the routes
// would move the point to a figure no source published; instead the point follows the most
// direct benchmark, and half the log gap between the routes is added as one more standard
// deviation, so inconsistent benchmarks give wide intervals (and a note, and lower confidence
// when the gap exceeds ×2). A missing primary prior hands the point to the cross-check; a count
// with neither is 0 and a note says so.
// conversion_value = conversions × value_per_conversion when the plan gives one, else 0 (and
// roas / roi are nullopt).
//
// Uncertainty. A prior's [low, high] (its spread across sources and years) is read as the 10th
// and 90th percentiles of a log-normal around its value: log-sigma = ln(high / low) / (2 ×
// 1.2816). Published figures are averages over many advertisers, and one advertiser sits
// further from the average than the sources sit from each other, so log-sigma is never below
// 0.5 (80% of advertisers within ×/÷ 1.9 of the figure); 0.5 is also the default when low ==
// high (one source, one figure). Log-variances add for products and ratios (priors taken as
// independent); with a cross-check, var = var_primary + (gap / 2)². Intervals are
// exp(μ ± z·σ) with z = 1.2816 (80%) and 1.96 (95%); the point is exp(μ), the benchmark-implied
// figure itself (published averages are read as the expected ratio, no log-normal mean shift).
//
// Objectives. The priors mostly describe traffic and lead campaigns. Campaigns bought for
// another objective are optimised by the platform for something else, so the counts are
// scaled (impressions, clicks, conversions) and log-sigma 0.3 is added to each scaled count:
//   awareness ×1.5, ×0.6, ×0.25   (reach buying: cheap impressions, few clicks, fewer sales)
//   engagement ×1.2, ×0.8, ×0.4
//   traffic ×1.0, ×1.2, ×0.7      (click-optimised delivery)
//   app_installs ×1.0, ×1.0, ×0.8
//   leads, sales_conversion: unscaled.
// These factors are judgement, not measured; the notes say so.
//
// Confidence: the mean confidence of the priors found, × 0.8 when the objective scaled the
// counts, × 0.8 when two routes disagree by more than ×2. Notes name each prior's figure,
// metric variant, fallback step and first citation, and that benchmarks are US dollars applied
// at par to the plan's currency.
//
// Email has no benchmarks: the forecast is all zeros with confidence 0 and a note, rather than
// an exception, so a multi-platform plan still forecasts its other platforms. The same holds
// for any platform whose priors give no route at all.
//
// Throws std::invalid_argument for an invalid plan (forecaster.h). Thread-safe; no state.
#pragma once

#include "forecast/forecaster.h"

namespace forecast {

// The process-wide benchmark forecaster.
const Forecaster& benchmark_forecaster();

// Objective scaling of (impressions, clicks, conversions), as in the table above.
struct ObjectiveScaling {
  double impressions = 1, clicks = 1, conversions = 1;
  bool adjusted() const { return impressions != 1 || clicks != 1 || conversions != 1; }
};
ObjectiveScaling objective_scaling(core::Objective objective);

// The log-sigma a prior's [low, high] gives, as described above.
inline constexpr double kMinPriorLogSigma = 0.5;
inline constexpr double kObjectiveLogSigma = 0.3;
double prior_log_sigma(double low, double high);

}  // namespace forecast
