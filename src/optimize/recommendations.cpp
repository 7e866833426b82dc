// analyse(): validates the options, builds each campaign's view of the window, runs the
// per-campaign checks, then the portfolio ones (reallocation, tests), and ranks.
#include "optimize/recommendations.h"

#include <algorithm>
#include <cmath>

#include "optimize/recommend_internal.h"

namespace optimize {
namespace {

using recs::CampaignView;
using recs::cat;

struct Rule {
  bool ok;
  const char* field;
  const char* message;
};

bool finite_positive(const std::optional<double>& v) { return !v || (std::isfinite(*v) && *v > 0); }

// The first option out of range, as "field: message", or "" when all are valid.
std::string invalid_option(const RecommendationOptions& o) {
  auto open01 = [](double v) { return v > 0 && v < 1; };
  const Rule rules[] = {
      {finite_positive(o.target_cpa), "target_cpa", "must be a positive number"},
      {finite_positive(o.target_roas), "target_roas", "must be a positive number"},
      {finite_positive(o.total_daily_budget), "total_daily_budget", "must be a positive number"},
      {o.window_days >= 7 && o.window_days <= 365, "window_days", "must be between 7 and 365"},
      {o.comparison_days >= 0 && o.comparison_days <= 365, "comparison_days",
       "must be between 0 and 365"},
      {o.horizon_days >= 1 && o.horizon_days <= 365, "horizon_days", "must be between 1 and 365"},
      {o.significance > 0 && o.significance < 0.5, "significance", "must be in (0, 0.5)"},
      {open01(o.prior_elasticity), "prior_elasticity", "must be in (0, 1)"},
      {open01(o.elasticity_low), "elasticity_low", "must be in (0, 1)"},
      {open01(o.elasticity_high), "elasticity_high", "must be in (0, 1)"},
      {o.max_budget_increase >= 0, "max_budget_increase", "must be >= 0"},
      {o.max_budget_decrease >= 0 && o.max_budget_decrease < 1, "max_budget_decrease",
       "must be in [0, 1)"},
      {o.unmodelled_stake_share >= 0 && o.unmodelled_stake_share <= 1, "unmodelled_stake_share",
       "must be in [0, 1]"},
      {o.pacing.tolerance >= 0 && o.pacing.tolerance < 1, "pacing.tolerance", "must be in [0, 1)"},
      {o.pacing.rate_days >= 1, "pacing.rate_days", "must be >= 1"},
      {o.pacing.min_days >= 1, "pacing.min_days", "must be >= 1"},
      {o.efficiency.tolerance >= 0, "efficiency.tolerance", "must be >= 0"},
      {o.efficiency.headroom >= 0 && o.efficiency.headroom < 1, "efficiency.headroom",
       "must be in [0, 1)"},
      {o.efficiency.min_spend_in_target_cpas >= 0, "efficiency.min_spend_in_target_cpas",
       "must be >= 0"},
      {o.reallocation.min_conversions >= 0, "reallocation.min_conversions", "must be >= 0"},
      {o.reallocation.min_relative_gain >= 0, "reallocation.min_relative_gain", "must be >= 0"},
      {o.reallocation.min_change_share >= 0, "reallocation.min_change_share", "must be >= 0"},
      {open01(o.fatigue.ctr_decline_per_week), "fatigue.ctr_decline_per_week", "must be in (0, 1)"},
      {o.fatigue.min_frequency_rise >= 0, "fatigue.min_frequency_rise", "must be >= 0"},
      {o.fatigue.min_daily_impressions >= 0, "fatigue.min_daily_impressions", "must be >= 0"},
      {o.bidding.volume_window_days >= 7, "bidding.volume_window_days", "must be >= 7"},
      {o.saturation.min_frequency > 0, "saturation.min_frequency", "must be > 0"},
      {o.saturation.min_cpm_rise >= 0, "saturation.min_cpm_rise", "must be >= 0"},
      {o.day_of_week.window_days >= 14 && o.day_of_week.window_days <= 365,
       "day_of_week.window_days", "must be between 14 and 365"},
      {o.day_of_week.min_effect >= 0, "day_of_week.min_effect", "must be >= 0"},
      {o.day_of_week.max_adjustment > 0 && o.day_of_week.max_adjustment < 1,
       "day_of_week.max_adjustment", "must be in (0, 1)"},
      {o.anomalies.lookback_days >= 1 && o.anomalies.lookback_days <= 28, "anomalies.lookback_days",
       "must be between 1 and 28"},
      {o.anomalies.threshold > 0, "anomalies.threshold", "must be > 0"},
      {o.tests.max_tests >= 0, "tests.max_tests", "must be >= 0"},
      {o.tests.minimum_detectable_effect > 0 && o.tests.minimum_detectable_effect <= 1,
       "tests.minimum_detectable_effect", "must be in (0, 1]"},
      {o.tests.power > 0.5 && o.tests.power < 1, "tests.power", "must be in (0.5, 1)"},
      {o.tests.max_days >= 1, "tests.max_days", "must be >= 1"},
      {o.tests.prior_win_probability > 0 && o.tests.prior_win_probability <= 1,
       "tests.prior_win_probability", "must be in (0, 1]"},
  };
  for (const Rule& r : rules) {
    if (!r.ok) return cat(r.field, ": ", r.message);
  }
  return "";
}

bool days_ordered(const CampaignHistory& c) {
  return std::adjacent_find(c.days.begin(), c.days.end(), [](const auto& a, const auto& b) {
           return !(a.date < b.date);
         }) == c.days.end();
}

constexpr int kMinDaysAnalysed = 7;

// Why a campaign is not analysed, or "" when it is.
std::string unusable(const CampaignHistory& c, const CampaignView& view,
                     const RecommendationOptions& o) {
  if (c.status != core::CampaignStatus::active) {
    return cat("not active (status ", core::kCampaignStatusNames[static_cast<int>(c.status)], ")");
  }
  if (c.end_date && *c.end_date < o.today) {
    return cat("ended on ", recs::date_text(*c.end_date));
  }
  if (view.now.days < kMinDaysAnalysed) {
    return cat(std::to_string(view.now.days), " days with data in the window; at least ",
               std::to_string(kMinDaysAnalysed), " are needed");
  }
  return "";
}

CampaignView make_view(const CampaignHistory& c, const RecommendationOptions& o) {
  CampaignView v;
  v.history = &c;
  v.window = {o.today - o.window_days, o.today - 1};
  v.days = recs::days_in(c, v.window);
  v.now = recs::sum_days(v.days);
  if (o.comparison_days > 0) {
    v.previous = Period{v.window.first - o.comparison_days, v.window.first - 1};
    v.before = recs::sum_days(recs::days_in(c, *v.previous));
  }
  if (v.now.days > 0) {
    v.daily_spend = v.now.spend / v.now.days;
    v.daily_conversions = v.now.conversions / v.now.days;
    v.daily_value = v.now.conversion_value / v.now.days;
  }
  return v;
}

CampaignDiagnostics diagnostics_of(const CampaignView& v) {
  CampaignDiagnostics d;
  d.campaign_id = v.id();
  d.days_with_data = v.now.days;
  d.spend = v.now.spend;
  d.conversions = v.now.conversions;
  d.conversion_value = v.now.conversion_value;
  d.cpa = v.now.cpa();
  d.roas = v.now.roas();
  d.ctr = v.now.ctr();
  return d;
}

recs::Valuation valuation_of(const std::vector<CampaignView>& views,
                             const RecommendationOptions& o) {
  recs::Totals all;
  for (const CampaignView& v : views) {
    all.spend += v.now.spend;
    all.conversions += v.now.conversions;
    all.conversion_value += v.now.conversion_value;
  }
  recs::Valuation val;
  val.cost_per_conversion = o.target_cpa ? o.target_cpa : all.cpa();
  val.value_per_cost =
      o.target_roas ? o.target_roas : (all.conversion_value > 0 ? all.roas() : std::nullopt);
  val.unmodelled_share = o.unmodelled_stake_share;
  val.horizon_days = o.horizon_days;
  return val;
}

void rank(std::vector<Recommendation>& recs, double horizon_spend) {
  for (Recommendation& r : recs) {
    r.priority = horizon_spend > 0 ? r.confidence * r.value_at_stake / horizon_spend : 0;
  }
  std::stable_sort(recs.begin(), recs.end(), [](const Recommendation& a, const Recommendation& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.campaign_ids < b.campaign_ids;
  });
}

// The campaigns that can be analysed, with every campaign listed in report.campaigns and a
// note for each one that cannot. index[i] is the position of views[i] in `campaigns`.
struct Admitted {
  std::vector<CampaignView> views;
  std::vector<std::size_t> index;
};

Admitted admit(const std::vector<CampaignHistory>& campaigns, const RecommendationOptions& options,
               RecommendationReport& report) {
  Admitted a;
  for (std::size_t i = 0; i < campaigns.size(); ++i) {
    const CampaignHistory& c = campaigns[i];
    if (!days_ordered(c)) {
      CampaignDiagnostics skipped;
      skipped.campaign_id = c.id;
      report.campaigns.push_back(std::move(skipped));
      report.notes.push_back(cat(c.id, ": days are not oldest first with one per date; skipped"));
      continue;
    }
    CampaignView view = make_view(c, options);
    report.campaigns.push_back(diagnostics_of(view));
    if (std::string why = unusable(c, view, options); !why.empty()) {
      report.notes.push_back(cat(c.id, ": ", why, "; not analysed"));
      continue;
    }
    report.campaigns.back().analysed = true;
    a.views.push_back(view);
    a.index.push_back(i);
  }
  return a;
}

void check_campaign(const CampaignView& view, const recs::Context& ctx, CampaignDiagnostics& d,
                    std::vector<Recommendation>& out) {
  recs::check_pacing(view, ctx, d, out);
  recs::check_cpa(view, ctx, d, out);
  recs::check_roas(view, ctx, d, out);
  recs::check_fatigue(view, ctx, d, out);
  recs::check_bidding(view, ctx, d, out);
  recs::check_saturation(view, ctx, d, out);
  recs::check_day_of_week(view, ctx, d, out);
  recs::check_anomalies(view, ctx, d, out);
}

}  // namespace

RecommendationReport analyse(const std::vector<CampaignHistory>& campaigns,
                             const RecommendationOptions& options) {
  RecommendationReport report;
  report.window = {options.today - options.window_days, options.today - 1};
  if (std::string reason = invalid_option(options); !reason.empty()) {
    report.status = RecommendationStatus::invalid_options;
    report.reason = std::move(reason);
    return report;
  }
  const Admitted admitted = admit(campaigns, options, report);
  const std::vector<CampaignView>& views = admitted.views;
  const recs::Valuation valuation = valuation_of(views, options);
  report.reference_cpa = valuation.cost_per_conversion;
  report.reference_roas = valuation.value_per_cost;
  const recs::Context ctx{options, valuation};
  std::vector<CampaignDiagnostics*> diagnostics;  // parallel to views
  for (std::size_t v = 0; v < views.size(); ++v) {
    diagnostics.push_back(&report.campaigns[admitted.index[v]]);
    report.horizon_spend += views[v].daily_spend * options.horizon_days;
    check_campaign(views[v], ctx, *diagnostics.back(), report.recommendations);
  }
  recs::plan_reallocation(views, ctx, diagnostics, report.recommendations, report.notes);
  std::vector<Recommendation> tests;  // planned on the findings so far, then added to them
  recs::plan_tests(views, ctx, report.recommendations, diagnostics, tests);
  for (Recommendation& t : tests) report.recommendations.push_back(std::move(t));
  rank(report.recommendations, report.horizon_spend);
  return report;
}

std::string RecommendationReport::summary() const {
  if (status != RecommendationStatus::ok) {
    return cat(to_string(status), ": ", reason);
  }
  const auto analysed = std::count_if(campaigns.begin(), campaigns.end(),
                                      [](const CampaignDiagnostics& d) { return d.analysed; });
  std::string s = cat(std::to_string(recommendations.size()), " recommendations for ",
                      std::to_string(analysed), " of ", std::to_string(campaigns.size()),
                      " campaigns (window ", recs::period_text(window), ")");
  if (!recommendations.empty()) s.append("; top: ").append(recommendations.front().title);
  return s;
}

std::string_view to_string(RecommendationKind kind) {
  static constexpr std::string_view kNames[] = {
      "budget_pacing",    "cpa_vs_target",    "roas_vs_target",      "budget_reallocation",
      "creative_fatigue", "bid_strategy_fit", "audience_saturation", "day_of_week",
      "anomaly",          "ab_test"};
  return kNames[static_cast<int>(kind)];
}

std::string_view to_string(CampaignMetric metric) {
  static constexpr std::string_view kNames[] = {
      "impressions",     "clicks", "spend", "conversions", "conversion_value", "ctr", "cpc", "cpm",
      "conversion_rate", "cpa",    "roas",  "budget"};
  return kNames[static_cast<int>(metric)];
}

bool is_ratio(CampaignMetric metric) {
  switch (metric) {
    case CampaignMetric::ctr:
    case CampaignMetric::cpc:
    case CampaignMetric::cpm:
    case CampaignMetric::conversion_rate:
    case CampaignMetric::cpa:
    case CampaignMetric::roas:
      return true;
    default:
      return false;
  }
}

bool lower_is_better(CampaignMetric metric) {
  return metric == CampaignMetric::cpa || metric == CampaignMetric::cpc ||
         metric == CampaignMetric::cpm;
}

std::string_view to_string(CheckOutcome outcome) {
  static constexpr std::string_view kNames[] = {"triggered", "passed", "skipped"};
  return kNames[static_cast<int>(outcome)];
}

std::string_view to_string(RecommendationStatus status) {
  return status == RecommendationStatus::ok ? "ok" : "invalid_options";
}

}  // namespace optimize
