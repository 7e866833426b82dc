#include "api/rule_recommendations.h"

#include <nlohmann/json.hpp>

#include "api/recommendation_json.h"
#include "optimize/recommendations.h"
#include "security/api_keys.h"
#include "security/random.h"

namespace api {
namespace {

namespace rules = optimize::rules;
using nlohmann::json;

// One evidence entry per condition: what was observed over its window against the threshold.
std::vector<optimize::Evidence> evidence_of(const rules::Rule& rule, const rules::Evaluation& e,
                                            std::span<const rules::ConditionOutcome> outcomes,
                                            const std::string& campaign) {
  std::vector<optimize::Evidence> out;
  for (std::size_t i = 0; i < rule.conditions.size() && i < outcomes.size(); ++i) {
    const auto& c = rule.conditions[i];
    optimize::Evidence evidence;
    evidence.campaign_id = campaign;
    evidence.metric = rules::to_string(c.metric);
    if (c.measure == rules::Measure::change_percent) evidence.metric += "_change_percent";
    evidence.value = outcomes[i].observed;
    const auto window = rules::window(c, e.date);
    evidence.period = {window.first, window.last};
    evidence.comparison = c.threshold;
    evidence.comparison_label = "rule threshold (";
    evidence.comparison_label.append(rules::to_string(c.comparison)).append(")");
    out.push_back(std::move(evidence));
  }
  return out;
}

optimize::Change change_of(const rules::Firing& f) {
  optimize::Change change;
  change.campaign_id = f.campaign_id;
  change.description = f.description;
  if (f.budget_change) {
    change.field = "daily_budget";
    change.from = f.budget_change->from;
    change.to = f.budget_change->to;
  } else {
    change.field = "status";
    change.from_text = "active";
    change.to_text = "paused";
  }
  return change;
}

}  // namespace

std::vector<store::RecommendationRecord> recommendations_from_firings(
    const rules::Rule& rule, const rules::EvaluationReport& report, core::Date date,
    const std::vector<std::string>& evaluation_ids) {
  std::vector<store::RecommendationRecord> out;
  for (const auto& f : report.firings) {
    if (f.action == rules::ActionKind::notify) continue;
    const std::string action(rules::to_string(f.action));
    // The recommendation in the analysis's own shape (recommendation_json), then what is a
    // rule's: its kind, action and source, and each condition's status beside its evidence.
    optimize::Recommendation r;
    r.campaign_ids = {f.campaign_id};
    r.title = "Rule '";
    r.title.append(rule.name).append("': ").append(f.description);
    r.changes = {change_of(f)};
    r.confidence = 1.0;
    r.confidence_drivers = {
        {"rule", 1.0, "a rule you defined fired; its conditions are facts, not estimates"}};
    r.explanation = "The rule '";
    r.explanation.append(rule.name)
        .append("' fired on ")
        .append(core::format_iso_date(f.date))
        .append(" because its conditions held (see the evidence). Its action is to ")
        .append(f.description)
        .append(". No model estimates the impact; once applied, the effect is measured.");
    std::string evaluation_id;
    std::span<const rules::ConditionOutcome> outcomes;
    if (f.evaluation_index && *f.evaluation_index < report.evaluations.size()) {
      const auto& e = report.evaluations[*f.evaluation_index];
      outcomes = report.conditions(e);
      r.evidence = evidence_of(rule, e, outcomes, f.campaign_id);
      if (*f.evaluation_index < evaluation_ids.size()) evaluation_id = evaluation_ids[*f.evaluation_index];
    }
    json payload = recommendation_json(r);
    for (std::size_t i = 0; i < r.evidence.size(); ++i) {
      payload["evidence"][i]["status"] = std::string(rules::to_string(outcomes[i].status));
    }
    payload["kind"] = "rule";
    payload["action"] = action;
    payload["source"] = {{"rule_id", rule.id}, {"rule_name", rule.name},
                         {"evaluation_id", evaluation_id},
                         {"fired_on", core::format_iso_date(f.date)}};
    payload["as_of"] = core::format_iso_date(date);
    payload["horizon_days"] = 7;
    payload["history"] = json::array();

    store::RecommendationRecord record;
    record.id = security::new_id("rec");
    record.campaign_id = f.campaign_id;
    record.kind = "rule";
    std::string key = "rule|";
    key.append(rule.id).append("|").append(f.campaign_id).append("|").append(action);
    record.content_key = security::hash_api_key(key);
    record.payload = payload.dump();
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace api
