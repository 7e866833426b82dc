// Property: the prefix-sum evaluation equals a naive recomputation from the rows, on random
// histories with gaps, partial windows, zeros and every metric, window and measure.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "optimize/rules.h"
#include "optimize/rules_fixtures.h"

using namespace rules_test;
using rules::ConditionStatus;

namespace {

struct Naive {
  ConditionStatus status = ConditionStatus::no_data;
  std::optional<double> observed;
};

struct Totals {
  double spend = 0, impressions = 0, clicks = 0, conversions = 0, value = 0;
  double reach = 0, impressions_with_reach = 0;
  int days = 0;
};

Totals totals(const optimize::CampaignHistory& c, core::Date first, core::Date last) {
  Totals t;
  for (const auto& d : c.days) {
    if (d.date < first || d.date > last) continue;
    t.spend += d.spend, t.impressions += d.impressions, t.clicks += d.clicks;
    t.conversions += d.conversions, t.value += d.conversion_value, ++t.days;
    if (d.reach && *d.reach > 0) t.reach += *d.reach, t.impressions_with_reach += d.impressions;
  }
  return t;
}

// The metric straight from the definitions in rules.h; nullopt status = computed.
std::pair<std::optional<ConditionStatus>, double> metric(rules::Metric m, const Totals& t,
                                                         std::optional<double> budget) {
  using M = rules::Metric;
  const auto ratio = [](double n, double d, double scale = 1.0) {
    return d == 0 ? std::pair{std::optional(ConditionStatus::undefined), 0.0}
                  : std::pair{std::optional<ConditionStatus>(), scale * n / d};
  };
  switch (m) {
    case M::spend: return {std::nullopt, t.spend};
    case M::impressions: return {std::nullopt, t.impressions};
    case M::clicks: return {std::nullopt, t.clicks};
    case M::conversions: return {std::nullopt, t.conversions};
    case M::conversion_value: return {std::nullopt, t.value};
    case M::ctr: return ratio(t.clicks, t.impressions);
    case M::cpc: return ratio(t.spend, t.clicks);
    case M::cpm: return ratio(t.spend, t.impressions, 1000);
    case M::cpa: return ratio(t.spend, t.conversions);
    case M::roas: return ratio(t.value, t.spend);
    case M::conversion_rate: return ratio(t.conversions, t.clicks);
    case M::frequency: return ratio(t.impressions_with_reach, t.reach);
    case M::spend_vs_daily_budget:
      if (!budget) return {ConditionStatus::no_daily_budget, 0};
      return {std::nullopt, t.spend / (*budget * t.days)};
  }
  return {ConditionStatus::undefined, 0};
}

std::pair<std::optional<ConditionStatus>, double> judged(const rules::Condition& c, const Totals& t,
                                                         std::optional<double> budget) {
  if (t.days == 0) return {ConditionStatus::no_data, 0};
  const auto& g = c.guard;
  // Sums of cents in doubles are off by rounding; the engine's are exact.
  constexpr double e = 1e-6;
  if (t.spend + e < g.min_spend || t.conversions + e < g.min_conversions ||
      t.clicks + e < g.min_clicks || t.impressions + e < g.min_impressions ||
      t.days < g.min_days_with_data) {
    return {ConditionStatus::insufficient_data, 0};
  }
  return metric(c.metric, t, budget);
}

Naive naive(const rules::Condition& c, const optimize::CampaignHistory& h, core::Date date) {
  const core::Date last = c.window_end == rules::WindowEnd::today ? date : date - 1;
  const core::Date first = last - (c.window_days - 1);
  const auto now = judged(c, totals(h, first, last), h.daily_budget);
  Naive out;
  double value = now.second;
  if (c.measure == rules::Measure::change_percent) {
    const auto before =
        judged(c, totals(h, first - c.window_days, first - 1), h.daily_budget);
    if (now.first || before.first) return {now.first ? *now.first : *before.first, {}};
    if (before.second == 0) return {ConditionStatus::undefined, {}};
    value = (now.second - before.second) / before.second * 100;
  } else if (now.first) {
    return {*now.first, {}};
  }
  out.observed = value;
  return out;
}

optimize::CampaignHistory random_campaign(std::mt19937& rng, int index) {
  std::uniform_int_distribution<int> cents(0, 50000), count(0, 20000), conv(0, 10), start(0, 20);
  std::bernoulli_distribution gap(0.1), zero(0.08), has_reach(0.5), no_budget(0.2);
  optimize::CampaignHistory c;
  c.id = std::string("c").append(std::to_string(index));
  c.client_id = "client-1";
  c.daily_budget = no_budget(rng) ? std::nullopt : std::optional(cents(rng) / 100.0 + 1);
  const int first = start(rng);
  for (int d = first; d < first + 70; ++d) {
    if (gap(rng)) continue;
    optimize::CampaignDay row;
    row.date = day(1) + d;
    if (!zero(rng)) {
      row.impressions = count(rng);
      row.clicks = std::floor(row.impressions / (5 + conv(rng)));
      row.spend = cents(rng) / 100.0;
      row.conversions = conv(rng) / 2.0;
      row.conversion_value = row.conversions * cents(rng) / 1000.0;
    }
    if (has_reach(rng)) row.reach = std::floor(row.impressions / 2);
    c.days.push_back(row);
  }
  return c;
}

rules::Rule random_rule(std::mt19937& rng, int index) {
  std::uniform_int_distribution<int> metric(0, 12), window(1, 30), comparison(0, 4);
  std::bernoulli_distribution coin(0.5), guarded(0.3);
  std::lognormal_distribution<double> threshold(0.0, 2.0);
  auto c = condition(static_cast<rules::Metric>(metric(rng)), window(rng),
                     static_cast<rules::Comparison>(comparison(rng)), threshold(rng),
                     coin(rng) ? rules::WindowEnd::today : rules::WindowEnd::yesterday);
  if (coin(rng)) {
    c.measure = rules::Measure::change_percent;
    c.threshold = coin(rng) ? 20 : -15;
  }
  if (guarded(rng)) c.guard.min_conversions = 3, c.guard.min_spend = 50;
  auto rule = rule_with({c}, 0);
  rule.id = std::string("r").append(std::to_string(index));
  return rule;
}

rules::Outcome expected_outcome(ConditionStatus s) {
  switch (s) {
    case ConditionStatus::held: return rules::Outcome::fired;
    case ConditionStatus::not_held: return rules::Outcome::conditions_not_met;
    case ConditionStatus::insufficient_data: return rules::Outcome::insufficient_data;
    default: return rules::Outcome::not_evaluable;
  }
}

}  // namespace

TEST(RuleProperty, PrefixSumEvaluationEqualsNaiveRecomputation) {
  std::mt19937 rng(20240311);
  std::vector<optimize::CampaignHistory> campaigns;
  for (int i = 0; i < 40; ++i) campaigns.push_back(random_campaign(rng, i));
  std::vector<rules::Rule> rules_;
  for (int i = 0; i < 300; ++i) rules_.push_back(random_rule(rng, i));
  int compared = 0, held = 0;

  for (int d : {1, 5, 31, 60, 89, 95}) {
    const auto report = rules::evaluate(rules_, campaigns, day(d), {});
    ASSERT_EQ(report.evaluations.size(), rules_.size() * campaigns.size());
    for (const auto& e : report.evaluations) {
      const auto& c = rules_[e.rule_index].conditions[0];
      const auto got = report.conditions(e)[0];
      const Naive want = naive(c, campaigns[e.campaign_index], day(d));
      ASSERT_EQ(got.observed.has_value(), want.observed.has_value()) << "day " << d;
      if (!want.observed) {
        EXPECT_EQ(got.status, want.status);
        EXPECT_EQ(e.outcome, expected_outcome(want.status));
        continue;
      }
      const double scale = std::max(1.0, std::abs(*want.observed));
      ASSERT_NEAR(*got.observed, *want.observed, 1e-9 * scale)
          << rules::to_string(c.metric) << " day " << d;
      ++compared;
      if (std::abs(*want.observed - c.threshold) < 1e-6 * scale) continue;  // on the line
      held += got.status == ConditionStatus::held;
      EXPECT_EQ(e.outcome, expected_outcome(got.status));
    }
  }
  EXPECT_GT(compared, 20000);  // most pairs produce a value …
  EXPECT_GT(held, 2000);       // … and many of them fire
}

TEST(RuleProperty, DryRunJudgesEachDayAsEvaluateWould) {
  std::mt19937 rng(7);
  std::vector<optimize::CampaignHistory> campaigns;
  for (int i = 0; i < 10; ++i) campaigns.push_back(random_campaign(rng, i));
  for (int r = 0; r < 20; ++r) {
    const auto rule = random_rule(rng, r);  // cooldown 0: every day stands alone
    const auto replay = rules::dry_run(rule, campaigns, day(20), day(40));
    std::size_t k = 0;
    for (int d = 20; d <= 40; ++d) {
      const std::vector rules_ = {rule};
      const auto live = rules::evaluate(rules_, campaigns, day(d), {});
      for (const auto& e : live.evaluations) {
        ASSERT_LT(k, replay.evaluations.size());
        const auto& replayed = replay.evaluations[k++];
        EXPECT_EQ(replayed.outcome, e.outcome);
        EXPECT_EQ(replay.conditions(replayed)[0].observed, live.conditions(e)[0].observed);
      }
    }
    EXPECT_EQ(k, replay.evaluations.size());
  }
}
