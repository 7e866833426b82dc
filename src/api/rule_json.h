// The JSON of automated rules (/api/v1/rules, docs/rules.md): a rule's definition as requests
// carry it and the store keeps it, and the engine's records — condition outcomes, firings,
// budget changes — as runs, dry runs, the evaluation log and live events render them. Each
// shape is declared once (schema.h): parsing, rendering and the OpenAPI description come from
// the same declaration. Field names are the engine's (optimize/rules.h), enums spelled by its
// name tables, so a validate() message names the request field as it was sent.
// Immutable after first use; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/schema.h"
#include "optimize/rules.h"
#include "store/rules.h"

namespace api {

// A rule as POST /api/v1/rules takes it: the engine's Rule without its id, the client lifted
// out of the scope. Defaults are the engine's.
struct RuleDefinition {
  std::string client_id;
  std::string name;
  bool enabled = true;
  optimize::rules::Scope scope;  // scope.client_id is not read; client_id is
  std::vector<optimize::rules::Condition> conditions;
  optimize::rules::Match match = optimize::rules::Match::all;
  optimize::rules::Schedule schedule;
  optimize::rules::Action action;
  int cooldown_days = 1;
};
const schema::Object<RuleDefinition>& rule_definition_shape();

// A stored rule as the API answers with it.
struct RuleView : RuleDefinition {
  std::string id;
  std::optional<std::string> last_run_at;  // RFC 3339 UTC; null until it first runs
  std::optional<std::string> next_run_at;  // when its queued run is due; null when none is
  std::string created_at, updated_at;
};
const schema::Object<RuleView>& rule_view_shape();

// PATCH /api/v1/rules/{id}: the top-level fields sent replace the stored ones (a nested object
// such as scope or action is replaced whole).
struct RulePatch {
  std::optional<std::string> client_id, name;
  std::optional<bool> enabled;
  std::optional<optimize::rules::Scope> scope;
  std::optional<std::vector<optimize::rules::Condition>> conditions;
  std::optional<optimize::rules::Match> match;
  std::optional<optimize::rules::Schedule> schedule;
  std::optional<optimize::rules::Action> action;
  std::optional<int> cooldown_days;
};
const schema::Object<RulePatch>& rule_patch_shape();
void apply(const RulePatch& patch, RuleDefinition& definition);

// The engine's rule for `definition` under `id`.
optimize::rules::Rule engine_rule(const RuleDefinition& definition, const std::string& id);

// Turns an engine std::invalid_argument ("conditions[0].window_days: must be 1–365", "to: must
// not be before from") into the 400 problem naming that field, its path prefixed with
// `prefix` ("rule." for a rule nested in a request); scope.client_id is reported as client_id.
[[noreturn]] void throw_engine_problem(const std::invalid_argument& error,
                                       const std::string& prefix = "");

// Runs optimize::rules::validate(); a malformed rule throws the 400 problem naming its field.
void validate_rule(const optimize::rules::Rule& rule, const std::string& prefix = "");

// The store's payload for a definition, and the definition back from a stored rule (its columns
// — client, name, enabled — win over the payload). Throws std::runtime_error on a payload that
// no longer parses (written by hand: the API only stores what it validated).
std::string definition_payload(const RuleDefinition& definition);
RuleDefinition stored_definition(const store::RuleRecord& record);

// A field whose JSON is built elsewhere (a stored payload): rendered as is, described as `Spec`
// describes it. Output only.
template <class Spec>
class Prerendered {
 public:
  using value_type = nlohmann::json;
  explicit Prerendered(Spec spec) : spec_(std::move(spec)) {}
  bool parse_value(const nlohmann::json&, nlohmann::json&, const std::string& path,
                   std::vector<schema::FieldError>& errors) const {
    errors.push_back({path, "is read-only"});
    return false;
  }
  nlohmann::json render_value(const nlohmann::json& value) const { return value; }
  nlohmann::json describe_value(schema::Components& c) const { return spec_.describe_value(c); }
  std::optional<nlohmann::json> coerce_text(std::string_view) const { return std::nullopt; }

 private:
  Spec spec_;
};

// The engine's records. Budget changes and condition outcomes render with every field (null
// where unknown); a firing as {rule_id, campaign_id, date, action, description, budget_change},
// complete enough to act on without the rule.
const schema::Object<optimize::rules::ConditionOutcome>& condition_outcome_shape();
const schema::Object<optimize::rules::BudgetChange>& budget_change_shape();
const schema::Object<optimize::rules::Firing>& firing_shape();
nlohmann::json conditions_json(std::span<const optimize::rules::ConditionOutcome> outcomes);
// {"fired": n, "conditions_not_met": n, …}: every outcome by name.
nlohmann::json outcome_counts_json(
    const std::array<std::size_t, optimize::rules::kOutcomeCount>& counts);

}  // namespace api
