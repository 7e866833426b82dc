#include "forecast/benchmark_priors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using core::Platform;
using forecast::benchmark_prior;
using forecast::BenchmarkMetric;
using testing::Contains;
using testing::HasSubstr;

namespace {

constexpr double kTolerance = 1e-9;

// An independent, deliberately naive reading of the shared CSV: one line per row, commas split
// fields except inside double quotes. Expectations come from here, not from the module.
struct CsvRow {
  std::string platform, industry, metric, unit, title, url;
  double value = 0;
  int year = 0;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kSharedCsvPath =
    std::string(STRATEGIST_SHARED_DIR) + "/data/benchmarks/platform_industry_benchmarks.csv";

std::vector<CsvRow> shared_rows() {
  std::istringstream lines(read_file(kSharedCsvPath));
  std::vector<CsvRow> rows;
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f(1);
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        f.emplace_back();
      } else {
        f.back() += c;
      }
    }
    if (f.size() != 8) continue;
    rows.push_back({f[0], f[1], f[2], f[4], f[6], f[7], std::stod(f[3]), std::stoi(f[5])});
  }
  return rows;
}

std::vector<CsvRow> rows_where(const std::string& platform, const std::string& industry,
                               const std::string& metric) {
  std::vector<CsvRow> out;
  for (const CsvRow& row : shared_rows()) {
    if (row.platform == platform && row.industry == industry && row.metric == metric) {
      out.push_back(row);
    }
  }
  return out;
}

}  // namespace

TEST(BenchmarkPriors, ExactLookupReturnsTheCsvValueAndItsCitation) {
  const auto rows = rows_where("meta", "Technology", "ctr");
  ASSERT_EQ(rows.size(), 1u);

  const auto prior = benchmark_prior(Platform::meta_ads, "Technology", BenchmarkMetric::ctr);

  ASSERT_TRUE(prior);
  EXPECT_NEAR(prior->value, rows[0].value / 100, kTolerance);
  EXPECT_EQ(prior->low, prior->value);
  EXPECT_EQ(prior->high, prior->value);
  EXPECT_EQ(prior->sources, 1u);
  EXPECT_EQ(prior->year, rows[0].year);
  EXPECT_EQ(prior->fallback, "exact");
  EXPECT_EQ(prior->matched_industry, "Technology");
  EXPECT_EQ(prior->metric_variant, "ctr");
  ASSERT_EQ(prior->citations.size(), 1u);
  EXPECT_EQ(prior->citations[0],
            rows[0].title + " (" + std::to_string(rows[0].year) + ") " + rows[0].url);
}

TEST(BenchmarkPriors, PercentagePointsBecomeFractionsAndDollarsStayDollars) {
  const auto cvr = rows_where("tiktok", "Cosmetics", "cvr");
  const auto cpm = rows_where("tiktok", "Cosmetics", "cpm");
  ASSERT_EQ(cvr.size(), 1u);
  ASSERT_EQ(cpm.size(), 1u);
  ASSERT_EQ(cvr[0].unit, "%");

  const auto rate =
      benchmark_prior(Platform::tiktok_ads, "cosmetics", BenchmarkMetric::conversion_rate);
  const auto cost = benchmark_prior(Platform::tiktok_ads, "Cosmetics", BenchmarkMetric::cpm);

  ASSERT_TRUE(rate);
  ASSERT_TRUE(cost);
  EXPECT_NEAR(rate->value, cvr[0].value / 100, kTolerance);
  EXPECT_NEAR(cost->value, cpm[0].value, kTolerance);
}

TEST(BenchmarkPriors, SeveralSourcesGiveTheMedianOfTheLatestYearAndTheSpreadOfAll) {
  // LinkedIn all-industry CPC: two 2024 sources (5.58, 5.26) and one 2023 source (8.95).
  const auto rows = rows_where("linkedin", "All", "cpc");
  ASSERT_EQ(rows.size(), 3u);
  int latest = 0;
  for (const auto& row : rows) latest = std::max(latest, row.year);
  std::vector<double> latest_values, all_values;
  for (const auto& row : rows) {
    all_values.push_back(row.value);
    if (row.year == latest) latest_values.push_back(row.value);
  }
  ASSERT_EQ(latest_values.size(), 2u);

  const auto prior = benchmark_prior(Platform::linkedin_ads, "All", BenchmarkMetric::cpc);

  ASSERT_TRUE(prior);
  EXPECT_NEAR(prior->value, (latest_values[0] + latest_values[1]) / 2, kTolerance);
  EXPECT_NEAR(prior->low, *std::min_element(all_values.begin(), all_values.end()), kTolerance);
  EXPECT_NEAR(prior->high, *std::max_element(all_values.begin(), all_values.end()), kTolerance);
  EXPECT_EQ(prior->sources, 3u);
  EXPECT_EQ(prior->citations.size(), 3u);
  EXPECT_EQ(prior->year, latest);
}

TEST(BenchmarkPriors, APublishedRangeAloneGivesItsMidpointAndEnds) {
  const auto low = rows_where("tiktok", "E-commerce", "cpm_low");
  const auto high = rows_where("tiktok", "E-commerce", "cpm_high");
  ASSERT_EQ(low.size(), 1u);
  ASSERT_EQ(high.size(), 1u);

  const auto prior = benchmark_prior(Platform::tiktok_ads, "E-commerce", BenchmarkMetric::cpm);

  ASSERT_TRUE(prior);
  EXPECT_NEAR(prior->value, (low[0].value + high[0].value) / 2, kTolerance);
  EXPECT_NEAR(prior->low, low[0].value, kTolerance);
  EXPECT_NEAR(prior->high, high[0].value, kTolerance);
  EXPECT_EQ(prior->sources, 1u);
}

TEST(BenchmarkPriors, GoogleAdsPrefersTheSearchNetwork) {
  const auto search = rows_where("google_ads", "Technology", "search_ctr");
  ASSERT_EQ(search.size(), 1u);
  ASSERT_EQ(rows_where("google_ads", "Technology", "display_ctr").size(), 1u);

  const auto prior = benchmark_prior(Platform::google_ads, "Technology", BenchmarkMetric::ctr);

  ASSERT_TRUE(prior);
  EXPECT_NEAR(prior->value, search[0].value / 100, kTolerance);
  EXPECT_EQ(prior->metric_variant, "search_ctr");
}

TEST(BenchmarkPriors, AnAliasPoolsTheSourcesLabelsForTheIndustry) {
  // "legal" is an alias for "Attorneys & Legal Services" (LocaliQ) and "Legal" (classic table).
  const auto localiq = rows_where("google_ads", "Attorneys & Legal Services", "search_cpc");
  ASSERT_FALSE(localiq.empty());
  const CsvRow latest = *std::max_element(
      localiq.begin(), localiq.end(), [](const auto& a, const auto& b) { return a.year < b.year; });

  const auto prior = benchmark_prior(Platform::google_ads, "  legal ", BenchmarkMetric::cpc);
  const auto ecommerce = benchmark_prior(Platform::meta_ads, "ecommerce", BenchmarkMetric::ctr);

  ASSERT_TRUE(prior);
  EXPECT_EQ(prior->fallback, "industry alias");
  EXPECT_THAT(prior->matched_industry, HasSubstr("Attorneys & Legal Services"));
  EXPECT_NEAR(prior->value, latest.value, kTolerance);
  ASSERT_TRUE(ecommerce);
  EXPECT_EQ(ecommerce->fallback, "industry alias");
  EXPECT_EQ(ecommerce->matched_industry, "Retail");
  EXPECT_NEAR(ecommerce->value, rows_where("meta", "Retail", "ctr").at(0).value / 100,
              kTolerance);
}

TEST(BenchmarkPriors, ExactLabelsMatchCaseInsensitively) {
  const auto prior = benchmark_prior(Platform::meta_ads, "TECHNOLOGY", BenchmarkMetric::ctr);

  ASSERT_TRUE(prior);
  EXPECT_EQ(prior->matched_industry, "Technology");
  EXPECT_EQ(prior->fallback, "exact");
}

TEST(BenchmarkPriors, AnUnknownIndustryFallsBackToAllIndustriesAndSaysSo) {
  const auto all = benchmark_prior(Platform::google_ads, "All", BenchmarkMetric::cpc);
  const auto unknown =
      benchmark_prior(Platform::google_ads, "Underwater basket weaving", BenchmarkMetric::cpc);

  ASSERT_TRUE(unknown);
  ASSERT_TRUE(all);
  EXPECT_EQ(unknown->fallback, "all industries");
  EXPECT_THAT(unknown->matched_industry, HasSubstr("All"));
  EXPECT_EQ(unknown->value, all->value);
  // The most recent all-industry search CPC in the file.
  int latest = 0;
  double latest_value = 0;
  for (const auto& row : rows_where("google_ads", "All", "search_cpc")) {
    if (row.year > latest) latest = row.year, latest_value = row.value;
  }
  EXPECT_NEAR(unknown->value, latest_value, kTolerance);
  EXPECT_LT(unknown->confidence,
            benchmark_prior(Platform::google_ads, "Real Estate", BenchmarkMetric::cpc)->confidence);
}

TEST(BenchmarkPriors, CpaWithoutPlatformFiguresFallsBackAcrossPlatforms) {
  // No LinkedIn, TikTok or YouTube source publishes a CPA or CPL; Google and Meta do.
  const auto google = benchmark_prior(Platform::google_ads, "all", BenchmarkMetric::cpa);
  const auto meta = benchmark_prior(Platform::meta_ads, "all", BenchmarkMetric::cpa);
  ASSERT_TRUE(google);
  ASSERT_TRUE(meta);

  const auto prior = benchmark_prior(Platform::youtube_ads, "Retail", BenchmarkMetric::cpa);

  ASSERT_TRUE(prior);
  EXPECT_EQ(prior->fallback, "cross-platform");
  EXPECT_NEAR(prior->value, (google->value + meta->value) / 2, kTolerance);
  EXPECT_LE(prior->low, prior->value);
  EXPECT_GE(prior->high, prior->value);
  EXPECT_LT(prior->confidence, meta->confidence);
  EXPECT_FALSE(benchmark_prior(Platform::google_ads, "Retail", BenchmarkMetric::cpv));
}

TEST(BenchmarkPriors, AggregatorOnlyPriorsHaveLowConfidence) {
  const auto tiktok = benchmark_prior(Platform::tiktok_ads, "all", BenchmarkMetric::cpc);
  const auto google = benchmark_prior(Platform::google_ads, "all", BenchmarkMetric::cpc);

  ASSERT_TRUE(tiktok);
  ASSERT_TRUE(google);
  EXPECT_LT(tiktok->confidence, google->confidence);
}

TEST(BenchmarkPriors, EmailHasNoBenchmarks) {
  EXPECT_FALSE(benchmark_prior(Platform::email, "Retail", BenchmarkMetric::ctr));
  EXPECT_TRUE(forecast::known_industries(Platform::email).empty());
}

TEST(BenchmarkPriors, EveryAdPlatformHasCtrAndCpcPriors) {
  for (Platform platform : {Platform::google_ads, Platform::meta_ads, Platform::linkedin_ads,
                            Platform::tiktok_ads, Platform::youtube_ads}) {
    for (BenchmarkMetric metric : {BenchmarkMetric::ctr, BenchmarkMetric::cpc}) {
      const auto prior = benchmark_prior(platform, "Some niche", metric);
      ASSERT_TRUE(prior) << core::platform_name(platform);
      EXPECT_GT(prior->value, 0) << core::platform_name(platform);
      EXPECT_LE(prior->low, prior->value) << core::platform_name(platform);
      EXPECT_GE(prior->high, prior->value) << core::platform_name(platform);
      EXPECT_FALSE(prior->citations.empty()) << core::platform_name(platform);
      if (metric == BenchmarkMetric::ctr) {
        EXPECT_LT(prior->value, 1);
      }
    }
  }
}

TEST(BenchmarkPriors, KnownIndustriesListTheFilesLabelsSorted) {
  const auto labels = forecast::known_industries(Platform::google_ads);

  EXPECT_THAT(labels, Contains("Attorneys & Legal Services"));
  EXPECT_THAT(labels, Contains("Automotive — Repair, Service & Parts"));
  EXPECT_TRUE(std::is_sorted(labels.begin(), labels.end()));
}

TEST(BenchmarkPriors, TheEmbeddedCopyEqualsTheSharedFile) {
  const std::string shared = read_file(kSharedCsvPath);
  ASSERT_FALSE(shared.empty()) << kSharedCsvPath;

  const auto& source = forecast::benchmark_source();

  EXPECT_TRUE(source.csv == shared) << "embedded " << source.csv.size() << " bytes, shared "
                                    << shared.size() << " bytes";
  EXPECT_EQ(source.rows, shared_rows().size());
  EXPECT_EQ(source.rows, 300u);
  EXPECT_EQ(source.malformed_rows, 0u);
}
