#include "forecast/model.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "forecast/internal/xgb_model.h"

using forecast::Dataset;
using forecast::ModelKind;
using forecast::Regressor;
using forecast::RegressorOptions;

namespace {

// y = 3 + 2·x0 − 1.5·x1 + 0.5·x2 + noise, x ~ N(0, 1) with distinct scales per column.
Dataset linear_data(std::size_t rows, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  Dataset d;
  d.feature_names = {"x0", "x1", "x2"};
  d.rows = rows;
  for (std::size_t i = 0; i < rows; ++i) {
    const double x0 = normal(rng) * 2, x1 = normal(rng) + 5, x2 = normal(rng) * 0.1;
    d.x.insert(d.x.end(), {float(x0), float(x1), float(x2)});
    d.y.push_back(float(3 + 2 * x0 - 1.5 * x1 + 0.5 * x2 + 0.3 * normal(rng)));
  }
  return d;
}

// Independent ridge for the 3-feature data above: standardize with population sd, form
// ZᵀZ + λI and Zᵀ(y − ȳ), solve by Gauss–Jordan elimination with partial pivoting, map back to
// the raw scale.
constexpr std::size_t kP = 3;
std::array<double, kP> normal_equations(const Dataset& d, double lambda, double& intercept) {
  const std::size_t n = d.rows;
  std::array<double, kP> mean{}, sd{};
  double ybar = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ybar += d.y[i] / double(n);
    for (std::size_t j = 0; j < kP; ++j) mean[j] += d.x[i * kP + j] / double(n);
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < kP; ++j)
      sd[j] += std::pow(d.x[i * kP + j] - mean[j], 2) / double(n);
  }
  for (double& s : sd) s = std::sqrt(s);
  std::array<std::array<double, kP + 1>, kP> a{};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < kP; ++j) {
      const double zj = (d.x[i * kP + j] - mean[j]) / sd[j];
      for (std::size_t k = 0; k < kP; ++k) a[j][k] += zj * (d.x[i * kP + k] - mean[k]) / sd[k];
      a[j][kP] += zj * (d.y[i] - ybar);
    }
  }
  for (std::size_t j = 0; j < kP; ++j) a[j][j] += lambda;
  for (std::size_t c = 0; c < kP; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < kP; ++r) {
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    }
    std::swap(a[c], a[pivot]);
    for (std::size_t r = 0; r < kP; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      for (std::size_t k = c; k <= kP; ++k) a[r][k] -= f * a[c][k];
    }
  }
  std::array<double, kP> beta{};
  intercept = ybar;
  for (std::size_t j = 0; j < kP; ++j) {
    beta[j] = a[j][kP] / a[j][j] / sd[j];
    intercept -= beta[j] * mean[j];
  }
  return beta;
}

double r_squared(const std::vector<float>& actual, const std::vector<float>& predicted) {
  double mean = 0, sse = 0, sst = 0;
  for (float v : actual) mean += v / double(actual.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    sse += std::pow(actual[i] - predicted[i], 2);
    sst += std::pow(actual[i] - mean, 2);
  }
  return 1 - sse / sst;
}

// y = sin(3·x0) + x1² + step(x2 > 0.5), x ~ U(−1, 1)³, light noise: no linear model fits it.
Dataset nonlinear_data(std::size_t rows, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  std::normal_distribution<double> noise(0, 0.05);
  Dataset d;
  d.feature_names = {"x0", "x1", "x2"};
  d.rows = rows;
  for (std::size_t i = 0; i < rows; ++i) {
    const double x0 = u(rng), x1 = u(rng), x2 = u(rng);
    d.x.insert(d.x.end(), {float(x0), float(x1), float(x2)});
    d.y.push_back(float(std::sin(3 * x0) + x1 * x1 + (x2 > 0.5 ? 1 : 0) + noise(rng)));
  }
  return d;
}

TEST(Ridge, EqualsTheNormalEquationsOnStandardizedFeatures) {
  const Dataset d = linear_data(500, 1);
  for (double lambda : {0.0, 1.0, 50.0}) {
    RegressorOptions options;
    options.ridge_lambda = lambda;
    const Regressor model = Regressor::train(ModelKind::linear, d, options);
    double intercept = 0;
    const std::array<double, kP> expected = normal_equations(d, lambda, intercept);
    ASSERT_EQ(model.linear_coefficients().size(), expected.size());
    for (std::size_t j = 0; j < expected.size(); ++j) {
      EXPECT_NEAR(model.linear_coefficients()[j], expected[j], 1e-6 * (1 + std::abs(expected[j])))
          << "lambda " << lambda << " coefficient " << j;
    }
    EXPECT_NEAR(model.linear_intercept(), intercept, 1e-5 * (1 + std::abs(intercept)));
  }
}

TEST(Ridge, KeepsAMonotoneCoefficientOnItsSide) {
  Dataset d = linear_data(400, 2);
  d.monotone = {0, +1, 0};  // x1's true effect is −1.5: constrained, it must become 0
  const Regressor model = Regressor::train(ModelKind::linear, d, {});
  EXPECT_EQ(model.linear_coefficients()[1], 0.0);
  EXPECT_NEAR(model.linear_coefficients()[0], 2.0, 0.1);
  d.monotone = {-1, 0, 0};  // x0's effect is +2: constrained to <= 0
  EXPECT_EQ(Regressor::train(ModelKind::linear, d, {}).linear_coefficients()[0], 0.0);
}

TEST(Trees, RecoverANonlinearFunction) {
  const Dataset train = nonlinear_data(4000, 3), test = nonlinear_data(1000, 4);
  for (ModelKind kind : {ModelKind::random_forest, ModelKind::gradient_boosting}) {
    const Regressor model = Regressor::train(kind, train, {});
    EXPECT_GT(r_squared(test.y, model.predict(test.x)), 0.9) << model_kind_name(kind);
  }
  // The same data defeats a linear model: the trees' score is earned.
  const Regressor linear = Regressor::train(ModelKind::linear, train, {});
  EXPECT_LT(r_squared(test.y, linear.predict(test.x)), 0.6);
}

TEST(Trees, HonourMonotoneConstraints) {
  Dataset d = nonlinear_data(3000, 5);  // sin(3·x0) rises and falls
  d.monotone = {+1, 0, 0};
  for (ModelKind kind : {ModelKind::random_forest, ModelKind::gradient_boosting}) {
    const Regressor model = Regressor::train(kind, d, {});
    for (float x1 : {-0.8f, 0.0f, 0.7f}) {
      float previous = -1e30f;
      for (int i = 0; i <= 200; ++i) {
        const float row[] = {-1.0f + i * 0.01f, x1, 0.6f};
        const float y = model.predict(row).front();
        EXPECT_GE(y, previous) << model_kind_name(kind) << " at x0 " << row[0];
        previous = y;
      }
    }
  }
}

TEST(Regressor, SavedAndLoadedPredictsIdentically) {
  const Dataset d = nonlinear_data(1500, 6);
  for (ModelKind kind :
       {ModelKind::linear, ModelKind::random_forest, ModelKind::gradient_boosting}) {
    const Regressor model = Regressor::train(kind, d, {});
    const Regressor loaded = Regressor::load(model.save());
    EXPECT_EQ(loaded.kind(), kind);
    EXPECT_EQ(loaded.predict(d.x), model.predict(d.x)) << model_kind_name(kind);
    EXPECT_EQ(loaded.save(), model.save());
  }
}

TEST(Regressor, CopiedTreesPredictBitForBitLikeXgboost) {
  const Dataset d = nonlinear_data(2000, 7);
  for (ModelKind kind : {ModelKind::random_forest, ModelKind::gradient_boosting}) {
    const auto model = forecast::internal::XgbModel::train(kind, d, {});
    std::vector<float> ours(d.rows), theirs(d.rows);
    model.predict(d.x, ours);
    model.predict_with_xgboost(d.x, theirs);
    EXPECT_EQ(ours, theirs) << model_kind_name(kind);
  }
}

TEST(Regressor, RejectsMalformedBytesAndData) {
  EXPECT_THROW(Regressor::load(""), std::invalid_argument);
  EXPECT_THROW(Regressor::load("not a model at all"), std::invalid_argument);
  const std::string saved =
      Regressor::train(ModelKind::gradient_boosting, nonlinear_data(300, 8), {}).save();
  EXPECT_THROW(Regressor::load(saved.substr(0, saved.size() / 2)), std::invalid_argument);
  std::string corrupted = saved;
  corrupted[corrupted.size() / 2] ^= 0x5a;  // caught by the checksum before XGBoost reads it
  EXPECT_THROW(Regressor::load(corrupted), std::invalid_argument);
  Dataset bad = nonlinear_data(10, 9);
  bad.y.pop_back();
  EXPECT_THROW(Regressor::train(ModelKind::linear, bad, {}), std::invalid_argument);
  Dataset nan = nonlinear_data(10, 9);
  nan.x[4] = std::nanf("");
  EXPECT_THROW(Regressor::train(ModelKind::random_forest, nan, {}), std::invalid_argument);
}

TEST(TreeEnsemble, RejectsDumpsThatAreNotTrees) {
  using forecast::internal::TreeEnsemble;
  const std::string_view good[] = {"0:[f1<0.5] yes=1,no=2,missing=1\n\t1:leaf=1\n\t2:leaf=2\n"};
  const auto ensemble = TreeEnsemble::from_text_dump(good, 0.5f, 2);
  const float rows[] = {0, 0.2f, 0, 0.7f};
  float out[2];
  ensemble.predict(rows, out);
  EXPECT_EQ(out[0], 1.5f);
  EXPECT_EQ(out[1], 2.5f);
  for (std::string_view dump :
       {"0:[f0<1] yes=0,no=1,missing=0\n1:leaf=1\n",            // a cycle
        "0:[f0<1] yes=1,no=5,missing=1\n1:leaf=1\n",            // a dangling child
        "0:[f7<1] yes=1,no=2,missing=1\n1:leaf=1\n2:leaf=0\n",  // no feature 7
        "0:[f0=1] yes=1\n",                                     // not XGBoost's text
        ""}) {
    EXPECT_THROW(TreeEnsemble::from_text_dump(std::span(&dump, 1), 0, 2), std::invalid_argument)
        << dump;
  }
}

TEST(ModelKind, NamesRoundTrip) {
  for (ModelKind kind : forecast::kModelKindsBySimplicity) {
    EXPECT_EQ(forecast::model_kind_from_name(forecast::model_kind_name(kind)), kind);
  }
  EXPECT_EQ(forecast::model_kind_name(ModelKind::random_forest), "random_forest");
  EXPECT_FALSE(forecast::model_kind_from_name("forest").has_value());
}

}  // namespace
