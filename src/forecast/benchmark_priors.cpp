#include "forecast/benchmark_priors.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <set>

#include "forecast/internal/benchmark_table.h"

namespace forecast {
namespace {

using internal::BenchmarkRow;

constexpr std::array<core::Platform, 5> kAdPlatforms = {
    core::Platform::google_ads, core::Platform::meta_ads, core::Platform::linkedin_ads,
    core::Platform::tiktok_ads, core::Platform::youtube_ads};

std::optional<std::string_view> csv_platform(core::Platform platform) {
  std::string_view name = core::report_platform_name(platform);
  return name.empty() ? std::nullopt : std::optional<std::string_view>(name);
}

std::vector<std::string_view> metric_bases(BenchmarkMetric metric) {
  switch (metric) {
    case BenchmarkMetric::ctr: return {"ctr"};
    case BenchmarkMetric::cpc: return {"cpc"};
    case BenchmarkMetric::cpm: return {"cpm"};
    case BenchmarkMetric::conversion_rate: return {"cvr"};
    case BenchmarkMetric::cpa: return {"cpa", "cpl"};
    case BenchmarkMetric::cpv: return {"cpv"};
  }
  return {};
}

// Prefix preference per CSV platform; see "Metric" in the header.
std::vector<std::string_view> prefix_preference(std::string_view platform) {
  if (platform == "google_ads") return {"search", "", "display"};
  if (platform == "meta") return {"", "traffic", "lead_ads", "leads_objective", "prospecting"};
  if (platform == "linkedin") return {"", "sponsored_content", "single_image"};
  return {""};
}

std::string normalise(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct AliasGroup {
  std::vector<std::string_view> keys;    // normalised
  std::vector<std::string_view> labels;  // as in the CSV
};

// The alias table documented in the header; keep the two in step.
const std::vector<AliasGroup>& alias_groups() {
  static const std::vector<AliasGroup> groups = {
      {{"legal", "law", "lawyers", "attorneys"}, {"Attorneys & Legal Services", "Legal"}},
      {{"retail", "ecommerce", "e-commerce", "online retail"},
       {"Retail", "E-Commerce", "Shopping, Collectibles & Gifts"}},
      {{"b2b", "saas", "b2b saas", "business services"},
       {"B2B", "B2B / ABM", "B2B/SaaS", "Business Services"}},
      {{"finance", "financial services", "insurance", "banking"}, {"Finance & Insurance"}},
      {{"health", "healthcare", "medical"},
       {"Health & Medical", "Physicians & Surgeons", "Health & Wellness",
        "Healthcare & Pharmaceutical"}},
      {{"fitness"}, {"Health & Fitness", "Fitness"}},
      {{"travel", "hospitality", "tourism"}, {"Travel", "Travel & Hospitality"}},
      {{"real estate", "property"}, {"Real Estate"}},
      {{"education", "edtech", "schools"}, {"Education", "Education & Instruction"}},
      {{"technology", "tech", "software"}, {"Technology", "B2B/SaaS"}},
      {{"beauty", "cosmetics"}, {"Beauty & Personal Care", "Beauty", "Cosmetics"}},
      {{"apparel", "fashion", "clothing"},
       {"Apparel / Fashion & Jewelry", "Apparel", "Clothing & Accessories"}},
      {{"automotive", "auto"},
       {"Auto", "Automotive — For Sale", "Automotive — Repair, Service & Parts"}},
      {{"home improvement", "home services"},
       {"Home & Home Improvement", "Home Improvement", "Home & Garden"}},
      {{"employment", "recruiting", "jobs"},
       {"Employment Services", "Career & Employment", "Employment & Job Training"}},
      {{"restaurants", "food"}, {"Restaurants & Food", "Food & Drink"}},
      {{"entertainment"}, {"Arts & Entertainment", "Entertainment"}},
      {{"dental", "dentists"}, {"Dentists & Dental Services"}},
      {{"industrial"}, {"Industrial Services", "Industrial & Commercial"}},
      {{"pets"}, {"Animals & Pets"}},
  };
  return groups;
}

bool is_all_industries_label(std::string_view label) {
  return label == "All" || label == "All (Facebook)" || label == "All (Instagram)" ||
         label == "All (global median)" || label == "All (classic WordStream industries)";
}

using IndustryFilter = std::function<bool(const BenchmarkRow&)>;

struct Selection {
  std::vector<const BenchmarkRow*> rows;
  std::string variant;
};

// The rows of `platform` for `metric` that pass `filter`, under the first preferred prefix
// that has any.
std::optional<Selection> select_rows(std::string_view platform, BenchmarkMetric metric,
                                     const IndustryFilter& filter) {
  const auto bases = metric_bases(metric);
  for (std::string_view prefix : prefix_preference(platform)) {
    Selection selection;
    for (const BenchmarkRow& row : internal::benchmark_table().rows) {
      if (row.platform == platform && row.prefix == prefix &&
          std::find(bases.begin(), bases.end(), row.base) != bases.end() && filter(row)) {
        selection.rows.push_back(&row);
      }
    }
    if (selection.rows.empty()) continue;
    if (!prefix.empty()) selection.variant.append(prefix).append("_");
    for (std::size_t i = 0; i < bases.size(); ++i) {
      selection.variant.append(i ? "/" : "").append(bases[i]);
    }
    return selection;
  }
  return std::nullopt;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void append_unique(std::vector<std::string>& out, const std::string& item) {
  if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

double step_confidence(std::string_view fallback) {
  if (fallback == "exact") return 0.8;
  if (fallback == "industry alias") return 0.7;
  if (fallback == "all industries") return 0.5;
  return 0.3;
}

double confidence(std::string_view fallback, bool aggregator_only, std::size_t sources) {
  return step_confidence(fallback) * (aggregator_only ? 0.5 : 1.0) * (sources == 1 ? 0.8 : 1.0);
}

// Combines selected rows as described under "Combining" in the header.
Prior combine(const Selection& selection, std::string fallback) {
  std::vector<const BenchmarkRow*> rows = selection.rows;
  std::stable_sort(rows.begin(), rows.end(),
                   [](const BenchmarkRow* a, const BenchmarkRow* b) { return a->year > b->year; });
  Prior prior;
  prior.year = rows.front()->year;
  std::vector<double> points, ends, all;
  std::vector<std::string> labels;
  bool aggregator_only = true;
  for (const BenchmarkRow* row : rows) {
    all.push_back(row->value);
    if (row->year == prior.year) {
      (row->kind == BenchmarkRow::Kind::point ? points : ends).push_back(row->value);
    }
    append_unique(prior.citations, row->citation);
    append_unique(labels, row->industry);
    aggregator_only = aggregator_only && row->aggregator;
  }
  prior.value = median(points.empty() ? ends : points);
  prior.low = *std::min_element(all.begin(), all.end());
  prior.high = *std::max_element(all.begin(), all.end());
  prior.sources = prior.citations.size();
  prior.matched_industry = join(labels, " + ");
  prior.metric_variant = selection.variant;
  prior.fallback = std::move(fallback);
  prior.confidence = confidence(prior.fallback, aggregator_only, prior.sources);
  return prior;
}

std::optional<Selection> all_industries_rows(std::string_view platform, BenchmarkMetric metric) {
  return select_rows(platform, metric, [](const BenchmarkRow& row) {
    return is_all_industries_label(row.industry);
  });
}

// The "cross-platform" step: the other platforms' all-industry priors, pooled.
std::optional<Prior> cross_platform_prior(std::string_view platform, BenchmarkMetric metric) {
  std::vector<double> values;
  std::vector<std::string> variants;
  Prior pooled;
  bool aggregator_only = true;
  for (core::Platform other : kAdPlatforms) {
    const std::string_view name = *csv_platform(other);
    if (name == platform) continue;
    const auto selection = all_industries_rows(name, metric);
    if (!selection) continue;
    const Prior prior = combine(*selection, "all industries");
    pooled.low = values.empty() ? prior.low : std::min(pooled.low, prior.low);
    pooled.high = values.empty() ? prior.high : std::max(pooled.high, prior.high);
    values.push_back(prior.value);
    variants.push_back(std::string(name).append(":").append(prior.metric_variant));
    for (const auto& citation : prior.citations) append_unique(pooled.citations, citation);
    pooled.year = std::max(pooled.year, prior.year);
    for (const BenchmarkRow* row : selection->rows) {
      aggregator_only = aggregator_only && row->aggregator;
    }
  }
  if (values.empty()) return std::nullopt;
  pooled.value = median(values);
  pooled.sources = pooled.citations.size();
  pooled.matched_industry = "All";
  pooled.metric_variant = join(variants, " + ");
  pooled.fallback = "cross-platform";
  pooled.confidence = confidence(pooled.fallback, aggregator_only, pooled.sources);
  return pooled;
}

const AliasGroup* find_alias(std::string_view key) {
  for (const AliasGroup& group : alias_groups()) {
    if (std::find(group.keys.begin(), group.keys.end(), key) != group.keys.end()) return &group;
  }
  return nullptr;
}

}  // namespace

std::optional<Prior> benchmark_prior(core::Platform platform, std::string_view industry,
                                     BenchmarkMetric metric) {
  const auto csv_name = csv_platform(platform);
  if (!csv_name) return std::nullopt;
  const std::string query = normalise(industry);
  auto same_label = [&](const BenchmarkRow& row) { return normalise(row.industry) == query; };

  if (query.empty() || query == "all") {
    // Asking for "All" means the all-industries step, not only the rows labelled "All".
  } else if (const AliasGroup* group = find_alias(query)) {
    const auto selection = select_rows(*csv_name, metric, [&](const BenchmarkRow& row) {
      return std::find(group->labels.begin(), group->labels.end(), row.industry) !=
                 group->labels.end() ||
             same_label(row);
    });
    if (selection) {
      const bool only_exact = std::all_of(selection->rows.begin(), selection->rows.end(),
                                          [&](const BenchmarkRow* row) { return same_label(*row); });
      return combine(*selection, only_exact ? "exact" : "industry alias");
    }
  } else if (const auto selection = select_rows(*csv_name, metric, same_label)) {
    return combine(*selection, "exact");
  }

  if (const auto selection = all_industries_rows(*csv_name, metric)) {
    return combine(*selection, "all industries");
  }
  if (metric == BenchmarkMetric::conversion_rate || metric == BenchmarkMetric::cpa) {
    return cross_platform_prior(*csv_name, metric);
  }
  return std::nullopt;
}

std::vector<std::string> known_industries(core::Platform platform) {
  const auto csv_name = csv_platform(platform);
  if (!csv_name) return {};
  std::set<std::string> labels;
  for (const BenchmarkRow& row : internal::benchmark_table().rows) {
    if (row.platform == *csv_name) labels.insert(row.industry);
  }
  return {labels.begin(), labels.end()};
}

const BenchmarkSource& benchmark_source() {
  static const BenchmarkSource source = [] {
    const auto& table = internal::benchmark_table();
    return BenchmarkSource{internal::embedded_benchmarks_csv(), table.rows.size(),
                           table.malformed_rows};
  }();
  return source;
}

}  // namespace forecast
