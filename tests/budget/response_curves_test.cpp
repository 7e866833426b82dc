// Adstock and saturation against independent values: PyMC-Marketing's simulated data sets,
// whose generating parameters are known (../shared/data/mmm/README.md), closed forms, and finite
// differences for the slopes.
#include "budget/response_curves.h"

#include <gtest/gtest.h>

#include "budget/mmm_table.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using budget_test::read_columns;

void expect_close(const std::vector<double>& got, const std::vector<double>& want, double rel,
                  const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], rel * std::max(1.0, std::abs(want[i]))) << what << " row " << i;
  }
}

TEST(Adstock, ReproducesPymcMarketingsExampleDataSet) {
  // Geometric, normalised, l_max 8: α 0.4 (x1) and 0.2 (x2); logistic λ 4 and 3. The ground
  // truth file carries 10 significant digits.
  auto x = read_columns("pymc_marketing_mmm_example.csv");
  auto truth = read_columns("pymc_marketing_mmm_example_ground_truth.csv");
  budget::Adstock a1{budget::AdstockKind::geometric, 0.4, 1, 2, 8, true};
  budget::Adstock a2{budget::AdstockKind::geometric, 0.2, 1, 2, 8, true};
  auto ad1 = budget::apply_adstock(x["x1"], a1);
  auto ad2 = budget::apply_adstock(x["x2"], a2);
  expect_close(ad1, truth["x1_adstock"], 1e-8, "x1_adstock");
  expect_close(ad2, truth["x2_adstock"], 1e-8, "x2_adstock");
  budget::Saturation s1{budget::SaturationKind::logistic, 1, 1, 4, 1};
  budget::Saturation s2{budget::SaturationKind::logistic, 1, 1, 3, 1};
  std::vector<double> sat1, sat2;
  for (double v : ad1) sat1.push_back(budget::saturate(v, s1));
  for (double v : ad2) sat2.push_back(budget::saturate(v, s2));
  expect_close(sat1, truth["x1_saturated"], 1e-8, "x1_saturated");
  expect_close(sat2, truth["x2_saturated"], 1e-8, "x2_saturated");
}

TEST(Adstock, ReproducesPymcMarketingsRoasDataSet) {
  // Geometric, normalised, l_max 4: α 0.3 (x1) and 0.5 (x2); logistic λ 1.0 and 2.5 (to 1e-13).
  auto d = read_columns("pymc_marketing_mmm_roas_data.csv");
  auto ad1 = budget::apply_adstock(d["x1"], {budget::AdstockKind::geometric, 0.3, 1, 2, 4, true});
  auto ad2 = budget::apply_adstock(d["x2"], {budget::AdstockKind::geometric, 0.5, 1, 2, 4, true});
  expect_close(ad1, d["x1_adstock"], 1e-12, "x1_adstock");
  expect_close(ad2, d["x2_adstock"], 1e-12, "x2_adstock");
  for (std::size_t i = 0; i < ad1.size(); ++i) {
    EXPECT_NEAR(budget::saturate(ad1[i], {budget::SaturationKind::logistic, 1, 1, 1.0, 1}),
                d["x1_adstock_saturated"][i], 1e-12);
    EXPECT_NEAR(budget::saturate(ad2[i], {budget::SaturationKind::logistic, 1, 1, 2.5, 1}),
                d["x2_adstock_saturated"][i], 1e-12);
  }
}

TEST(Adstock, WeightsFollowTheirClosedForms) {
  auto geo = budget::adstock_weights({budget::AdstockKind::geometric, 0.5, 1, 2, 4, false});
  EXPECT_EQ(geo, (std::vector<double>{1, 0.5, 0.25, 0.125}));
  auto norm = budget::adstock_weights({budget::AdstockKind::geometric, 0.5, 1, 2, 4, true});
  EXPECT_NEAR(norm[0], 1 / 1.875, 1e-15);
  double sum = 0;
  for (double w : norm) sum += w;
  EXPECT_NEAR(sum, 1, 1e-15);
  // Weibull CDF with shape 1: the survival e^{−j/λ} multiplied over j = 1 … l gives
  // w_l = e^{−l(l+1)/(2λ)}.
  auto cdf = budget::adstock_weights({budget::AdstockKind::weibull_cdf, 0, 1, 3, 6, false});
  for (std::size_t l = 0; l < cdf.size(); ++l) {
    double d = static_cast<double>(l);
    EXPECT_NEAR(cdf[l], std::exp(-d * (d + 1) / 6), 1e-12) << l;
  }
  // Weibull PDF with shape 2, scale 3 peaks where the density does: y = λ·√((k−1)/k) ≈ 2.12,
  // i.e. lag 1 (y = 2) — a delayed effect.
  auto pdf = budget::adstock_weights({budget::AdstockKind::weibull_pdf, 0, 2, 3, 8, false});
  EXPECT_DOUBLE_EQ(pdf[1], 1.0);
  EXPECT_LT(pdf[0], pdf[1]);
  EXPECT_LT(pdf[2], pdf[1]);
}

TEST(Adstock, CarriesSpendForwardAndKeepsItsTotalWhenNormalised) {
  std::vector<double> spend = {100, 0, 0, 0, 0, 0};
  auto out = budget::apply_adstock(spend, {budget::AdstockKind::geometric, 0.5, 1, 2, 3, false});
  EXPECT_EQ(out, (std::vector<double>{100, 50, 25, 0, 0, 0}));
  auto normalised = budget::apply_adstock(spend, {budget::AdstockKind::weibull_cdf, 0, 0.7, 2, 4, true});
  double total = 0;
  for (double v : normalised) total += v;
  EXPECT_NEAR(total, 100, 1e-9);
}

TEST(Saturation, ClosedFormsAndTheMichaelisMentenSpecialCase) {
  budget::Saturation hill{budget::SaturationKind::hill, 4, 2, 1, 1};
  EXPECT_DOUBLE_EQ(budget::saturate(4, hill), 0.5);
  EXPECT_NEAR(budget::saturate(8, hill), 64.0 / (64 + 16), 1e-15);
  EXPECT_EQ(budget::saturate(0, hill), 0);
  EXPECT_EQ(budget::saturate(-3, hill), 0);
  EXPECT_NEAR(budget::saturate(1e300, hill), 1, 1e-15) << "no overflow";
  budget::Saturation mm{budget::SaturationKind::michaelis_menten, 5, 1, 1, 200};
  budget::Saturation hill1{budget::SaturationKind::hill, 5, 1, 1, 1};
  for (double x : {0.0, 0.5, 5.0, 50.0}) {
    EXPECT_NEAR(budget::saturate(x, mm), 200 * budget::saturate(x, hill1), 1e-12) << x;
  }
  budget::Saturation logistic{budget::SaturationKind::logistic, 1, 1, 2, 1};
  EXPECT_NEAR(budget::saturate(0.7, logistic), (1 - std::exp(-1.4)) / (1 + std::exp(-1.4)), 1e-15);
}

TEST(Saturation, SlopesMatchCentralDifferences) {
  const std::vector<budget::Saturation> curves = {
      {budget::SaturationKind::hill, 4, 2, 1, 1},
      {budget::SaturationKind::hill, 0.3, 0.6, 1, 1},
      {budget::SaturationKind::logistic, 1, 1, 3, 1},
      {budget::SaturationKind::michaelis_menten, 5, 1, 1, 200}};
  for (const auto& c : curves) {
    for (double x : {0.05, 0.5, 2.0, 7.5}) {
      double h = 1e-6 * std::max(1.0, x);
      double numeric = (budget::saturate(x + h, c) - budget::saturate(x - h, c)) / (2 * h);
      EXPECT_NEAR(budget::saturation_slope(x, c), numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
          << static_cast<int>(c.kind) << " at " << x;
    }
  }
}

TEST(ResponseCurves, ParametersOutOfRangeAreNamed) {
  auto message = [](auto fn) {
    try {
      fn();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([] { budget::adstock_weights({budget::AdstockKind::geometric, 1.0, 1, 2, 8, true}); })
                .find("adstock.alpha"), std::string::npos);
  EXPECT_NE(message([] { budget::adstock_weights({budget::AdstockKind::weibull_pdf, 0, 0, 2, 8, true}); })
                .find("adstock.shape"), std::string::npos);
  EXPECT_NE(message([] { budget::adstock_weights({budget::AdstockKind::geometric, 0.5, 1, 2, 0, true}); })
                .find("adstock.window"), std::string::npos);
  EXPECT_NE(message([] { budget::saturate(1, {budget::SaturationKind::hill, 0, 1, 1, 1}); })
                .find("saturation.half_saturation"), std::string::npos);
  EXPECT_NE(message([] { budget::saturate(1, {budget::SaturationKind::logistic, 1, 1, -2, 1}); })
                .find("saturation.lambda"), std::string::npos);
}

}  // namespace

TEST(ResponseCurve, ContributionsCarryHistoryAndSettleAtTheSteadyState) {
  budget::ResponseCurve curve;
  curve.adstock = {.kind = budget::AdstockKind::geometric, .alpha = 0.5, .window = 3,
                   .normalized = false};
  curve.saturation = {.kind = budget::SaturationKind::michaelis_menten,
                      .half_saturation = 2, .max_response = 1};
  curve.beta = 10;
  curve.scale = 4;
  // Weights 1, 0.5, 0.25: with history {8, 4} the first level is 2 + 0.5·4 + 0.25·8 = 6.
  std::vector<double> spend{2, 2, 2, 2};
  std::vector<double> history{8, 4};
  auto c = budget::contributions(spend, curve, history);
  EXPECT_NEAR(c[0], 10 * (6.0 / 4) / (2 + 6.0 / 4), 1e-12);
  // From the third period on only the constant spend is in the window: level 2·1.75 = 3.5.
  EXPECT_NEAR(c[3], budget::steady_state_response(2, curve), 1e-12);
  EXPECT_NEAR(c[3], 10 * (3.5 / 4) / (2 + 3.5 / 4), 1e-12);
  double h = 1e-6;
  EXPECT_NEAR(budget::steady_state_slope(2, curve),
              (budget::steady_state_response(2 + h, curve) -
               budget::steady_state_response(2 - h, curve)) / (2 * h),
              1e-8);
}
