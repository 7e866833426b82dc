#pragma once

// Industry benchmark priors for forecasting: typical CTR, CPC, CPM, conversion rate, CPA and CPV
// for an ad platform and an industry, each with its spread, sources and how it was found.
//
// The figures are published benchmarks (facts with sources) compiled in
// src/forecast/data/platform_industry_benchmarks.csv and embedded in the binary at build time;
// nothing is read from disk at run time. The table is parsed once, on first use, behind a
// thread-safe static, so every function here is safe to call from several threads.
//
// Units. Rates (ctr, conversion_rate) are fractions in [0, 1]: a published "6.42 %" is 0.0642.
// Costs (cpc, cpm, cpa, cpv) are US dollars as a double. A prior is a distribution parameter,
// not an amount that is booked, so it is not held in integer micros; convert with the caller's
// own rounding if it must meet money (e.g. a budget in spend_micros).
//
// How a lookup works (benchmark_prior):
//  1. Platform. core::Platform maps to the CSV's platform: google_ads → google_ads,
//     meta_ads → meta, linkedin_ads → linkedin, tiktok_ads → tiktok, youtube_ads → youtube.
//     email has no benchmarks: nullopt.
//  2. Metric. Each BenchmarkMetric reads CSV metrics ending in its base name: ctr → ctr,
//     cpc → cpc, cpm → cpm, conversion_rate → cvr, cpa → cpa and cpl (the sources' "conversion"
//     is mostly a lead, so cost per lead and cost per acquisition are one prior), cpv → cpv.
//     A metric may carry a network/objective prefix. Prefixes are tried in this order, and the
//     first one with rows at the current fallback step is used (Prior::metric_variant names it):
//       google_ads: search_, (none), display_     — search is the network a forecast usually
//                                                   means; display CTRs are ~10x lower.
//       meta:       (none), traffic_, lead_ads_, leads_objective_, prospecting_
//       linkedin:   (none), sponsored_content_, single_image_
//       tiktok, youtube: (none)
//     "average_" counts as no prefix. Format-specific variants (video_, carousel_, text_ads_,
//     message_ads_, dynamic_ads_…) are never used: they describe one ad format, not the platform.
//  3. Industry, case-insensitive, surrounding spaces ignored. "All" or "" go straight to the
//     "all industries" step. Otherwise steps are tried in order, the first with rows wins:
//       "exact"          the query is one of the CSV's own labels for that platform;
//       "industry alias" the query is an alias key (table below); its group of labels is pooled.
//                        When an alias key is also a label (e.g. "Legal") and only that label
//                        had rows, the step is still reported as "exact";
//       "all industries" the platform's all-industry rows: labels "All", "All (Facebook)",
//                        "All (Instagram)", "All (global median)", "All (classic WordStream
//                        industries)" ("All (min industry)"/"All (max industry)" are extremes,
//                        not averages, and are never used);
//       "cross-platform" conversion_rate and cpa only: when the platform has no all-industry
//                        rows either, the median of the other platforms' all-industry priors,
//                        low/high their min/max. This is how linkedin, tiktok and youtube get a
//                        CPA.
//     Otherwise nullopt (e.g. cpv outside YouTube, cpm for a metric no source publishes).
//  4. Combining. Within the chosen rows, value is the median of the most recent year's point
//     figures (if that year only has a published range, the median of its _low/_high ends).
//     low/high are the min/max over every chosen row of every year, range ends included, so
//     older editions and disagreeing sources widen the prior instead of moving it. _rounded
//     rows count as point figures.
//
// Alias keys (normalised: lower case) → CSV labels pooled:
//   legal, law, lawyers, attorneys      → Attorneys & Legal Services, Legal
//   retail, ecommerce, e-commerce,      → Retail, E-Commerce, Shopping, Collectibles & Gifts
//     online retail
//   b2b, saas, b2b saas, business       → B2B, B2B / ABM, B2B/SaaS, Business Services
//     services
//   finance, financial services,        → Finance & Insurance
//     insurance, banking
//   health, healthcare, medical         → Health & Medical, Physicians & Surgeons,
//                                         Health & Wellness, Healthcare & Pharmaceutical
//   fitness                             → Health & Fitness, Fitness
//   travel, hospitality, tourism        → Travel, Travel & Hospitality
//   real estate, property               → Real Estate
//   education, edtech, schools          → Education, Education & Instruction
//   technology, tech, software          → Technology, B2B/SaaS
//   beauty, cosmetics                   → Beauty & Personal Care, Beauty, Cosmetics
//   apparel, fashion, clothing          → Apparel / Fashion & Jewelry, Apparel,
//                                         Clothing & Accessories
//   automotive, auto                    → Auto, Automotive — For Sale,
//                                         Automotive — Repair, Service & Parts
//   home improvement, home services     → Home & Home Improvement, Home Improvement, Home & Garden
//   employment, recruiting, jobs        → Employment Services, Career & Employment,
//                                         Employment & Job Training
//   restaurants, food                   → Restaurants & Food, Food & Drink
//   entertainment                       → Arts & Entertainment, Entertainment
//   dental, dentists                    → Dentists & Dental Services
//   industrial                          → Industrial Services, Industrial & Commercial
//   pets                                → Animals & Pets
//
// Confidence, in [0, 1]: by step exact 0.8, industry alias 0.7, all industries 0.5,
// cross-platform 0.3; times 0.5 when every source is an aggregator with undocumented
// methodology (ad-calc.com, calc4marketers.com, stackmatix.com, affectgroup.com); times 0.8 when
// there is a single source. It orders priors by trust; it is not a probability.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/marketing.h"

namespace forecast {

enum class BenchmarkMetric { ctr, cpc, cpm, conversion_rate, cpa, cpv };

// A benchmark prior and the evidence behind it.
struct Prior {
  double value = 0;  // fraction for ctr/conversion_rate, USD for the costs (see top of file)
  double low = 0;    // spread across sources, years and published ranges;
  double high = 0;   // both equal value when one source gave one figure
  std::size_t sources = 0;             // distinct source editions behind low/high
  std::vector<std::string> citations;  // "title (year) url", most recent first
  std::string matched_industry;        // CSV labels used, " + "-joined
  std::string metric_variant;          // CSV metric family used, e.g. "search_cpc", "cpa/cpl"
  int year = 0;                        // the edition value was taken from
  std::string fallback;  // "exact", "industry alias", "all industries", "cross-platform"
  double confidence = 0;
};

// The prior for `metric` on `platform` in `industry`, following the steps at the top of this
// file. nullopt when the platform has no benchmarks (email) or no step finds a figure.
std::optional<Prior> benchmark_prior(core::Platform platform, std::string_view industry,
                                     BenchmarkMetric metric);

// Every industry label the embedded table has for `platform`, sorted, as accepted by an
// "exact" lookup. Some are audience or format cuts (YouTube "Age 25-34", "YouTube Shorts").
// Empty for email.
std::vector<std::string> known_industries(core::Platform platform);

// The embedded table, for provenance and checks: its text byte for byte, the data rows parsed
// and the rows that could not be parsed (malformed CSV or a non-numeric value or year).
struct BenchmarkSource {
  std::string_view csv;
  std::size_t rows = 0;
  std::size_t malformed_rows = 0;
};
const BenchmarkSource& benchmark_source();

}  // namespace forecast
