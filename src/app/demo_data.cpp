#include "app/demo_data.h"

#include <cmath>

namespace app {
namespace {

// SplitMix64 finaliser: a well-mixed 64-bit value from a counter.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Uniform in [-1, 1) from (campaign, day, stream).
double noise(std::size_t campaign, int day, int stream) {
  std::uint64_t h = mix((static_cast<std::uint64_t>(campaign) << 40) ^
                        (static_cast<std::uint64_t>(day) << 8) ^ static_cast<std::uint64_t>(stream));
  return static_cast<double>(h >> 11) / 4503599627370496.0 - 1.0;
}

struct Profile {
  DemoCampaign campaign;
  double cpm, ctr, cvr, order_value, frequency, view_rate;
  double weekend_factor;  // spend multiplier on Saturday and Sunday
  double trend_per_day;   // relative drift of efficiency
};

std::vector<Profile> profiles() {
  using P = core::Platform;
  using O = core::Objective;
  auto c = [](const char* id, const char* name, P p, O o, double budget) {
    return DemoCampaign{id, name, p, o, static_cast<std::int64_t>(budget * 1e6)};
  };
  return {
      {c("20123456789", "Search | Brand | US", P::google_ads, O::sales_conversion, 180), 38.0,
       0.085, 0.092, 96.0, 0, 0, 0.85, 0.0004},
      {c("20123456790", "Search | Generic | Hiking boots", P::google_ads, O::sales_conversion, 420),
       26.0, 0.041, 0.038, 118.0, 0, 0, 0.9, -0.0008},
      {c("20123456791", "Performance Max | Catalog", P::google_ads, O::sales_conversion, 350), 9.5,
       0.012, 0.027, 104.0, 0, 0, 1.05, 0.0006},
      {c("23851234567890", "Prospecting | Lookalike 1%", P::meta_ads, O::sales_conversion, 500),
       11.0, 0.0125, 0.021, 92.0, 1.9, 0.18, 1.12, -0.0015},
      {c("23851234567891", "Retargeting | 30-day visitors", P::meta_ads, O::sales_conversion, 160),
       16.5, 0.019, 0.048, 88.0, 3.4, 0.15, 1.1, -0.0022},
      {c("512345678", "Lead gen | Outdoor retail buyers", P::linkedin_ads, O::leads, 220), 48.0,
       0.0065, 0.11, 140.0, 2.3, 0, 0.45, 0.0003},
      {c("1780000000000001", "Spark Ads | Trail season", P::tiktok_ads, O::awareness, 260), 5.8,
       0.0095, 0.008, 71.0, 1.6, 0.31, 1.2, 0.001},
      {c("20123456795", "In-stream | Boot fit demo", P::youtube_ads, O::awareness, 240), 7.2,
       0.0042, 0.012, 99.0, 2.1, 0.27, 1.08, 0.0002},
  };
}

// Agencies move budgets: every two weeks each campaign ran at a different fraction of today's
// daily budget (the latest two weeks at today's). The varied levels are what lets the budget
// optimizer read each channel's response curve off the history.
double budget_phase(std::size_t campaign, int day, int days) {
  static constexpr double kLevels[] = {0.55, 0.8, 0.65, 1.0, 0.7, 0.9, 0.6, 0.85};
  const int phase_from_end = (days - 1 - day) / 14;
  if (phase_from_end == 0) return 1.0;
  return kLevels[(static_cast<std::size_t>(phase_from_end) + campaign * 3) % 8];
}

// Diminishing returns: buying more of an audience costs more per impression, so impressions
// grow as spend^(1 − kCostElasticity) across budget levels.
constexpr double kCostElasticity = 0.35;

}  // namespace

DemoData make_demo_data(core::Date last_day, int days) {
  DemoData data;
  data.last_day = last_day;
  data.first_day = last_day - (days - 1);
  auto all = profiles();
  for (const auto& p : all) data.campaigns.push_back(p.campaign);

  for (int d = 0; d < days; ++d) {
    core::Date date = data.first_day + d;
    int weekday = core::iso_weekday(date);
    bool weekend = weekday >= 6;
    for (std::size_t i = 0; i < all.size(); ++i) {
      const Profile& p = all[i];
      double budget = static_cast<double>(p.campaign.daily_budget_micros) / 1e6;
      double pacing = 0.88 + 0.1 * noise(i, d, 1);  // platforms rarely spend the full budget
      double phase = budget_phase(i, d, days);
      double spend = budget * phase * pacing * (weekend ? p.weekend_factor : 1.0);
      double efficiency = 1.0 + p.trend_per_day * d;
      double cpm = p.cpm * (1.0 + 0.08 * noise(i, d, 2)) / std::sqrt(efficiency) *
                   std::pow(phase, kCostElasticity);
      auto impressions = static_cast<std::int64_t>(std::llround(spend / cpm * 1000.0));
      double ctr = p.ctr * efficiency * (1.0 + 0.12 * noise(i, d, 3));
      auto clicks = static_cast<std::int64_t>(std::llround(static_cast<double>(impressions) * ctr));
      double cvr = p.cvr * (1.0 + 0.2 * noise(i, d, 4)) * (weekend ? 1.06 : 1.0);
      double conversions = std::round(static_cast<double>(clicks) * cvr);
      double value = conversions * p.order_value * (1.0 + 0.15 * noise(i, d, 5));

      DemoMetric m{i, date, impressions, clicks, static_cast<std::int64_t>(std::llround(spend * 100)) * 10'000,
                   static_cast<std::int64_t>(std::llround(value * 100)) * 10'000, conversions,
                   std::nullopt, std::nullopt, std::nullopt};
      if (p.frequency > 0) {
        double frequency = p.frequency * (1.0 + 0.05 * noise(i, d, 6));
        m.reach = static_cast<std::int64_t>(std::llround(static_cast<double>(impressions) / frequency));
        m.frequency = *m.reach > 0 ? static_cast<double>(impressions) / static_cast<double>(*m.reach) : 0.0;
      }
      if (p.view_rate > 0) {
        m.video_views = static_cast<std::int64_t>(
            std::llround(static_cast<double>(impressions) * p.view_rate * (1.0 + 0.1 * noise(i, d, 7))));
      }
      data.metrics.push_back(m);
    }
  }
  return data;
}

}  // namespace app
