// The budget split and the forecasts built on it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "strategy/planner.h"
#include "strategy/test_forecaster.h"

using core::Platform;
using strategy::Brief;
using strategy::generate_strategy;
using namespace strategy_test;

namespace {

std::int64_t cents(double amount) { return std::llround(amount * 100); }

std::int64_t split_cents(const strategy::Strategy& s) {
  std::int64_t total = 0;
  for (const auto& share : s.budget_split.shares) total += cents(share.amount);
  return total;
}

const strategy::BudgetShare& share_of(const strategy::Strategy& s, Platform p) {
  for (const auto& share : s.budget_split.shares) {
    if (share.platform == p) return share;
  }
  throw std::logic_error("platform not in the split");
}

void expect_nested(const forecast::Estimate& e, const std::string& what) {
  EXPECT_LE(e.interval_95.low, e.interval_80.low) << what;
  EXPECT_LE(e.interval_80.low, e.value) << what;
  EXPECT_LE(e.value, e.interval_80.high) << what;
  EXPECT_LE(e.interval_80.high, e.interval_95.high) << what;
}

void expect_nested(const forecast::PlanForecast& f, const std::string& what) {
  expect_nested(f.impressions, what + " impressions");
  expect_nested(f.clicks, what + " clicks");
  expect_nested(f.conversions, what + " conversions");
  expect_nested(f.conversion_value, what + " conversion_value");
  for (const auto* ratio : {&f.cpa, &f.roas, &f.roi}) {
    if (*ratio) expect_nested(**ratio, what + " ratio");
  }
}

// Every bound of every count of `later` is at least that of `earlier`.
void expect_not_lower(const forecast::PlanForecast& earlier, const forecast::PlanForecast& later,
                      const std::string& what) {
  const forecast::Estimate forecast::PlanForecast::*counts[] = {
      &forecast::PlanForecast::impressions, &forecast::PlanForecast::clicks,
      &forecast::PlanForecast::conversions, &forecast::PlanForecast::conversion_value};
  for (auto count : counts) {
    const forecast::Estimate& a = earlier.*count;
    const forecast::Estimate& b = later.*count;
    EXPECT_GE(b.value, a.value) << what;
    EXPECT_GE(b.interval_80.low, a.interval_80.low) << what;
    EXPECT_GE(b.interval_80.high, a.interval_80.high) << what;
    EXPECT_GE(b.interval_95.low, a.interval_95.low) << what;
    EXPECT_GE(b.interval_95.high, a.interval_95.high) << what;
  }
}

}  // namespace

TEST(BudgetSplit, SumsToTheBudgetToTheCent) {
  for (double budget : {15000.0, 12345.67, 999.99, 100.01, 7777777.77}) {
    Brief b = holiday_brief();
    b.budget = budget;
    b.platforms = {Platform::google_ads, Platform::meta_ads, Platform::tiktok_ads};
    const auto s = generate_strategy(b, context());
    EXPECT_EQ(split_cents(s), cents(budget)) << budget;
    double shares = 0;
    for (const auto& share : s.budget_split.shares) shares += share.share;
    EXPECT_NEAR(shares, 1, 1e-9);
  }
}

TEST(BudgetSplit, ASinglePlatformGetsEverything) {
  Brief b = holiday_brief();
  b.platforms = {Platform::meta_ads};
  b.budget = 4321.09;
  const auto s = generate_strategy(b, context());
  ASSERT_EQ(s.budget_split.shares.size(), 1u);
  EXPECT_EQ(cents(s.budget_split.shares[0].amount), 432109);
  EXPECT_DOUBLE_EQ(s.budget_split.shares[0].share, 1);
}

TEST(BudgetSplit, FavoursTheMoreEfficientPlatform) {
  const auto s = generate_strategy(holiday_brief(), context());
  // Google converts at CPA 10, Meta at ~27.8 in the test forecaster.
  EXPECT_GT(share_of(s, Platform::google_ads).amount, share_of(s, Platform::meta_ads).amount);
  EXPECT_EQ(s.budget_split.method, "benchmark priors");
  EXPECT_EQ(s.budget_split.outcome, "conversions");  // no value per conversion was measured
}

TEST(BudgetSplit, RespectsMinAndMaxBounds) {
  Brief b = holiday_brief();
  b.platforms = {Platform::google_ads, Platform::meta_ads, Platform::tiktok_ads};
  b.bounds = {{Platform::google_ads, std::nullopt, 4000.5},
              {Platform::meta_ads, 8000, std::nullopt},
              {Platform::tiktok_ads, 500, 1200}};
  const auto s = generate_strategy(b, context());
  EXPECT_LE(share_of(s, Platform::google_ads).amount, 4000.5);
  EXPECT_GE(share_of(s, Platform::meta_ads).amount, 8000);
  EXPECT_GE(share_of(s, Platform::tiktok_ads).amount, 500);
  EXPECT_LE(share_of(s, Platform::tiktok_ads).amount, 1200);
  EXPECT_EQ(split_cents(s), cents(15000));
}

TEST(BudgetSplit, GivesEveryPlatformItsLearningMinimumWhenTheBudgetAllows) {
  Brief b = holiday_brief();
  b.platforms = {Platform::google_ads, Platform::meta_ads, Platform::youtube_ads};
  b.budget = 100000;  // learning floors are met in full from Σ learning / 0.5
  const auto s = generate_strategy(b, context());
  for (const auto& share : s.budget_split.shares) {
    EXPECT_GT(share.learning_minimum, 0);
    EXPECT_GE(share.amount, share.learning_minimum - 0.01) << core::platform_name(share.platform);
  }
  // YouTube (CPA 100) would get far less than its minimum on efficiency alone.
  EXPECT_NEAR(share_of(s, Platform::youtube_ads).amount,
              share_of(s, Platform::youtube_ads).learning_minimum, 0.01);
}

TEST(BudgetSplit, UsesClientHistoryWhenItHasEnoughDays) {
  auto ctx = context();
  // In its own history Meta converts far better than Google.
  ctx.history.platforms = {{Platform::google_ads, 60, 6000, 300000, 6000, 100, 8000},
                           {Platform::meta_ads, 60, 6000, 600000, 9000, 600, 48000}};
  const auto s = generate_strategy(holiday_brief(), ctx);
  EXPECT_EQ(s.budget_split.method, "client history");
  EXPECT_GT(share_of(s, Platform::meta_ads).amount, share_of(s, Platform::google_ads).amount);
  EXPECT_EQ(share_of(s, Platform::meta_ads).efficiency_source, "client history (60 days)");
  ctx.history.platforms[1].days = 5;  // too short: Meta falls back to the priors
  EXPECT_EQ(generate_strategy(holiday_brief(), ctx).budget_split.method,
            "client history + benchmark priors");
}

// Forecasts nothing for email, like a benchmark forecaster without email priors.
class NoEmailForecaster final : public forecast::Forecaster {
 public:
  forecast::PlanForecast forecast(const forecast::PlanInput& plan) const override {
    if (plan.platform == Platform::email) return {};
    return test_forecaster().forecast(plan);
  }
};

TEST(BudgetSplit, APlatformWithNoMeasuredOutcomeGetsOnlyItsFloor) {
  const NoEmailForecaster forecaster;
  Brief b = holiday_brief();
  b.platforms = {Platform::google_ads, Platform::email};
  b.audience.has_customer_list = true;
  const auto s = generate_strategy(b, {&forecaster, {}, date("2024-11-01"), {}});
  EXPECT_EQ(share_of(s, Platform::email).amount, 0);
  EXPECT_EQ(cents(share_of(s, Platform::google_ads).amount), cents(15000));
  EXPECT_FALSE(s.warnings.empty());
  b.bounds = {{Platform::email, 300, std::nullopt}};
  EXPECT_EQ(share_of(generate_strategy(b, {&forecaster, {}, date("2024-11-01"), {}}), Platform::email)
                .amount,
            300);
}

TEST(Forecasts, NeverFallAsTheBudgetRises) {
  const std::vector<double> budgets = {300,   1000,  2500,  5000,   8000,   12000,
                                       15000, 22000, 40000, 100000, 250000, 1e6};
  for (bool bounded : {false, true}) {
    std::vector<strategy::Strategy> plans;
    for (double budget : budgets) {
      Brief b = holiday_brief();
      b.platforms = {Platform::google_ads, Platform::meta_ads, Platform::tiktok_ads};
      b.budget = budget;
      if (bounded) b.bounds = {{Platform::tiktok_ads, 250, 20000}};
      b.value_per_conversion = 60;
      plans.push_back(generate_strategy(b, context()));
    }
    for (std::size_t i = 1; i < plans.size(); ++i) {
      const std::string at = "budget " + std::to_string(budgets[i]) + (bounded ? " bounded" : "");
      for (std::size_t p = 0; p < 3; ++p) {
        EXPECT_GE(plans[i].budget_split.shares[p].amount, plans[i - 1].budget_split.shares[p].amount)
            << at << " platform " << p;
        expect_not_lower(plans[i - 1].forecast.per_platform[p].forecast,
                         plans[i].forecast.per_platform[p].forecast, at);
      }
      expect_not_lower(plans[i - 1].forecast.total, plans[i].forecast.total, at + " total");
    }
  }
}

TEST(Forecasts, The80IntervalLiesInsideThe95) {
  Brief b = holiday_brief();
  b.platforms = {Platform::google_ads, Platform::meta_ads, Platform::linkedin_ads};
  const auto s = generate_strategy(b, context());
  for (const auto& pf : s.forecast.per_platform) {
    expect_nested(pf.forecast, std::string(core::platform_name(pf.platform)));
  }
  expect_nested(s.forecast.total, "total");
}

TEST(Forecasts, TheTotalSumsPlatformsAndRecomputesRatios) {
  const auto s = generate_strategy(holiday_brief(), context());
  const auto& t = s.forecast.total;
  double conversions = 0, low80 = 0, spend = 0;
  for (const auto& pf : s.forecast.per_platform) {
    conversions += pf.forecast.conversions.value;
    low80 += pf.forecast.conversions.interval_80.low;
    spend += pf.forecast.spend;
  }
  EXPECT_DOUBLE_EQ(t.conversions.value, conversions);
  EXPECT_DOUBLE_EQ(t.conversions.interval_80.low, low80);
  EXPECT_NEAR(spend, 15000, 1e-6);
  ASSERT_TRUE(t.cpa && t.roas && t.roi);
  EXPECT_DOUBLE_EQ(t.cpa->value, t.spend / t.conversions.value);
  EXPECT_DOUBLE_EQ(t.cpa->interval_80.low, t.spend / t.conversions.interval_80.high);
  EXPECT_DOUBLE_EQ(t.roas->value, t.conversion_value.value / t.spend);
  EXPECT_DOUBLE_EQ(*s.estimated_roi, (t.conversion_value.value - t.spend) / t.spend);
}

TEST(Forecasts, EachPlatformIsForecastAtItsBudgetOverTheFlight) {
  const auto s = generate_strategy(holiday_brief(), context());
  for (std::size_t i = 0; i < s.budget_split.shares.size(); ++i) {
    EXPECT_NEAR(s.forecast.per_platform[i].forecast.spend, s.budget_split.shares[i].amount, 1e-6);
    EXPECT_NEAR(s.platform_plans[i].daily_budget, s.budget_split.shares[i].amount / 30, 0.006);
  }
}

namespace {

// Michaelis–Menten curves per day: conversions = beta · s / (K + s) (scale 1, Hill n = 1).
strategy::PlatformCurve mm_curve(Platform p, double beta, double half_saturation) {
  strategy::PlatformCurve c;
  c.platform = p;
  c.curve.adstock.window = 1;
  c.curve.saturation.kind = budget::SaturationKind::hill;
  c.curve.saturation.shape = 1;
  c.curve.saturation.half_saturation = half_saturation;
  c.curve.beta = beta;
  c.curve.scale = 1;
  c.period_days = 1;
  c.source = "fitted";
  return c;
}

Brief leads_brief(double budget) {
  Brief b;
  b.objective = core::Objective::leads;
  b.budget = budget;
  b.platforms = {Platform::google_ads, Platform::meta_ads};
  b.start_date = date("2024-11-02");
  b.end_date = date("2024-12-01");  // 30 days
  return b;
}

TEST(BudgetSplit, FollowsTheClientsResponseCurvesByEqualMarginalReturns) {
  auto ctx = context("2024-11-01");
  // Per day: s_i = √(β_i K / μ) − K with Σ s_i = B/30, √(1/μ) = (B/30 + 2K) / Σ √(β_i K).
  const double K = 400, B = 60'000;
  ctx.response_curves = {mm_curve(Platform::google_ads, 900, K), mm_curve(Platform::meta_ads, 400, K)};
  const auto s = generate_strategy(leads_brief(B), ctx);
  EXPECT_EQ(s.budget_split.method, "response curves (client history)");
  const double root = (B / 30 + 2 * K) / (std::sqrt(900 * K) + std::sqrt(400 * K));
  const double google = (std::sqrt(900 * K) * root - K) * 30, meta = (std::sqrt(400 * K) * root - K) * 30;
  EXPECT_NEAR(share_of(s, Platform::google_ads).amount, google, 0.02);
  EXPECT_NEAR(share_of(s, Platform::meta_ads).amount, meta, 0.02);
  EXPECT_EQ(split_cents(s), cents(B));
  // Raising the budget never lowers a platform's amount.
  const auto more = generate_strategy(leads_brief(B * 1.5), ctx);
  for (Platform p : {Platform::google_ads, Platform::meta_ads}) {
    EXPECT_GE(share_of(more, p).amount, share_of(s, p).amount);
  }
}

TEST(BudgetSplit, KeepsTheBriefsBoundsOnTheCurvesAndFallsBackWithoutACurveForEveryPlatform) {
  auto ctx = context("2024-11-01");
  ctx.response_curves = {mm_curve(Platform::google_ads, 900, 400), mm_curve(Platform::meta_ads, 400, 400)};
  Brief b = leads_brief(60'000);
  b.bounds = {{Platform::google_ads, std::nullopt, 30'000.0}};
  const auto capped = generate_strategy(b, ctx);
  EXPECT_NEAR(share_of(capped, Platform::google_ads).amount, 30'000, 0.005);
  EXPECT_EQ(split_cents(capped), cents(60'000));
  // Only one platform has a curve: the planner's own priors split it, and says why.
  ctx.response_curves.pop_back();
  const auto fallback = generate_strategy(leads_brief(60'000), ctx);
  EXPECT_NE(fallback.budget_split.method, "response curves (client history)");
  EXPECT_NE(fallback.budget_split.note.find("not every platform"), std::string::npos)
      << fallback.budget_split.note;
}

}  // namespace
