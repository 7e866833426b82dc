#include "api/recommendation_json.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "core/date.h"

namespace api {
namespace {

using nlohmann::json;

template <class T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json period_json(const optimize::Period& p) {
  return {{"first", core::format_iso_date(p.first)}, {"last", core::format_iso_date(p.last)},
          {"days", p.days()}};
}

json change_json(const optimize::Change& c) {
  return {{"campaign_id", c.campaign_id.empty() ? json(nullptr) : json(c.campaign_id)},
          {"field", c.field},
          {"from", c.from ? json(*c.from) : (c.from_text.empty() ? json(nullptr) : json(c.from_text))},
          {"to", c.to ? json(*c.to) : (c.to_text.empty() ? json(nullptr) : json(c.to_text))},
          {"description", c.description}};
}

json evidence_json(const optimize::Evidence& e) {
  return {{"campaign_id", e.campaign_id.empty() ? json(nullptr) : json(e.campaign_id)},
          {"metric", e.metric},
          {"value", or_null(e.value)},
          {"period", period_json(e.period)},
          {"comparison", or_null(e.comparison)},
          {"comparison_label", e.comparison_label.empty() ? json(nullptr) : json(e.comparison_label)},
          {"comparison_period", e.comparison_period ? period_json(*e.comparison_period) : json(nullptr)}};
}

json impact_json(const optimize::ExpectedImpact& i) {
  return {{"metric", std::string(optimize::to_string(i.metric))},
          {"baseline", i.baseline},
          {"expected", i.expected},
          {"change", i.change},
          {"low", or_null(i.low)},
          {"high", or_null(i.high)},
          {"horizon_days", i.horizon_days}};
}

constexpr std::array kMetrics = {
    optimize::CampaignMetric::impressions,     optimize::CampaignMetric::clicks,
    optimize::CampaignMetric::spend,           optimize::CampaignMetric::conversions,
    optimize::CampaignMetric::conversion_value, optimize::CampaignMetric::ctr,
    optimize::CampaignMetric::cpc,             optimize::CampaignMetric::cpm,
    optimize::CampaignMetric::conversion_rate, optimize::CampaignMetric::cpa,
    optimize::CampaignMetric::roas,            optimize::CampaignMetric::budget};

std::optional<optimize::CampaignMetric> metric_named(const std::string& name) {
  for (auto m : kMetrics) {
    if (optimize::to_string(m) == name) return m;
  }
  return std::nullopt;
}

}  // namespace

json recommendation_json(const optimize::Recommendation& r) {
  json changes = json::array(), evidence = json::array(), impacts = json::array(),
       drivers = json::array();
  for (const auto& c : r.changes) changes.push_back(change_json(c));
  for (const auto& e : r.evidence) evidence.push_back(evidence_json(e));
  for (const auto& i : r.impacts) impacts.push_back(impact_json(i));
  for (const auto& d : r.confidence_drivers) {
    drivers.push_back({{"name", d.name}, {"factor", d.factor}, {"note", d.note}});
  }
  json out = {{"kind", std::string(optimize::to_string(r.kind))},
              {"campaign_ids", r.campaign_ids},
              {"title", r.title},
              {"changes", std::move(changes)},
              {"evidence", std::move(evidence)},
              {"expected_impact", std::move(impacts)},
              {"confidence", r.confidence},
              {"confidence_drivers", std::move(drivers)},
              {"value_at_stake", r.value_at_stake},
              {"priority", r.priority},
              {"explanation", r.explanation},
              {"test", nullptr}};
  if (r.test) {
    const auto& t = *r.test;
    out["test"] = {{"hypothesis", t.hypothesis},
                   {"primary_metric", std::string(optimize::to_string(t.primary_metric))},
                   {"baseline", t.baseline},
                   {"minimum_detectable_effect", t.minimum_detectable_effect},
                   {"sample_per_arm", t.sample_per_arm},
                   {"unit", t.unit},
                   {"days_needed", t.days_needed}};
  }
  return out;
}

json diagnostics_json(const optimize::CampaignDiagnostics& d) {
  json checks = json::array();
  for (const auto& c : d.checks) {
    checks.push_back({{"kind", std::string(optimize::to_string(c.kind))},
                      {"outcome", std::string(optimize::to_string(c.outcome))},
                      {"detail", c.detail}});
  }
  return {{"campaign_id", d.campaign_id},
          {"analysed", d.analysed},
          {"days_with_data", d.days_with_data},
          {"spend", d.spend},
          {"conversions", d.conversions},
          {"conversion_value", d.conversion_value},
          {"cpa", or_null(d.cpa)},
          {"roas", or_null(d.roas)},
          {"ctr", or_null(d.ctr)},
          {"checks", std::move(checks)}};
}

json measured_effect_json(const std::string& campaign_id, const optimize::MeasuredEffect& e) {
  return {{"campaign_id", campaign_id},
          {"metric", std::string(optimize::to_string(e.metric))},
          {"status", std::string(optimize::to_string(e.status))},
          {"reason", e.reason.empty() ? json(nullptr) : json(e.reason)},
          {"before", {{"period", period_json(e.before)}, {"days_with_data", e.days_before},
                      {"value", or_null(e.before_value)}}},
          {"after", {{"period", period_json(e.after)}, {"days_with_data", e.days_after},
                     {"value", or_null(e.after_value)}}},
          {"change", or_null(e.change)},
          {"change_interval", e.change_low && e.change_high
                                  ? json{{"low", *e.change_low}, {"high", *e.change_high}}
                                  : json(nullptr)},
          {"relative_change", or_null(e.relative_change)},
          {"verdict", std::string(optimize::to_string(e.verdict))},
          {"favourable", or_null(e.favourable)},
          {"expected_change", or_null(e.expected_change)},
          {"expected_within_interval", or_null(e.expected_within_interval)},
          {"summary", e.summary()},
          {"note", e.note}};
}

std::optional<optimize::ExpectedImpact> impact_from_json(const json& impact) {
  auto metric = metric_named(impact.value("metric", ""));
  if (!metric || *metric == optimize::CampaignMetric::budget) return std::nullopt;
  optimize::ExpectedImpact out;
  out.metric = *metric;
  auto number = [&](const char* key) {
    auto it = impact.find(key);
    return it != impact.end() && it->is_number() ? it->get<double>() : 0.0;
  };
  out.baseline = number("baseline");
  out.expected = number("expected");
  out.change = number("change");
  if (impact.contains("low") && impact["low"].is_number()) out.low = impact["low"].get<double>();
  if (impact.contains("high") && impact["high"].is_number()) out.high = impact["high"].get<double>();
  out.horizon_days = static_cast<int>(number("horizon_days"));
  return out;
}

std::string recommendation_key(const std::string& client_id, const optimize::Recommendation& r) {
  std::vector<std::string> campaigns = r.campaign_ids;
  std::sort(campaigns.begin(), campaigns.end());
  std::vector<std::string> settings;
  for (const auto& c : r.changes) {
    std::string setting = c.campaign_id;
    setting += '.';
    setting += c.field;
    if (!c.to_text.empty()) {
      setting += '=';
      setting += c.to_text;
    }
    settings.push_back(std::move(setting));
  }
  std::sort(settings.begin(), settings.end());
  settings.erase(std::unique(settings.begin(), settings.end()), settings.end());
  std::string key = client_id;
  key += '|';
  key += optimize::to_string(r.kind);
  for (const auto& c : campaigns) {
    key += '|';
    key += c;
  }
  for (const auto& s : settings) {
    key += '|';
    key += s;
  }
  return key;
}

}  // namespace api
