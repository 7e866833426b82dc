// Each platform's efficiency before the split, the platform recommendation, and the value per
// conversion when the brief gives none.
#include <algorithm>
#include <cmath>

#include "strategy/internal/plan_state.h"

namespace strategy::internal {

bool is_conversion_objective(core::Objective o) {
  return o == core::Objective::leads || o == core::Objective::app_installs ||
         o == core::Objective::sales_conversion;
}

std::string_view optimization_event(core::Objective o) {
  switch (o) {
    case core::Objective::awareness: return "impression";
    case core::Objective::traffic: return "link click";
    case core::Objective::engagement: return "engagement click";
    case core::Objective::leads: return "lead";
    case core::Objective::app_installs: return "install";
    case core::Objective::sales_conversion: return "purchase";
  }
  return "";
}

std::string_view split_outcome(core::Objective o, bool value_known) {
  switch (o) {
    case core::Objective::awareness: return "impressions";
    case core::Objective::traffic:
    case core::Objective::engagement: return "clicks";
    case core::Objective::sales_conversion:
      return value_known ? "conversion value" : "conversions";
    default: return "conversions";
  }
}

double event_count(const forecast::PlanForecast& f, core::Objective o) {
  switch (o) {
    case core::Objective::awareness: return f.impressions.value;
    case core::Objective::traffic:
    case core::Objective::engagement: return f.clicks.value;
    default: return f.conversions.value;
  }
}

namespace {

double history_events(const PlatformHistory& h, core::Objective o) {
  switch (o) {
    case core::Objective::awareness: return h.impressions;
    case core::Objective::traffic:
    case core::Objective::engagement: return h.clicks;
    default: return h.conversions;
  }
}

const PlatformHistory* usable_history(const ClientHistory& history, core::Platform p,
                                      core::Objective o, int min_days) {
  for (const PlatformHistory& h : history.platforms) {
    if (h.platform == p && h.days >= min_days && h.spend > 0 && history_events(h, o) > 0) {
      return &h;
    }
  }
  return nullptr;
}

bool contains_any(const std::string& text, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return text.find(w) != std::string::npos; });
}

// Base fit of each ad platform for an objective (google, meta, linkedin, tiktok, youtube).
std::array<double, 5> objective_scores(core::Objective o) {
  switch (o) {
    case core::Objective::awareness: return {0.4, 0.85, 0.3, 0.8, 0.9};
    case core::Objective::traffic: return {0.8, 0.85, 0.4, 0.6, 0.4};
    case core::Objective::engagement: return {0.2, 0.9, 0.5, 0.85, 0.5};
    case core::Objective::leads: return {0.9, 0.85, 0.6, 0.4, 0.3};
    case core::Objective::app_installs: return {0.85, 0.85, 0.1, 0.8, 0.3};
    case core::Objective::sales_conversion: return {0.95, 0.9, 0.2, 0.5, 0.4};
  }
  return {};
}

struct AgeSpan {
  int youngest = 99, oldest = 0;
};

AgeSpan age_span(const std::vector<std::string>& ranges) {
  AgeSpan span;
  for (const std::string& range : ranges) {
    const int low = std::atoi(range.c_str());
    const std::size_t dash = range.find('-');
    const int high = range.ends_with('+') ? 99 : std::atoi(range.c_str() + dash + 1);
    span.youngest = std::min(span.youngest, low);
    span.oldest = std::max(span.oldest, high);
  }
  return span;
}

// The flight budget at which one ad set gets the learning events: first at the reference cost
// per event, then corrected on the forecaster's own curve (events(S) = needed) by a few
// multiplicative steps, which converge fast for the concave curves forecasters give.
double solve_learning_minimum(const PlatformEconomics& e, const ResolvedBrief& r,
                              const PlanningContext& context, const PlannerOptions& options) {
  if (e.platform == core::Platform::email || e.events_per_unit <= 0) return 0;
  const double needed = options.learning_events_per_ad_set_per_week * r.days / 7.0;
  double spend = needed / e.events_per_unit;
  if (e.from_history) return spend;
  for (int step = 0; step < 4; ++step) {
    const forecast::PlanForecast f = context.forecaster->forecast(
        {e.platform, r.brief->objective, r.brief->industry, r.start, r.end, spend / r.days,
         r.value_per_conversion});
    const double events = event_count(f, r.brief->objective);
    if (events <= 0 || std::fabs(needed / events - 1) < 1e-3) break;
    spend *= needed / events;
  }
  return spend;
}

}  // namespace

std::vector<PlatformEconomics> measure_economics(const std::vector<core::Platform>& platforms,
                                                 const ResolvedBrief& r,
                                                 const PlanningContext& context,
                                                 const PlannerOptions& options) {
  const core::Objective objective = r.brief->objective;
  std::vector<PlatformEconomics> out;
  out.reserve(platforms.size());
  for (core::Platform p : platforms) {
    const forecast::PlanForecast f = context.forecaster->forecast(
        {p, objective, r.brief->industry, r.start, r.end, options.reference_daily_spend,
         r.value_per_conversion});
    PlatformEconomics e;
    e.platform = p;
    e.forecast_source = f.source;
    e.forecast_confidence = f.confidence;
    double spend = f.spend, events = event_count(f, objective);
    double conversions = f.conversions.value, value = f.conversion_value.value;
    if (const PlatformHistory* h = usable_history(context.history, p, objective,
                                                  options.min_history_days)) {
      e.from_history = true;
      e.history_days = h->days;
      spend = h->spend;
      events = history_events(*h, objective);
      conversions = h->conversions;
      value = h->conversion_value;
    }
    if (spend > 0) {
      e.events_per_unit = events / spend;
      e.value_per_unit = value / spend;
    }
    if (conversions > 0) e.cost_per_conversion = spend / conversions;
    e.learning_minimum = solve_learning_minimum(e, r, context, options);
    out.push_back(std::move(e));
  }
  return out;
}


void recommend_platforms(ResolvedBrief& r, const std::vector<PlatformEconomics>& economics,
                         const PlannerOptions& options, Strategy& out) {
  const std::array<double, 5> base = objective_scores(r.brief->objective);
  const std::string industry = lower(r.brief->industry);
  const bool b2b = contains_any(industry, {"b2b", "saas", "software", "business services",
                                           "professional services", "enterprise", "tech",
                                           "industrial", "recruit", "employment", "consulting"});
  const bool retail = contains_any(industry, {"retail", "commerce", "fashion", "apparel",
                                              "beauty", "cosmetic", "clothing", "jewel", "shop",
                                              "gift", "food", "restaurant", "fitness", "travel"});
  const bool intent = contains_any(industry, {"legal", "law", "attorney", "financ", "insurance",
                                              "bank", "home", "auto", "real estate", "dental",
                                              "health", "medical"});
  const bool all_ages = r.brief->audience.age_ranges.empty();
  const AgeSpan ages = age_span(r.brief->audience.age_ranges);

  struct Candidate {
    core::Platform platform;
    double score;
    std::string why;
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const auto p = static_cast<core::Platform>(i);
    double score = base[i];
    std::string why = "fits " + objective_label(r.brief->objective);
    if (b2b && p == core::Platform::linkedin_ads) score += 0.5, why += ", B2B targeting by job";
    if (b2b && p == core::Platform::tiktok_ads) score -= 0.2;
    if (retail && (p == core::Platform::meta_ads || p == core::Platform::tiktok_ads)) {
      score += 0.1, why += ", visual consumer category";
    }
    if (intent && p == core::Platform::google_ads) score += 0.1, why += ", search intent";
    if (!all_ages && ages.oldest <= 34) {
      if (p == core::Platform::tiktok_ads) score += 0.25, why += ", young audience";
      if (p == core::Platform::linkedin_ads) score -= 0.2;
    }
    if (!all_ages && ages.youngest >= 45) {
      if (p == core::Platform::tiktok_ads) score -= 0.3;
      if (p == core::Platform::meta_ads || p == core::Platform::google_ads) score += 0.05;
    }
    candidates.push_back({p, score, std::move(why)});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });

  auto minimum_of = [&](core::Platform p) {
    for (const PlatformEconomics& e : economics) {
      if (e.platform == p) return e.learning_minimum;
    }
    return 0.0;
  };
  // Platforms the client bounded are in the plan whatever their score.
  std::vector<core::Platform> chosen;
  double committed = 0;
  for (const PlatformBound& b : r.brief->bounds) {
    chosen.push_back(b.platform);
    committed += std::max(minimum_of(b.platform), b.min_budget.value_or(0));
  }
  std::vector<std::string> reasons;
  for (const Candidate& c : candidates) {
    if (std::find(chosen.begin(), chosen.end(), c.platform) != chosen.end()) continue;
    if (c.score < 0.3) continue;
    if (static_cast<int>(chosen.size()) >= options.max_recommended_platforms) break;
    const double need = minimum_of(c.platform);
    if (!chosen.empty() && committed + need > r.brief->budget) break;
    chosen.push_back(c.platform);
    committed += need;
    reasons.push_back(std::string(core::platform_name(c.platform)) + " (score " +
                      number(c.score, 2) + ": " + c.why + ")");
  }
  r.platforms = chosen;
  r.platforms_recommended = true;
  std::string count = std::to_string(chosen.size()) + " platform(s): ";
  if (committed > r.brief->budget) {
    count += "even one ad set there needs " + number(committed, 2) +
             " to exit learning, more than the budget, so no other platform is added";
  } else {
    count += "the budget covers one ad set's learning phase on each (" + number(committed, 2) +
             " needed); platforms are added in score order while it does, up to " +
             std::to_string(options.max_recommended_platforms);
  }
  out.assumptions.push_back(
      {"platforms", join_platforms(chosen),
       "no platforms given: recommended by objective, industry and audience age — " +
           join(reasons, "; ") + "; " + count});
}

void resolve_value(ResolvedBrief& r, const std::vector<PlatformEconomics>& economics,
                   const PlanningContext& context, const PlannerOptions& options,
                   Strategy& out) {
  const Brief& b = *r.brief;
  if (b.value_per_conversion) {
    r.value_per_conversion = b.value_per_conversion;
    r.value_source = "brief";
    return;
  }
  auto assume = [&](double value, std::string source, std::string reason) {
    r.value_per_conversion = value;
    r.value_source = std::move(source);
    out.assumptions.push_back({"value_per_conversion", number(value, 2), std::move(reason)});
  };
  if (!is_conversion_objective(b.objective)) {
    out.assumptions.push_back({"value_per_conversion", "none",
                               objective_label(b.objective) +
                                   " objective: no conversion value, so ROI and ROAS are not "
                                   "estimated"});
    return;
  }
  if (b.target_roas && b.target_cpa) {
    return assume(*b.target_roas * *b.target_cpa, "targets",
                  "not given: target_roas x target_cpa, the value the targets imply");
  }
  double conversions = 0, value = 0;
  for (const PlatformHistory& h : context.history.platforms) {
    conversions += h.conversions;
    value += h.conversion_value;
  }
  if (conversions > 0 && value > 0) {
    return assume(value / conversions, "history",
                  "not given: the client's conversion value / conversions in its history");
  }
  std::vector<double> costs;
  for (const PlatformEconomics& e : economics) {
    if (e.cost_per_conversion > 0) costs.push_back(e.cost_per_conversion);
  }
  if (costs.empty()) {
    out.assumptions.push_back({"value_per_conversion", "none",
                               "not given, and no forecast conversions to derive it from"});
    return;
  }
  std::sort(costs.begin(), costs.end());
  const double median = costs.size() % 2 ? costs[costs.size() / 2]
                                         : (costs[costs.size() / 2 - 1] + costs[costs.size() / 2]) / 2;
  assume(round_cents(options.assumed_value_to_cpa_ratio * median), "assumed",
         "not given: assumed " + number(options.assumed_value_to_cpa_ratio, 1) +
             " x the median forecast cost per conversion (" + money(median, r.currency) +
             "), a conservative planning ratio; give value_per_conversion for a real ROI");
}

}  // namespace strategy::internal
