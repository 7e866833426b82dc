#include "api/rule_runs.h"

#include <date/date.h>
#include <date/tz.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "api/client_history.h"
#include "api/live_updates.h"
#include "api/local_time.h"
#include "api/rule_recommendations.h"
#include "api/metrics_snapshot.h"
#include "api/rule_json.h"
#include "security/random.h"
#include "store/database.h"

namespace api {
namespace {

namespace rules = optimize::rules;
using std::chrono::system_clock;

system_clock::time_point utc_of(const date::time_zone* zone, const rules::LocalTime& t) {
  date::local_time<std::chrono::minutes> local{date::days{t.date.days_since_epoch} +
                                               std::chrono::hours{t.hour} +
                                               std::chrono::minutes{t.minute}};
  return zone->to_sys(local, date::choose::earliest);
}

// Timestamps as the store writes them: "YYYY-MM-DDTHH:MM:SS.ffffffZ".
std::string utc_text(system_clock::time_point t) {
  return date::format("%FT%TZ", date::floor<std::chrono::microseconds>(t));
}
std::optional<system_clock::time_point> parse_utc_text(const std::string& text) {
  auto day = core::parse_iso_date(std::string_view(text).substr(0, 10));
  int hour = 0, minute = 0, second = 0, micros = 0;
  if (!day || text.size() < 19 ||
      std::sscanf(text.c_str() + 10, "T%2d:%2d:%2d.%6d", &hour, &minute, &second, &micros) < 3) {
    return std::nullopt;
  }
  return date::sys_days{date::days{day->days_since_epoch}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second} +
         std::chrono::microseconds{micros};
}

std::string_view status_name(RunStatus status) {
  switch (status) {
    case RunStatus::ran: return "ran";
    case RunStatus::not_due: return "not_due";
    case RunStatus::disabled: return "disabled";
    case RunStatus::missing: return "missing";
    case RunStatus::raced: return "raced";
  }
  return "unknown";
}

// One log entry per evaluation, in the report's order; a run with nothing to evaluate (no
// campaign in scope, or a stored rule the engine now refuses) leaves one whole-rule entry, so
// every run is visible in the log.
std::vector<store::RuleEvaluationRecord> log_entries(const RuleRun& run) {
  const auto& report = run.report;
  std::vector<store::RuleEvaluationRecord> out;
  auto entry = [&](std::optional<std::string> campaign_id, bool fired, nlohmann::json payload) {
    store::RuleEvaluationRecord r;
    r.id = security::new_id("rev");
    r.rule_id = run.rule_id;
    r.campaign_id = std::move(campaign_id);
    r.evaluated_on = run.evaluated_on;
    r.fired = fired;
    r.payload = payload.dump();
    out.push_back(std::move(r));
  };
  for (const auto& e : report.evaluations) {
    const auto& campaign = run.campaigns[e.campaign_index];
    nlohmann::json payload = {{"outcome", rules::to_string(e.outcome)},
                              {"campaign_name", campaign.name},
                              {"conditions", conditions_json(report.conditions(e))},
                              {"firing", nullptr}};
    if (e.firing_index) payload["firing"] = firing_shape().render(report.firings[*e.firing_index]);
    entry(campaign.id, e.outcome == rules::Outcome::fired, std::move(payload));
  }
  if (out.empty()) {
    nlohmann::json payload = {{"outcome", "no_campaigns_in_scope"},
                              {"conditions", nlohmann::json::array()},
                              {"firing", nullptr}};
    if (!report.invalid_rules.empty()) {
      payload["outcome"] = "invalid_rule";
      payload["error"] = report.invalid_rules.front().message;
    }
    entry(std::nullopt, false, std::move(payload));
  }
  return out;
}

void publish_firings(LiveUpdates* live, const std::string& tenant_id, const RuleRun& run) {
  for (const auto& r : run.records) {
    if (!r.fired) continue;
    auto payload = nlohmann::json::parse(r.payload);
    publish_rule_fired(live, tenant_id,
                       {run.client_id, run.rule_id, run.rule_name, r.id, payload["firing"]});
  }
}

}  // namespace

rules::LocalTime local_time(const std::string& time_zone, system_clock::time_point now) {
  auto local = zone_or_utc(time_zone)->to_local(date::floor<std::chrono::minutes>(now));
  auto day = date::floor<date::days>(local);
  auto minutes = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
  return {core::Date{static_cast<std::int32_t>(day.time_since_epoch().count())}, minutes / 60,
          minutes % 60};
}

std::chrono::seconds wait_until_due(const rules::Schedule& schedule, const std::string& time_zone,
                                    const std::string& last_run_at, system_clock::time_point now) {
  auto last = parse_utc_text(last_run_at);
  if (!last) return std::chrono::seconds(0);
  auto due = utc_of(zone_or_utc(time_zone), rules::next_run(schedule, local_time(time_zone, *last)));
  if (due <= now) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(due - now);
}

store::Job enqueue_rule_run(store::Tx& tx, const std::string& rule_id, std::chrono::seconds delay) {
  store::NewJob job;
  job.kind = kRuleJobKind;
  job.payload = nlohmann::json{{"rule_id", rule_id}}.dump();
  job.delay = delay;
  job.max_attempts = 3;
  job.dedupe_key = "rule:" + rule_id;
  return store::jobs::enqueue(tx, job);
}

std::optional<store::Job> queued_rule_run(store::Tx& tx, const std::string& rule_id) {
  return store::jobs::find_queued(tx, kRuleJobKind, "rule:" + rule_id);
}

core::Date first_day_read(const rules::Rule& rule, core::Date evaluation_date) {
  core::Date first = evaluation_date;
  for (const auto& c : rule.conditions) {
    first = std::min(first, rules::window(c, evaluation_date).first);
    if (c.measure == rules::Measure::change_percent) {
      first = std::min(first, rules::previous_window(c, evaluation_date).first);
    }
  }
  return first;
}

RuleRun run_rule(store::Database& db, SnapshotCache& snapshots, LiveUpdates* live,
                 const RunRequest& request) {
  RuleRun run;
  run.rule_id = request.rule_id;
  const store::TenantScope scope{request.tenant_id};
  auto record = db.read(scope, [&](store::Tx& tx) { return store::rules::find(tx, request.rule_id); });
  if (!record) return run;
  run.rule_name = record->name;
  run.client_id = record->client_id;
  if (request.scheduled && !record->enabled) {
    run.status = RunStatus::disabled;
    return run;
  }
  auto snapshot = snapshots.get(db, scope);
  int client = snapshot->client_index(record->client_id);
  if (client < 0) return run;
  const std::string zone = snapshot->clients[static_cast<std::size_t>(client)].time_zone;
  rules::Rule rule = engine_rule(stored_definition(*record), record->id);
  rule.enabled = true;  // a requested run judges a disabled rule too (a scheduled one left above)
  const rules::LocalTime now = local_time(zone, request.now);

  if (request.scheduled) {
    std::optional<rules::LocalTime> last;
    if (auto at = parse_utc_text(record->last_run_at)) last = local_time(zone, *at);
    if (!rules::is_due(rule, last, now)) {
      run.status = RunStatus::not_due;
      run.next_run = db.write(scope, [&](store::Tx& tx) {
        return enqueue_rule_run(tx, rule.id,
                                wait_until_due(rule.schedule, zone, record->last_run_at, request.now));
      });
      return run;
    }
  }

  run.evaluated_on = now.date;
  run.ran_at = utc_text(request.now);
  run.campaigns = campaign_histories(*snapshot, client, first_day_read(rule, now.date), now.date,
                                     rule.scope.campaign_ids);
  bool recorded = db.write(scope, [&](store::Tx& tx) {
    // Nothing is written when another run recorded first, so the empty transaction may commit.
    if (!store::rules::record_run(tx, rule.id, run.ran_at, record->last_run_at)) return false;
    rules::RuleState state;
    for (const auto& [campaign, day] : store::rule_evaluations::last_fired(tx, rule.id)) {
      state.last_firings.push_back({rule.id, campaign, day});
    }
    run.report = rules::evaluate(std::span<const rules::Rule>(&rule, 1), run.campaigns, now.date, state);
    run.records = store::rule_evaluations::record(tx, log_entries(run));
    std::vector<std::string> evaluation_ids;
    for (const auto& r : run.records) evaluation_ids.push_back(r.id);
    auto recommendations = recommendations_from_firings(rule, run.report, now.date, evaluation_ids);
    if (!recommendations.empty()) {
      // Firings never expire other recommendations: they only add or refresh their own.
      run.recommendations = store::campaign_optimizations::save_run(
          tx, run.client_id, std::move(recommendations),
          [](const store::RecommendationRecord&) { return false; }).saved;
    }
    if (record->enabled) {
      run.next_run = enqueue_rule_run(tx, rule.id,
                                      wait_until_due(rule.schedule, zone, run.ran_at, request.now));
    }
    if (request.in_transaction) request.in_transaction(tx);
    return true;
  });
  if (!recorded) {
    run.status = RunStatus::raced;
    return run;
  }
  run.status = RunStatus::ran;
  publish_firings(live, request.tenant_id, run);
  return run;
}

nlohmann::json run_summary(const RuleRun& run) {
  nlohmann::json out = {{"rule_id", run.rule_id}, {"status", status_name(run.status)}};
  if (run.status == RunStatus::ran) {
    out["evaluated_on"] = core::format_iso_date(run.evaluated_on);
    out["ran_at"] = run.ran_at;
    out["summary"] = run.report.summary();
    out["evaluations"] = run.records.size();
    out["fired"] = run.report.firings.size();
    out["outcome_counts"] = outcome_counts_json(run.report.outcome_counts);
    nlohmann::json recommendations = nlohmann::json::array();
    for (const auto& r : run.recommendations) recommendations.push_back(r.id);
    out["recommendation_ids"] = std::move(recommendations);
  }
  out["next_run_at"] = run.next_run ? nlohmann::json(run.next_run->run_at) : nlohmann::json();
  out["next_job_id"] = run.next_run ? nlohmann::json(run.next_run->id) : nlohmann::json();
  return out;
}

std::string run_rule_job(store::Database& db, SnapshotCache& snapshots, LiveUpdates* live,
                         const store::Job& job) {
  auto payload = nlohmann::json::parse(job.payload, nullptr, false);
  RunRequest request;
  request.tenant_id = job.tenant_id;
  request.rule_id = payload.is_object() ? payload.value("rule_id", "") : "";
  RuleRun run = run_rule(db, snapshots, live, request);
  if (run.status == RunStatus::ran) {
    spdlog::info("tenant {}: rule {} ran: {}", job.tenant_id, run.rule_id, run.report.summary());
  }
  return run_summary(run).dump();
}

}  // namespace api
