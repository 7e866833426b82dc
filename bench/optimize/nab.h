// Evaluation of the optimize/ anomaly detectors on the Numenta Anomaly Benchmark's
// realAdExchange files (hourly CPC and CPM of ad exchanges, with labelled anomaly windows).
// Shared by bench/optimize/nab_evaluation.cpp (the report) and tests/optimize (a smoke test).
// Reads files; throws std::runtime_error on a missing or malformed file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "optimize/anomaly.h"

namespace nab {

// One labelled NAB data file. Rows are in file order; windows are inclusive row ranges.
struct DataFile {
  std::string key;  // "realAdExchange/exchange-2_cpc_results.csv"
  std::vector<std::string> timestamps;  // "YYYY-MM-DD HH:MM:SS"
  std::vector<double> values;
  struct Window {
    std::size_t first_row = 0;
    std::size_t last_row = 0;
  };
  std::vector<Window> windows;
  // NAB ignores the first 15% of rows (the detectors' warm-up): no detection there is scored.
  std::size_t probation_rows() const { return values.size() * 15 / 100; }
};

// The keys of realAdExchange_combined_windows.json under `anomaly_dir`, sorted.
std::vector<std::string> list_keys(const std::string& anomaly_dir);

// Loads `key`'s CSV and its windows from `anomaly_dir` (the folder holding README.md).
DataFile load(const std::string& anomaly_dir, const std::string& key);

// The file aggregated to one row per calendar day: the mean of that day's hourly values (NAB
// has no volumes to weight by), timestamped "YYYY-MM-DD 00:00:00"; a window covers every day
// that holds one of its rows.
DataFile to_daily(const DataFile& hourly);

// The rows on a regular grid of `step_hours` (1 or 24), counted from the first row's hour or
// day, so that index % 24 is the hour of day (hourly) and index % 7 the weekday (daily). Steps
// without a row are nullopt; rows sharing a step (one duplicate timestamp in exchange-2) are
// averaged.
struct Grid {
  std::vector<std::optional<double>> series;
  std::vector<std::size_t> step_of_row;
};
Grid to_grid(const DataFile& file, int step_hours);

enum class Method {
  seasonal_batch,   // optimize::detect_anomalies
  seasonal_causal,  // optimize::detect_latest_anomalies over every step, each on its past
  rolling_z,        // optimize::detect_rolling_z_score
};
const char* method_name(Method method);

struct RunSettings {
  Method method = Method::seasonal_causal;
  int step_hours = 1;  // 1: the hourly rows; 24: a file from to_daily
  int period = 24;     // seasonal methods: 24 for hourly rows, 7 for daily
  optimize::MetricKind kind = optimize::MetricKind::multiplicative;  // seasonal methods
  double threshold = 3.5;  // seasonal methods
  double max_anomaly_fraction = optimize::AnomalyOptions{}.max_anomaly_fraction;
  int rolling_window = 96;  // steps: four cycles, as the default 28 days are four weeks
  double rolling_threshold = 3.0;
  bool rolling_on_log = false;  // feed the baseline log(value) instead of value
};

// Runs the method on the file's grid and maps the flagged steps back to rows: a row is flagged
// when its step is (for a shared step, only the step's first row).
std::vector<bool> flag_rows(const DataFile& file, const RunSettings& settings);

// The scores of one file's flagged rows. Flags in the probation rows are ignored.
struct Evaluation {
  std::size_t windows = 0;
  std::size_t windows_detected = 0;  // windows holding at least one flagged row
  std::size_t flagged_rows = 0;
  std::size_t flagged_rows_in_windows = 0;
  // An event is a run of consecutive flagged rows; it is a true event when any of its rows
  // lies in a window, a false positive otherwise.
  std::size_t events = 0;
  std::size_t true_events = 0;
  // NAB's raw scores (nab/sweeper.py) for the standard, reward_low_FP_rate and
  // reward_low_FN_rate profiles; every flagged row counts, as in NAB.
  double nab_raw[3] = {0, 0, 0};

  std::size_t false_events() const { return events - true_events; }
  double recall() const;
  double precision() const;  // true events / events; 0 when there is no event
  Evaluation& operator+=(const Evaluation& other);
};
Evaluation evaluate(const DataFile& file, const std::vector<bool>& flagged_rows);

// NAB's normalised score for a profile (0 = no detections, 100 = every window found at its
// left edge with no false positive), for one file or a sum over files.
// profile: 0 standard, 1 reward_low_FP_rate, 2 reward_low_FN_rate.
double nab_normalised(const Evaluation& e, int profile);

}  // namespace nab
