#include "evaluation_data.h"

#include <csv.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include "forecast/benchmark_forecaster.h"
#include "forecast/benchmark_priors.h"

namespace forecast_eval {
namespace {

struct CsvState {
  Table* table;
  std::vector<std::string> row;
  bool header_done = false;
};

void on_field(void* data, std::size_t length, void* state) {
  static_cast<CsvState*>(state)->row.emplace_back(static_cast<const char*>(data), length);
}

void on_row(int, void* state) {
  auto* s = static_cast<CsvState*>(state);
  if (!s->header_done) {
    s->table->header = std::move(s->row);
    s->header_done = true;
  } else if (!(s->row.size() == 1 && s->row[0].empty())) {
    s->table->rows.push_back(std::move(s->row));
  }
  s->row.clear();
}

Table parse_csv(const std::string& text, const std::string& what) {
  Table table;
  CsvState state{&table, {}, false};
  csv_parser parser;
  if (csv_init(&parser, CSV_APPEND_NULL) != 0) throw std::runtime_error("csv_init failed");
  const bool ok =
      csv_parse(&parser, text.data(), text.size(), on_field, on_row, &state) == text.size() &&
      csv_fini(&parser, on_field, on_row, &state) == 0;
  csv_free(&parser);
  if (!ok) throw std::runtime_error("cannot parse CSV " + what);
  return table;
}

double number(const std::string& text) {
  std::size_t used = 0;
  const double v = std::stod(text, &used);
  if (used != text.size() || !std::isfinite(v)) throw std::runtime_error("not a number: " + text);
  return v;
}

// Columns of features, assembled into a forecast::Dataset.
class FeatureBuilder {
 public:
  explicit FeatureBuilder(std::size_t rows) : rows_(rows) {}
  // One 0/1 column per distinct value (sorted), named "<name>=<value>".
  void one_hot(const std::string& name, const std::vector<std::string>& values) {
    const std::set<std::string> levels(values.begin(), values.end());
    for (const std::string& level : levels) {
      std::vector<float> column(rows_);
      for (std::size_t r = 0; r < rows_; ++r) column[r] = values[r] == level ? 1.0f : 0.0f;
      add(name + "=" + level, std::move(column), 0);
    }
  }
  void numeric(const std::string& name, const std::vector<double>& values, int monotone) {
    std::vector<float> column(values.begin(), values.end());
    add(name, std::move(column), monotone);
  }
  forecast::Dataset build() const {
    forecast::Dataset d;
    d.feature_names = names_;
    d.monotone = monotone_;
    d.rows = rows_;
    d.x.resize(rows_ * names_.size());
    d.y.assign(rows_, 0.0f);
    for (std::size_t r = 0; r < rows_; ++r) {
      for (std::size_t j = 0; j < names_.size(); ++j) d.x[r * names_.size() + j] = columns_[j][r];
    }
    return d;
  }

 private:
  void add(std::string name, std::vector<float> column, int monotone) {
    names_.push_back(std::move(name));
    columns_.push_back(std::move(column));
    monotone_.push_back(monotone);
  }
  std::size_t rows_;
  std::vector<std::string> names_;
  std::vector<std::vector<float>> columns_;
  std::vector<int> monotone_;
};

std::vector<std::string> strings(const Table& t, const std::string& column) {
  const std::size_t c = t.column(column);
  std::vector<std::string> out;
  for (const auto& row : t.rows) out.push_back(row.at(c));
  return out;
}

std::vector<double> numbers(const Table& t, const std::string& column) {
  const std::size_t c = t.column(column);
  std::vector<double> out;
  for (const auto& row : t.rows) out.push_back(number(row.at(c)));
  return out;
}

std::vector<double> log1p_all(std::vector<double> v) {
  for (double& x : v) x = std::log1p(std::max(x, 0.0));
  return v;
}

// The google_ads display figures of the embedded benchmark table (all-industry rows):
// benchmark_prior() picks search figures for google_ads, which are the wrong network here.
std::map<std::string, double> display_priors() {
  const Table t = parse_csv(std::string(forecast::benchmark_source().csv), "benchmarks");
  std::map<std::string, double> out;
  for (const auto& row : t.rows) {
    if (row.at(t.column("platform")) != "google_ads") continue;
    const std::string& metric = row.at(t.column("metric"));
    if (!metric.starts_with("display_") || !row.at(t.column("industry")).starts_with("All"))
      continue;
    double v = number(row.at(t.column("value")));
    if (row.at(t.column("unit")) == "%") v /= 100;
    out[metric.substr(8)] = v;
  }
  return out;
}

}  // namespace

std::size_t Table::column(const std::string& name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) throw std::runtime_error("no column " + name);
  return static_cast<std::size_t>(it - header.begin());
}

Table read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_csv(text.str(), path);
}

Experiment kag_experiment(const std::string& dir, std::uint64_t seed) {
  const Table t = read_csv(dir + "/KAG_conversion_data.csv");
  const std::size_t n = t.rows.size();
  Experiment e;
  e.name = "KAG_conversion_data.csv (Facebook ads, 1,143 ads)";
  e.split =
      "seeded random 80/20 split of the ads (no dates); CV: 5 shuffled folds of the "
      "training part; calibration: a seeded random 25% of the training part";
  const std::vector<double> spend = numbers(t, "Spent");
  FeatureBuilder f(n);
  f.one_hot("campaign", strings(t, "xyz_campaign_id"));
  f.one_hot("age", strings(t, "age"));
  f.one_hot("gender", strings(t, "gender"));
  f.one_hot("interest", strings(t, "interest"));
  f.numeric("log1p_spend", log1p_all(spend), +1);
  e.features = f.build();
  e.target_names = {"clicks", "total_conversions"};
  e.targets = {numbers(t, "Clicks"), numbers(t, "Total_Conversion")};

  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  const std::size_t cut = n * 8 / 10;
  e.train.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(cut));
  e.test.assign(order.begin() + static_cast<std::ptrdiff_t>(cut), order.end());
  std::sort(e.train.begin(), e.train.end());
  std::sort(e.test.begin(), e.test.end());

  // Benchmark-only: the product's benchmark forecaster, one day of the ad's spend on Meta,
  // all industries, objective leads (the data's conversions are enquiries).
  e.benchmark.assign(2, std::vector<double>(n, 0));
  for (std::size_t r = 0; r < n; ++r) {
    forecast::PlanInput plan;
    plan.platform = core::Platform::meta_ads;
    plan.objective = core::Objective::leads;
    plan.start = plan.end = core::Date{0};
    plan.daily_spend = spend[r];
    const auto fc = forecast::benchmark_forecaster().forecast(plan);
    e.benchmark[0][r] = fc.clicks.value;
    e.benchmark[1][r] = fc.conversions.value;
  }
  e.benchmark_description = "benchmark_forecaster(): meta_ads, all industries, objective leads";
  return e;
}

Experiment display_experiment(const std::string& dir) {
  const Table t = read_csv(dir + "/online_advertising_performance_data.csv");
  const std::size_t n = t.rows.size();
  Experiment e;
  e.name = "online_advertising_performance_data.csv (display, 15,403 daily rows, 2020)";
  e.split =
      "train April–May, test June; CV: 3 rolling-origin folds of the training part; "
      "calibration: the last date block of the training part (second half of May)";
  const std::map<std::string, unsigned> months = {{"April", 4}, {"May", 5}, {"June", 6}};
  const std::vector<std::string> month = strings(t, "month");
  const std::vector<double> day = numbers(t, "day");
  std::vector<std::string> weekday(n);
  for (std::size_t r = 0; r < n; ++r) {
    const auto date = core::make_date(2020, months.at(month[r]), static_cast<unsigned>(day[r]));
    if (!date) throw std::runtime_error("bad date in display data");
    e.dates.push_back(*date);
    weekday[r] = std::to_string(core::iso_weekday(*date));
  }
  const std::vector<double> cost = numbers(t, "cost");
  FeatureBuilder f(n);
  f.one_hot("campaign", strings(t, "campaign_number"));
  f.one_hot("engagement", strings(t, "user_engagement"));
  f.one_hot("banner", strings(t, "banner"));
  f.one_hot("placement", strings(t, "placement"));
  f.one_hot("weekday", weekday);
  f.numeric("log1p_cost", log1p_all(cost), +1);
  e.features = f.build();
  e.target_names = {"clicks", "post_click_conversions", "post_click_sales_amount"};
  e.targets = {numbers(t, "clicks"), numbers(t, "post_click_conversions"),
               numbers(t, "post_click_sales_amount")};
  for (std::size_t r = 0; r < n; ++r) (month[r] == "June" ? e.test : e.train).push_back(r);

  // Benchmark-only: Google display (the network this data is), all industries: clicks =
  // cost / CPC, conversions = clicks × CVR, sales = conversions × the training part's average
  // sale per conversion (a benchmark user would supply value_per_conversion).
  const auto priors = display_priors();
  const double cpc = priors.at("cpc"), cvr = priors.at("cvr");
  double sales = 0, conversions = 0;
  for (std::size_t r : e.train) sales += e.targets[2][r], conversions += e.targets[1][r];
  e.benchmark.assign(3, std::vector<double>(n, 0));
  for (std::size_t r = 0; r < n; ++r) {
    e.benchmark[0][r] = cost[r] / cpc;
    e.benchmark[1][r] = e.benchmark[0][r] * cvr;
    e.benchmark[2][r] = e.benchmark[1][r] * sales / conversions;
  }
  char text[200];
  std::snprintf(text, sizeof text,
                "google_ads display priors, all industries: CPC %.2f USD, CVR %.2f%%; sale per "
                "conversion %.2f (training mean)",
                cpc, 100 * cvr, sales / conversions);
  e.benchmark_description = text;
  return e;
}

}  // namespace forecast_eval
