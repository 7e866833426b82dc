// The scheduler runs every due rule at once: evaluating 1,000 rules over 1,000 campaigns with 90
// days of history must take at most a second (issue "Speed"). The worst case puts every campaign
// in every rule's scope (1,000,000 rule × campaign evaluations); the realistic one spreads the
// rules and campaigns over 100 clients (10,000 evaluations). docs/rules.md records the figures.
//
// This file defines the optimize_bench target's BENCHMARK_MAIN(); other files in the target must
// not.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "optimize/rules.h"

namespace {

namespace rules = optimize::rules;

constexpr int kCampaigns = 1000;
constexpr int kRules = 1000;
constexpr int kDays = 90;
const core::Date kFirstDay{19723};  // 2024-01-01
const core::Date kLastDay = kFirstDay + (kDays - 1);

std::string numbered(const char* prefix, int i) {
  return std::string(prefix).append(std::to_string(i));
}

std::vector<optimize::CampaignHistory> make_campaigns(int clients) {
  std::mt19937 rng(90);
  std::lognormal_distribution<double> level(5.0, 0.8), noise(0.0, 0.3);
  std::poisson_distribution<int> conversions(4.0);
  std::vector<optimize::CampaignHistory> campaigns(kCampaigns);
  for (int i = 0; i < kCampaigns; ++i) {
    auto& c = campaigns[static_cast<std::size_t>(i)];
    c.id = numbered("campaign-", i);
    c.client_id = numbered("client-", i % clients);
    c.platform = static_cast<core::Platform>(i % 4);
    const double budget = level(rng);
    c.daily_budget = budget;
    for (int d = 0; d < kDays; ++d) {
      optimize::CampaignDay day;
      day.date = kFirstDay + d;
      day.spend = budget * noise(rng);
      day.impressions = day.spend * 300;
      day.clicks = day.impressions * 0.02;
      day.conversions = conversions(rng);
      day.conversion_value = day.conversions * 60 * noise(rng);
      day.reach = day.impressions / 1.8;
      c.days.push_back(day);
    }
  }
  return campaigns;
}

rules::Condition condition(rules::Metric metric, int window_days, rules::Comparison comparison,
                           double threshold) {
  rules::Condition c;
  c.metric = metric;
  c.window_days = window_days;
  c.comparison = comparison;
  c.threshold = threshold;
  return c;
}

// The three examples and a change comparison, with guards, in rotation; 1–3 conditions.
rules::Rule make_rule(int i, int clients) {
  using rules::Comparison;
  using rules::Metric;
  rules::Rule r;
  r.id = numbered("rule-", i);
  r.name = r.id;
  r.scope.client_id = numbered("client-", i % clients);
  auto cpa = condition(Metric::cpa, 3, Comparison::greater, 40 + i % 20);
  cpa.guard.min_conversions = 3;
  auto pacing = condition(Metric::spend_vs_daily_budget, 1, Comparison::greater, 1.2);
  auto roas = condition(Metric::roas, 7, Comparison::less, 2);
  roas.window_end = rules::WindowEnd::yesterday;
  auto rising = condition(Metric::cpa, 7, Comparison::greater, 20);
  rising.measure = rules::Measure::change_percent;
  const rules::Condition all[] = {cpa, pacing, roas, rising};
  for (int k = 0; k <= i % 3; ++k) r.conditions.push_back(all[(i + k) % 4]);
  if (i % 2 == 0) {
    r.action.kind = rules::ActionKind::recommend_budget_change;
    r.action.percent = i % 4 == 0 ? 20 : -20;
    r.action.max_daily_budget = 500;
  }
  r.cooldown_days = 3;
  return r;
}

struct Fixture {
  std::vector<optimize::CampaignHistory> campaigns;
  std::vector<rules::Rule> rules;
  rules::RuleState state;  // yesterday's firings, so cooldowns are looked up
};

Fixture make_fixture(int clients) {
  Fixture f;
  f.campaigns = make_campaigns(clients);
  for (int i = 0; i < kRules; ++i) f.rules.push_back(make_rule(i, clients));
  rules::EvaluateOptions quiet;
  quiet.record_evaluations = false;
  f.state = rules::evaluate(f.rules, f.campaigns, kLastDay - 1, {}, quiet).state;
  return f;
}

const Fixture& one_client() {
  static const Fixture f = make_fixture(1);
  return f;
}

void run_evaluate(benchmark::State& state, const Fixture& f, bool record) {
  rules::EvaluateOptions options;
  options.record_evaluations = record;
  std::size_t pairs = 0, firings = 0;
  for (auto _ : state) {
    auto report = rules::evaluate(f.rules, f.campaigns, kLastDay, f.state, options);
    pairs = report.pairs_evaluated;
    firings = report.firings.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["evaluations"] = static_cast<double>(pairs);
  state.counters["firings"] = static_cast<double>(firings);
  state.counters["evaluations_per_s"] = benchmark::Counter(
      static_cast<double>(pairs) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

void BM_Evaluate_1000Rules_1000Campaigns_AllInScope(benchmark::State& state) {
  run_evaluate(state, one_client(), state.range(0) != 0);
}
BENCHMARK(BM_Evaluate_1000Rules_1000Campaigns_AllInScope)
    ->ArgName("record")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond);

void BM_Evaluate_1000Rules_1000Campaigns_100Clients(benchmark::State& state) {
  static const Fixture f = make_fixture(100);
  run_evaluate(state, f, true);
}
BENCHMARK(BM_Evaluate_1000Rules_1000Campaigns_100Clients)->Unit(benchmark::kMillisecond);

void BM_DryRun_1Rule_1000Campaigns_90Days(benchmark::State& state) {
  const Fixture& f = one_client();
  std::size_t firings = 0;
  for (auto _ : state) {
    auto report = rules::dry_run(f.rules[1], f.campaigns, kFirstDay, kLastDay);
    firings = report.firings.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["firings"] = static_cast<double>(firings);
}
BENCHMARK(BM_DryRun_1Rule_1000Campaigns_90Days)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
