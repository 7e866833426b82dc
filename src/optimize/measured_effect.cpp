// The measured effect of an applied change: the metric in the N days before against the N days
// after, with an interval from day-to-day variation. Totals are compared as means per day
// (Welch); ratios as ratios of sums, with the delta-method variance of a ratio estimator,
// var(R) ≈ n / (n − 1) · Σ (num_i − R · den_i)² / (Σ den_i)². Student t with Welch–Satterthwaite
// degrees of freedom.
#include <cmath>

#include "optimize/recommend_internal.h"
#include "optimize/recommend_stats.h"
#include "optimize/recommendations.h"

namespace optimize {
namespace {

using recs::cat;

constexpr const char* kObservational =
    "Observational before/after comparison: seasonality, other changes, competitors and tracking "
    "shifts in the same days are not controlled for, so the difference is not proven to be the "
    "change's effect. A holdout or a platform experiment measures that.";

struct Parts {
  double numerator = 0, denominator = 1;
};

Parts parts(const CampaignDay& d, CampaignMetric m) {
  switch (m) {
    case CampaignMetric::impressions:
      return {d.impressions, 1};
    case CampaignMetric::clicks:
      return {d.clicks, 1};
    case CampaignMetric::spend:
      return {d.spend, 1};
    case CampaignMetric::conversions:
      return {d.conversions, 1};
    case CampaignMetric::conversion_value:
      return {d.conversion_value, 1};
    case CampaignMetric::ctr:
      return {d.clicks, d.impressions};
    case CampaignMetric::cpc:
      return {d.spend, d.clicks};
    case CampaignMetric::cpm:
      return {1000 * d.spend, d.impressions};
    case CampaignMetric::conversion_rate:
      return {d.conversions, d.clicks};
    case CampaignMetric::cpa:
      return {d.spend, d.conversions};
    case CampaignMetric::roas:
      return {d.conversion_value, d.spend};
    case CampaignMetric::budget:
      break;
  }
  return {0, 1};
}

struct Side {
  int n = 0;
  std::optional<double> value;
  double variance = 0;  // of `value`
};

// A total per day is the ratio of sums with denominator 1 per day: the mean, and the same
// variance formula gives s² / n.
Side side_of(std::span<const CampaignDay> days, CampaignMetric m) {
  Side s;
  s.n = static_cast<int>(days.size());
  double num = 0, den = 0;
  for (const CampaignDay& d : days) {
    const Parts p = parts(d, m);
    num += p.numerator;
    den += p.denominator;
  }
  if (s.n < 2 || !(den > 0)) return s;
  const double r = num / den;
  double squares = 0;
  for (const CampaignDay& d : days) {
    const Parts p = parts(d, m);
    squares += (p.numerator - r * p.denominator) * (p.numerator - r * p.denominator);
  }
  s.value = r;
  s.variance = static_cast<double>(s.n) / (s.n - 1) * squares / (den * den);
  return s;
}

std::string invalid(const EffectOptions& o, CampaignMetric metric, int days) {
  if (days < 2 || days > 365) return "days: must be between 2 and 365";
  if (!(o.confidence > 0 && o.confidence < 1)) return "confidence: must be in (0, 1)";
  if (metric == CampaignMetric::budget) return "metric: budget is not in the campaign's history";
  if (o.expected && o.expected->metric != metric)
    return "expected.metric: must be the measured metric";
  if (o.expected && !is_ratio(metric) && o.expected->horizon_days < 1) {
    return "expected.horizon_days: must be >= 1 for a total";
  }
  return "";
}

void interval(MeasuredEffect& e, const Side& before, const Side& after, double confidence) {
  const double diff = *after.value - *before.value;
  const double variance = before.variance + after.variance;
  double half = 0;
  if (variance > 0) {
    const double vb = before.variance, va = after.variance;
    const double df = variance * variance / (vb * vb / (before.n - 1) + va * va / (after.n - 1));
    half =
        recs::student_t_quantile(1 - (1 - confidence) / 2, std::max(1.0, df)) * std::sqrt(variance);
  }
  e.change = diff;
  e.change_low = diff - half;
  e.change_high = diff + half;
  if (*before.value != 0) e.relative_change = diff / *before.value;
  e.verdict = *e.change_low > 0    ? EffectVerdict::increased
              : *e.change_high < 0 ? EffectVerdict::decreased
                                   : EffectVerdict::no_clear_change;
  const bool neutral = e.metric == CampaignMetric::spend || e.metric == CampaignMetric::impressions;
  if (e.verdict != EffectVerdict::no_clear_change && !neutral) {
    e.favourable = (e.verdict == EffectVerdict::increased) != lower_is_better(e.metric);
  }
}

}  // namespace

MeasuredEffect measure_effect(const CampaignHistory& history, core::Date applied_on,
                              CampaignMetric metric, int days, const EffectOptions& options) {
  MeasuredEffect e;
  e.metric = metric;
  e.note = kObservational;
  const int start = options.skip_applied_day ? 1 : 0;
  e.before = {applied_on - days, applied_on - 1};
  e.after = {applied_on + start, applied_on + (start + days - 1)};
  if (std::string why = invalid(options, metric, days); !why.empty()) {
    e.status = EffectStatus::invalid_arguments;
    e.reason = std::move(why);
    return e;
  }
  const Side before = side_of(recs::days_in(history, e.before), metric);
  const Side after = side_of(recs::days_in(history, e.after), metric);
  e.days_before = before.n;
  e.days_after = after.n;
  e.before_value = before.value;
  e.after_value = after.value;
  const int needed = std::max(2, days / 2);
  if (before.n < needed || after.n < needed || !before.value || !after.value) {
    e.status = EffectStatus::insufficient_data;
    e.reason = cat("needs ", std::to_string(needed),
                   " days with data and a non-zero denominator on each side; has ",
                   std::to_string(before.n), " before and ", std::to_string(after.n), " after");
    return e;
  }
  interval(e, before, after, options.confidence);
  if (options.expected) {
    const ExpectedImpact& x = *options.expected;
    e.expected_change = is_ratio(metric) ? x.change : x.change / x.horizon_days;
    e.expected_within_interval =
        *e.change_low <= *e.expected_change && *e.expected_change <= *e.change_high;
  }
  return e;
}

std::string MeasuredEffect::summary() const {
  std::string s(to_string(metric));
  if (status != EffectStatus::ok)
    return s.append(": ").append(to_string(status)).append(" (").append(reason).append(")");
  const int decimals = is_ratio(metric) && metric != CampaignMetric::cpa &&
                               metric != CampaignMetric::cpc && metric != CampaignMetric::cpm
                           ? 4
                           : 2;
  s.append(": ")
      .append(recs::fixed(*before_value, decimals))
      .append(" → ")
      .append(recs::fixed(*after_value, decimals))
      .append(" (change ")
      .append(recs::fixed(*change, decimals))
      .append(", interval ")
      .append(recs::fixed(*change_low, decimals))
      .append(" to ")
      .append(recs::fixed(*change_high, decimals))
      .append("): ")
      .append(to_string(verdict));
  if (favourable) s.append(*favourable ? " (favourable)" : " (unfavourable)");
  if (expected_change) {
    s.append("; expected ")
        .append(recs::fixed(*expected_change, decimals))
        .append(*expected_within_interval ? ", inside the interval" : ", outside the interval");
  }
  return s.append(". ").append(note);
}

std::string_view to_string(EffectStatus status) {
  static constexpr std::string_view kNames[] = {"ok", "invalid_arguments", "insufficient_data"};
  return kNames[static_cast<int>(status)];
}

std::string_view to_string(EffectVerdict verdict) {
  static constexpr std::string_view kNames[] = {"increased", "decreased", "no_clear_change"};
  return kNames[static_cast<int>(verdict)];
}

}  // namespace optimize
