// The analysis on the public A/B-test data sets in ../shared/data/abtests (README.md there):
//   1. marketing_AB_sample2pct.csv — ads vs a public-service-announcement holdout (user level);
//   2. cookie_cats.csv — gate at level 30 vs 40 (retention_1, retention_7, game rounds);
//   3. ab_campaign_{control,test}_group.csv — two campaigns' daily funnels (days as units).
// Prints each analysis's report; the figures are recorded in docs/experiments.md.
//
//   build-exp/bench/abtest_evaluation [data_dir]
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "experiments/aggregate.h"
#include "experiments/analysis.h"

namespace {

using namespace experiments;

std::vector<std::vector<std::string>> read_csv(const std::string& path, char separator) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("cannot open ").append(path));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, separator)) fields.push_back(field);
    if (!line.empty() && line.back() == separator) fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

void add(VariantData& v, double y) {
  v.units += 1;
  v.sum += y;
  v.sum_squares += y * y;
}

void print(const std::string& title, const AnalysisResult& result) {
  std::cout << "\n=== " << title << "\n" << result.report();
}

void marketing_ab(const std::string& dir) {
  // Columns: user id, test group (ad | psa), converted (True/False), total ads, …
  Experiment e;
  e.hypothesis = "showing ads raises conversion over the PSA holdout";
  e.variants = {{"psa", 0.04}, {"ad", 0.96}};  // the original test's 4% holdout
  MetricData converted;
  converted.spec = {"converted", MetricKind::proportion, MetricRole::primary, true};
  converted.variants.resize(2);
  e.metrics.push_back(converted);
  for (const auto& row : read_csv(dir + "/marketing_AB_sample2pct.csv", ',')) {
    add(e.metrics[0].variants[row.at(1) == "ad" ? 1 : 0], row.at(2) == "True" ? 1.0 : 0.0);
  }
  print("marketing_AB (2% sample): ad vs psa, conversion", analyze(e));
  AnalysisOptions bayes;
  bayes.engine = DecisionEngine::bayesian;
  print("marketing_AB, Bayesian engine", analyze(e, bayes));
}

Experiment cookie_cats(const std::string& dir) {
  Experiment e;
  e.hypothesis = "moving the first gate from level 30 to 40 does not hurt retention";
  e.variants = {{"gate_30", 0.5}, {"gate_40", 0.5}};
  for (MetricSpec spec :
       {MetricSpec{"retention_7", MetricKind::proportion, MetricRole::primary, true},
        MetricSpec{"retention_1", MetricKind::proportion, MetricRole::secondary, true},
        MetricSpec{"sum_gamerounds", MetricKind::mean, MetricRole::secondary, true}}) {
    MetricData m;
    m.spec = spec;
    m.variants.resize(2);
    e.metrics.push_back(m);
  }
  for (const auto& row : read_csv(dir + "/cookie_cats.csv", ',')) {
    const std::size_t k = row.at(1) == "gate_30" ? 0 : 1;
    add(e.metrics[0].variants[k], row.at(4) == "TRUE" ? 1.0 : 0.0);
    add(e.metrics[1].variants[k], row.at(3) == "TRUE" ? 1.0 : 0.0);
    add(e.metrics[2].variants[k], std::stod(row.at(2)));
  }
  return e;
}

// "1.08.2019" → date.
core::Date parse_day(const std::string& text) {
  int day = 0, month = 0, year = 0;
  char dot = 0;
  std::stringstream(text) >> day >> dot >> month >> dot >> year;
  return *core::make_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

void campaign_rows(const std::string& path, const std::string& variant,
                   std::vector<DailyResult>& rows) {
  // Campaign Name; Date; Spend; Impressions; Reach; Clicks; Searches; View Content; Add to Cart;
  // Purchase. A day with empty metrics is a day without data.
  for (const auto& f : read_csv(path, ';')) {
    if (f.size() < 10 || f.at(3).empty()) continue;
    const core::Date day = parse_day(f.at(1));
    const double spend = std::stod(f.at(2)), impressions = std::stod(f.at(3)),
                 clicks = std::stod(f.at(5)), purchases = std::stod(f.at(9));
    // One unit per day: numerator and denominator of each ratio.
    auto ratio = [&](const char* metric, double m, double d) {
      DailyResult r;
      r.variant = variant;
      r.metric = metric;
      r.day = day;
      r.units = 1;
      r.total = m;
      r.total_squares = m * m;
      r.denominator_total = d;
      r.denominator_squares = d * d;
      r.cross_total = m * d;
      rows.push_back(r);
    };
    ratio("purchases_per_click", purchases, clicks);
    ratio("click_through_rate", clicks, impressions);
    ratio("cost_per_purchase", spend, purchases);
    // The naive reading: every click an independent trial.
    DailyResult naive;
    naive.variant = variant;
    naive.metric = "purchase_rate_clicks_as_units";
    naive.day = day;
    naive.units = static_cast<std::int64_t>(clicks);
    naive.total = purchases;
    rows.push_back(naive);
  }
}

void ab_campaign(const std::string& dir) {
  ExperimentDesign design;
  design.hypothesis = "the test campaign sells more per click than the control campaign";
  design.variants = {{"control_campaign", 0.5}, {"test_campaign", 0.5}};
  design.metrics = {
      {"purchases_per_click", MetricKind::ratio, MetricRole::primary, true},
      {"click_through_rate", MetricKind::ratio, MetricRole::secondary, true},
      {"cost_per_purchase", MetricKind::ratio, MetricRole::secondary, false},
      {"purchase_rate_clicks_as_units", MetricKind::proportion, MetricRole::secondary, true}};
  std::vector<DailyResult> rows;
  campaign_rows(dir + "/ab_campaign_control_group.csv", "control_campaign", rows);
  campaign_rows(dir + "/ab_campaign_test_group.csv", "test_campaign", rows);
  AnalysisOptions options;
  options.srm_metric = "purchases_per_click";  // days are the units; clicks are not assigned
  print("ab_campaign: test vs control campaign, days as units",
        analyze(aggregate_daily(design, rows), options));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : STRATEGIST_SHARED_DIR "/data/abtests";
  try {
    marketing_ab(dir);
    const Experiment cats = cookie_cats(dir);
    print("cookie_cats: gate_40 vs gate_30", analyze(cats));
    AnalysisOptions sequential;
    sequential.sequential = true;
    sequential.sequential_tuning_units = 90000;
    print("cookie_cats, sequential (tuned for 90,000 players)", analyze(cats, sequential));
    AnalysisOptions bayes;
    bayes.engine = DecisionEngine::bayesian;
    print("cookie_cats, Bayesian engine", analyze(cats, bayes));
    ab_campaign(dir);

    const auto start = std::chrono::steady_clock::now();
    const int repeats = 2000;
    for (int i = 0; i < repeats; ++i) analyze(cats);
    const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
    std::cout << "\ncookie_cats analysis (3 metrics): " << took.count() / repeats << " µs each\n";
  } catch (const std::exception& e) {
    std::cerr << "abtest_evaluation: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
