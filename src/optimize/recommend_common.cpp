#include <algorithm>
#include <charconv>
#include <cmath>

#include "optimize/recommend_internal.h"
#include "optimize/recommend_stats.h"

namespace optimize::recs {

std::optional<double> ratio(double numerator, double denominator) {
  if (denominator == 0) return std::nullopt;
  return numerator / denominator;
}

Totals sum_days(std::span<const CampaignDay> days) {
  Totals t;
  for (const CampaignDay& d : days) {
    t.days += 1;
    t.impressions += d.impressions;
    t.clicks += d.clicks;
    t.spend += d.spend;
    t.conversions += d.conversions;
    t.conversion_value += d.conversion_value;
    if (d.frequency) {
      t.frequency_sum += *d.frequency;
      t.frequency_days += 1;
    }
    if (d.reach) {
      t.reach_sum += *d.reach;
      t.reach_days += 1;
    }
  }
  return t;
}

std::span<const CampaignDay> days_in(const CampaignHistory& history, Period period) {
  const auto& days = history.days;
  auto by_date = [](const CampaignDay& d, core::Date date) { return d.date < date; };
  auto first = std::lower_bound(days.begin(), days.end(), period.first, by_date);
  auto last = std::lower_bound(first, days.end(), period.last + 1, by_date);
  return {first, last};
}

Period last_days(Period period, int n) {
  return {std::max(period.first, period.last - (n - 1)), period.last};
}

Period first_days(Period period, int n) {
  return {period.first, std::min(period.last, period.first + (n - 1))};
}

std::optional<LogTrend> log_trend(
    std::span<const CampaignDay> days, Period window,
    const std::function<std::optional<double>(const CampaignDay&)>& value, int min_days) {
  std::vector<double> x, y;
  for (const CampaignDay& d : days) {
    const std::optional<double> v = value(d);
    if (!v || !(*v > 0)) continue;
    x.push_back(d.date - window.first);
    y.push_back(std::log(*v));
  }
  if (static_cast<int>(x.size()) < std::max(3, min_days)) return std::nullopt;
  const std::optional<LineFit> fit = fit_line(x, y);
  if (!fit) return std::nullopt;
  LogTrend t;
  t.days = fit->n;
  t.per_week = std::expm1(7 * fit->slope);
  const double df = fit->n - 2;
  if (fit->slope_se > 0) {
    t.p_up = student_t_upper_tail(fit->t(), df);
    t.p_down = student_t_upper_tail(-fit->t(), df);
  } else {  // points exactly on a line: the sign of the slope is certain
    t.p_up = fit->slope > 0 ? 0 : 1;
    t.p_down = fit->slope < 0 ? 0 : 1;
  }
  return t;
}

double Valuation::conversions(double delta) const {
  return std::fabs(delta) * cost_per_conversion.value_or(0);
}

double Valuation::revenue(double delta) const {
  if (!value_per_cost || !(*value_per_cost > 0)) return 0;
  return std::fabs(delta) / *value_per_cost;
}

CampaignCurve::CampaignCurve(double spend, double outcome, double elasticity)
    : spend0(spend), outcome0(outcome), k(elasticity / (1 - elasticity)) {}

double CampaignCurve::outcome(double spend) const {
  if (!(spend > 0)) return 0;
  return outcome0 * (1 + k) * spend / (k * spend0 + spend);
}

double CampaignCurve::spend_for_average_cost(double cost) const {
  return cost * outcome0 * (1 + k) - k * spend0;
}

std::optional<double> CampaignCurve::spend_for_outcome(double target) const {
  const double asymptote = outcome0 * (1 + k);
  if (!(target < asymptote)) return std::nullopt;
  return target * k * spend0 / (asymptote - target);
}

budget::ResponseCurve CampaignCurve::response_curve() const {
  budget::ResponseCurve curve;
  curve.adstock.kind = budget::AdstockKind::geometric;
  curve.adstock.alpha = 0;  // daily spend, no carry-over: the steady state is the day itself
  curve.adstock.window = 1;
  curve.saturation.kind = budget::SaturationKind::hill;
  curve.saturation.shape = 1;
  curve.saturation.half_saturation = k;
  curve.scale = spend0;
  curve.beta = outcome0 * (1 + k);
  return curve;
}

std::string fixed(double value, int decimals) {
  // Round first so a tiny negative does not print as "-0.00".
  const double unit = std::pow(10.0, -decimals);
  if (std::fabs(value) < unit / 2) value = 0;
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (ec != std::errc{}) return "?";
  return std::string(buffer, end);
}

std::string money(double value) { return fixed(value, 2); }

std::string percent(double fraction, int decimals) {
  return fixed(100 * fraction, decimals).append("%");
}

std::string date_text(core::Date date) { return core::format_iso_date(date); }

std::string period_text(Period period) {
  return date_text(period.first).append("..").append(date_text(period.last));
}

std::string_view weekday_name(int iso_weekday) {
  static constexpr std::string_view kNames[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
  return kNames[std::clamp(iso_weekday, 1, 7) - 1];
}

Evidence evidence(const std::string& campaign_id, std::string metric, std::optional<double> value,
                  Period period) {
  Evidence e;
  e.campaign_id = campaign_id;
  e.metric = std::move(metric);
  e.value = value;
  e.period = period;
  return e;
}

Evidence compared(Evidence e, std::optional<double> comparison, std::string label,
                  std::optional<Period> comparison_period) {
  e.comparison = comparison;
  e.comparison_label = std::move(label);
  e.comparison_period = comparison_period;
  return e;
}

ExpectedImpact impact(CampaignMetric metric, double baseline, double expected, int horizon_days) {
  ExpectedImpact i;
  i.metric = metric;
  i.baseline = baseline;
  i.expected = expected;
  i.change = expected - baseline;
  i.horizon_days = horizon_days;
  return i;
}

void widen(ExpectedImpact& impact, double change_a, double change_b) {
  impact.low = std::min({impact.change, change_a, change_b});
  impact.high = std::max({impact.change, change_a, change_b});
}

Change numeric_change(const std::string& campaign_id, std::string field, double from, double to,
                      std::string description) {
  Change c;
  c.campaign_id = campaign_id;
  c.field = std::move(field);
  c.from = from;
  c.to = to;
  c.description = std::move(description);
  return c;
}

Change text_change(const std::string& campaign_id, std::string field, std::string from,
                   std::string to, std::string description) {
  Change c;
  c.campaign_id = campaign_id;
  c.field = std::move(field);
  c.from_text = std::move(from);
  c.to_text = std::move(to);
  c.description = std::move(description);
  return c;
}

std::string budget_change_text(double from, double to) {
  return cat(to > from ? "raise" : "lower", " the daily budget from ", money(from), " to ",
             money(to));
}

double confidence_of(const std::vector<ConfidenceDriver>& drivers) {
  double c = 1;
  for (const ConfidenceDriver& d : drivers) c *= std::clamp(d.factor, 0.0, 1.0);
  return c;
}

void finish(Recommendation& r) { r.confidence = confidence_of(r.confidence_drivers); }

}  // namespace optimize::recs
