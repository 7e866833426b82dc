#include "analytics/ranking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace analytics;

namespace {
constexpr std::int64_t kUnit = 1'000'000;

Counters totals(double spend, std::int64_t clicks, double conversions, double value) {
  Counters c;
  c.spend_micros = static_cast<std::int64_t>(spend * kUnit);
  c.clicks = clicks;
  c.impressions = clicks * 50;
  c.conversions = conversions;
  c.conversion_value_micros = static_cast<std::int64_t>(value * kUnit);
  return c;
}

CampaignCounters campaign(std::string id, Counters current, Counters previous = {}) {
  return CampaignCounters{std::move(id), current, previous};
}

std::vector<std::string> ids(const std::vector<RankedCampaign>& list) {
  std::vector<std::string> out;
  for (const auto& r : list) out.push_back(r.campaign_id);
  return out;
}
std::vector<std::string> ids(const std::vector<Mover>& list) {
  std::vector<std::string> out;
  for (const auto& m : list) out.push_back(m.campaign_id);
  return out;
}
using Ids = std::vector<std::string>;

const RankingOptions kGuard{
    .top_n = 2, .min_spend_micros = 100 * kUnit, .min_clicks = 50, .min_conversions = 5};
}  // namespace

TEST(Ranking, RoasListsBestFirstAndWorstFirst) {
  std::vector<CampaignCounters> in = {
      campaign("a", totals(1000, 500, 10, 3000)),  // roas 3
      campaign("b", totals(1000, 500, 10, 5000)),  // 5
      campaign("c", totals(1000, 500, 10, 1000)),  // 1
      campaign("d", totals(1000, 500, 10, 4000)),  // 4
      campaign("e", totals(1000, 500, 10, 2000)),  // 2
  };
  RankingReport r = rank_campaigns(in, kGuard);
  EXPECT_EQ(ids(r.roas.best), (Ids{"b", "d"}));
  EXPECT_EQ(ids(r.roas.worst), (Ids{"c", "e"}));
  EXPECT_DOUBLE_EQ(r.roas.best[0].value, 5.0);
  EXPECT_EQ(r.roas.best[0].input_index, 1u);
  EXPECT_EQ(r.roas.best[0].counters, in[1].current);
  EXPECT_EQ(r.roas.eligible, 5u);
  EXPECT_EQ(r.campaigns, 5u);
}

TEST(Ranking, CpaBestIsTheCheapestAcquisition) {
  std::vector<CampaignCounters> in = {
      campaign("x", totals(1000, 500, 10, 0)),  // cpa 100
      campaign("y", totals(1000, 500, 40, 0)),  // 25
      campaign("z", totals(1000, 500, 20, 0)),  // 50
      campaign("w", totals(1000, 500, 5, 0)),   // 200
  };
  RankingReport r = rank_campaigns(in, kGuard);
  EXPECT_EQ(ids(r.cpa.best), (Ids{"y", "z"}));
  EXPECT_EQ(ids(r.cpa.worst), (Ids{"w", "x"}));
  EXPECT_DOUBLE_EQ(r.cpa.best[0].value, 25.0);  // currency units
  EXPECT_DOUBLE_EQ(r.cpa.worst[0].value, 200.0);
}

TEST(Ranking, VolumeGuardExcludesAndCountsSmallCampaigns) {
  std::vector<CampaignCounters> in = {
      campaign("big", totals(1000, 500, 10, 2000)),
      campaign("cheap", totals(99, 500, 10, 9000)),  // spend below 100: roas 91 ignored
      campaign("few_clicks", totals(1000, 49, 10, 9000)),
      campaign("few_conversions", totals(1000, 500, 4, 9000)),  // ranks by ROAS, not by CPA
  };
  RankingReport r = rank_campaigns(in, kGuard);
  EXPECT_EQ(r.roas.eligible, 2u);
  EXPECT_EQ(r.roas.excluded_low_volume, 2u);
  EXPECT_EQ(ids(r.roas.best), (Ids{"few_conversions"}));
  EXPECT_EQ(ids(r.roas.worst), (Ids{"big"}));
  EXPECT_EQ(r.cpa.eligible, 1u);
  EXPECT_EQ(r.cpa.excluded_low_volume, 3u);
  EXPECT_EQ(ids(r.cpa.best), (Ids{"big"}));
  EXPECT_TRUE(r.cpa.worst.empty());
  // Exactly at the guard passes.
  std::vector<CampaignCounters> edge = {campaign("edge", totals(100, 50, 5, 100))};
  EXPECT_EQ(rank_campaigns(edge, kGuard).cpa.eligible, 1u);
}

TEST(Ranking, BestAndWorstNeverShareACampaign) {
  std::vector<CampaignCounters> in = {campaign("a", totals(1000, 500, 10, 1000)),
                                      campaign("b", totals(1000, 500, 10, 2000)),
                                      campaign("c", totals(1000, 500, 10, 3000))};
  RankingReport r = rank_campaigns(in, kGuard);  // 3 eligible, top_n 2: two best, one worst
  EXPECT_EQ(ids(r.roas.best), (Ids{"c", "b"}));
  EXPECT_EQ(ids(r.roas.worst), (Ids{"a"}));
  RankingReport one = rank_campaigns(std::vector<CampaignCounters>{in[0]}, kGuard);
  EXPECT_EQ(ids(one.roas.best), (Ids{"a"}));
  EXPECT_TRUE(one.roas.worst.empty());
}

TEST(Ranking, TiesAreBrokenByIdWhateverTheInputOrder) {
  std::vector<CampaignCounters> in = {
      campaign("m", totals(1000, 500, 10, 2000)), campaign("c", totals(1000, 500, 10, 2000)),
      campaign("q", totals(1000, 500, 10, 2000)), campaign("a", totals(1000, 500, 10, 2000)),
      campaign("k", totals(1000, 500, 10, 2000))};
  RankingOptions options = kGuard;
  RankingReport r = rank_campaigns(in, options);
  EXPECT_EQ(ids(r.roas.best), (Ids{"a", "c"}));
  EXPECT_EQ(ids(r.roas.worst), (Ids{"k", "m"}));  // the rest, again by id
  std::reverse(in.begin(), in.end());
  RankingReport reversed = rank_campaigns(in, options);
  EXPECT_EQ(ids(reversed.roas.best), (Ids{"a", "c"}));
  EXPECT_EQ(ids(reversed.roas.worst), (Ids{"k", "m"}));
}

TEST(Ranking, UndefinedKpisAreCountedApartWhenTheGuardAllowsThem) {
  RankingOptions open{.top_n = 3, .min_spend_micros = 0, .min_clicks = 0, .min_conversions = 0};
  std::vector<CampaignCounters> in = {campaign("free", totals(0, 10, 1, 50)),
                                      campaign("no_conv", totals(100, 10, 0, 0))};
  RankingReport r = rank_campaigns(in, open);
  EXPECT_EQ(r.roas.excluded_undefined, 1u);  // "free": no spend, no ROAS
  EXPECT_EQ(ids(r.roas.best), (Ids{"no_conv"}));
  EXPECT_DOUBLE_EQ(r.roas.best[0].value, 0.0);
  EXPECT_EQ(r.cpa.excluded_undefined, 1u);  // "no_conv": no conversions, no CPA
  EXPECT_EQ(ids(r.cpa.best), (Ids{"free"}));
  EXPECT_DOUBLE_EQ(r.cpa.best[0].value, 0.0);
}

TEST(Movers, AreOrderedByAbsoluteChangeInEitherDirection) {
  std::vector<CampaignCounters> in = {
      campaign("up", totals(1500, 500, 30, 3000), totals(1000, 500, 10, 3000)),     // +500
      campaign("down", totals(300, 500, 12, 900), totals(1000, 500, 10, 1000)),     // −700
      campaign("flat", totals(1000, 500, 10, 3000), totals(1000, 500, 10, 3000)),   // 0
      campaign("small", totals(1100, 500, 10, 3000), totals(1000, 500, 11, 3000)),  // +100
  };
  RankingReport r = rank_campaigns(in, kGuard);
  EXPECT_EQ(ids(r.spend_movers.movers), (Ids{"down", "up"}));
  EXPECT_DOUBLE_EQ(r.spend_movers.movers[0].change.absolute, -700.0 * kUnit);
  EXPECT_DOUBLE_EQ(*r.spend_movers.movers[0].change.relative, -0.7);
  EXPECT_DOUBLE_EQ(r.spend_movers.movers[0].previous, 1000.0 * kUnit);
  EXPECT_EQ(r.spend_movers.eligible, 4u);

  // Conversions: up +20, down +2, small −1; "flat" did not move and is left out.
  EXPECT_EQ(ids(r.conversion_movers.movers), (Ids{"up", "down"}));
  RankingOptions all = kGuard;
  all.top_n = 10;
  EXPECT_EQ(ids(rank_campaigns(in, all).conversion_movers.movers), (Ids{"up", "down", "small"}));

  // ROAS: up 3 → 2 (−1), down 1 → 3 (+2), small 3 → 2.7273 (−0.2727).
  EXPECT_EQ(ids(r.roas_movers.movers), (Ids{"down", "up"}));
  EXPECT_DOUBLE_EQ(r.roas_movers.movers[0].current, 3.0);
  EXPECT_DOUBLE_EQ(r.roas_movers.movers[0].change.absolute, 2.0);
}

TEST(Movers, NeedTheGuardInBothPeriodsSoLaunchesAndPausesAreNotMovers) {
  std::vector<CampaignCounters> in = {
      campaign("launched", totals(5000, 900, 50, 9000), Counters{}),
      campaign("paused", Counters{}, totals(5000, 900, 50, 9000)),
      campaign("steady", totals(1200, 500, 10, 2000), totals(1000, 500, 10, 2000)),
  };
  RankingReport r = rank_campaigns(in, kGuard);
  EXPECT_EQ(ids(r.spend_movers.movers), (Ids{"steady"}));
  EXPECT_EQ(r.spend_movers.excluded_low_volume, 2u);
  EXPECT_EQ(r.spend_movers.eligible, 1u);
}

TEST(Movers, TiesOnTheChangeAreBrokenById) {
  std::vector<CampaignCounters> in = {
      campaign("b", totals(1100, 500, 10, 0), totals(1000, 500, 10, 0)),
      campaign("a", totals(900, 500, 10, 0), totals(1000, 500, 10, 0)),
      campaign("c", totals(1100, 500, 10, 0), totals(1000, 500, 10, 0))};
  EXPECT_EQ(ids(rank_campaigns(in, kGuard).spend_movers.movers), (Ids{"a", "b"}));
}

TEST(Ranking, EmptyInputAndZeroTopNGiveEmptyLists) {
  RankingReport empty = rank_campaigns({}, kGuard);
  EXPECT_EQ(empty.campaigns, 0u);
  EXPECT_TRUE(empty.roas.best.empty() && empty.cpa.worst.empty() &&
              empty.spend_movers.movers.empty());
  std::vector<CampaignCounters> in = {campaign("a", totals(1000, 500, 10, 1000))};
  RankingOptions none = kGuard;
  none.top_n = 0;
  RankingReport r = rank_campaigns(in, none);
  EXPECT_TRUE(r.roas.best.empty() && r.roas.worst.empty());
  EXPECT_EQ(r.roas.eligible, 1u);
}

TEST(RankingOptions, InvalidFieldsAreNamedAndRejected) {
  EXPECT_FALSE(check(RankingOptions{}));
  EXPECT_EQ(check(RankingOptions{.min_spend_micros = -1})->field, "min_spend_micros");
  EXPECT_EQ(check(RankingOptions{.min_clicks = -1})->field, "min_clicks");
  EXPECT_EQ(check(RankingOptions{.min_conversions = std::nan("")})->field, "min_conversions");
  EXPECT_THROW(rank_campaigns({}, RankingOptions{.min_clicks = -5}), std::invalid_argument);
}
