// Dry runs of automated rules (POST /api/v1/rules/dry-run and /api/v1/rules/{id}/dry-run): the
// request shapes, and optimize::rules::dry_run over the client's stored history rendered as the
// answer. Nothing is stored. Shapes are immutable after first use; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

#include "api/rule_json.h"
#include "api/schema.h"
#include "core/date.h"
#include "optimize/rules.h"

namespace api {

struct Context;
struct DryRunDocument;  // rule_dry_run.cpp

// The range replayed and how. Defaults: `to` is yesterday in the client's time zone, `from` 29
// days before `to` (30 days); at most 3,650 days.
struct DryRunWindow {
  std::optional<core::Date> from, to;
  bool assume_applied = true;        // optimize::rules::DryRunOptions::assume_applied
  bool include_evaluations = false;  // list every evaluation with its condition outcomes
};
const schema::Object<DryRunWindow>& dry_run_window_shape();

// POST /api/v1/rules/dry-run: a rule that is not stored, under "rule", and the window.
struct UnsavedDryRun : DryRunWindow {
  RuleDefinition rule;
};
const schema::Object<UnsavedDryRun>& unsaved_dry_run_shape();

// The answer: {rule_id, client_id, summary, from, to, assume_applied, days_replayed, days_due,
// outcome_counts, firings, campaigns, spend_affected, values_ignored, evaluations?}.
const schema::Object<DryRunDocument>& dry_run_document_shape();

// Replays `rule` (valid; its client visible to the caller) over the client's history in the
// tenant's metrics snapshot. 404 when the client does not exist; 400 naming from or to on a bad
// range.
nlohmann::json dry_run_answer(Context& ctx, const optimize::rules::Rule& rule,
                              const DryRunWindow& window);

}  // namespace api
