// A/B test analysis: per metric and per variant, the frequentist test, the Bayesian view, the
// always-valid (sequential) interval, CUPED, the sample-ratio check, multiple-testing
// corrections, power, and a decision in words with its reasons. docs/experiments.md has every
// formula; this header is the contract.
//
// Comparisons. Variant 0 is the control; every other variant is compared with it, metric by
// metric. The absolute effect is treatment − control; the relative effect (lift) is
// (treatment − control) / control, with the delta-method variance, and is empty when the
// control's value is 0. Proportions use the normal distribution; means and ratios Student's t
// with Welch–Satterthwaite degrees of freedom (Boost.Math). Significance — the verdicts, the
// corrections and the decision — reads the lift's test, so that it always agrees with the lift's
// interval (the absolute test when there is no lift); power.h plans for that test. With few
// events in the control the lift's test is the more cautious one (the unpooled absolute test is
// overconfident there).
//
// Bayesian. A normal approximation on the relative lift (GrowthBook's engine): the likelihood is
// N(lift, delta-method variance); the prior is flat, or N(mean, variance) on the lift and
// combined conjugately (precisions add, means are precision-weighted). Chance to beat control is
// the posterior mass on the better side (below 0 when lower is better); expected loss is the
// posterior mean of the lift given up by shipping the variant, E[max(0, −g·lift)] with g = ±1 for
// the metric's direction, in relative units.
//
// Sequential. When enabled, each comparison also carries a confidence sequence (sequential.h) on
// the absolute and relative effects and an anytime-valid p-value, and the decision uses them, so
// the result may be looked at after every day without inflating false positives.
//
// CUPED. When every variant of a metric has covariate sums (a pre-period value x per unit) and
// options.cuped is set, y is replaced by y − θ (x − x̄) with one θ for the metric, the pooled
// within-variant slope Σ_k S_xy,k / Σ_k S_xx,k over all variants. Proportion and mean metrics
// only; a ratio metric's covariate is ignored (a note says so).
//
// Multiple testing. Primary metrics × treatments form one family and secondary metrics another;
// options.correction adjusts p-values within each (multiple_testing.h), and adjusted_interval
// is the lift's interval at the family's adjusted level. Guardrails are never corrected.
//
// Decision rules, in order (the engine's "better"/"worse" is a significant difference after
// correction — or, for the Bayesian engine, chance to beat control >= chance_to_win_threshold
// with expected loss <= risk_threshold / chance <= 1 − threshold):
//   1. SRM p-value < srm_threshold: "sample ratio mismatch: fix assignment first".
//   2. Ship the treatment that is better on at least one primary metric, worse on no primary or
//      guardrail metric, and has every primary comparison; among several, the one with the most
//      primary wins, then the largest lift on the first primary metric. Secondary losses are
//      listed as cautions.
//   3. Stop for futility when every treatment is done: worse on a primary or guardrail metric,
//      or an improvement of minimum_detectable_effect is ruled out on every primary metric (the
//      engine's interval on the lift lies below it), or every primary metric already has the
//      units its power plan needs.
//   4. Otherwise keep running, with the power plan of the first primary metric as a reason.
//
// Errors. Bad input throws std::invalid_argument whose message starts with the field path:
// "variants[1].weight: must be in (0, 1]", "metrics[0].variants[1].sum: conversions (12) exceed
// units (10)", "options.alpha: must be in (0, 1)". Variants with fewer than 2 units are not an
// error: their comparisons are empty with a note, and the decision is to keep running (unless
// the SRM check fires).
//
// Pure functions (no I/O, no clock); safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiments/metric.h"
#include "experiments/multiple_testing.h"
#include "experiments/srm.h"

namespace experiments {

struct Variant {
  std::string name;   // unique, non-empty
  double weight = 0;  // planned share of traffic, > 0; the weights sum to 1 within 1e-6
};

// Pre-period covariate sums for CUPED, over the same units as the metric.
struct CovariateSums {
  double sum = 0;          // Σx
  double sum_squares = 0;  // Σx²
  double cross_sum = 0;    // Σx·y (y the metric value; the numerator for a ratio)
};

// One variant's totals for one metric. Every unit counts once: sums over days are valid only
// when a unit's value is attributed to one day (new units per day, or exposures).
struct VariantData {
  std::int64_t units = 0;              // users or exposures, >= 0
  double sum = 0;                      // Σy: conversions (proportion, 0..units), Σ value (mean),
                                       // Σ numerator (ratio)
  double sum_squares = 0;              // Σy² (mean, ratio); ignored for a proportion
  double denominator_sum = 0;          // ΣD (ratio only), >= 0 (0: no comparison yet)
  double denominator_sum_squares = 0;  // ΣD² (ratio only)
  double cross_sum = 0;                // ΣM·D (ratio only)
  std::optional<CovariateSums> covariate;
};

struct MetricData {
  MetricSpec spec;
  std::vector<VariantData> variants;  // one per experiment variant, in the same order
};

struct Experiment {
  std::string hypothesis;
  std::vector<Variant> variants;    // [0] is the control; at least 2
  std::vector<MetricData> metrics;  // at least 1; names unique
  int days_observed = 0;            // days of data so far (0 = unknown): gives daily traffic
};

struct Prior {
  bool proper = false;     // false: flat prior (no effect on the posterior)
  double mean = 0;         // prior mean of the relative lift
  double variance = 0.09;  // prior variance of the relative lift, > 0 (0.3², GrowthBook's
                           // default proper prior: 95% of lifts within ±60%)
};

enum class DecisionEngine { frequentist, bayesian };

struct AnalysisOptions {
  double alpha = 0.05;                                  // two-sided significance level, in (0, 1)
  DecisionEngine engine = DecisionEngine::frequentist;  // which evidence decides
  Prior prior;                            // Bayesian prior on the relative lift; flat by default
  double chance_to_win_threshold = 0.95;  // Bayesian engine: a win needs at least this, in (0.5, 1)
  double risk_threshold = 0.0025;         // Bayesian engine: and expected loss at most this
                                          // (relative lift, 0.25%), >= 0
  bool sequential = false;                // confidence sequences instead of fixed-horizon intervals
  double sequential_tuning_units = 5000;  // see sequential.h, > 0
  bool cuped = true;                      // apply CUPED where covariates are supplied
  Correction correction = Correction::holm;  // within the primary family and the secondary family
  double minimum_detectable_effect = 0.05;   // relative lift that matters (5%), > 0
  double target_power = 0.8;                 // for sample size and duration, in (0, 1)
  double srm_threshold = 0.001;              // SRM warning below this p-value, in (0, 1)
  std::string srm_metric;                    // whose units the SRM check counts; empty: the first
                                             // primary metric (or the first metric)
};

struct Interval {
  double lower = 0;
  double upper = 0;
};

struct Estimate {
  double value = 0;
  double standard_error = 0;
  Interval interval;   // at 1 − alpha
  double p_value = 1;  // two-sided, against 0
};

struct BayesianResult {
  double posterior_mean = 0;  // relative lift
  double posterior_sd = 0;
  double chance_to_beat_control = 0.5;
  double expected_loss = 0;          // of shipping this variant (relative)
  double control_expected_loss = 0;  // of keeping the control instead (relative)
  Interval credible_interval;        // central 1 − alpha interval of the posterior lift
};

struct SequentialResult {
  Interval absolute_interval;                 // confidence sequence at 1 − alpha
  std::optional<Interval> relative_interval;  // empty when the relative effect is
  double p_value = 1;                         // anytime-valid, on the relative effect when there
                                              // is one, else on the absolute
};

enum class Verdict { better, worse, inconclusive };

struct VariantSummary {
  std::string name;
  std::int64_t units = 0;
  std::optional<double> value;  // rate, mean or ratio (unadjusted); empty with no units or a
                                // zero denominator
};

struct VariantResult {
  VariantSummary summary;
  std::optional<Estimate> absolute;  // CUPED-adjusted when applied
  std::optional<Estimate> relative;
  double degrees_of_freedom = 0;  // Welch–Satterthwaite; +inf for proportions
  std::optional<BayesianResult> bayesian;
  std::optional<SequentialResult> sequential;
  double p_value = 1;           // the one the decision reads: the lift's test (the
                                // absolute one when there is no lift), anytime-valid when
                                // sequential
  double adjusted_p_value = 1;  // after options.correction within the metric's family
  std::optional<Interval> adjusted_interval;  // relative lift at the adjusted level
                                              // (multiple_testing.h), sequential when enabled
  Verdict verdict = Verdict::inconclusive;    // by the decision engine, in the metric's direction
  std::string note;                           // why something is empty
};

struct CupedResult {
  bool applied = false;
  double theta = 0;
  double variance_reduction = 0;  // 1 − adjusted / unadjusted variance of the control-vs-first-
                                  // treatment difference
  std::string note;
};

struct PowerResult {
  double minimum_detectable_effect = 0;  // relative, from the options
  double power_now = 0;                  // chance the current sample detects it
  double units_needed = 0;               // all variants, for target_power (+inf if unreachable)
  std::optional<double> daily_units;     // units per day so far (needs days_observed)
  std::optional<double> days_needed;     // from the start
  std::optional<double> days_remaining;  // max(0, days_needed − days_observed)
  double detectable_effect_now = 0;      // relative effect the current sample detects with
                                         // target_power
};

struct MetricResult {
  MetricSpec spec;
  VariantSummary control;
  std::vector<VariantResult> variants;  // the treatments, in input order
  CupedResult cuped;
  std::optional<PowerResult> power;  // empty when the control has no usable baseline
};

enum class Decision { ship, keep_running, stop_for_futility, fix_assignment };

struct AnalysisDiagnostics {
  int comparisons = 0;          // metrics × treatments
  int primary_family_size = 0;  // comparisons in the primary correction family
  int secondary_family_size = 0;
  std::vector<std::string> notes;  // anything the caller should know (ignored covariates, …)
};

struct AnalysisResult {
  std::string hypothesis;
  std::vector<MetricResult> metrics;  // input order
  SampleRatioCheck srm;
  std::string srm_metric;  // whose units were checked
  Decision decision = Decision::keep_running;
  std::string recommended_variant;   // the variant to ship (Decision::ship only)
  std::string decision_text;         // "ship b", "keep running", "stop for futility",
                                     // "sample ratio mismatch: fix assignment first"
  std::vector<std::string> reasons;  // the evidence, one sentence each
  AnalysisDiagnostics diagnostics;

  // A few lines for logs and debugging (Ceres' FullReport).
  std::string report() const;
};

// Analyses the experiment as the options say. Throws std::invalid_argument (see above).
AnalysisResult analyze(const Experiment& experiment, const AnalysisOptions& options = {});

// "ship", "keep_running", "stop_for_futility", "fix_assignment".
const char* decision_name(Decision decision);

}  // namespace experiments
