#include "strategy/ad_specs.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "strategy/internal/csv.h"
#include "strategy/internal/embedded_ad_specs.h"
#include "strategy/internal/spec_values.h"

namespace strategy {
namespace {

std::vector<AdSpec> load_ad_specs() {
  auto records = internal::parse_csv(internal::embedded_ad_specs_csv());
  const std::vector<std::string> header = {"platform", "placement", "spec", "value", "source_url"};
  if (records.empty() || records.front() != header) {
    throw std::logic_error("ad specs CSV: header must be platform,placement,spec,value,source_url");
  }
  std::vector<AdSpec> specs;
  specs.reserve(records.size() - 1);
  for (std::size_t i = 1; i < records.size(); ++i) {
    auto& r = records[i];
    if (r.size() != header.size()) {
      throw std::logic_error("ad specs CSV: record " + std::to_string(i) + " has " +
                             std::to_string(r.size()) + " fields, expected 5");
    }
    specs.push_back({std::move(r[0]), std::move(r[1]), std::move(r[2]), std::move(r[3]),
                     std::move(r[4])});
  }
  return specs;
}

// Rows of the placement whose spec satisfies `wanted`, in file order.
template <typename Pred>
std::vector<AdSpec> placement_rows(core::Platform platform, std::string_view placement,
                                   Pred wanted) {
  auto rows = specs_for(platform, placement);
  std::erase_if(rows, [&](const AdSpec& row) { return !wanted(row.spec); });
  return rows;
}

bool is_duration_bound_spec(std::string_view spec) {
  return spec == "video_duration" || spec == "video_duration_max" || spec == "duration" ||
         spec == "length" || spec == "video_length";
}

}  // namespace

const std::vector<AdSpec>& ad_specs() {
  static const std::vector<AdSpec> specs = load_ad_specs();
  return specs;
}

std::string_view ad_specs_csv() { return internal::embedded_ad_specs_csv(); }

std::string_view ad_specs_platform_name(core::Platform platform) {
  return core::report_platform_name(platform);
}

std::vector<AdSpec> specs_for(core::Platform platform, std::string_view placement) {
  const std::string_view name = ad_specs_platform_name(platform);
  const std::string wanted_placement = internal::normalize_name(placement);
  std::vector<AdSpec> out;
  if (name.empty()) return out;
  for (const AdSpec& row : ad_specs()) {
    if (row.platform != name) continue;
    if (!wanted_placement.empty() && row.placement != wanted_placement) continue;
    out.push_back(row);
  }
  return out;
}

std::optional<DurationRange> video_duration(core::Platform platform, std::string_view placement) {
  for (const AdSpec& row : placement_rows(platform, placement, is_duration_bound_spec)) {
    const bool is_maximum = row.spec.ends_with("_max");
    if (auto bounds = internal::parse_duration(row.value, is_maximum)) {
      return DurationRange{bounds->min_seconds, bounds->max_seconds, row.value, row.source_url};
    }
  }
  return std::nullopt;
}

std::vector<std::string> aspect_ratios(core::Platform platform, std::string_view placement) {
  auto is_ratio_spec = [](std::string_view spec) {
    return spec.find("aspect_ratio") != std::string_view::npos;
  };
  std::vector<std::string> out;
  for (const AdSpec& row : placement_rows(platform, placement, is_ratio_spec)) {
    for (std::string& ratio : internal::find_aspect_ratios(row.value)) {
      if (std::find(out.begin(), out.end(), ratio) == out.end()) out.push_back(std::move(ratio));
    }
  }
  return out;
}

}  // namespace strategy
