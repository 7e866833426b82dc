// The planner end to end: completeness, assumptions, validation, recommendation, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <string>

#include "strategy/planner.h"
#include "strategy/test_forecaster.h"

using core::Objective;
using core::Platform;
using strategy::Brief;
using strategy::BriefError;
using strategy::generate_strategy;
using namespace strategy_test;

namespace {

std::set<std::string> assumed_fields(const strategy::Strategy& s) {
  std::set<std::string> fields;
  for (const auto& a : s.assumptions) fields.insert(a.field);
  return fields;
}

// A brief that leaves nothing to default.
Brief full_brief() {
  Brief b = holiday_brief();
  b.currency = "EUR";
  b.start_date = date("2024-11-10");
  b.end_date = date("2024-12-09");
  b.industry = "Retail";
  b.audience = {{"Germany"}, {"25-34", "35-44"}, {"all"}, {"running"}, {"de"}, true, true};
  b.value_per_conversion = 80;
  b.target_cpa = 25;
  b.target_roas = 3;
  b.margin = 0.4;
  b.bounds = {{Platform::google_ads, 1000, std::nullopt}};
  b.creative_assets = {"video", "image", "copy"};
  return b;
}

std::string field_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const BriefError& e) {
    return e.field();
  }
  return "(no error)";
}

}  // namespace

TEST(Planner, HolidayBriefYieldsACompleteStrategyWithAFiniteRoi) {
  const strategy::Strategy s = generate_strategy(holiday_brief(), context());
  EXPECT_EQ(s.name, "Holiday Campaign");
  EXPECT_EQ(s.currency, "USD");
  EXPECT_EQ(s.start_date, date("2024-11-02"));
  EXPECT_EQ(s.end_date, date("2024-12-01"));
  EXPECT_EQ(s.flight_days, 30);
  ASSERT_TRUE(s.estimated_roi.has_value());
  EXPECT_TRUE(std::isfinite(*s.estimated_roi));
  ASSERT_TRUE(s.estimated_roas.has_value());
  EXPECT_GT(s.confidence, 0);
  EXPECT_LE(s.confidence, 1);
  EXPECT_FALSE(s.confidence_drivers.empty());
  EXPECT_NE(s.executive_summary.find("Holiday Campaign"), std::string::npos);
  EXPECT_FALSE(s.audience_segments.empty());
  ASSERT_EQ(s.platform_plans.size(), 2u);
  for (const auto& plan : s.platform_plans) {
    EXPECT_FALSE(plan.campaigns.empty());
    EXPECT_FALSE(plan.bidding.name.empty());
    EXPECT_FALSE(plan.placements.empty());
    EXPECT_GT(plan.learning_phase.ad_sets_planned, 0);
    EXPECT_GT(plan.daily_budget, 0);
  }
  EXPECT_EQ(s.budget_split.shares.size(), 2u);
  // No response curves in the context: the planner's own priors, and the note says why.
  EXPECT_NE(s.budget_split.note.find("response curve"), std::string::npos) << s.budget_split.note;
  EXPECT_EQ(s.forecast.per_platform.size(), 2u);
  EXPECT_FALSE(s.content_strategy.pillars.empty());
  EXPECT_FALSE(s.content_strategy.calendar.empty());
  EXPECT_FALSE(s.content_strategy.copy_variants.empty());
  EXPECT_FALSE(s.risks.empty());
  EXPECT_FALSE(s.timeline.empty());
  EXPECT_FALSE(s.kpis.empty());
  EXPECT_FALSE(s.ab_test_plan.empty());
}

TEST(Planner, ABriefWithOnlyObjectiveAndBudgetListsEveryDefaultAsAnAssumption) {
  Brief b;
  b.objective = Objective::sales_conversion;
  b.budget = 15000;
  const std::set<std::string> expected = {
      "campaign_name",      "currency",          "start_date",
      "end_date",           "platforms",         "industry",
      "audience.locations", "audience.age_ranges", "audience.genders",
      "audience.interests", "audience.languages", "audience.has_customer_list",
      "audience.has_lookalikes", "value_per_conversion", "target_cpa",
      "target_roas",        "margin",            "bounds",
      "creative_assets"};
  EXPECT_EQ(assumed_fields(generate_strategy(b, context())), expected);
}

TEST(Planner, AFullBriefNeedsNoAssumption) {
  EXPECT_TRUE(generate_strategy(full_brief(), context()).assumptions.empty());
}

TEST(Planner, EachFieldLeftOutIsEchoedAsItsOwnAssumption) {
  using Edit = std::function<void(Brief&)>;
  const std::vector<std::pair<std::string, Edit>> cases = {
      {"campaign_name", [](Brief& b) { b.campaign_name.clear(); }},
      {"currency", [](Brief& b) { b.currency.clear(); }},
      {"start_date", [](Brief& b) { b.start_date.reset(); }},
      {"end_date", [](Brief& b) { b.end_date.reset(); }},
      {"platforms", [](Brief& b) { b.platforms.clear(); }},
      {"industry", [](Brief& b) { b.industry.clear(); }},
      {"audience.locations", [](Brief& b) { b.audience.locations.clear(); }},
      {"audience.age_ranges", [](Brief& b) { b.audience.age_ranges.clear(); }},
      {"audience.genders", [](Brief& b) { b.audience.genders.clear(); }},
      {"audience.interests", [](Brief& b) { b.audience.interests.clear(); }},
      {"audience.languages", [](Brief& b) { b.audience.languages.clear(); }},
      {"audience.has_customer_list", [](Brief& b) { b.audience.has_customer_list.reset(); }},
      {"audience.has_lookalikes", [](Brief& b) { b.audience.has_lookalikes.reset(); }},
      {"value_per_conversion", [](Brief& b) { b.value_per_conversion.reset(); }},
      {"target_cpa", [](Brief& b) { b.target_cpa.reset(); }},
      {"target_roas", [](Brief& b) { b.target_roas.reset(); }},
      {"margin", [](Brief& b) { b.margin.reset(); }},
      {"bounds", [](Brief& b) { b.bounds.clear(); }},
      {"creative_assets", [](Brief& b) { b.creative_assets.clear(); }},
  };
  for (const auto& [field, edit] : cases) {
    Brief b = full_brief();
    edit(b);
    const strategy::Strategy s = generate_strategy(b, context());
    EXPECT_EQ(assumed_fields(s), std::set<std::string>{field}) << field;
    for (const auto& a : s.assumptions) {
      EXPECT_FALSE(a.value.empty()) << field;
      EXPECT_FALSE(a.reason.empty()) << field;
    }
  }
}

TEST(Planner, DefaultFlightIsThirtyDaysFromTomorrow) {
  Brief b = holiday_brief();
  const auto s = generate_strategy(b, context("2025-03-10"));
  EXPECT_EQ(s.start_date, date("2025-03-11"));
  EXPECT_EQ(s.end_date, date("2025-04-09"));
}

TEST(Planner, InconsistentBriefsThrowNamingTheField) {
  auto with = [](const std::function<void(Brief&)>& edit) {
    return field_of([&] {
      Brief b = holiday_brief();
      edit(b);
      generate_strategy(b, context());
    });
  };
  EXPECT_EQ(with([](Brief& b) { b.budget = 0; }), "budget");
  EXPECT_EQ(with([](Brief& b) { b.budget = -5; }), "budget");
  EXPECT_EQ(with([](Brief& b) { b.budget = std::numeric_limits<double>::quiet_NaN(); }), "budget");
  EXPECT_EQ(with([](Brief& b) { b.currency = "XYZ"; }), "currency");
  EXPECT_EQ(with([](Brief& b) {
              b.start_date = date("2024-12-01");
              b.end_date = date("2024-11-30");
            }),
            "end_date");
  EXPECT_EQ(with([](Brief& b) { b.end_date = date("2024-11-01"); }), "end_date");
  EXPECT_EQ(with([](Brief& b) { b.platforms.push_back(Platform::google_ads); }), "platforms");
  EXPECT_EQ(with([](Brief& b) {
              b.bounds = {{Platform::google_ads, 9000, std::nullopt},
                          {Platform::meta_ads, 7000, std::nullopt}};
            }),
            "bounds");
  EXPECT_EQ(with([](Brief& b) {
              b.bounds = {{Platform::google_ads, std::nullopt, 5000},
                          {Platform::meta_ads, std::nullopt, 5000}};
            }),
            "bounds");
  EXPECT_EQ(with([](Brief& b) { b.bounds = {{Platform::tiktok_ads, 100, std::nullopt}}; }),
            "bounds");
  EXPECT_EQ(with([](Brief& b) { b.bounds = {{Platform::meta_ads, 500, 100}}; }), "bounds");
  EXPECT_EQ(with([](Brief& b) {
              b.platforms.push_back(Platform::email);
              b.audience.has_customer_list = false;
            }),
            "audience.has_customer_list");
  EXPECT_EQ(with([](Brief& b) { b.audience.age_ranges = {"25 to 34"}; }), "audience.age_ranges");
  EXPECT_EQ(with([](Brief& b) { b.audience.genders = {"unknown"}; }), "audience.genders");
  EXPECT_EQ(with([](Brief& b) { b.margin = 1.5; }), "margin");
  EXPECT_EQ(with([](Brief& b) { b.target_cpa = 0; }), "target_cpa");
  EXPECT_EQ(with([](Brief& b) { b.target_roas = -1; }), "target_roas");
  EXPECT_EQ(with([](Brief& b) { b.value_per_conversion = -3; }), "value_per_conversion");
  try {
    generate_strategy(Brief{}, context());
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("budget:", 0), 0u) << e.what();
  }
}

TEST(Planner, RejectsAMissingForecasterAndBadOptions) {
  EXPECT_THROW(generate_strategy(holiday_brief(), {nullptr, {}, date("2024-11-01"), {}}),
               std::invalid_argument);
  strategy::PlannerOptions options;
  options.diminishing_returns_exponent = 1;
  EXPECT_THROW(generate_strategy(holiday_brief(), context(), options), std::invalid_argument);
}

TEST(Planner, RecommendedPlatformsForAB2BLeadBriefIncludeLinkedIn) {
  Brief b;
  b.objective = Objective::leads;
  b.budget = 40000;
  b.industry = "B2B SaaS";
  const auto s = generate_strategy(b, context());
  EXPECT_NE(std::find(s.platforms.begin(), s.platforms.end(), Platform::linkedin_ads),
            s.platforms.end());
  EXPECT_EQ(s.assumptions.front().field.empty(), false);
  EXPECT_TRUE(assumed_fields(s).contains("platforms"));
}

TEST(Planner, SmallBudgetsGetFewerPlatformsSoEachCanExitLearning) {
  Brief small;
  small.objective = Objective::sales_conversion;
  small.budget = 2000;
  Brief large = small;
  large.budget = 500000;
  const auto few = generate_strategy(small, context());
  const auto many = generate_strategy(large, context());
  EXPECT_EQ(few.platforms.size(), 1u);
  EXPECT_GT(many.platforms.size(), few.platforms.size());
}

TEST(Planner, AwarenessHasNoRoiAndSaysWhy) {
  Brief b = holiday_brief();
  b.objective = Objective::awareness;
  const auto s = generate_strategy(b, context());
  EXPECT_FALSE(s.estimated_roi.has_value());
  EXPECT_FALSE(s.estimated_roas.has_value());
  EXPECT_TRUE(assumed_fields(s).contains("value_per_conversion"));
}

TEST(Planner, SameInputsGiveTheSameStrategy) {
  Brief b = full_brief();
  b.platforms = {Platform::google_ads, Platform::meta_ads, Platform::tiktok_ads};
  b.bounds.clear();
  const auto one = generate_strategy(b, context());
  const auto two = generate_strategy(b, context());
  EXPECT_EQ(one.executive_summary, two.executive_summary);
  EXPECT_EQ(one.confidence, two.confidence);
  ASSERT_EQ(one.budget_split.shares.size(), two.budget_split.shares.size());
  for (std::size_t i = 0; i < one.budget_split.shares.size(); ++i) {
    EXPECT_EQ(one.budget_split.shares[i].amount, two.budget_split.shares[i].amount);
    EXPECT_EQ(one.forecast.per_platform[i].forecast.conversions.value,
              two.forecast.per_platform[i].forecast.conversions.value);
  }
  ASSERT_EQ(one.content_strategy.copy_variants.size(), two.content_strategy.copy_variants.size());
  for (std::size_t i = 0; i < one.content_strategy.copy_variants.size(); ++i) {
    EXPECT_EQ(one.content_strategy.copy_variants[i].text, two.content_strategy.copy_variants[i].text);
  }
  ASSERT_EQ(one.risks.size(), two.risks.size());
  for (std::size_t i = 0; i < one.risks.size(); ++i) {
    EXPECT_EQ(one.risks[i].trigger, two.risks[i].trigger);
  }
  EXPECT_EQ(one.content_strategy.calendar.size(), two.content_strategy.calendar.size());
  EXPECT_EQ(one.ab_test_plan.size(), two.ab_test_plan.size());
}

TEST(Planner, RisksAreTriggeredByConcreteNumbers) {
  Brief b = holiday_brief();
  b.target_cpa = 5;  // the test forecaster's CPA is >= 10 everywhere
  b.audience.age_ranges = {"25-34"};
  b.audience.genders = {"female"};
  b.end_date = date("2024-11-10");  // 9 days, ending before the Q4 peak (Nov 15)
  const auto s = generate_strategy(b, context());
  std::set<std::string> names;
  for (const auto& r : s.risks) {
    names.insert(r.name);
    EXPECT_FALSE(r.trigger.empty());
    EXPECT_FALSE(r.mitigation.empty());
  }
  EXPECT_TRUE(names.contains("target_cpa_below_benchmark"));
  EXPECT_TRUE(names.contains("audience_too_narrow"));
  EXPECT_TRUE(names.contains("short_flight"));
  EXPECT_TRUE(names.contains("tracking_gaps"));
  EXPECT_FALSE(names.contains("seasonal_competition"));
  EXPECT_FALSE(names.contains("learning_phase_budget"));
}

TEST(Planner, ABudgetTooSmallForLearningIsARiskAndAWarning) {
  Brief b = holiday_brief();
  b.budget = 1500;
  const auto s = generate_strategy(b, context());
  const auto risk = std::find_if(s.risks.begin(), s.risks.end(),
                                 [](const auto& r) { return r.name == "learning_phase_budget"; });
  ASSERT_NE(risk, s.risks.end());
  EXPECT_NE(risk->trigger.find("50 are needed"), std::string::npos) << risk->trigger;
  EXPECT_FALSE(s.warnings.empty());
  for (const auto& plan : s.platform_plans) EXPECT_EQ(plan.learning_phase.ad_sets_planned, 1);
}

TEST(Planner, TheHolidayFlightRaisesSeasonalCompetition) {
  Brief b = holiday_brief();
  b.start_date = date("2024-11-20");
  const auto s = generate_strategy(b, context());
  EXPECT_TRUE(std::any_of(s.risks.begin(), s.risks.end(),
                          [](const auto& r) { return r.name == "seasonal_competition"; }));
}
