// Hand-built campaign histories for the recommendation tests: a campaign is a function from
// the day's index (0 = first day) to its metrics, and "healthy" campaigns that every check
// should pass. Deterministic: the wobble is a fixed-seed mt19937, whose output the standard
// specifies.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/date.h"
#include "optimize/campaign_history.h"

namespace optimize_test {

// A Monday; the analysis window is the 28 days before it.
inline const core::Date kToday = *core::make_date(2024, 6, 3);
inline constexpr int kHistoryDays = 90;

inline optimize::CampaignHistory campaign(std::string id, int days,
                                          const std::function<optimize::CampaignDay(int)>& day,
                                          core::Date today = kToday) {
  optimize::CampaignHistory c;
  c.id = id;
  c.name = std::string("Campaign ").append(id);
  c.client_id = "client-1";
  for (int i = 0; i < days; ++i) {
    optimize::CampaignDay d = day(i);
    d.date = today - (days - i);
    c.days.push_back(d);
  }
  return c;
}

// Multiplicative wobbles in [1 − amplitude, 1 + amplitude], one stream per campaign.
class Wobble {
 public:
  explicit Wobble(std::uint32_t seed, double amplitude = 0.03)
      : rng_(seed), amplitude_(amplitude) {}
  double operator()() {
    const double u = static_cast<double>(rng_()) / 4294967295.0;
    return 1 + amplitude_ * (2 * u - 1);
  }

 private:
  std::mt19937 rng_;
  double amplitude_;
};

// A search campaign on target at CPA 50 and ROAS 4: spends 97% of a 100 daily budget, ~58
// conversions in 30 days, no reach or frequency.
inline optimize::CampaignHistory healthy_search(std::string id = "search") {
  auto w = std::make_shared<Wobble>(11);
  optimize::CampaignHistory c = campaign(std::move(id), kHistoryDays, [w](int) {
    optimize::CampaignDay d;
    d.spend = 97 * (*w)();
    d.impressions = 5000 * (*w)();
    d.clicks = d.impressions * 0.04 * (*w)();
    d.conversions = d.spend / 50 * (*w)();
    d.conversion_value = d.conversions * 200;
    return d;
  });
  c.platform = core::Platform::google_ads;
  c.daily_budget = 100;
  c.bid_strategy = "TARGET_CPA";
  return c;
}

// A Meta campaign on target at CPA 50 and ROAS 4 with ~55 conversions a week, steady CTR,
// CPM, frequency 1.3 and reach.
inline optimize::CampaignHistory healthy_social(std::string id = "social") {
  auto w = std::make_shared<Wobble>(23);
  optimize::CampaignHistory c = campaign(std::move(id), kHistoryDays, [w](int) {
    optimize::CampaignDay d;
    d.spend = 392 * (*w)();
    d.impressions = 40000 * (*w)();
    d.clicks = d.impressions * 0.015 * (*w)();
    d.conversions = d.spend / 50 * (*w)();
    d.conversion_value = d.conversions * 200;
    d.frequency = 1.3 * (*w)();
    d.reach = d.impressions / *d.frequency;
    return d;
  });
  c.platform = core::Platform::meta_ads;
  c.daily_budget = 400;
  c.bid_strategy = "LOWEST_COST_WITHOUT_CAP";
  return c;
}

// A campaign with the same metrics every day, for exact hand-computed figures.
inline optimize::CampaignHistory constant(std::string id, double spend, double conversions,
                                          int days = kHistoryDays) {
  return campaign(std::move(id), days, [=](int) {
    optimize::CampaignDay d;
    d.spend = spend;
    d.impressions = spend * 50;
    d.clicks = d.impressions * 0.03;
    d.conversions = conversions;
    return d;
  });
}

}  // namespace optimize_test
