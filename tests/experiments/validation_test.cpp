// Bad input is refused with the path of the field that was wrong; daily rows aggregate by sums.
#include <gtest/gtest.h>

#include <stdexcept>

#include "experiments/aggregate.h"
#include "experiments/analysis.h"
#include "experiments_test_support.h"

namespace {

using namespace experiments_test;

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

TEST(Validation, NamesTheFieldThatIsWrong) {
  auto base = two_arm(metric("cvr"), proportion(100, 10), proportion(100, 12));
  auto e = base;
  e.variants[1].weight = 0.6;
  EXPECT_TRUE(
      starts_with(error_of([&] { analyze(e); }), "variants[1].weight: the weights sum to 1.1"));
  e = base;
  e.variants[1].weight = -0.5;
  EXPECT_TRUE(starts_with(error_of([&] { analyze(e); }), "variants[1].weight: must be in (0, 1]"));
  e = base;
  e.metrics[0].variants[1].sum = 120;
  EXPECT_EQ(error_of([&] { analyze(e); }),
            "metrics[0].variants[1].sum: conversions (120) exceed units (100)");
  e = base;
  e.metrics[0].variants[0].units = -1;
  EXPECT_TRUE(starts_with(error_of([&] { analyze(e); }), "metrics[0].variants[0].units:"));
  e = base;
  e.metrics[0].variants.pop_back();
  EXPECT_EQ(error_of([&] { analyze(e); }), "metrics[0].variants: 1 entries for 2 variants");
  e = base;
  e.variants[1].name = "a";
  EXPECT_TRUE(starts_with(error_of([&] { analyze(e); }), "variants[1].name: duplicate 'a'"));
  e = base;
  e.variants.pop_back();
  EXPECT_TRUE(starts_with(error_of([&] { analyze(e); }), "variants:"));
  auto mean =
      two_arm(metric("revenue", MetricKind::mean), from_values({1, 2, 3}), from_values({1, 2}));
  mean.metrics[0].variants[0].sum_squares = 1;  // Σy² < (Σy)²/n
  EXPECT_TRUE(starts_with(error_of([&] { analyze(mean); }), "metrics[0].variants[0].sum_squares:"));
  AnalysisOptions options;
  options.alpha = 1.5;
  EXPECT_TRUE(starts_with(error_of([&] { analyze(base, options); }), "options.alpha:"));
  options = {};
  options.srm_metric = "nope";
  EXPECT_TRUE(starts_with(error_of([&] { analyze(base, options); }), "options.srm_metric:"));
}

ExperimentDesign design() {
  return {"a bigger button converts more",
          {{"control", 0.5}, {"big", 0.5}},
          {metric("cvr"), metric("revenue", MetricKind::mean, MetricRole::secondary)}};
}

DailyResult row(std::string variant, std::string metric_name, int day, std::int64_t units,
                double total, std::optional<double> squares = std::nullopt) {
  DailyResult r;
  r.variant = std::move(variant);
  r.metric = std::move(metric_name);
  r.day = core::Date{19000 + day};
  r.units = units;
  r.total = total;
  r.total_squares = squares;
  return r;
}

TEST(Aggregate, SumsDaysPerVariantAndMetric) {
  std::vector<DailyResult> rows = {row("control", "cvr", 0, 100, 10),
                                   row("big", "cvr", 0, 98, 12),
                                   row("control", "cvr", 1, 110, 9),
                                   row("big", "cvr", 1, 105, 15),
                                   row("control", "revenue", 0, 100, 250, 1900),
                                   row("big", "revenue", 1, 98, 260, 2100)};
  auto e = aggregate_daily(design(), rows);
  EXPECT_EQ(e.days_observed, 2);
  EXPECT_EQ(e.hypothesis, "a bigger button converts more");
  EXPECT_EQ(e.metrics[0].variants[0].units, 210);
  EXPECT_DOUBLE_EQ(e.metrics[0].variants[0].sum, 19);
  EXPECT_DOUBLE_EQ(e.metrics[0].variants[1].sum_squares, 27);  // y² = y for conversions
  EXPECT_DOUBLE_EQ(e.metrics[1].variants[1].sum_squares, 2100);
  EXPECT_NO_THROW(analyze(e));
}

TEST(Aggregate, RefusesBadRowsNamingTheRow) {
  std::vector<DailyResult> rows = {row("control", "cvr", 0, 100, 10), row("big", "cvr", 0, 98, 12),
                                   row("control", "cvr", 1, 110, 9), row("big", "cvr", 1, 10, 15)};
  EXPECT_EQ(error_of([&] { aggregate_daily(design(), rows); }),
            "results[3].total: conversions (15) exceed units (10)");
  rows[3] = row("huge", "cvr", 1, 10, 1);
  EXPECT_TRUE(starts_with(error_of([&] { aggregate_daily(design(), rows); }),
                          "results[3].variant: 'huge' is not a variant"));
  rows[3] = row("big", "cvr", 0, 10, 1);
  EXPECT_TRUE(
      starts_with(error_of([&] { aggregate_daily(design(), rows); }), "results[3]: duplicate row"));
  rows[3] = row("big", "revenue", 1, 10, 1);
  EXPECT_EQ(error_of([&] { aggregate_daily(design(), rows); }),
            "results[3].total_squares: required for mean metric 'revenue'");
  rows[3] = row("big", "cvr", 1, -3, 0);
  EXPECT_EQ(error_of([&] { aggregate_daily(design(), rows); }), "results[3].units: must be >= 0");
  auto bad = design();
  bad.variants[1].weight = 0.4;
  EXPECT_TRUE(starts_with(error_of([&] { aggregate_daily(bad, {}); }), "variants[1].weight:"));
}

TEST(Aggregate, AVariantWithoutRowsIsEmptyNotAnError) {
  std::vector<DailyResult> rows = {row("control", "cvr", 0, 100, 10)};
  auto result = analyze(aggregate_daily(design(), rows));
  EXPECT_FALSE(result.metrics[0].variants[0].absolute);
  // 100 units against 0 at 50/50 is itself a sample-ratio mismatch.
  EXPECT_EQ(result.decision, Decision::fix_assignment);
}

}  // namespace
