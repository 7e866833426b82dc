// Anomaly detection for daily marketing metrics.
//
// Finds the days on which one metric (spend, CTR, CPC, conversions, ROAS, …) departs from what
// its weekly pattern and its recent level predict. The model is a robust seasonal
// decomposition: value = level + seasonal[index % period] + residual, where the level is a
// rolling median, the seasonal profile is the median of each phase's (weekday's) detrended
// values, and a point's score is its robust z, (value − expected) / (1.4826 · MAD of the
// residuals). Medians everywhere, so the anomalies being looked for do not bend the model that
// judges them. docs/anomaly-detection.md has the rationale and the validation on NAB.
//
// Input is a series of one value per step (one per day for daily metrics), oldest first, with
// nullopt — or a non-finite value — for a step without data; missing steps are skipped, never
// filled, and the phase of a step is its position, so a missing day does not shift the weekdays.
// Ratio metrics should be computed from sums per day (clicks / impressions), a day with a zero
// denominator passed as nullopt.
//
// Pure functions of their arguments: no I/O, no clock, no shared state. Safe to call from any
// number of threads at once. None throws (allocation failure aside): bad options and short
// series come back as the report's status.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace optimize {

// One value per step, oldest first; nullopt = no data for that step.
using MetricSeries = std::span<const std::optional<double>>;

// How a metric varies, which sets the space the model works in.
enum class MetricKind {
  // Departures in the metric's own units; any sign. The default, and right for metrics that
  // can be zero or negative (profit) or whose noise does not grow with the level.
  additive,
  // Departures as ratios, for strictly positive metrics whose pattern and noise scale with the
  // level (spend, CPC, CPM, CTR, ROAS): the model runs on log(value), so the seasonal profile
  // and the residual scale are in log units (0.1 ≈ 10%), and the score is the robust z of
  // log(value / expected). Zero or negative values cannot be judged this way; they are skipped
  // and counted in points_skipped — use additive or count for a metric that is often 0.
  multiplicative,
  // An event count (clicks, conversions), additive, with the scale floored at the Poisson noise
  // sqrt(max(expected, 1)): 3 conversions on a day that expected 1 is not an alarm, and a
  // series that is mostly zeros (MAD = 0) can still be judged.
  count,
};

struct AnomalyOptions {
  // Length of the seasonal cycle in steps: 7 for daily data with a weekly pattern, 24 for hourly
  // data with a daily one, 1 for no seasonality. Must be >= 1.
  int period = 7;
  // A point is an anomaly when |score| >= threshold. 3.5 is the usual robust-z cut-off
  // (Iglewicz & Hoaglin); on clean Gaussian data it flags ~0.07% of days in batch mode (the
  // normal tail is 0.047%). Must be > 0.
  double threshold = 3.5;
  // At most floor(fraction · observed points) anomalies (at least 1) are reported, those with
  // the largest |score|; the rest count in points_over_threshold. A guard against a model that
  // does not fit (then everything looks anomalous), not a tuning knob; 0.10 as in Twitter's
  // S-H-ESD (max_anoms). In [0, 1].
  double max_anomaly_fraction = 0.10;
  // A model is fitted only on at least min_history_periods · period observed points (the whole
  // series in batch mode, the point's own past in causal mode); with fewer, nothing is scored
  // and the status says why. Must be >= 1.
  int min_history_periods = 2;
  // Score only the last K steps of the series; 0 = all of them (batch), the last one (causal).
  // The model is still fitted on the whole series (batch) or on each point's own past (causal).
  std::size_t evaluate_last = 0;
  // Steps in the rolling median that tracks the level; 0 = max(period, 5). Batch mode centres
  // it (rounded up to odd) and leaves the point itself out; causal mode uses the level_window
  // steps before the point.
  int level_window = 0;
  // Causal mode only: the periods of history before each scored point that are used to fit the
  // profile and the scale (0 = all of it). Shorter adapts faster to a changing pattern but
  // measures the scale on fewer errors, which raises the false-alarm rate: on clean Gaussian
  // data at threshold 3.5, ~0.18% of days with 8 periods, ~0.11% with 16, ~0.06% with a year.
  int history_periods = 16;
  MetricKind kind = MetricKind::additive;
};

// The trailing-window baseline: mean and sample standard deviation of the previous `window`
// steps (the point itself excluded). A point is scored only when at least max(2, window / 2)
// of those steps have data and their standard deviation is not zero.
struct RollingZScoreOptions {
  int window = 28;         // steps; must be >= 2
  double threshold = 3.0;  // |z| >= threshold is an anomaly; must be > 0
  std::size_t evaluate_last = 0;  // score only the last K steps (0 = all)
};

enum class AnomalyMethod {
  seasonal_median,         // detect_anomalies: centred windows, the whole series fits the model
  seasonal_median_causal,  // detect_latest_anomalies: each point judged on its past only
  rolling_z_score,         // detect_rolling_z_score: the baseline
};

enum class AnomalyStatus {
  ok,                    // the points in range were scored (possibly with no anomaly)
  invalid_options,       // an option is out of range; `reason` names it; nothing scored
  insufficient_history,  // too few observed points to fit the model; nothing scored
  no_variation,          // the residuals are all equal (a constant metric); nothing scored
};

// "seasonal_median", "ok", … (stable: safe for API fields and metric labels).
std::string_view to_string(AnomalyMethod method);
std::string_view to_string(AnomalyStatus status);

enum class AnomalyDirection { up, down };

struct ScoredPoint {
  std::size_t index = 0;     // position in the input series
  double value = 0;          // the observed value
  double expected = 0;       // what the level and the seasonal profile predicted (the
                             // baseline: the window's mean)
  double score = 0;          // (value − expected) / scale: robust z, or plain z for the baseline
                             // (multiplicative: log(value / expected) / scale)
  AnomalyDirection direction = AnomalyDirection::up;  // up when value > expected
};

struct AnomalyReport {
  AnomalyMethod method = AnomalyMethod::seasonal_median;
  AnomalyStatus status = AnomalyStatus::ok;
  std::string reason;  // why nothing (or less than asked) was scored; empty when all was scored

  std::vector<ScoredPoint> anomalies;  // |score| >= threshold, capped, oldest first
  std::vector<ScoredPoint> scored;     // every point scored, flagged or not, oldest first

  double threshold = 0;                   // the cut-off applied
  std::size_t points_total = 0;           // series length
  std::size_t points_observed = 0;        // steps with a value the model can use
  std::size_t points_skipped = 0;         // values it cannot: <= 0 under multiplicative
  std::size_t points_evaluated = 0;       // steps in the evaluation range that were scored
  std::size_t points_over_threshold = 0;  // before the max-fraction cap
  // The scale scores are measured against: 1.4826 · MAD of the residuals (batch), of the last
  // scored point's one-step-ahead residuals (causal), or the last window's sd (baseline); in
  // log units under multiplicative. The count floor, when it applies, is per point and not
  // included. 0 when nothing was scored.
  double residual_scale = 0;
  // Fitted departure from the level for each phase (index % period), mean zero (log units
  // under multiplicative: exp() gives the phase's factor); empty for the baseline. In causal
  // mode, the profile fitted for the last scored point.
  std::vector<double> seasonal_profile;

  bool too_short() const { return status == AnomalyStatus::insufficient_history; }
  // One line for logs and API "explain" fields, e.g.
  // "seasonal_median: 2 anomalies in 365 scored points (threshold 3.5, scale 0.0123)".
  std::string summary() const;
};

// Scores every observed point in range against a model fitted on the whole series, with
// windows centred on each point (shifted inwards at the ends, so the last days are judged on a
// trailing window). The retrospective view, for charts and reports: a past spike is judged
// with the days after it, so adding days can change an earlier verdict.
AnomalyReport detect_anomalies(MetricSeries series, const AnomalyOptions& options = {});

// The live-alert mode: scores each of the last max(evaluate_last, 1) steps using only the steps
// before it (at most history_periods · period of them), so a point's verdict never depends on
// later values. The scale comes from one-step-ahead residuals over that history, so it matches
// the error of predicting a point from its past. Costs one model fit per scored point.
AnomalyReport detect_latest_anomalies(MetricSeries series, const AnomalyOptions& options = {});

// The baseline: a plain trailing-window z-score, causal, with no seasonality and no cap.
AnomalyReport detect_rolling_z_score(MetricSeries series, const RollingZScoreOptions& options = {});

}  // namespace optimize
