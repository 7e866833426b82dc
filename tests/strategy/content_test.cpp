// Content, placements, A/B sample sizes and audience clustering.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "strategy/ad_specs.h"
#include "strategy/planner.h"
#include "strategy/test_forecaster.h"

using core::Platform;
using strategy::AudienceCell;
using strategy::Brief;
using strategy::generate_strategy;
using namespace strategy_test;

namespace {

Brief every_platform_brief(const std::string& interest) {
  Brief b = holiday_brief();
  b.budget = 200000;
  b.platforms = {Platform::google_ads,  Platform::meta_ads,    Platform::linkedin_ads,
                 Platform::tiktok_ads,  Platform::youtube_ads, Platform::email};
  b.audience.has_customer_list = true;
  b.audience.interests = {interest};
  b.creative_assets = {"video", "image"};
  return b;
}

}  // namespace

TEST(Content, CopyVariantsStayWithinEachPlatformsTextLimits) {
  for (core::Objective objective :
       {core::Objective::awareness, core::Objective::traffic, core::Objective::engagement,
        core::Objective::leads, core::Objective::app_installs,
        core::Objective::sales_conversion}) {
    for (const std::string interest :
         {"running", "extraordinarily long interest name that overflows every headline",
          "café crème brûlée ☕ über alles"}) {
      Brief b = every_platform_brief(interest);
      b.objective = objective;
      const auto s = generate_strategy(b, context());
      std::set<Platform> covered;
      for (const auto& v : s.content_strategy.copy_variants) {
        covered.insert(v.platform);
        EXPECT_FALSE(v.text.empty());
        const strategy::TextCheck check = strategy::check_text(v.platform, v.placement, v.field, v.text);
        EXPECT_TRUE(check.fits) << check.message << " [" << v.text << "]";
        EXPECT_TRUE(v.fits);
        EXPECT_EQ(v.length, strategy::utf8_length(v.text));
        const auto limit = strategy::text_limit(v.platform, v.placement, v.field);
        if (v.platform == Platform::email) {
          EXPECT_FALSE(v.max_chars.has_value());
        } else {
          ASSERT_TRUE(limit.has_value()) << v.placement << " " << v.field;
          EXPECT_EQ(v.max_chars, limit->max_chars);
        }
      }
      EXPECT_EQ(covered.size(), 6u);
    }
  }
}

TEST(Content, PlacementsAreCheckedAgainstTheAdSpecs) {
  Brief b = every_platform_brief("running");
  b.creative_assets = {"image"};
  const auto s = generate_strategy(b, context());
  for (const auto& plan : s.platform_plans) {
    for (const auto& p : plan.placements) {
      if (plan.platform == Platform::email) {
        EXPECT_FALSE(p.in_specs);
        continue;
      }
      EXPECT_EQ(p.in_specs, !strategy::specs_for(plan.platform, p.placement).empty()) << p.placement;
      EXPECT_EQ(p.aspect_ratios, strategy::aspect_ratios(plan.platform, p.placement));
      if (p.required_asset == "video") {
        EXPECT_FALSE(p.recommended) << p.placement;
        EXPECT_NE(p.note.find("video"), std::string::npos);
      }
    }
  }
  // TikTok without video is a creative gap.
  EXPECT_TRUE(std::any_of(s.risks.begin(), s.risks.end(), [](const auto& r) {
    return r.name == "creative_gap" && r.platform == Platform::tiktok_ads;
  }));
}

TEST(Content, TheCalendarCoversTheFlightWeekByWeek) {
  const auto s = generate_strategy(holiday_brief(), context());
  const auto& calendar = s.content_strategy.calendar;
  ASSERT_FALSE(calendar.empty());
  EXPECT_EQ(calendar.front().start, s.start_date);
  EXPECT_EQ(calendar.front().action, "launch");
  for (const auto& e : calendar) {
    EXPECT_GE(e.start, s.start_date);
    EXPECT_LE(e.end, s.end_date);
    EXPECT_EQ(e.start, s.start_date + 7 * (e.week - 1));
  }
  EXPECT_TRUE(std::any_of(calendar.begin(), calendar.end(),
                          [](const auto& e) { return e.action == "refresh"; }));
}

TEST(AbTests, SampleSizeMatchesTheTwoProportionClosedForm) {
  // p1 = 0.05, a 20 % relative lift (p2 = 0.06), alpha 0.05 two-sided, power 0.8.
  const double z_alpha = 1.959963984540054;  // standard normal quantile at 0.975
  const double z_power = 0.8416212335729143;  // at 0.8
  const double p1 = 0.05, p2 = 0.06, p_bar = 0.055;
  const double root = z_alpha * std::sqrt(2 * p_bar * (1 - p_bar)) +
                      z_power * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const auto expected = static_cast<std::int64_t>(std::ceil(root * root / ((p2 - p1) * (p2 - p1))));
  EXPECT_EQ(expected, 8158);
  EXPECT_EQ(strategy::two_proportion_sample_size(0.05, 0.2, 0.05, 0.8), expected);
  EXPECT_THROW(strategy::two_proportion_sample_size(0, 0.2), std::invalid_argument);
  EXPECT_THROW(strategy::two_proportion_sample_size(0.9, 0.2), std::invalid_argument);
}

TEST(AbTests, ThePlanSizesEachTestFromTheForecastTraffic) {
  const auto s = generate_strategy(holiday_brief(), context());
  ASSERT_GE(s.ab_test_plan.size(), 2u);
  for (const auto& t : s.ab_test_plan) {
    EXPECT_EQ(t.sample_size_per_arm, strategy::two_proportion_sample_size(
                                         t.baseline_rate, t.minimum_detectable_effect, 0.05, 0.8));
    ASSERT_TRUE(t.days_needed.has_value());
    EXPECT_EQ(*t.days_needed,
              static_cast<int>(std::ceil(static_cast<double>(t.sample_size_per_arm) /
                                         t.daily_units_per_arm)));
    EXPECT_EQ(t.fits_in_flight, *t.days_needed <= s.flight_days);
  }
}

TEST(AudienceSegments, ClusteringRecoversPlantedSegments) {
  auto ctx = context();
  // Three planted groups by age: cheap converters, average, costly; 4 cells each with noise.
  const struct {
    const char* age;
    double ctr, cvr;
  } groups[] = {{"18-24", 0.03, 0.10}, {"35-44", 0.015, 0.04}, {"55-64", 0.004, 0.008}};
  const char* genders[] = {"female", "male"};
  const char* interests[] = {"running", "yoga"};
  int n = 0;
  for (const auto& g : groups) {
    for (int i = 0; i < 4; ++i, ++n) {
      const double noise = 1 + 0.04 * ((n * 7) % 5 - 2);
      AudienceCell cell;
      cell.dimensions = {{"age", g.age}, {"gender", genders[i % 2]}, {"interest", interests[i / 2]}};
      cell.spend = 1000 * noise;
      cell.impressions = 100000 / noise;
      cell.clicks = cell.impressions * g.ctr * noise;
      cell.conversions = cell.clicks * g.cvr;
      cell.conversion_value = cell.conversions * 50;
      ctx.history.audience_cells.push_back(cell);
    }
  }
  const auto s = generate_strategy(holiday_brief(), ctx);
  std::vector<const strategy::AudienceSegment*> clusters;
  for (const auto& seg : s.audience_segments) {
    if (seg.source == "history cluster") clusters.push_back(&seg);
  }
  ASSERT_EQ(clusters.size(), 3u);
  const char* expected_age[] = {"18-24", "35-44", "55-64"};  // ordered by CPA, best first
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(clusters[i]->evidence.has_value());
    EXPECT_EQ(clusters[i]->evidence->cells, 4);
    EXPECT_EQ(clusters[i]->definition.at("age"), std::vector<std::string>{expected_age[i]});
    EXPECT_EQ(clusters[i]->definition.at("gender").size(), 2u);
  }
  EXPECT_EQ(clusters[0]->funnel_stage, strategy::FunnelStage::conversion);
  EXPECT_LT(*clusters[0]->evidence->cpa_vs_average, 1);
  EXPECT_GT(*clusters[2]->evidence->cpa_vs_average, 1);
}

TEST(AudienceSegments, WithoutHistoryTheyComeFromTheBrief) {
  Brief b = holiday_brief();
  b.audience.interests = {"running"};
  b.audience.has_customer_list = true;
  b.audience.has_lookalikes = true;
  const auto s = generate_strategy(b, context());
  std::set<std::string> names;
  for (const auto& seg : s.audience_segments) {
    names.insert(seg.name);
    EXPECT_NE(seg.source, "history cluster");
    EXPECT_FALSE(seg.size.has_value());
    EXPECT_FALSE(seg.message_angle.empty());
  }
  EXPECT_TRUE(names.contains("Broad prospecting"));
  EXPECT_TRUE(names.contains("Interest: running"));
  EXPECT_TRUE(names.contains("Lookalike of best customers"));
  EXPECT_TRUE(names.contains("Existing customers (customer list)"));
}
