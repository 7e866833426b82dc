#include "analytics/kpi.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace analytics;

namespace {
// 10,000 impressions, 250 clicks, 500.00 spent, 20 conversions worth 2,000.00; 8,000 of the
// impressions came from rows with reach (daily reach summing to 4,000), 6,000 from rows with
// video (1,500 views).
Counters sample() {
  Counters c;
  c.impressions = 10'000;
  c.clicks = 250;
  c.spend_micros = 500'000'000;
  c.conversion_value_micros = 2'000'000'000;
  c.conversions = 20;
  c.reach = 4'000;
  c.impressions_with_reach = 8'000;
  c.video_views = 1'500;
  c.impressions_with_video = 6'000;
  return c;
}
}  // namespace

TEST(Kpis, FollowTheirDefinitionsInCurrencyUnits) {
  Kpis k = kpis_of(sample());
  EXPECT_DOUBLE_EQ(*k.ctr, 0.025);             // 250 / 10,000
  EXPECT_DOUBLE_EQ(*k.cpc, 2.0);               // 500 / 250
  EXPECT_DOUBLE_EQ(*k.cpm, 50.0);              // 1000 · 500 / 10,000
  EXPECT_DOUBLE_EQ(*k.conversion_rate, 0.08);  // 20 / 250
  EXPECT_DOUBLE_EQ(*k.cpa, 25.0);              // 500 / 20
  EXPECT_DOUBLE_EQ(*k.roas, 4.0);              // 2,000 / 500
  EXPECT_DOUBLE_EQ(*k.roi, 3.0);               // (2,000 − 500) / 500
  EXPECT_DOUBLE_EQ(*k.frequency, 2.0);         // 8,000 / 4,000
  EXPECT_DOUBLE_EQ(*k.view_rate, 0.25);        // 1,500 / 6,000
}

TEST(Kpis, AllCountersZeroGivesEveryKpiNullNotZero) {
  Kpis k = kpis_of(Counters{});
  EXPECT_FALSE(k.ctr);
  EXPECT_FALSE(k.cpc);
  EXPECT_FALSE(k.cpm);
  EXPECT_FALSE(k.conversion_rate);
  EXPECT_FALSE(k.cpa);
  EXPECT_FALSE(k.roas);
  EXPECT_FALSE(k.roi);
  EXPECT_FALSE(k.frequency);
  EXPECT_FALSE(k.view_rate);
}

TEST(Kpis, EachZeroDenominatorNullsOnlyItsOwnKpis) {
  Counters no_impressions = sample();
  no_impressions.impressions = 0;
  Kpis k = kpis_of(no_impressions);
  EXPECT_FALSE(k.ctr);
  EXPECT_FALSE(k.cpm);
  EXPECT_TRUE(k.cpc && k.cpa && k.roas && k.frequency && k.view_rate);

  Counters no_clicks = sample();
  no_clicks.clicks = 0;
  k = kpis_of(no_clicks);
  EXPECT_FALSE(k.cpc);
  EXPECT_FALSE(k.conversion_rate);
  EXPECT_DOUBLE_EQ(*k.ctr, 0.0);  // a zero numerator is a real 0
  EXPECT_TRUE(k.cpa && k.cpm);

  Counters no_spend = sample();
  no_spend.spend_micros = 0;
  k = kpis_of(no_spend);
  EXPECT_FALSE(k.roas);
  EXPECT_FALSE(k.roi);
  EXPECT_DOUBLE_EQ(*k.cpc, 0.0);
  EXPECT_DOUBLE_EQ(*k.cpa, 0.0);

  Counters no_conversions = sample();
  no_conversions.conversions = 0;
  k = kpis_of(no_conversions);
  EXPECT_FALSE(k.cpa);
  EXPECT_DOUBLE_EQ(*k.conversion_rate, 0.0);

  Counters no_reach = sample();
  no_reach.reach = 0;
  no_reach.impressions_with_reach = 0;
  EXPECT_FALSE(kpis_of(no_reach).frequency);

  Counters no_video = sample();
  no_video.video_views = 0;
  no_video.impressions_with_video = 0;
  EXPECT_FALSE(kpis_of(no_video).view_rate);
}

TEST(Kpis, AreRatiosOfSumsNotMeansOfDailyRatios) {
  Counters day1, day2;
  day1.impressions = 100;
  day1.clicks = 10;  // CTR 10%
  day2.impressions = 900;
  day2.clicks = 9;  // CTR 1%
  // (10 + 9) / (100 + 900) = 1.9%, while the mean of the daily CTRs would be 5.5%.
  EXPECT_DOUBLE_EQ(*kpis_of(day1 + day2).ctr, 0.019);
}

TEST(Kpis, RoiIsNegativeWhenValueIsBelowSpend) {
  Counters c;
  c.spend_micros = 200'000'000;
  c.conversion_value_micros = 50'000'000;
  EXPECT_DOUBLE_EQ(*kpis_of(c).roi, -0.75);
  EXPECT_DOUBLE_EQ(*kpis_of(c).roas, 0.25);
}

TEST(Kpis, ByEnumAgreeWithTheNamedFields) {
  const Counters c = sample();
  const Kpis k = kpis_of(c);
  for (std::size_t i = 0; i < kKpiNames.size(); ++i) {
    const auto kpi = static_cast<Kpi>(i);
    EXPECT_EQ(kpi_value(k, kpi), ratio_of(kpi_parts(c, kpi))) << kKpiNames[i];
  }
  EXPECT_EQ(kpi_value(k, Kpi::cpa), k.cpa);
  EXPECT_EQ(kKpiNames[static_cast<int>(Kpi::view_rate)], "view_rate");
  EXPECT_EQ(counter_value(c, Counter::spend_micros), 500'000'000.0);
  EXPECT_EQ(counter_value(c, Counter::conversions), 20.0);
  EXPECT_EQ(kCounterNames[static_cast<int>(Counter::video_views)], "video_views");
}

TEST(Counters, AddEveryField) {
  Counters a = sample();
  a += sample();
  EXPECT_EQ(a.impressions, 20'000);
  EXPECT_EQ(a.clicks, 500);
  EXPECT_EQ(a.spend_micros, 1'000'000'000);
  EXPECT_EQ(a.conversion_value_micros, 4'000'000'000);
  EXPECT_DOUBLE_EQ(a.conversions, 40);
  EXPECT_EQ(a.reach, 8'000);
  EXPECT_EQ(a.impressions_with_reach, 16'000);
  EXPECT_EQ(a.video_views, 3'000);
  EXPECT_EQ(a.impressions_with_video, 12'000);
  EXPECT_EQ(sample() + sample(), a);
}

TEST(Counters, RowsWithoutReachNeitherDiluteNorInflateFrequency) {
  const Counters with_reach = counters_of({.impressions = 3'000, .reach = 1'000});
  const Counters without = counters_of({.impressions = 7'000});
  EXPECT_EQ(with_reach.impressions_with_reach, 3'000);
  EXPECT_EQ(without.impressions_with_reach, 0);
  const Counters total = with_reach + without;
  EXPECT_EQ(total.impressions, 10'000);
  EXPECT_DOUBLE_EQ(*kpis_of(total).frequency, 3.0);  // 3,000 / 1,000, not 10,000 / 1,000
}

TEST(Counters, VideoViewsCountOnlyImpressionsOfRowsThatReportedThem) {
  const Counters total =
      counters_of({.impressions = 400, .video_views = 100}) + counters_of({.impressions = 600});
  EXPECT_EQ(total.impressions_with_video, 400);
  EXPECT_DOUBLE_EQ(*kpis_of(total).view_rate, 0.25);
  // A reported zero is data: it keeps its impressions in the denominator.
  EXPECT_EQ(counters_of({.impressions = 50, .video_views = 0}).impressions_with_video, 50);
}

TEST(Change, RelativeIsAgainstTheAbsolutePreviousValue) {
  Change up = counter_change(150, 100);
  EXPECT_DOUBLE_EQ(up.absolute, 50);
  EXPECT_DOUBLE_EQ(*up.relative, 0.5);
  Change down = counter_change(75, 100);
  EXPECT_DOUBLE_EQ(*down.relative, -0.25);
  // ROI from −0.5 to −0.25 is an improvement: +50%, not −50%.
  EXPECT_DOUBLE_EQ(*counter_change(-0.25, -0.5).relative, 0.5);
}

TEST(Change, FromZeroHasAbsoluteButNoRelative) {
  Change c = counter_change(10, 0);
  EXPECT_DOUBLE_EQ(c.absolute, 10);
  EXPECT_FALSE(c.relative);
  EXPECT_FALSE(counter_change(0, 0).relative);
}

TEST(Change, OfAKpiIsNullWhenEitherSideIsUndefined) {
  EXPECT_FALSE(kpi_change(std::nullopt, 2.0));
  EXPECT_FALSE(kpi_change(2.0, std::nullopt));
  EXPECT_FALSE(kpi_change(std::nullopt, std::nullopt));
  auto c = kpi_change(3.0, 2.0);
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->absolute, 1.0);
  EXPECT_DOUBLE_EQ(*c->relative, 0.5);
  EXPECT_FALSE(kpi_change(1.0, 0.0)->relative);
}

TEST(PeriodComparison, ComparesEveryCounterAndKpi) {
  Counters previous = sample();
  Counters current = sample();
  current.spend_micros = 750'000'000;  // spend +50%, so ROAS falls from 4 to 2.6667
  current.clicks = 0;                  // CPC undefined this period
  PeriodComparison cmp = compare_periods(current, previous);
  const auto& spend = cmp.counter_changes[static_cast<int>(Counter::spend_micros)];
  EXPECT_DOUBLE_EQ(spend.absolute, 250'000'000);
  EXPECT_DOUBLE_EQ(*spend.relative, 0.5);
  const auto& roas = cmp.kpi_changes[static_cast<int>(Kpi::roas)];
  ASSERT_TRUE(roas);
  EXPECT_NEAR(roas->absolute, 2000.0 / 750 - 4, 1e-12);
  EXPECT_NEAR(*roas->relative, (2000.0 / 750 - 4) / 4, 1e-12);
  EXPECT_FALSE(cmp.kpi_changes[static_cast<int>(Kpi::cpc)]);
  EXPECT_DOUBLE_EQ(*cmp.previous_kpis.cpc, 2.0);
  EXPECT_FALSE(cmp.current_kpis.cpc);
  EXPECT_EQ(cmp.counter_changes[static_cast<int>(Counter::impressions)].absolute, 0);
}
