// The Cookie Cats gate test (../shared/data/abtests/cookie_cats.csv, 90,189 players): moving the
// first gate from level 30 to level 40 lowers 7-day retention — the well-known significant drop
// (19.02% → 18.20%). Reference values: reference_values.py on the same CSV.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "experiments/analysis.h"
#include "experiments_test_support.h"

namespace {

using namespace experiments_test;

Experiment load_cookie_cats() {
  std::ifstream in(STRATEGIST_SHARED_DIR "/data/abtests/cookie_cats.csv");
  EXPECT_TRUE(in.good()) << "cookie_cats.csv not found";
  Experiment e;
  e.hypothesis = "moving the first gate to level 40 does not hurt retention";
  e.variants = {{"gate_30", 0.5}, {"gate_40", 0.5}};
  e.metrics = {MetricData{metric("retention_7"), std::vector<VariantData>(2)},
               MetricData{metric("retention_1", MetricKind::proportion, MetricRole::secondary),
                          std::vector<VariantData>(2)},
               MetricData{metric("sum_gamerounds", MetricKind::mean, MetricRole::secondary),
                          std::vector<VariantData>(2)}};
  std::string line;
  std::getline(in, line);  // userid,version,sum_gamerounds,retention_1,retention_7
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::stringstream fields(line);
    std::string id, version, rounds, r1, r7;
    std::getline(fields, id, ',');
    std::getline(fields, version, ',');
    std::getline(fields, rounds, ',');
    std::getline(fields, r1, ',');
    std::getline(fields, r7, ',');
    const std::size_t k = version == "gate_30" ? 0 : 1;
    const double values[3] = {r7 == "TRUE" ? 1.0 : 0.0, r1 == "TRUE" ? 1.0 : 0.0,
                              std::stod(rounds)};
    for (std::size_t m = 0; m < 3; ++m) {
      auto& v = e.metrics[m].variants[k];
      v.units += 1;
      v.sum += values[m];
      v.sum_squares += values[m] * values[m];
    }
  }
  return e;
}

TEST(CookieCats, Gate40LowersSevenDayRetentionSignificantly) {
  const auto result = analyze(load_cookie_cats());
  const auto& r7 = result.metrics[0];
  EXPECT_EQ(r7.control.units, 44700);
  EXPECT_EQ(r7.variants[0].summary.units, 45489);
  EXPECT_NEAR(*r7.control.value, 0.190201342282, 1e-11);              // 8,502 / 44,700
  EXPECT_NEAR(*r7.variants[0].summary.value, 0.182000043967, 1e-11);  // 8,279 / 45,489
  const auto& lift = *r7.variants[0].relative;
  EXPECT_NEAR(lift.value, -0.0431190348965, 1e-11);
  EXPECT_NEAR(lift.p_value, 0.00121714066315, 1e-10);
  EXPECT_NEAR(lift.interval.lower, -0.0692445770096, 1e-10);
  EXPECT_NEAR(lift.interval.upper, -0.0169934927833, 1e-10);
  EXPECT_NEAR(r7.variants[0].absolute->p_value, 0.00155582557371, 1e-10);
  EXPECT_EQ(r7.variants[0].verdict, Verdict::worse);
  EXPECT_NEAR(r7.variants[0].bayesian->chance_to_beat_control, 0.000608570331577, 1e-10);

  // 1-day retention: −1.3%, not significant at 5%; game rounds: no difference (Welch p = 0.38).
  EXPECT_NEAR(result.metrics[1].variants[0].relative->p_value, 0.0724931114668, 1e-10);
  EXPECT_EQ(result.metrics[1].variants[0].verdict, Verdict::inconclusive);
  EXPECT_NEAR(result.metrics[2].variants[0].absolute->p_value, 0.3759243841, 1e-8);
  EXPECT_NEAR(result.metrics[2].variants[0].degrees_of_freedom, 58595.48142, 1e-3);

  // 44,700 vs 45,489 at 50/50: χ² = 6.90, p = 0.0086 — above the 0.001 alarm.
  EXPECT_NEAR(result.srm.chi_squared, 6.90240494961, 1e-9);
  EXPECT_NEAR(result.srm.p_value, 0.00860798781084, 1e-11);
  EXPECT_FALSE(result.srm.mismatch);

  EXPECT_EQ(result.decision, Decision::stop_for_futility) << result.report();
  ASSERT_FALSE(result.reasons.empty());
  EXPECT_NE(result.reasons[0].find("worse: retention_7: gate_40 -4.3% vs gate_30"),
            std::string::npos)
      << result.reasons[0];
}

}  // namespace
