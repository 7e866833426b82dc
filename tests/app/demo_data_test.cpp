#include "app/demo_data.h"

#include <gtest/gtest.h>

#include <set>

namespace {

const core::Date kLastDay = *core::parse_iso_date("2026-11-23");

TEST(DemoData, IsTheSameEveryTimeForTheSameDay) {
  auto a = app::make_demo_data(kLastDay);
  auto b = app::make_demo_data(kLastDay);
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    EXPECT_EQ(a.metrics[i].spend_micros, b.metrics[i].spend_micros);
    EXPECT_EQ(a.metrics[i].clicks, b.metrics[i].clicks);
    EXPECT_EQ(a.metrics[i].conversion_value_micros, b.metrics[i].conversion_value_micros);
  }
}

TEST(DemoData, CoversNinetyDaysOfEveryCampaignOnAllFivePlatforms) {
  auto data = app::make_demo_data(kLastDay);
  EXPECT_EQ(data.first_day, kLastDay - 89);
  EXPECT_EQ(data.metrics.size(), data.campaigns.size() * 90);
  std::set<core::Platform> platforms;
  for (const auto& c : data.campaigns) platforms.insert(c.platform);
  EXPECT_EQ(platforms, (std::set<core::Platform>{core::Platform::google_ads, core::Platform::meta_ads,
                                                 core::Platform::linkedin_ads, core::Platform::tiktok_ads,
                                                 core::Platform::youtube_ads}));
}

TEST(DemoData, NumbersArePlausible) {
  auto data = app::make_demo_data(kLastDay);
  for (const auto& m : data.metrics) {
    const auto& campaign = data.campaigns[m.campaign];
    EXPECT_GT(m.spend_micros, 0);
    // Platforms pace under budget on weekdays and at most 30% over on busy weekend days.
    EXPECT_LE(m.spend_micros, campaign.daily_budget_micros * 13 / 10);
    EXPECT_EQ(m.spend_micros % 10'000, 0) << "spend is whole cents";
    EXPECT_LE(m.clicks, m.impressions);
    EXPECT_LE(m.conversions, static_cast<double>(m.clicks));
    if (m.reach) {
      EXPECT_LE(*m.reach, m.impressions);
      EXPECT_NEAR(*m.frequency, static_cast<double>(m.impressions) / static_cast<double>(*m.reach), 1e-9);
    }
  }
}

}  // namespace
