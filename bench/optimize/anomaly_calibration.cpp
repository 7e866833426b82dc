// Calibration on synthetic years, for docs/anomaly-detection.md: the false-alarm rate on clean
// series (the share of scored days with |score| over the threshold) and the share of injected
// departures found, per method, so the threshold's meaning is measured rather than assumed.
//
//   build/bench/anomaly_calibration
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <vector>

#include "optimize/anomaly.h"

namespace {

using Series = std::vector<std::optional<double>>;
constexpr int kDays = 365;
constexpr int kSeeds = 300;
constexpr double kWeekly[7] = {40, 60, 70, 50, 20, -100, -140};

// Level 1000 plus a weekly pattern plus Gaussian noise (sd 20).
Series additive_year(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 20.0);
  Series s(kDays);
  for (int d = 0; d < kDays; ++d) s[d] = 1000 + kWeekly[d % 7] + noise(rng);
  return s;
}

// The same pattern as factors, a level that quadruples over the year, 8% log-normal noise.
Series multiplicative_year(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.08);
  Series s(kDays);
  for (int d = 0; d < kDays; ++d) {
    s[d] = (1000 + kWeekly[d % 7]) * (1.0 + 3.0 * d / kDays) * std::exp(noise(rng));
  }
  return s;
}

struct Rate {
  std::size_t over = 0;
  std::size_t scored = 0;
  void add(const optimize::AnomalyReport& r) {
    over += r.points_over_threshold;
    scored += r.points_evaluated;
  }
  double percent() const { return scored == 0 ? 0.0 : 100.0 * over / scored; }
};

// How often one injected departure of `sigmas` noise sd (a spike, or a dip when negative) on
// a random day after the first 8 weeks is flagged, at the default thresholds.
void print_recall() {
  std::printf("\n| series | injected departure | batch | causal (16 periods) | "
              "rolling z-score |\n|---|---|---|---|---|\n");
  for (bool multiplicative : {false, true}) {
    for (double sigmas : {4.0, 6.0, -4.0, -6.0}) {
      Rate batch, causal, rolling;
      for (unsigned seed = 1; seed <= kSeeds; ++seed) {
        Series s = multiplicative ? multiplicative_year(seed) : additive_year(seed);
        const int day = 56 + static_cast<int>(std::mt19937(seed + 7777)() % (kDays - 56));
        if (multiplicative) {
          *s[day] *= std::exp(sigmas * 0.08);
        } else {
          *s[day] += sigmas * 20.0;
        }
        const auto found = [day](const optimize::AnomalyReport& r) {
          for (const auto& a : r.anomalies) {
            if (a.index == static_cast<std::size_t>(day)) return std::size_t{1};
          }
          return std::size_t{0};
        };
        optimize::AnomalyOptions options;
        options.kind = multiplicative ? optimize::MetricKind::multiplicative
                                      : optimize::MetricKind::additive;
        batch.over += found(optimize::detect_anomalies(s, options));
        options.evaluate_last = kDays - day;  // the injected day is the first scored
        causal.over += found(optimize::detect_latest_anomalies(s, options));
        rolling.over += found(optimize::detect_rolling_z_score(s));
        batch.scored = causal.scored = rolling.scored = seed;
      }
      std::printf("| %s | %+.0f sd | %.0f%% | %.0f%% | %.0f%% |\n",
                  multiplicative ? "multiplicative, trend x4, 8% noise" : "additive, sd 20",
                  sigmas, batch.percent(), causal.percent(), rolling.percent());
    }
  }
}

}  // namespace

int main() {
  std::printf("| series | threshold | normal tail | batch | causal (16 periods) | "
              "rolling z-score |\n|---|---|---|---|---|---|\n");
  for (bool multiplicative : {false, true}) {
    for (double threshold : {3.0, 3.5, 4.0}) {
      Rate batch, causal, rolling;
      for (unsigned seed = 1; seed <= kSeeds; ++seed) {
        const Series s = multiplicative ? multiplicative_year(seed) : additive_year(seed);
        optimize::AnomalyOptions options;
        options.threshold = threshold;
        options.max_anomaly_fraction = 1.0;  // count every exceedance
        options.kind = multiplicative ? optimize::MetricKind::multiplicative
                                      : optimize::MetricKind::additive;
        batch.add(optimize::detect_anomalies(s, options));
        options.evaluate_last = 300;
        causal.add(optimize::detect_latest_anomalies(s, options));
        optimize::RollingZScoreOptions z;
        z.threshold = threshold;
        rolling.add(optimize::detect_rolling_z_score(s, z));
      }
      const double tail = 100.0 * std::erfc(threshold / std::sqrt(2.0));
      std::printf("| %s | %.1f | %.3f%% | %.3f%% | %.3f%% | %.3f%% |\n",
                  multiplicative ? "multiplicative, trend x4, 8% noise" : "additive, sd 20",
                  threshold, tail, batch.percent(), causal.percent(), rolling.percent());
    }
  }
  print_recall();
  return 0;
}
