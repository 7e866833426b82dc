// The NAB evaluation (bench/optimize/nab_evaluation.cpp) on one file: it loads, maps the
// labelled windows to rows, runs every method and scores it within the benchmark's bounds.
#include <gtest/gtest.h>

#include "optimize/nab.h"

namespace {
const std::string kDir = STRATEGIST_SHARED_DIR "/data/anomaly";
const std::string kKey = "realAdExchange/exchange-2_cpc_results.csv";
}  // namespace

TEST(NabEvaluation, LoadsOneFileWithItsWindowAndHourlyGrid) {
  const nab::DataFile file = nab::load(kDir, kKey);
  EXPECT_EQ(file.values.size(), 1624u);
  ASSERT_EQ(file.windows.size(), 1u);
  EXPECT_EQ(file.timestamps[file.windows[0].first_row], "2011-07-11 04:00:01");
  EXPECT_EQ(file.timestamps[file.windows[0].last_row], "2011-07-17 22:00:01");
  const nab::Grid grid = nab::to_grid(file, 1);
  // 2011-07-01 00:00 to 2011-09-07 15:00 is 68 days and 15 hours.
  EXPECT_EQ(grid.series.size(), 68u * 24 + 16);
  EXPECT_EQ(grid.step_of_row.back(), grid.series.size() - 1);
  const nab::DataFile daily = nab::to_daily(file);
  EXPECT_EQ(daily.values.size(), 69u);  // 2011-07-01 .. 2011-09-07
  ASSERT_EQ(daily.windows.size(), 1u);
  EXPECT_EQ(daily.timestamps[daily.windows[0].first_row], "2011-07-11 00:00:00");
  EXPECT_EQ(daily.timestamps[daily.windows[0].last_row], "2011-07-17 00:00:00");
  EXPECT_EQ(nab::to_grid(daily, 24).series.size(), 69u);
}

TEST(NabEvaluation, EveryMethodCompletesWithScoresInRange) {
  const nab::DataFile file = nab::load(kDir, kKey);
  for (auto method : {nab::Method::seasonal_batch, nab::Method::seasonal_causal,
                      nab::Method::rolling_z}) {
    nab::RunSettings settings;
    settings.method = method;
    const auto flags = nab::flag_rows(file, settings);
    ASSERT_EQ(flags.size(), file.values.size());
    const nab::Evaluation e = nab::evaluate(file, flags);
    EXPECT_EQ(e.windows, 1u) << nab::method_name(method);
    EXPECT_LE(e.windows_detected, e.windows);
    EXPECT_LE(e.true_events, e.events);
    EXPECT_LE(e.flagged_rows_in_windows, e.flagged_rows);
    for (int p = 0; p < 3; ++p) EXPECT_LE(nab::nab_normalised(e, p), 100.0);
  }
}

TEST(NabEvaluation, NabScoreOfNoDetectionIsZeroAndOfAnEarlyHitIsAHundred) {
  const nab::DataFile file = nab::load(kDir, kKey);
  std::vector<bool> flags(file.values.size(), false);
  EXPECT_DOUBLE_EQ(nab::nab_normalised(nab::evaluate(file, flags), 0), 0.0);
  flags[file.windows[0].first_row] = true;
  const nab::Evaluation e = nab::evaluate(file, flags);
  EXPECT_EQ(e.windows_detected, 1u);
  EXPECT_EQ(e.events, 1u);
  EXPECT_NEAR(nab::nab_normalised(e, 0), 100.0, 1e-9);
  flags[file.values.size() - 1] = true;  // one false positive, far after the window
  EXPECT_NEAR(nab::evaluate(file, flags).nab_raw[0], 1.0 - 0.11, 1e-9);
}
