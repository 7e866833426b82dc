// Validation of the brief and the defaults for what it leaves out. Each default is recorded as
// an Assumption (field, value taken, why) in brief-field order; the platform list and the value
// per conversion need the platforms' economics and are resolved later (economics.cpp).
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "core/money.h"
#include "strategy/internal/plan_state.h"

namespace strategy::internal {
namespace {

void assume(Strategy& out, std::string field, std::string value, std::string reason) {
  out.assumptions.push_back({std::move(field), std::move(value), std::move(reason)});
}

bool finite_at_least(const std::optional<double>& v, double floor, bool inclusive) {
  return !v || (std::isfinite(*v) && (inclusive ? *v >= floor : *v > floor));
}

std::optional<int> parse_age(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "25-34" or "65+", ages 13–99, low <= high.
bool valid_age_range(std::string_view range) {
  if (range.ends_with('+')) {
    const auto low = parse_age(range.substr(0, range.size() - 1));
    return low && *low >= 13 && *low <= 99;
  }
  const std::size_t dash = range.find('-');
  if (dash == std::string_view::npos) return false;
  const auto low = parse_age(range.substr(0, dash));
  const auto high = parse_age(range.substr(dash + 1));
  return low && high && *low >= 13 && *high <= 99 && *low <= *high;
}

constexpr std::array<std::string_view, 6> kKnownAssets = {"video", "image",    "carousel",
                                                          "copy",  "ugc", "product_feed"};

void resolve_audience(const AudienceInput& in, ResolvedBrief& r, Strategy& out) {
  const bool wants_email = std::find(r.brief->platforms.begin(), r.brief->platforms.end(),
                                     core::Platform::email) != r.brief->platforms.end();
  for (const std::string& range : in.age_ranges) {
    if (!valid_age_range(range)) {
      throw BriefError("audience.age_ranges",
                       "\"" + range + "\" is not an age range like \"25-34\" or \"65+\" (13-99)");
    }
  }
  for (const std::string& gender : in.genders) {
    const std::string g = lower(gender);
    if (g != "male" && g != "female" && g != "all") {
      throw BriefError("audience.genders", "\"" + gender + "\" is not male, female or all");
    }
    r.genders.push_back(g);
  }
  if (in.has_customer_list == false && wants_email) {
    throw BriefError("audience.has_customer_list",
                     "the email platform needs a customer list, and the brief says there is none");
  }
  r.locations = in.locations;
  r.age_ranges = in.age_ranges;
  r.interests = in.interests;
  r.languages = in.languages;
  if (r.locations.empty()) {
    r.locations = {"all"};
    assume(out, "audience.locations", "all", "no locations given: no geographic restriction");
  }
  if (r.age_ranges.empty()) {
    r.age_ranges = {"18-65+"};
    assume(out, "audience.age_ranges", "18-65+", "no age ranges given: all adults");
  }
  if (r.genders.empty()) {
    r.genders = {"all"};
    assume(out, "audience.genders", "all", "no genders given: all genders");
  }
  if (r.interests.empty()) {
    assume(out, "audience.interests", "none (broad targeting)",
           "no interests given: prospecting relies on the platforms' broad targeting");
  }
  if (r.languages.empty()) {
    r.languages = {"all"};
    assume(out, "audience.languages", "all", "no languages given: no language restriction");
  }
  if (in.has_customer_list) {
    r.has_customer_list = *in.has_customer_list;
  } else if (wants_email) {
    r.has_customer_list = true;
    assume(out, "audience.has_customer_list", "true",
           "not stated, but email was requested and needs a customer list");
  } else {
    assume(out, "audience.has_customer_list", "false",
           "not stated: no customer-list audiences or exclusions are planned");
  }
  if (in.has_lookalikes) {
    r.has_lookalikes = *in.has_lookalikes;
  } else {
    assume(out, "audience.has_lookalikes", "false",
           "not stated: no lookalike audiences are planned");
  }
}

void resolve_bounds(const Brief& brief, ResolvedBrief& r, Strategy& out) {
  std::array<bool, kPlatformCount> seen{};
  for (const PlatformBound& b : brief.bounds) {
    const std::string name(core::platform_name(b.platform));
    if (seen[index_of(b.platform)]) throw BriefError("bounds", name + " has more than one bound");
    seen[index_of(b.platform)] = true;
    if (!finite_at_least(b.min_budget, 0, true) || !finite_at_least(b.max_budget, 0, true)) {
      throw BriefError("bounds", name + ": min_budget and max_budget must be >= 0");
    }
    if (b.min_budget && b.max_budget && *b.min_budget > *b.max_budget) {
      throw BriefError("bounds", name + ": min_budget is above max_budget");
    }
    if (!brief.platforms.empty() &&
        std::find(brief.platforms.begin(), brief.platforms.end(), b.platform) ==
            brief.platforms.end()) {
      throw BriefError("bounds", name + " has a bound but is not in platforms");
    }
    r.min_bound[index_of(b.platform)] = b.min_budget;
    r.max_bound[index_of(b.platform)] = b.max_budget;
  }
  if (brief.bounds.empty()) {
    assume(out, "bounds", "none", "no per-platform minimum or maximum given");
  }
}

void resolve_targets(const Brief& brief, Strategy& out) {
  if (!finite_at_least(brief.value_per_conversion, 0, true)) {
    throw BriefError("value_per_conversion", "must be a number >= 0");
  }
  if (!finite_at_least(brief.target_cpa, 0, false)) {
    throw BriefError("target_cpa", "must be a number > 0");
  }
  if (!finite_at_least(brief.target_roas, 0, false)) {
    throw BriefError("target_roas", "must be a number > 0");
  }
  if (brief.margin && !(std::isfinite(*brief.margin) && *brief.margin > 0 && *brief.margin <= 1)) {
    throw BriefError("margin", "must be a fraction in (0, 1]");
  }
  if (!brief.target_cpa) {
    assume(out, "target_cpa", "none",
           "no CPA target: bidding maximizes results within budget; the KPI is the forecast CPA");
  }
  if (!brief.target_roas) {
    assume(out, "target_roas", "none",
           "no ROAS target: the KPI is the forecast ROAS when a value is known");
  }
  if (!brief.margin) {
    assume(out, "margin", "none", "no margin given: ROI is on revenue, not on gross profit");
  }
}

}  // namespace

void validate_options(const PlannerOptions& o) {
  auto fail = [](const char* field, const char* rule) {
    throw std::invalid_argument(std::string("options.") + field + ": " + rule);
  };
  if (!(o.diminishing_returns_exponent > 0 && o.diminishing_returns_exponent < 1)) {
    fail("diminishing_returns_exponent", "must be in (0, 1)");
  }
  if (!(o.learning_events_per_ad_set_per_week > 0)) {
    fail("learning_events_per_ad_set_per_week", "must be > 0");
  }
  if (!(o.learning_floor_budget_share > 0 && o.learning_floor_budget_share <= 1)) {
    fail("learning_floor_budget_share", "must be in (0, 1]");
  }
  if (o.default_flight_days < 1) fail("default_flight_days", "must be >= 1");
  if (o.min_history_days < 1) fail("min_history_days", "must be >= 1");
  if (!(o.reference_daily_spend > 0 && std::isfinite(o.reference_daily_spend))) {
    fail("reference_daily_spend", "must be > 0");
  }
  if (o.max_recommended_platforms < 1) fail("max_recommended_platforms", "must be >= 1");
  if (o.max_ad_sets_per_platform < 1) fail("max_ad_sets_per_platform", "must be >= 1");
  if (o.max_clusters < 1) fail("max_clusters", "must be >= 1");
  if (o.min_cells_for_clustering < 2) fail("min_cells_for_clustering", "must be >= 2");
  if (!(o.ab_alpha > 0 && o.ab_alpha < 1)) fail("ab_alpha", "must be in (0, 1)");
  if (!(o.ab_power > 0 && o.ab_power < 1)) fail("ab_power", "must be in (0, 1)");
  if (!(o.ab_minimum_detectable_effect > 0)) fail("ab_minimum_detectable_effect", "must be > 0");
  if (!(o.assumed_value_to_cpa_ratio > 0)) fail("assumed_value_to_cpa_ratio", "must be > 0");
  if (o.creative_refresh_days < 1) fail("creative_refresh_days", "must be >= 1");
}

ResolvedBrief resolve_brief(const Brief& brief, const PlanningContext& context,
                            const PlannerOptions& options, Strategy& out) {
  ResolvedBrief r;
  r.brief = &brief;
  if (!(std::isfinite(brief.budget) && brief.budget > 0)) {
    throw BriefError("budget", "must be a number > 0");
  }
  if (brief.budget >= 1e13) throw BriefError("budget", "is too large to plan");
  if (brief.currency.empty()) {
    r.currency = "USD";
    assume(out, "currency", "USD", "no currency given");
  } else if (!core::is_iso4217_currency(brief.currency)) {
    throw BriefError("currency", "\"" + brief.currency + "\" is not an ISO 4217 currency code");
  } else {
    r.currency = brief.currency;
  }

  r.start = brief.start_date.value_or(context.today + 1);
  if (brief.end_date && *brief.end_date < r.start) {
    throw BriefError("end_date", core::format_iso_date(*brief.end_date) + " is before the start " +
                                     core::format_iso_date(r.start));
  }
  r.end = brief.end_date.value_or(r.start + (options.default_flight_days - 1));
  r.days = (r.end - r.start) + 1;
  if (r.days > 3660) throw BriefError("end_date", "the flight is longer than ten years");

  std::array<bool, kPlatformCount> seen{};
  for (core::Platform p : brief.platforms) {
    if (seen[index_of(p)]) {
      throw BriefError("platforms", std::string(core::platform_name(p)) + " is listed twice");
    }
    seen[index_of(p)] = true;
  }
  r.platforms = brief.platforms;

  r.name = brief.campaign_name;
  if (r.name.empty()) {
    std::string label = objective_label(brief.objective);
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    r.name = label + " campaign " + core::format_iso_date(r.start);
    assume(out, "campaign_name", r.name, "no campaign name given");
  }
  if (!brief.start_date) {
    assume(out, "start_date", core::format_iso_date(r.start), "no start date given: tomorrow");
  }
  if (!brief.end_date) {
    assume(out, "end_date", core::format_iso_date(r.end),
           "no end date given: a " + std::to_string(options.default_flight_days) +
               "-day flight from the start");
  }
  if (r.start < context.today) {
    out.warnings.push_back("start_date " + core::format_iso_date(r.start) +
                           " is in the past; the timeline still starts there");
  }
  if (brief.industry.empty()) {
    assume(out, "industry", "all industries",
           "no industry given: cross-industry benchmark priors are used");
  }
  resolve_audience(brief.audience, r, out);
  resolve_targets(brief, out);
  resolve_bounds(brief, r, out);

  for (const std::string& asset : brief.creative_assets) {
    std::string a = lower(asset);
    if (std::find(kKnownAssets.begin(), kKnownAssets.end(), a) == kKnownAssets.end()) {
      out.warnings.push_back("creative asset \"" + asset + "\" is not one the planner knows (" +
                             "video, image, carousel, copy, ugc, product_feed); kept as given");
    }
    if (std::find(r.assets.begin(), r.assets.end(), a) == r.assets.end()) r.assets.push_back(a);
  }
  if (r.assets.empty()) {
    r.assets = {"image", "copy"};
    assume(out, "creative_assets", "image, copy",
           "no creative assets given: the minimum every ad platform accepts");
  }
  return r;
}

void validate_bounds(const ResolvedBrief& r, double budget) {
  double min_sum = 0, max_sum = 0;
  bool all_capped = true;
  for (core::Platform p : r.platforms) {
    min_sum += r.min_bound[index_of(p)].value_or(0);
    if (r.max_bound[index_of(p)]) {
      max_sum += *r.max_bound[index_of(p)];
    } else {
      all_capped = false;
    }
  }
  if (min_sum > budget + 0.005) {
    throw BriefError("bounds", "the minimums add up to " + number(min_sum, 2) +
                                   ", above the budget of " + number(budget, 2));
  }
  if (all_capped && max_sum < budget - 0.005) {
    throw BriefError("bounds", "the maximums add up to " + number(max_sum, 2) +
                                   ", below the budget of " + number(budget, 2));
  }
}

}  // namespace strategy::internal
