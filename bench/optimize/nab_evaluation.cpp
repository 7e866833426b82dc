// Scores the anomaly detectors on NAB's realAdExchange files and prints the Markdown tables
// recorded in docs/anomaly-detection.md.
//
//   build/bench/nab_evaluation [anomaly_dir]    (default: STRATEGIST_SHARED_DIR/data/anomaly)
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "optimize/nab.h"

namespace {

using optimize::MetricKind;

struct Config {
  std::string name;
  nab::RunSettings settings;
};

nab::RunSettings seasonal(nab::Method method, MetricKind kind) {
  nab::RunSettings s;
  s.method = method;
  s.kind = kind;
  return s;
}

nab::RunSettings rolling(bool on_log) {
  nab::RunSettings s;
  s.method = nab::Method::rolling_z;
  s.rolling_on_log = on_log;
  return s;
}

// What a caller would run on CPC and CPM (positive ratios): the seasonal detector in
// multiplicative mode, against the baseline as the issue specified it (plain values).
const std::vector<Config> kMain = {
    {"seasonal median, batch", seasonal(nab::Method::seasonal_batch, MetricKind::multiplicative)},
    {"seasonal median, causal",
     seasonal(nab::Method::seasonal_causal, MetricKind::multiplicative)},
    {"rolling z-score (baseline)", rolling(false)},
};

// The same methods with the value transform swapped, to separate the method from the log.
const std::vector<Config> kVariants = {
    {"seasonal median, batch, additive",
     seasonal(nab::Method::seasonal_batch, MetricKind::additive)},
    {"seasonal median, causal, additive",
     seasonal(nab::Method::seasonal_causal, MetricKind::additive)},
    {"rolling z-score on log(value)", rolling(true)},
};

void print_header(bool with_file) {
  std::printf("| %smethod | windows found | recall | events | false events | precision | "
              "flagged rows | NAB standard | NAB low FP | NAB low FN |\n",
              with_file ? "file | " : "");
  std::printf("|%s---|---|---|---|---|---|---|---|---|---|\n", with_file ? "---|" : "");
}

void print_row(const std::string& file, const std::string& method, const nab::Evaluation& e,
               bool with_nab = true) {
  std::printf("| %s%s | %zu/%zu | %.2f | %zu | %zu | %.2f | %zu |", file.c_str(),
              method.c_str(), e.windows_detected, e.windows, e.recall(), e.events,
              e.false_events(), e.precision(), e.flagged_rows);
  if (with_nab) {
    std::printf(" %.1f | %.1f | %.1f |\n", nab::nab_normalised(e, 0), nab::nab_normalised(e, 1),
                nab::nab_normalised(e, 2));
  } else {
    std::printf(" – | – | – |\n");
  }
}

nab::Evaluation run_all(const std::vector<nab::DataFile>& files, const nab::RunSettings& s) {
  nab::Evaluation total;
  for (const auto& file : files) total += nab::evaluate(file, nab::flag_rows(file, s));
  return total;
}

void print_per_file(const std::vector<nab::DataFile>& files) {
  std::printf("### Hourly rows, period 24: per file\n\n");
  print_header(true);
  std::vector<nab::Evaluation> totals(kMain.size());
  for (const auto& file : files) {
    const std::string name = file.key.substr(file.key.find('/') + 1);
    for (std::size_t c = 0; c < kMain.size(); ++c) {
      const nab::Evaluation e = nab::evaluate(file, nab::flag_rows(file, kMain[c].settings));
      totals[c] += e;
      print_row(name + " | ", kMain[c].name, e);
    }
  }
  for (std::size_t c = 0; c < kMain.size(); ++c) {
    print_row("**total** | ", kMain[c].name, totals[c]);
  }
}

void print_variants(const std::vector<nab::DataFile>& files) {
  std::printf("\n### Hourly rows: the transform swapped (totals)\n\n");
  print_header(false);
  for (const auto& config : kVariants) print_row("", config.name, run_all(files, config.settings));
}

void print_sweep(const std::vector<nab::DataFile>& files) {
  std::printf("\n### Hourly rows: sensitivity to the threshold (totals)\n\n");
  print_header(false);
  for (const auto& config : kMain) {
    const bool is_rolling = config.settings.method == nab::Method::rolling_z;
    const std::vector<double> thresholds =
        is_rolling ? std::vector<double>{2.5, 3.0, 3.5, 4.0, 5.0}
                   : std::vector<double>{3.0, 3.5, 4.0, 5.0, 6.0};
    for (double threshold : thresholds) {
      nab::RunSettings s = config.settings;
      (is_rolling ? s.rolling_threshold : s.threshold) = threshold;
      char name[128];
      std::snprintf(name, sizeof name, "%s @ %.1f", config.name.c_str(), threshold);
      print_row("", name, run_all(files, s));
    }
  }
}

void print_daily(const std::vector<nab::DataFile>& files) {
  std::printf("\n### Daily means, period 7 (the product's grain; totals)\n\n");
  std::vector<nab::DataFile> daily;
  for (const auto& file : files) daily.push_back(nab::to_daily(file));
  print_header(false);
  for (const auto& config : kMain) {
    nab::RunSettings s = config.settings;
    s.step_hours = 24;
    s.period = 7;
    s.rolling_window = 28;
    print_row("", config.name, run_all(daily, s), false);
  }
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string dir = argc > 1 ? argv[1] : STRATEGIST_SHARED_DIR "/data/anomaly";
  std::vector<nab::DataFile> files;
  for (const auto& key : nab::list_keys(dir)) files.push_back(nab::load(dir, key));
  const nab::RunSettings defaults;
  std::printf("NAB realAdExchange, %zu files. Seasonal: threshold %.1f, max fraction %.2f, "
              "history %d periods (causal). Baseline: window %d steps, threshold %.1f.\n\n",
              files.size(), defaults.threshold, defaults.max_anomaly_fraction,
              optimize::AnomalyOptions{}.history_periods, defaults.rolling_window,
              defaults.rolling_threshold);
  std::size_t scorable = 0;
  std::size_t in_windows = 0;
  for (const auto& file : files) {
    scorable += file.values.size() - file.probation_rows();
    for (const auto& w : file.windows) in_windows += w.last_row - w.first_row + 1;
  }
  std::printf("Chance level: %zu of the %zu scored rows (%.1f%%) lie inside a window.\n\n",
              in_windows, scorable, 100.0 * in_windows / scorable);
  print_per_file(files);
  print_variants(files);
  print_sweep(files);
  print_daily(files);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "nab_evaluation: %s\n", e.what());
  return 1;
}
