// Running automated rules: on the job queue at the times their schedules name, and on request
// (POST /api/v1/rules/{id}/run). A run evaluates the rule on the client's local "today" over
// the tenant's metrics snapshot, logs every evaluation (store/rule_evaluations.h), records the
// run in the rule's last_run_at, queues the next scheduled run — all in one transaction — and
// then announces each firing as a live "rule.fired" event. Firings are recommendations and
// notifications only: nothing here changes a campaign. A recommend_* firing also opens (or
// refreshes) a recommendation in campaign_optimizations in the same transaction
// (rule_recommendations.h). docs/rules.md, "API and scheduling".
//
// Scheduling. Each rule has at most one queued job of kind kRuleJobKind, deduplicated on
// "rule:<id>" (store/jobs.h), whose payload names the rule. Times are the client's wall clock
// (clients.time_zone) converted to UTC, so a daily 06:00 rule runs at 06:00 in New York across
// daylight-saving changes (a time skipped by a change runs at the change).
//
// At least once. The queue may deliver a job twice (a worker dies after the run commits but
// before the job is marked done; a lease runs out while the run is slow). Two guards make that
// harmless: a scheduled run first checks optimize::rules::is_due against the stored last_run_at
// — a job whose run already committed finds no scheduled time since and only re-queues the next
// run, which deduplicates onto the one already queued — and the run is recorded by
// compare-and-set on last_run_at (store::rules::record_run), so of two runs that started from
// the same state only the first commits its evaluations; the other rolls back and logs nothing.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "optimize/campaign_history.h"
#include "optimize/rules.h"
#include "store/campaign_optimizations.h"
#include "store/jobs.h"
#include "store/rule_evaluations.h"
#include "store/rules.h"

namespace store { class Database; class Tx; }

namespace api {

class LiveUpdates;
class SnapshotCache;

inline constexpr const char* kRuleJobKind = "rules.run";

// The wait from `now` until the rule is next due under `schedule` in the client's `time_zone`
// (UTC when the name is unknown): zero for a rule that never ran (`last_run_at` empty, or a run
// that is overdue), else until the first scheduled time after the last run. Rounded up to whole
// seconds, so the job never starts before its time.
std::chrono::seconds wait_until_due(const optimize::rules::Schedule& schedule,
                                    const std::string& time_zone, const std::string& last_run_at,
                                    std::chrono::system_clock::time_point now);

// Queues the rule's next run after `delay` in the caller's transaction (the one that changed the
// rule or recorded its run). A run already queued for the rule is kept, and brought forward when
// this one is due sooner; a run it finds not due simply queues the next one.
store::Job enqueue_rule_run(store::Tx& tx, const std::string& rule_id, std::chrono::seconds delay);

// The queued run of the rule, if any.
std::optional<store::Job> queued_rule_run(store::Tx& tx, const std::string& rule_id);

enum class RunStatus {
  ran,
  not_due,   // scheduled run only: nothing due since the last run; the next run is queued
  disabled,  // scheduled run only: the rule was switched off; nothing is queued
  missing,   // the rule (or its client) no longer exists
  raced,     // another run of the rule committed first; this one logged nothing
};

// What one run did. `report` indexes `campaigns`; `records` is the log as written, in the
// report's order (plus one whole-rule entry when no campaign was in scope).
struct RuleRun {
  RunStatus status = RunStatus::missing;
  std::string rule_id, rule_name, client_id;
  core::Date evaluated_on;
  std::string ran_at;  // RFC 3339 UTC: the run's last_run_at
  std::vector<optimize::CampaignHistory> campaigns;
  optimize::rules::EvaluationReport report;
  std::vector<store::RuleEvaluationRecord> records;
  // The open recommendations its recommend_* firings made or refreshed (rule_recommendations.h).
  std::vector<store::RecommendationRecord> recommendations;
  std::optional<store::Job> next_run;  // the queued next run; nullopt when none was queued
};

struct RunRequest {
  std::string tenant_id;
  std::string rule_id;
  // Scheduled runs honour is_due and skip disabled rules. A requested run evaluates now
  // regardless of the schedule, a disabled rule included (and queues no run for one).
  bool scheduled = true;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  // Called inside the run's transaction once it is recorded (an audit row).
  std::function<void(store::Tx&)> in_transaction;
};

// Runs the rule as described at the top. Throws store::Error on database failures (a job is
// then retried); never throws for a missing rule or client.
RuleRun run_rule(store::Database& db, SnapshotCache& snapshots, LiveUpdates* live,
                 const RunRequest& request);

// {rule_id, status, evaluated_on, ran_at, summary, evaluations, fired, outcome_counts,
//  next_run_at}: the job's result, and the core of POST …/run's answer.
nlohmann::json run_summary(const RuleRun& run);

// The job handler: runs the rule named in the job's payload for the job's tenant and returns
// run_summary() as the job's result.
std::string run_rule_job(store::Database& db, SnapshotCache& snapshots, LiveUpdates* live,
                         const store::Job& job);

// The first day any condition of `rule` reads when judged on `evaluation_date`: histories must
// start there (a change_percent condition also reads the window before its own).
core::Date first_day_read(const optimize::rules::Rule& rule, core::Date evaluation_date);

// The client's local date and time at `now` (UTC when the zone name is unknown).
optimize::rules::LocalTime local_time(const std::string& time_zone,
                                      std::chrono::system_clock::time_point now);

}  // namespace api
