// CUPED against an independent computation: the treatment coefficients of an ANCOVA (ordinary
// least squares of y on variant dummies and x, solved here from the raw user rows) are exactly
// the CUPED differences with the pooled within-variant θ; and a seeded repetition checks the
// delta-method standard error of the CUPED lift and its coverage.
#include <gtest/gtest.h>

#include <array>
#include <random>

#include "experiments/analysis.h"
#include "experiments_test_support.h"

namespace {

using namespace experiments_test;

struct User {
  int variant = 0;
  double x = 0, y = 0;
};

std::vector<User> simulate(const std::vector<double>& effects, int per_variant,
                           std::mt19937_64& rng) {
  std::normal_distribution<double> pre(10, 3), noise(0, 2);
  std::vector<User> users;
  for (int k = 0; k < static_cast<int>(effects.size()); ++k) {
    for (int i = 0; i < per_variant; ++i) {
      const double x = pre(rng);
      users.push_back({k, x, 5 + 0.8 * x + noise(rng) + effects[k]});
    }
  }
  return users;
}

MetricData revenue(const std::vector<User>& users, int variants) {
  MetricData m{metric("revenue", MetricKind::mean), std::vector<VariantData>(variants)};
  for (auto& v : m.variants) v.covariate = CovariateSums{};
  for (const auto& u : users) {
    auto& v = m.variants[u.variant];
    v.units += 1;
    v.sum += u.y;
    v.sum_squares += u.y * u.y;
    v.covariate->sum += u.x;
    v.covariate->sum_squares += u.x * u.x;
    v.covariate->cross_sum += u.x * u.y;
  }
  return m;
}

// OLS of y on [1, dummy_1 … dummy_{k−1}, x] by the normal equations (Gauss–Jordan elimination).
template <std::size_t P>
std::array<double, P> ols(const std::vector<User>& users,
                          std::array<std::array<double, P>, P>& xtx_inverse) {
  std::array<std::array<double, 2 * P>, P> a{};
  std::array<double, P> xty{};
  for (const auto& u : users) {
    std::array<double, P> row{};
    row[0] = 1;
    if (u.variant > 0) row[u.variant] = 1;
    row[P - 1] = u.x;
    for (std::size_t i = 0; i < P; ++i) {
      xty[i] += row[i] * u.y;
      for (std::size_t j = 0; j < P; ++j) a[i][j] += row[i] * row[j];
    }
  }
  for (std::size_t i = 0; i < P; ++i) a[i][P + i] = 1;
  for (std::size_t c = 0; c < P; ++c) {
    const double pivot = a[c][c];
    for (auto& v : a[c]) v /= pivot;
    for (std::size_t r = 0; r < P; ++r) {
      if (r == c) continue;
      const double f = a[r][c];
      for (std::size_t j = 0; j < 2 * P; ++j) a[r][j] -= f * a[c][j];
    }
  }
  std::array<double, P> beta{};
  for (std::size_t i = 0; i < P; ++i) {
    for (std::size_t j = 0; j < P; ++j) {
      xtx_inverse[i][j] = a[i][P + j];
      beta[i] += a[i][P + j] * xty[j];
    }
  }
  return beta;
}

TEST(Cuped, DifferencesEqualTheAncovaCoefficientsWithOnePooledTheta) {
  std::mt19937_64 rng(11);
  const auto users = simulate({0.0, 0.3, -0.2}, 4000, rng);
  auto result = analyze(experiment({revenue(users, 3)}));
  const auto& m = result.metrics[0];
  ASSERT_TRUE(m.cuped.applied);

  std::array<std::array<double, 4>, 4> inverse{};
  const auto beta = ols<4>(users, inverse);
  EXPECT_NEAR(m.cuped.theta, beta[3], 1e-9);
  EXPECT_NEAR(m.variants[0].absolute->value, beta[1], 1e-9);
  EXPECT_NEAR(m.variants[1].absolute->value, beta[2], 1e-9);

  // OLS's homoskedastic standard error of the b coefficient: the data are homoskedastic, so the
  // per-variant CUPED standard error should agree within a few percent.
  double rss = 0;
  for (const auto& u : users) {
    const double fit = beta[0] + (u.variant > 0 ? beta[u.variant] : 0) + beta[3] * u.x;
    rss += (u.y - fit) * (u.y - fit);
  }
  const double ols_se = std::sqrt(rss / (users.size() - 4) * inverse[1][1]);
  EXPECT_NEAR(m.variants[0].absolute->standard_error, ols_se, 0.03 * ols_se);

  // Variance reduction ≈ the within-variant correlation² of x and y: 0.8²·9 / (0.8²·9 + 4) = 0.59.
  EXPECT_NEAR(m.cuped.variance_reduction, 0.59, 0.03);
}

TEST(Cuped, TheLiftsStandardErrorAndCoverageHoldOverRepetitions) {
  std::mt19937_64 rng(5);
  const int repetitions = 1000;
  const double true_lift = 0.3 / 13.0;  // effect / control mean (5 + 0.8·10)
  double sum = 0, sum_squares = 0, sum_se = 0;
  int covered = 0;
  for (int r = 0; r < repetitions; ++r) {
    const auto users = simulate({0.0, 0.3}, 1000, rng);
    const auto v = analyze(experiment({revenue(users, 2)})).metrics[0].variants[0];
    const double lift = v.relative->value;
    sum += lift;
    sum_squares += lift * lift;
    sum_se += v.relative->standard_error;
    covered += v.relative->interval.lower <= true_lift && true_lift <= v.relative->interval.upper;
  }
  const double mean = sum / repetitions;
  const double empirical_sd = std::sqrt(sum_squares / repetitions - mean * mean);
  EXPECT_NEAR(sum_se / repetitions, empirical_sd, 0.06 * empirical_sd);
  EXPECT_NEAR(covered / double(repetitions), 0.95, 0.02);
  EXPECT_NEAR(mean, true_lift, 0.1 * true_lift);
}

TEST(Cuped, ReducesTheVarianceOfAConversionRate) {
  // Users who converted before the test convert more during it.
  std::mt19937_64 rng(3);
  std::bernoulli_distribution before(0.3);
  MetricData m{metric("cvr"), std::vector<VariantData>(2)};
  for (int k = 0; k < 2; ++k) {
    auto& v = m.variants[k];
    v.covariate = CovariateSums{};
    for (int i = 0; i < 20000; ++i) {
      const double x = before(rng);
      const double y = std::bernoulli_distribution(x ? 0.5 : 0.1 + 0.01 * k)(rng);
      v.units += 1;
      v.sum += y;
      v.sum_squares += y;
      v.covariate->sum += x;
      v.covariate->sum_squares += x * x;
      v.covariate->cross_sum += x * y;
    }
  }
  auto with = analyze(experiment({m}));
  AnalysisOptions off;
  off.cuped = false;
  auto without = analyze(experiment({m}), off);
  EXPECT_TRUE(with.metrics[0].cuped.applied);
  // Population correlation² of x and y: cov = 0.3·0.7·0.4 = 0.084, var x = 0.21,
  // var y = 0.22·0.78 = 0.1716 → 0.084² / (0.21 · 0.1716) = 0.196.
  const double reduction = with.metrics[0].cuped.variance_reduction;
  EXPECT_NEAR(reduction, 0.196, 0.03);
  EXPECT_NEAR(with.metrics[0].variants[0].absolute->standard_error,
              std::sqrt(1 - reduction) * without.metrics[0].variants[0].absolute->standard_error,
              1e-5);
  EXPECT_FALSE(without.metrics[0].cuped.applied);
  EXPECT_FALSE(without.metrics[0].cuped.note.empty());
}

TEST(Cuped, IsNotAppliedWhenSomeVariantLacksACovariateOrTheMetricIsARatio) {
  auto control = from_values({1, 2, 3, 4});
  control.covariate = CovariateSums{10, 30, 30};
  auto result =
      analyze(two_arm(metric("revenue", MetricKind::mean), control, from_values({2, 3, 4, 5})));
  EXPECT_FALSE(result.metrics[0].cuped.applied);
  EXPECT_FALSE(result.diagnostics.notes.empty());

  auto ratio_control = from_pairs({{1, 2}, {2, 3}, {3, 3}});
  auto ratio_treatment = from_pairs({{2, 2}, {2, 4}, {4, 3}});
  ratio_control.covariate = ratio_treatment.covariate = CovariateSums{3, 5, 7};
  auto ratio = analyze(two_arm(metric("cpa", MetricKind::ratio), ratio_control, ratio_treatment));
  EXPECT_FALSE(ratio.metrics[0].cuped.applied);
  EXPECT_NE(ratio.metrics[0].cuped.note.find("ratio"), std::string::npos);
}

}  // namespace
