#include "api/rule_dry_run.h"

#include <chrono>
#include <stdexcept>

#include "api/client_history.h"
#include "api/endpoint.h"
#include "api/metrics_snapshot.h"
#include "api/rule_runs.h"
#include "api/validation.h"

namespace api {

namespace rules = optimize::rules;

// One evaluation of the replay, as listed with include_evaluations.
struct DryRunEvaluation {
  core::Date date;
  std::string campaign_id;
  rules::Outcome outcome = rules::Outcome::conditions_not_met;
  nlohmann::json conditions;
};

struct DryRunDocument {
  std::string rule_id, client_id, summary;
  core::Date from, to;
  bool assume_applied = true;
  int days_replayed = 0, days_due = 0;
  nlohmann::json outcome_counts;
  std::vector<rules::Firing> firings;
  std::vector<rules::CampaignDryRun> campaigns;
  double spend_affected = 0;
  std::size_t values_ignored = 0;
  std::optional<std::vector<DryRunEvaluation>> evaluations;
};

namespace {

// Declares a DryRunWindow member on the shape of DryRunWindow or of a type derived from it.
template <class T, class M, class Spec>
void declare(schema::Object<T>& shape, std::string name, M DryRunWindow::*member, Spec spec,
             std::string description) {
  M T::*own = member;
  shape.optional(std::move(name), own, std::move(spec), std::move(description));
}

template <class T>
schema::Object<T> with_window(schema::Object<T> shape) {
  declare(shape, "from", &DryRunWindow::from, schema::Date(), "first day; default 29 days before to");
  declare(shape, "to", &DryRunWindow::to, schema::Date(),
          "last day; default yesterday in the client's time zone");
  declare(shape, "assume_applied", &DryRunWindow::assume_applied, schema::Boolean(),
          "default true: each recommendation counts as applied the day it fired (budgets "
          "compound, a pause ends the campaign's replay); metrics stay as they happened");
  declare(shape, "include_evaluations", &DryRunWindow::include_evaluations, schema::Boolean(),
          "list every evaluation with its condition outcomes (default false)");
  return shape;
}

const schema::Object<rules::DryRunFiring>& campaign_firing_shape() {
  using F = rules::DryRunFiring;
  static const auto shape =
      schema::Object<F>("RuleDryRunCampaignFiring")
          .output("date", &F::date, schema::Date())
          .output("spend_affected", &F::spend_affected, schema::Number(),
                  "the campaign's spend from the next day until the day before its next firing "
                  "(or the end): the spend the recommendation would have governed")
          .output("budget_change", &F::budget_change, budget_change_shape());
  return shape;
}

const schema::Object<rules::CampaignDryRun>& campaign_shape() {
  using C = rules::CampaignDryRun;
  static const auto shape =
      schema::Object<C>("RuleDryRunCampaign", "Every campaign in scope")
          .output("campaign_id", &C::campaign_id, schema::String())
          .output("firings", &C::firings, schema::Array(campaign_firing_shape()))
          .output("spend_affected", &C::spend_affected, schema::Number())
          .output("starting_daily_budget", &C::starting_daily_budget, schema::Number(),
                  "its current daily budget")
          .output("final_daily_budget", &C::final_daily_budget, schema::Number(),
                  "after the replay's budget changes")
          .output("paused_on", &C::paused_on, schema::Date(),
                  "assume_applied: the day a pause was recommended");
  return shape;
}

const schema::Object<DryRunEvaluation>& evaluation_shape() {
  using E = DryRunEvaluation;
  static const auto shape =
      schema::Object<E>("RuleDryRunEvaluation")
          .output("date", &E::date, schema::Date())
          .output("campaign_id", &E::campaign_id, schema::String())
          .output("outcome", &E::outcome,
                  schema::Enum<rules::Outcome, rules::kOutcomeCount>(rules::kOutcomeNames))
          .output("conditions", &E::conditions,
                  Prerendered(schema::Array(condition_outcome_shape())));
  return shape;
}

core::Date yesterday_for(const std::string& time_zone) {
  return local_time(time_zone, std::chrono::system_clock::now()).date - 1;
}

}  // namespace

const schema::Object<DryRunWindow>& dry_run_window_shape() {
  static const auto shape = with_window(schema::Object<DryRunWindow>("RuleDryRunRequest"));
  return shape;
}

const schema::Object<UnsavedDryRun>& unsaved_dry_run_shape() {
  static const auto shape =
      with_window(schema::Object<UnsavedDryRun>("RuleDryRunUnsavedRequest"))
          .required("rule", &UnsavedDryRun::rule, rule_definition_shape(),
                    "the rule as POST /api/v1/rules takes it");
  return shape;
}

const schema::Object<DryRunDocument>& dry_run_document_shape() {
  using D = DryRunDocument;
  static const auto shape =
      schema::Object<D>("RuleDryRun", "What the rule would have done over past data")
          .output("rule_id", &D::rule_id, schema::String(), "\"unsaved\" for an unsaved rule")
          .output("client_id", &D::client_id, schema::String())
          .output("summary", &D::summary, schema::String())
          .output("from", &D::from, schema::Date())
          .output("to", &D::to, schema::Date())
          .output("assume_applied", &D::assume_applied, schema::Boolean())
          .output("days_replayed", &D::days_replayed, schema::Integer())
          .output("days_due", &D::days_due, schema::Integer(),
                  "days the schedule runs the rule (weekly: its weekday; otherwise every day)")
          .output("outcome_counts", &D::outcome_counts, schema::JsonObject(),
                  "evaluations by outcome: fired, conditions_not_met, in_cooldown, …")
          .output("firings", &D::firings, schema::Array(firing_shape()), "by date, then campaign")
          .output("campaigns", &D::campaigns, schema::Array(campaign_shape()))
          .output("spend_affected", &D::spend_affected, schema::Number())
          .output("values_ignored", &D::values_ignored, schema::Integer(),
                  "negative, non-finite or huge daily values read as 0")
          .output("evaluations", &D::evaluations, schema::Array(evaluation_shape()),
                  "with include_evaluations: every evaluation, by date then campaign");
  return shape;
}

nlohmann::json dry_run_answer(Context& ctx, const rules::Rule& rule, const DryRunWindow& window) {
  auto snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope());
  int client = snapshot->client_index(rule.scope.client_id);
  if (client < 0) throw_not_found("client", rule.scope.client_id);
  core::Date to =
      window.to.value_or(yesterday_for(snapshot->clients[static_cast<std::size_t>(client)].time_zone));
  core::Date from = window.from.value_or(to - 29);
  auto campaigns = campaign_histories(*snapshot, client, first_day_read(rule, from), to,
                                      rule.scope.campaign_ids);
  rules::DryRunOptions options;
  options.assume_applied = window.assume_applied;
  options.record_evaluations = window.include_evaluations;
  rules::DryRunReport report;
  try {
    report = rules::dry_run(rule, campaigns, from, to, options);
  } catch (const std::invalid_argument& e) {
    throw_engine_problem(e);
  }
  DryRunDocument doc;
  doc.rule_id = rule.id;
  doc.client_id = rule.scope.client_id;
  doc.summary = report.summary();
  doc.from = report.from;
  doc.to = report.to;
  doc.assume_applied = window.assume_applied;
  doc.days_replayed = report.days_replayed;
  doc.days_due = report.days_due;
  doc.outcome_counts = outcome_counts_json(report.outcome_counts);
  doc.firings = report.firings;
  doc.campaigns = report.campaigns;
  doc.spend_affected = report.spend_affected;
  doc.values_ignored = report.values_ignored;
  if (window.include_evaluations) {
    doc.evaluations.emplace();
    for (const auto& e : report.evaluations) {
      doc.evaluations->push_back({e.date, campaigns[e.campaign_index].id, e.outcome,
                                  conditions_json(report.conditions(e))});
    }
  }
  return dry_run_document_shape().render(doc);
}

}  // namespace api
