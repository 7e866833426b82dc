#include "api/rule_recommendations.h"

#include <nlohmann/json.hpp>

#include "security/api_keys.h"
#include "security/random.h"

namespace api {
namespace {

namespace rules = optimize::rules;
using nlohmann::json;

json period_json(const rules::Window& w) {
  return {{"first", core::format_iso_date(w.first)}, {"last", core::format_iso_date(w.last)},
          {"days", w.last - w.first + 1}};
}

// One evidence entry per condition: what was observed over its window against the threshold.
json evidence_json(const rules::Rule& rule, const rules::Evaluation& e,
                   std::span<const rules::ConditionOutcome> outcomes, const std::string& campaign) {
  json out = json::array();
  for (std::size_t i = 0; i < rule.conditions.size() && i < outcomes.size(); ++i) {
    const auto& c = rule.conditions[i];
    std::string metric(rules::to_string(c.metric));
    if (c.measure == rules::Measure::change_percent) metric += "_change_percent";
    std::string label = "rule threshold (";
    label += rules::to_string(c.comparison);
    label += ')';
    out.push_back({{"campaign_id", campaign},
                   {"metric", metric},
                   {"value", outcomes[i].observed ? json(*outcomes[i].observed) : json(nullptr)},
                   {"period", period_json(rules::window(c, e.date))},
                   {"comparison", c.threshold},
                   {"comparison_label", label},
                   {"comparison_period", nullptr},
                   {"status", std::string(rules::to_string(outcomes[i].status))}});
  }
  return out;
}

json change_json(const rules::Firing& f) {
  if (f.budget_change) {
    return {{"campaign_id", f.campaign_id},
            {"field", "daily_budget"},
            {"from", f.budget_change->from},
            {"to", f.budget_change->to},
            {"description", f.description}};
  }
  return {{"campaign_id", f.campaign_id},
          {"field", "status"},
          {"from", "active"},
          {"to", "paused"},
          {"description", f.description}};
}

}  // namespace

std::vector<store::RecommendationRecord> recommendations_from_firings(
    const rules::Rule& rule, const rules::EvaluationReport& report, core::Date date,
    const std::vector<std::string>& evaluation_ids) {
  std::vector<store::RecommendationRecord> out;
  for (const auto& f : report.firings) {
    if (f.action == rules::ActionKind::notify) continue;
    const std::string action(rules::to_string(f.action));
    json evidence = json::array();
    std::string evaluation_id;
    if (f.evaluation_index && *f.evaluation_index < report.evaluations.size()) {
      const auto& e = report.evaluations[*f.evaluation_index];
      evidence = evidence_json(rule, e, report.conditions(e), f.campaign_id);
      if (*f.evaluation_index < evaluation_ids.size()) evaluation_id = evaluation_ids[*f.evaluation_index];
    }
    std::string title = "Rule '";
    title.append(rule.name).append("': ").append(f.description);
    std::string explanation = "The rule '";
    explanation.append(rule.name)
        .append("' fired on ")
        .append(core::format_iso_date(f.date))
        .append(" because its conditions held (see the evidence). Its action is to ")
        .append(f.description)
        .append(". No model estimates the impact; once applied, the effect is measured.");
    json payload = {
        {"kind", "rule"},
        {"action", action},
        {"source", {{"rule_id", rule.id}, {"rule_name", rule.name}, {"evaluation_id", evaluation_id},
                    {"fired_on", core::format_iso_date(f.date)}}},
        {"campaign_ids", json::array({f.campaign_id})},
        {"title", title},
        {"changes", json::array({change_json(f)})},
        {"evidence", std::move(evidence)},
        {"expected_impact", json::array()},
        {"confidence", 1.0},
        {"confidence_drivers",
         json::array({{{"name", "rule"}, {"factor", 1.0},
                       {"note", "a rule you defined fired; its conditions are facts, not estimates"}}})},
        {"value_at_stake", 0.0},
        {"priority", 0.0},
        {"explanation", explanation},
        {"test", nullptr},
        {"as_of", core::format_iso_date(date)},
        {"horizon_days", 7},
        {"history", json::array()}};
    store::RecommendationRecord r;
    r.id = security::new_id("rec");
    r.campaign_id = f.campaign_id;
    r.kind = "rule";
    std::string key = "rule|";
    key.append(rule.id).append("|").append(f.campaign_id).append("|").append(action);
    r.content_key = security::hash_api_key(key);
    r.payload = payload.dump();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace api
