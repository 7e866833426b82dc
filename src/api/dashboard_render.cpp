#include "api/dashboard_render.h"

#include <cmath>

#include "analytics/ranking.h"
#include "analytics/trend.h"
#include "core/marketing.h"
#include "core/money.h"
#include "optimize/anomaly.h"

namespace api {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
double money(std::int64_t micros) { return core::units_from_micros(micros); }

json render_counters(const analytics::Counters& c) {
  return {{"impressions", c.impressions},
          {"clicks", c.clicks},
          {"spend", money(c.spend_micros)},
          {"conversions", c.conversions},
          {"conversion_value", money(c.conversion_value_micros)},
          {"reach", c.impressions_with_reach > 0 ? json(c.reach) : json(nullptr)},
          {"video_views", c.impressions_with_video > 0 ? json(c.video_views) : json(nullptr)}};
}

json render_kpis(const analytics::Kpis& k) {
  return {{"ctr", optional_number(k.ctr)},
          {"cpc", optional_number(k.cpc)},
          {"cpm", optional_number(k.cpm)},
          {"conversion_rate", optional_number(k.conversion_rate)},
          {"cpa", optional_number(k.cpa)},
          {"roas", optional_number(k.roas)},
          {"roi", optional_number(k.roi)},
          {"frequency", optional_number(k.frequency)},
          {"view_rate", optional_number(k.view_rate)}};
}

// Counters and KPIs of one period as one flat object.
json render_figures(const analytics::Counters& c) {
  json out = render_counters(c);
  out.update(render_kpis(analytics::kpis_of(c)));
  return out;
}

json render_change(const analytics::Change& change) {
  return {{"absolute", change.absolute}, {"relative", optional_number(change.relative)}};
}

json render_totals(const analytics::Counters& current, const analytics::Counters& previous,
                   bool compared) {
  json out = {{"current", render_figures(current)}};
  if (!compared) {
    out["previous"] = nullptr;
    out["change"] = nullptr;
    return out;
  }
  out["previous"] = render_figures(previous);
  auto comparison = analytics::compare_periods(current, previous);
  json change = json::object();
  for (std::size_t i = 0; i < analytics::kCounterNames.size(); ++i) {
    std::string name(analytics::kCounterNames[i]);
    auto c = comparison.counter_changes[i];
    if (name == "spend_micros" || name == "conversion_value_micros") {
      name = name == "spend_micros" ? "spend" : "conversion_value";
      c.absolute /= 1e6;
    }
    change[name] = render_change(c);
  }
  for (std::size_t i = 0; i < analytics::kKpiNames.size(); ++i) {
    auto c = comparison.kpi_changes[i];
    change[std::string(analytics::kKpiNames[i])] = c ? render_change(*c) : json(nullptr);
  }
  out["change"] = change;
  return out;
}

json render_platforms(const DashboardData& d, bool compared) {
  auto blended = analytics::kpis_of(d.current);
  json out = json::array();
  for (std::size_t p = 0; p < d.platform_current.size(); ++p) {
    if (!d.platform_present[p]) continue;
    const auto& c = d.platform_current[p];
    auto k = analytics::kpis_of(c);
    auto share = [](double part, double whole) {
      return whole > 0 ? json(part / whole) : json(nullptr);
    };
    auto index = [](std::optional<double> mine, std::optional<double> all) {
      return mine && all && *all != 0 ? json(*mine / *all) : json(nullptr);
    };
    json platform = render_totals(c, d.platform_previous[p], compared);
    platform["platform"] = std::string(core::kPlatformNames[p]);
    platform["share_of_spend"] = share(static_cast<double>(c.spend_micros),
                                       static_cast<double>(d.current.spend_micros));
    platform["share_of_conversions"] = share(c.conversions, d.current.conversions);
    // Efficiency against the blended average: above 1 is better for ROAS, below 1 for CPA.
    platform["efficiency"] = {{"roas_index", index(k.roas, blended.roas)},
                              {"cpa_index", index(k.cpa, blended.cpa)},
                              {"ctr_index", index(k.ctr, blended.ctr)}};
    out.push_back(std::move(platform));
  }
  return out;
}

json render_series(const DashboardData& d, const DashboardRequest& r) {
  json out = json::array();
  for (const auto& bucket : analytics::buckets(r.period, r.granularity)) {
    analytics::Counters sum;
    for (core::Date day = bucket.from; day <= bucket.to; day = day + 1) {
      sum += d.daily[static_cast<std::size_t>(day - d.history_start)];
    }
    json point = render_figures(sum);
    point["start"] = core::format_iso_date(bucket.from);
    point["end"] = core::format_iso_date(bucket.to);
    out.push_back(std::move(point));
  }
  return out;
}

// The daily values of one metric over the whole gathered window; nullopt on days without
// delivery (no impressions and no spend) or where the metric's denominator is zero.
std::vector<std::optional<double>> daily_metric(const DashboardData& d, const std::string& metric) {
  std::vector<std::optional<double>> out;
  out.reserve(d.daily.size());
  for (const auto& c : d.daily) {
    if (c.impressions == 0 && c.spend_micros == 0) {
      out.emplace_back();
      continue;
    }
    auto k = analytics::kpis_of(c);
    if (metric == "spend") out.emplace_back(money(c.spend_micros));
    else if (metric == "conversions") out.emplace_back(c.conversions);
    else if (metric == "ctr") out.push_back(k.ctr);
    else if (metric == "cpc") out.push_back(k.cpc);
    else out.push_back(k.roas);
  }
  return out;
}

// The anomalies among the last `days` days of the gathered window. `live`: each day is judged on
// its past only (verdicts never change as later days arrive; for alerts), else on the whole
// window (for the dashboard's view of a period).
json find_anomalies(const DashboardData& d, std::size_t days, bool live) {
  json out = json::array();
  for (const std::string metric : {"spend", "ctr", "cpc", "conversions", "roas"}) {
    auto series = daily_metric(d, metric);
    optimize::AnomalyOptions options;
    options.evaluate_last = days;
    // Amounts and rates vary multiplicatively; conversions are counts; ROAS is often 0.
    if (metric == "conversions") options.kind = optimize::MetricKind::count;
    else if (metric != "roas") options.kind = optimize::MetricKind::multiplicative;
    auto report = live ? optimize::detect_latest_anomalies(series, options)
                       : optimize::detect_anomalies(series, options);
    for (const auto& a : report.anomalies) {
      out.push_back({{"date", core::format_iso_date(d.history_start + static_cast<int>(a.index))},
                     {"metric", metric},
                     {"value", a.value},
                     {"expected", a.expected},
                     {"score", a.score},
                     {"direction", a.direction == optimize::AnomalyDirection::up ? "up" : "down"}});
    }
  }
  return out;
}

json render_ranked(const MetricsSnapshot& s, const std::vector<CampaignTotals>& totals,
                  const analytics::RankedCampaign& r) {
  const auto& campaign = s.campaigns[totals[r.input_index].campaign];
  json out = render_figures(r.counters);
  out["campaign_id"] = campaign.id;
  out["name"] = campaign.name;
  out["platform"] = std::string(core::kPlatformNames[static_cast<int>(campaign.platform)]);
  out["client_id"] = s.clients[campaign.client].id;
  return out;
}

json render_movers(const MetricsSnapshot& s, const std::vector<CampaignTotals>& totals,
                   const analytics::MoverList& list, double scale) {
  json movers = json::array();
  for (const auto& m : list.movers) {
    const auto& campaign = s.campaigns[totals[m.input_index].campaign];
    movers.push_back({{"campaign_id", campaign.id},
                      {"name", campaign.name},
                      {"current", m.current / scale},
                      {"previous", m.previous / scale},
                      {"absolute", m.change.absolute / scale},
                      {"relative", optional_number(m.change.relative)}});
  }
  return {{"campaigns", movers}, {"eligible", list.eligible},
          {"excluded_low_volume", list.excluded_low_volume}};
}

json render_campaigns(const MetricsSnapshot& s, const DashboardData& d, const DashboardRequest& r) {
  std::vector<analytics::CampaignCounters> input;
  input.reserve(d.campaigns.size());
  for (const auto& c : d.campaigns) input.push_back({s.campaigns[c.campaign].id, c.current, c.previous});
  analytics::RankingOptions options;
  options.top_n = r.top;
  auto report = analytics::rank_campaigns(input, options);
  auto list = [&](const std::vector<analytics::RankedCampaign>& ranked) {
    json out = json::array();
    for (const auto& x : ranked) out.push_back(render_ranked(s, d.campaigns, x));
    return out;
  };
  return {{"minimum_volume",
           {{"spend", money(options.min_spend_micros)},
            {"clicks", options.min_clicks},
            {"conversions_for_cpa", options.min_conversions}}},
          {"by_roas", {{"best", list(report.roas.best)}, {"worst", list(report.roas.worst)},
                       {"eligible", report.roas.eligible},
                       {"excluded_low_volume", report.roas.excluded_low_volume}}},
          {"by_cpa", {{"best", list(report.cpa.best)}, {"worst", list(report.cpa.worst)},
                      {"eligible", report.cpa.eligible},
                      {"excluded_low_volume", report.cpa.excluded_low_volume}}},
          {"movers", {{"spend", render_movers(s, d.campaigns, report.spend_movers, 1e6)},
                      {"conversions", render_movers(s, d.campaigns, report.conversion_movers, 1)},
                      {"roas", render_movers(s, d.campaigns, report.roas_movers, 1)}}}};
}

// One trend; `scale` turns micros into currency units for money counters (1 otherwise).
json render_trend(const analytics::TrendReport& t, double scale) {
  auto scaled = [scale](const std::optional<double>& v) {
    return v ? json(*v / scale) : json(nullptr);
  };
  json moving = json::array();
  for (const auto& v : t.moving_average) moving.push_back(scaled(v));
  json slope = nullptr;
  if (t.slope) {
    slope = {{"per_day", t.slope->per_day / scale},
             {"ci_low", t.slope->ci_low / scale},
             {"ci_high", t.slope->ci_high / scale},
             {"p_value", t.slope->p_value},
             {"significant", t.slope->significant},
             {"points", t.slope->points}};
  }
  json weekday = json::array();
  for (const auto& v : t.day_of_week_index) weekday.push_back(optional_number(v));
  return {{"moving_average_7d", moving},
          {"week_over_week", optional_number(t.week_over_week)},
          {"period_growth", optional_number(t.period_growth)},
          {"slope", slope},
          {"day_of_week_index", weekday}};
}

json render_trends(const DashboardData& d, const DashboardRequest& r) {
  auto first = static_cast<std::size_t>(r.period.from - d.history_start);
  std::span<const analytics::Counters> days(d.daily.data() + first,
                                            static_cast<std::size_t>(r.period.days()));
  json out = json::object();
  using C = analytics::Counter;
  for (C counter : {C::impressions, C::clicks, C::spend_micros, C::conversions,
                    C::conversion_value_micros}) {
    bool is_money = counter == C::spend_micros || counter == C::conversion_value_micros;
    std::string name(analytics::kCounterNames[static_cast<int>(counter)]);
    if (is_money) name = counter == C::spend_micros ? "spend" : "conversion_value";
    out[name] = render_trend(analytics::counter_trend(r.period.from, days, counter), is_money ? 1e6 : 1);
  }
  for (std::size_t k = 0; k < analytics::kKpiNames.size(); ++k) {
    auto kpi = static_cast<analytics::Kpi>(k);
    out[std::string(analytics::kKpiNames[k])] =
        render_trend(analytics::kpi_trend(r.period.from, days, kpi), 1);
  }
  return out;
}

json render_freshness(const DashboardData& d) {
  json out = json::array();
  for (std::size_t p = 0; p < d.latest_day.size(); ++p) {
    if (!d.platform_present[p]) continue;
    out.push_back({{"platform", std::string(core::kPlatformNames[p])},
                   {"latest_date", d.latest_day[p] ? json(core::format_iso_date(*d.latest_day[p]))
                                                   : json(nullptr)}});
  }
  return out;
}

}  // namespace

json render_dashboard(const MetricsSnapshot& snapshot, const DashboardRequest& r) {
  bool compared = r.comparison.has_value();
  json groups = json::array();
  for (const auto& g : r.groups) {
    json clients = json::array();
    for (auto i : g.clients) clients.push_back(snapshot.clients[i].id);
    groups.push_back({{"currency", g.currency},
                      {"clients", clients},
                      {"totals", render_totals(g.data.current, g.data.previous, compared)},
                      {"platforms", render_platforms(g.data, compared)},
                      {"series", render_series(g.data, r)},
                      {"campaigns", render_campaigns(snapshot, g.data, r)},
                      {"trends", render_trends(g.data, r)},
                      {"anomalies",
                       find_anomalies(g.data, static_cast<std::size_t>(r.period.days()), false)},
                      {"freshness", render_freshness(g.data)}});
  }
  json comparison = nullptr;
  if (compared) {
    comparison = {{"mode", r.compare_mode},
                  {"from", core::format_iso_date(r.comparison->from)},
                  {"to", core::format_iso_date(r.comparison->to)}};
  }
  return {{"period",
           {{"from", core::format_iso_date(r.period.from)},
            {"to", core::format_iso_date(r.period.to)},
            {"days", r.period.days()},
            {"time_zone", r.time_zone}}},
          {"comparison", comparison},
          {"granularity", std::string(analytics::kGranularityNames[static_cast<int>(r.granularity)])},
          {"currency_handling", "grouped: amounts in different currencies are never summed"},
          {"data_version", snapshot.data_version},
          {"groups", groups}};
}

ClientPulse client_pulse(const MetricsSnapshot& s, std::uint32_t client, int recent_days) {
  std::optional<core::Date> latest;
  for (const auto& c : s.campaigns) {
    if (c.client == client && c.end > c.begin) {
      core::Date last{s.day[c.end - 1]};
      if (!latest || *latest < last) latest = last;
    }
  }
  ClientPulse pulse;
  if (!latest) return pulse;
  DashboardFilter filter;
  filter.clients = {client};
  filter.to = *latest;
  filter.from = *latest - 29;
  DashboardData data = gather_dashboard_data(s, filter);
  pulse.period = {filter.from, filter.to};
  pulse.totals = render_figures(data.current);
  pulse.anomalies = find_anomalies(data, static_cast<std::size_t>(recent_days), true);
  return pulse;
}

}  // namespace api
