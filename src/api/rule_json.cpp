#include "api/rule_json.h"

#include <stdexcept>
#include <utility>

namespace api {
namespace {

namespace rules = optimize::rules;

template <class E, std::size_t N>
schema::Enum<E, N> names(const std::array<std::string_view, N>& table) {
  return schema::Enum<E, N>(table);
}

const schema::Object<rules::Scope>& scope_shape() {
  using S = rules::Scope;
  static const auto shape =
      schema::Object<S>("RuleScope", "Which of the client's campaigns the rule looks at; each "
                                     "non-empty list narrows it.")
          .optional("platforms", &S::platforms,
                    std::move(schema::Array(names<core::Platform>(core::kPlatformNames)).max_items(6)),
                    "default: every platform")
          .optional("campaign_ids", &S::campaign_ids,
                    std::move(schema::Array(schema::String().min_length(1).max_length(64))
                                  .max_items(500)),
                    "campaigns of the client; default: all of them")
          .optional("objectives", &S::objectives,
                    std::move(schema::Array(names<core::Objective>(core::kObjectiveNames)).max_items(6)),
                    "default: every objective")
          .optional("statuses", &S::statuses,
                    std::move(schema::Array(names<core::CampaignStatus>(core::kCampaignStatusNames))
                                  .max_items(5)),
                    "matched on each campaign's current status; default [\"active\"]; [] is any");
  return shape;
}

const schema::Object<rules::DataGuard>& guard_shape() {
  using G = rules::DataGuard;
  static const auto shape =
      schema::Object<G>("RuleDataGuard", "The condition is judged only on at least this much "
                                          "data in its window(s); 0 turns a check off.")
          .optional("min_spend", &G::min_spend, schema::Number().min(0))
          .optional("min_impressions", &G::min_impressions, schema::Number().min(0))
          .optional("min_clicks", &G::min_clicks, schema::Number().min(0))
          .optional("min_conversions", &G::min_conversions, schema::Number().min(0))
          .optional("min_days_with_data", &G::min_days_with_data, schema::Integer().min(0).max(365),
                    "at most the condition's window_days");
  return shape;
}

const schema::Object<rules::Condition>& condition_shape() {
  using C = rules::Condition;
  static const auto shape =
      schema::Object<C>("RuleCondition", "metric over a window, compared with a threshold")
          .required("metric", &C::metric, names<rules::Metric>(rules::kMetricNames),
                    "ratios are ratios of the window's sums (CPA = Σspend / Σconversions)")
          .optional("window_days", &C::window_days, schema::Integer().min(1).max(365), "default 1")
          .optional("window_end", &C::window_end, names<rules::WindowEnd>(rules::kWindowEndNames),
                    "the evaluation date (today, default) or the day before")
          .optional("measure", &C::measure, names<rules::Measure>(rules::kMeasureNames),
                    "value (default), or change_percent against the previous window_days days")
          .required("comparison", &C::comparison,
                    names<rules::Comparison>(rules::kComparisonNames))
          .required("threshold", &C::threshold, schema::Number(),
                    "in the metric's units (ratios as fractions: 1.2 is 120%), or percent")
          .optional("guard", &C::guard, guard_shape());
  return shape;
}

const schema::Object<rules::Schedule>& schedule_shape() {
  using S = rules::Schedule;
  static const auto shape =
      schema::Object<S>("RuleSchedule", "When the rule runs, in the client's time zone")
          .optional("cadence", &S::cadence, names<rules::Cadence>(rules::kCadenceNames),
                    "hourly (on the hour), daily (default) or weekly")
          .optional("hour", &S::hour, schema::Integer().min(0).max(23), "daily and weekly; default 6")
          .optional("weekday", &S::weekday, schema::Integer().min(1).max(7),
                    "weekly; ISO, Monday = 1 (default)");
  return shape;
}

const schema::Object<rules::Action>& action_shape() {
  using A = rules::Action;
  static const auto shape =
      schema::Object<A>("RuleAction", "What a firing recommends; nothing changes a campaign")
          .required("kind", &A::kind, names<rules::ActionKind>(rules::kActionKindNames))
          .optional("percent", &A::percent, schema::Number(),
                    "recommend_budget_change: the change of the daily budget, in (−100, 1000], "
                    "not 0 (+20 raises it by a fifth); otherwise 0")
          .optional("min_daily_budget", &A::min_daily_budget, schema::Number(),
                    "recommend_budget_change: a cut stops here")
          .optional("max_daily_budget", &A::max_daily_budget, schema::Number(),
                    "recommend_budget_change: a raise stops here; >= min_daily_budget");
  return shape;
}

schema::String client_id_field() { return schema::String().min_length(1).max_length(64); }
schema::String name_field() { return schema::String().min_length(1).max_length(200); }
schema::Array<schema::Object<rules::Condition>> conditions_field() {
  return std::move(schema::Array(condition_shape()).min_items(1).max_items(20));
}
schema::Integer cooldown_field() { return schema::Integer().min(0).max(365); }

// Declares a RuleDefinition member on the shape of RuleDefinition or of a type derived from it.
template <class T, class M, class Spec>
void declare(schema::Object<T>& shape, bool required, std::string name, M RuleDefinition::*member,
             Spec spec, std::string description = {}) {
  M T::*own = member;
  if (required) {
    shape.required(std::move(name), own, std::move(spec), std::move(description));
  } else {
    shape.optional(std::move(name), own, std::move(spec), std::move(description));
  }
}

template <class T>
schema::Object<T> with_definition(schema::Object<T> shape) {
  using D = RuleDefinition;
  declare(shape, true, "client_id", &D::client_id, client_id_field());
  declare(shape, true, "name", &D::name, name_field());
  declare(shape, false, "enabled", &D::enabled, schema::Boolean(),
          "default true; a disabled rule is not scheduled");
  declare(shape, false, "scope", &D::scope, scope_shape());
  declare(shape, true, "conditions", &D::conditions, conditions_field());
  declare(shape, false, "match", &D::match, names<rules::Match>(rules::kMatchNames),
          "all (default): every condition holds; any: one is enough");
  declare(shape, false, "schedule", &D::schedule, schedule_shape());
  declare(shape, true, "action", &D::action, action_shape());
  declare(shape, false, "cooldown_days", &D::cooldown_days, cooldown_field(),
          "after firing for a campaign on day F, not again before F + cooldown_days; default 1");
  return shape;
}

}  // namespace

const schema::Object<RuleDefinition>& rule_definition_shape() {
  static const auto shape = with_definition(schema::Object<RuleDefinition>(
      "RuleCreate", "An automated rule; docs/rules.md states the language and every default."));
  return shape;
}

const schema::Object<RuleView>& rule_view_shape() {
  using V = RuleView;
  static const auto shape =
      with_definition(schema::Object<V>("Rule"))
          .output("id", &V::id, schema::String())
          .output("last_run_at", &V::last_run_at, schema::Timestamp(),
                  "the last run, scheduled or asked for; null until it first runs")
          .output("next_run_at", &V::next_run_at, schema::Timestamp(),
                  "when the job queue runs it next; null when the rule is disabled (or while "
                  "it runs)")
          .output("created_at", &V::created_at, schema::Timestamp())
          .output("updated_at", &V::updated_at, schema::Timestamp());
  return shape;
}

const schema::Object<RulePatch>& rule_patch_shape() {
  using P = RulePatch;
  static const auto shape =
      schema::Object<P>("RulePatch", "Fields sent replace the stored ones (nested objects whole)")
          .optional("client_id", &P::client_id, client_id_field())
          .optional("name", &P::name, name_field())
          .optional("enabled", &P::enabled, schema::Boolean())
          .optional("scope", &P::scope, scope_shape())
          .optional("conditions", &P::conditions, conditions_field())
          .optional("match", &P::match, names<rules::Match>(rules::kMatchNames))
          .optional("schedule", &P::schedule, schedule_shape())
          .optional("action", &P::action, action_shape())
          .optional("cooldown_days", &P::cooldown_days, cooldown_field());
  return shape;
}

void apply(const RulePatch& patch, RuleDefinition& d) {
  if (patch.client_id) d.client_id = *patch.client_id;
  if (patch.name) d.name = *patch.name;
  if (patch.enabled) d.enabled = *patch.enabled;
  if (patch.scope) d.scope = *patch.scope;
  if (patch.conditions) d.conditions = *patch.conditions;
  if (patch.match) d.match = *patch.match;
  if (patch.schedule) d.schedule = *patch.schedule;
  if (patch.action) d.action = *patch.action;
  if (patch.cooldown_days) d.cooldown_days = *patch.cooldown_days;
}

rules::Rule engine_rule(const RuleDefinition& d, const std::string& id) {
  rules::Rule rule;
  rule.id = id;
  rule.name = d.name;
  rule.enabled = d.enabled;
  rule.scope = d.scope;
  rule.scope.client_id = d.client_id;
  rule.conditions = d.conditions;
  rule.match = d.match;
  rule.schedule = d.schedule;
  rule.action = d.action;
  rule.cooldown_days = d.cooldown_days;
  return rule;
}

void throw_engine_problem(const std::invalid_argument& error, const std::string& prefix) {
  std::string text = error.what();
  auto colon = text.find(": ");
  std::string field = colon == std::string::npos ? "body" : text.substr(0, colon);
  std::string message = colon == std::string::npos ? text : text.substr(colon + 2);
  if (field == "scope.client_id") field = "client_id";
  schema::throw_validation_problem({{prefix + field, message}});
}

void validate_rule(const rules::Rule& rule, const std::string& prefix) {
  try {
    rules::validate(rule);
  } catch (const std::invalid_argument& e) {
    throw_engine_problem(e, prefix);
  }
}

std::string definition_payload(const RuleDefinition& definition) {
  return rule_definition_shape().render(definition).dump();
}

RuleDefinition stored_definition(const store::RuleRecord& record) {
  RuleDefinition d;
  std::vector<schema::FieldError> errors;
  auto json = nlohmann::json::parse(record.payload, nullptr, false);
  if (json.is_object()) {
    json["client_id"] = record.client_id;
    json["name"] = record.name;
    json["enabled"] = record.enabled;
  }
  if (!rule_definition_shape().parse(json, d, "", errors)) {
    std::string first = errors.empty() ? "not a JSON object" : errors[0].field + " " + errors[0].message;
    throw std::runtime_error("stored rule " + record.id + " does not parse: " + first);
  }
  return d;
}

const schema::Object<rules::ConditionOutcome>& condition_outcome_shape() {
  using O = rules::ConditionOutcome;
  static const auto shape =
      schema::Object<O>("RuleConditionOutcome", "One condition as judged, in the rule's order")
          .output("status", &O::status, names<rules::ConditionStatus>(rules::kConditionStatusNames))
          .output("observed", &O::observed, schema::Number(),
                  "what was compared with the threshold; null when it could not be computed")
          .output("current", &O::current, schema::Number(), "change_percent: the window's value")
          .output("previous", &O::previous, schema::Number(),
                  "change_percent: the previous window's value");
  return shape;
}

const schema::Object<rules::BudgetChange>& budget_change_shape() {
  using B = rules::BudgetChange;
  static const auto shape =
      schema::Object<B>("RuleBudgetChange", "A recommended daily budget, in the client's currency")
          .output("from", &B::from, schema::Number(), "the daily budget before")
          .output("to", &B::to, schema::Number(), "recommended; capped and rounded to cents")
          .output("uncapped", &B::uncapped, schema::Number(), "before the caps")
          .output("capped", &B::capped, schema::Boolean(), "to != uncapped because of a cap");
  return shape;
}

const schema::Object<rules::Firing>& firing_shape() {
  using F = rules::Firing;
  static const auto shape =
      schema::Object<F>("RuleFiring", "What a rule recommended for a campaign on a day")
          .output("rule_id", &F::rule_id, schema::String())
          .output("campaign_id", &F::campaign_id, schema::String())
          .output("date", &F::date, schema::Date(), "the evaluation date, in the client's zone")
          .output("action", &F::action, names<rules::ActionKind>(rules::kActionKindNames))
          .output("description", &F::description, schema::String())
          .output("budget_change", &F::budget_change, budget_change_shape(),
                  "recommend_budget_change only");
  return shape;
}

nlohmann::json conditions_json(std::span<const rules::ConditionOutcome> outcomes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& o : outcomes) out.push_back(condition_outcome_shape().render(o));
  return out;
}

nlohmann::json outcome_counts_json(const std::array<std::size_t, rules::kOutcomeCount>& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < rules::kOutcomeCount; ++i) {
    out[std::string(rules::kOutcomeNames[i])] = counts[i];
  }
  return out;
}

}  // namespace api
