#include "optimize/nab.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "core/date.h"
#include "optimize/anomaly.h"

namespace nab {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json read_windows(const std::string& anomaly_dir) {
  return nlohmann::json::parse(read_text(anomaly_dir + "/realAdExchange_combined_windows.json"));
}

// "2011-07-01 13:00:01" -> hours since 1970-01-01 00:00.
long hours_since_epoch(const std::string& timestamp) {
  const auto date = core::parse_iso_date(std::string_view(timestamp).substr(0, 10));
  if (!date || timestamp.size() < 13 || timestamp[10] != ' ') {
    throw std::runtime_error("bad timestamp: " + timestamp);
  }
  return static_cast<long>(date->days_since_epoch) * 24 + std::stol(timestamp.substr(11, 2));
}

std::size_t row_of(const DataFile& file, std::string timestamp) {
  if (auto dot = timestamp.find('.'); dot != std::string::npos) timestamp.resize(dot);
  for (std::size_t r = 0; r < file.timestamps.size(); ++r) {
    if (file.timestamps[r] == timestamp) return r;
  }
  throw std::runtime_error("window edge " + timestamp + " is not a row of " + file.key);
}

}  // namespace

std::vector<std::string> list_keys(const std::string& anomaly_dir) {
  std::vector<std::string> keys;
  const nlohmann::json windows = read_windows(anomaly_dir);
  for (const auto& item : windows.items()) keys.push_back(item.key());
  return keys;
}

DataFile load(const std::string& anomaly_dir, const std::string& key) {
  DataFile file;
  file.key = key;
  std::istringstream csv(read_text(anomaly_dir + "/" + key));
  std::string line;
  std::getline(csv, line);
  if (line.rfind("timestamp,value", 0) != 0) throw std::runtime_error(key + ": unexpected header");
  while (std::getline(csv, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto comma = line.find(',');
    if (comma == std::string::npos) throw std::runtime_error(key + ": bad row " + line);
    file.timestamps.push_back(line.substr(0, comma));
    file.values.push_back(std::stod(line.substr(comma + 1)));
  }
  const auto windows = read_windows(anomaly_dir);
  if (!windows.contains(key)) throw std::runtime_error(key + ": no windows in the label file");
  for (const auto& w : windows.at(key)) {
    file.windows.push_back({row_of(file, w.at(0).get<std::string>()),
                            row_of(file, w.at(1).get<std::string>())});
  }
  return file;
}

DataFile to_daily(const DataFile& hourly) {
  DataFile daily;
  daily.key = hourly.key;
  std::vector<std::size_t> day_of_row;
  std::vector<double> sums;
  std::vector<int> counts;
  for (std::size_t r = 0; r < hourly.values.size(); ++r) {
    const std::string day = hourly.timestamps[r].substr(0, 10);
    if (daily.timestamps.empty() || daily.timestamps.back().substr(0, 10) != day) {
      daily.timestamps.push_back(day + " 00:00:00");
      sums.push_back(0.0);
      counts.push_back(0);
    }
    sums.back() += hourly.values[r];
    ++counts.back();
    day_of_row.push_back(daily.timestamps.size() - 1);
  }
  for (std::size_t d = 0; d < sums.size(); ++d) daily.values.push_back(sums[d] / counts[d]);
  for (const auto& w : hourly.windows) {
    daily.windows.push_back({day_of_row[w.first_row], day_of_row[w.last_row]});
  }
  return daily;
}

Grid to_grid(const DataFile& file, int step_hours) {
  Grid grid;
  if (file.values.empty()) return grid;
  const long start = hours_since_epoch(file.timestamps.front()) / step_hours;
  std::vector<double> sums;
  std::vector<int> counts;
  for (std::size_t r = 0; r < file.values.size(); ++r) {
    const long step = hours_since_epoch(file.timestamps[r]) / step_hours - start;
    if (step < 0) throw std::runtime_error(file.key + ": rows out of order");
    const auto s = static_cast<std::size_t>(step);
    if (s >= sums.size()) {
      sums.resize(s + 1, 0.0);
      counts.resize(s + 1, 0);
    }
    sums[s] += file.values[r];
    ++counts[s];
    grid.step_of_row.push_back(s);
  }
  grid.series.resize(sums.size());
  for (std::size_t s = 0; s < sums.size(); ++s) {
    if (counts[s] > 0) grid.series[s] = sums[s] / counts[s];
  }
  return grid;
}

const char* method_name(Method method) {
  switch (method) {
    case Method::seasonal_batch: return "seasonal median, batch";
    case Method::seasonal_causal: return "seasonal median, causal";
    case Method::rolling_z: return "rolling z-score";
  }
  return "?";
}

std::vector<bool> flag_rows(const DataFile& file, const RunSettings& settings) {
  Grid grid = to_grid(file, settings.step_hours);
  optimize::AnomalyReport report;
  if (settings.method == Method::rolling_z) {
    if (settings.rolling_on_log) {
      for (auto& v : grid.series) {
        if (v) v = *v > 0 ? std::optional<double>(std::log(*v)) : std::nullopt;
      }
    }
    optimize::RollingZScoreOptions options;
    options.window = settings.rolling_window;
    options.threshold = settings.rolling_threshold;
    report = optimize::detect_rolling_z_score(grid.series, options);
  } else {
    optimize::AnomalyOptions options;
    options.period = settings.period;
    options.kind = settings.kind;
    options.threshold = settings.threshold;
    options.max_anomaly_fraction = settings.max_anomaly_fraction;
    if (settings.method == Method::seasonal_batch) {
      report = optimize::detect_anomalies(grid.series, options);
    } else {
      options.evaluate_last = grid.series.size();  // every step, each judged on its past
      report = optimize::detect_latest_anomalies(grid.series, options);
    }
  }
  std::vector<bool> flagged_step(grid.series.size(), false);
  for (const auto& a : report.anomalies) flagged_step[a.index] = true;
  std::vector<bool> flagged(file.values.size(), false);
  for (std::size_t r = 0; r < flagged.size(); ++r) {
    const bool first_of_step = r == 0 || grid.step_of_row[r - 1] != grid.step_of_row[r];
    flagged[r] = first_of_step && flagged_step[grid.step_of_row[r]];
  }
  return flagged;
}

namespace {

// nab/sweeper.py's scaledSigmoid.
double scaled_sigmoid(double relative_position) {
  if (relative_position >= 3.0) return -1.0;
  return 2.0 / (1.0 + std::exp(5.0 * relative_position)) - 1.0;
}

constexpr double kTpWeight[3] = {1.0, 1.0, 1.0};
constexpr double kFpWeight[3] = {0.11, 0.22, 0.11};
constexpr double kFnWeight[3] = {1.0, 1.0, 2.0};

}  // namespace

double Evaluation::recall() const {
  return windows == 0 ? 0.0 : static_cast<double>(windows_detected) / windows;
}

double Evaluation::precision() const {
  return events == 0 ? 0.0 : static_cast<double>(true_events) / events;
}

Evaluation& Evaluation::operator+=(const Evaluation& other) {
  windows += other.windows;
  windows_detected += other.windows_detected;
  flagged_rows += other.flagged_rows;
  flagged_rows_in_windows += other.flagged_rows_in_windows;
  events += other.events;
  true_events += other.true_events;
  for (int p = 0; p < 3; ++p) nab_raw[p] += other.nab_raw[p];
  return *this;
}

Evaluation evaluate(const DataFile& file, const std::vector<bool>& flagged_rows) {
  const std::size_t rows = file.values.size();
  const std::size_t first = file.probation_rows();
  std::vector<int> window_of(rows, -1);
  for (std::size_t w = 0; w < file.windows.size(); ++w) {
    for (std::size_t r = file.windows[w].first_row; r <= file.windows[w].last_row; ++r) {
      window_of[r] = static_cast<int>(w);
    }
  }
  const auto flagged = [&](std::size_t r) { return r >= first && flagged_rows[r]; };

  Evaluation e;
  std::vector<bool> detected(file.windows.size(), false);
  std::vector<bool> scorable(file.windows.size(), false);
  for (std::size_t r = first; r < rows; ++r) {
    if (window_of[r] >= 0) scorable[window_of[r]] = true;
  }
  bool event_is_true = false;
  for (std::size_t r = first; r < rows; ++r) {
    if (!flagged(r)) continue;
    ++e.flagged_rows;
    const bool in_window = window_of[r] >= 0;
    if (in_window) {
      ++e.flagged_rows_in_windows;
      detected[window_of[r]] = true;
    }
    if (r == first || !flagged(r - 1)) {  // a new event starts
      ++e.events;
      event_is_true = false;
    }
    if (in_window && !event_is_true) {
      ++e.true_events;
      event_is_true = true;
    }
  }

  // NAB: a window scores its earliest detection (sigmoid of the relative position, scaled so
  // the left edge scores tpWeight) or −fnWeight if missed; each flagged row outside windows
  // costs fpWeight times the sigmoid of its distance past the previous window (−1 before any).
  for (int p = 0; p < 3; ++p) {
    const double max_tp = scaled_sigmoid(-1.0);
    std::vector<double> window_score(file.windows.size(), -kFnWeight[p]);
    double fp_sum = 0;
    std::optional<std::size_t> previous;  // the last window whose right edge is behind r
    std::size_t next = 0;
    for (std::size_t r = first; r < rows; ++r) {
      while (next < file.windows.size() && file.windows[next].last_row < r) previous = next++;
      if (!flagged(r)) continue;
      if (const int w = window_of[r]; w >= 0) {
        const auto& win = file.windows[w];
        const double width = static_cast<double>(win.last_row - win.first_row + 1);
        const double position = -static_cast<double>(win.last_row - r + 1) / width;
        window_score[w] =
            std::max(window_score[w], scaled_sigmoid(position) * kTpWeight[p] / max_tp);
      } else if (!previous) {
        fp_sum += -1.0 * kFpWeight[p];
      } else {
        const auto& win = file.windows[*previous];
        const double width = static_cast<double>(win.last_row - win.first_row + 1);
        fp_sum += scaled_sigmoid(static_cast<double>(r - win.last_row) / (width - 1)) *
                  kFpWeight[p];
      }
    }
    e.nab_raw[p] = fp_sum;
    for (std::size_t w = 0; w < file.windows.size(); ++w) {
      if (scorable[w]) e.nab_raw[p] += window_score[w];
    }
  }
  for (std::size_t w = 0; w < file.windows.size(); ++w) {
    if (!scorable[w]) continue;
    ++e.windows;
    if (detected[w]) ++e.windows_detected;
  }
  return e;
}

double nab_normalised(const Evaluation& e, int profile) {
  const double windows = static_cast<double>(e.windows);
  const double null_score = -kFnWeight[profile] * windows;
  const double perfect = kTpWeight[profile] * windows;
  if (perfect == null_score) return 0;
  return 100.0 * (e.nab_raw[profile] - null_score) / (perfect - null_score);
}

}  // namespace nab
