// Scheduled rule runs (api/rule_runs.h): local dates and times from UTC, the wait until the next
// run across daylight-saving changes in New York, and a job delivered twice logging its run once
// (on a SQLite database of its own, no server).
#include "api/rule_runs.h"

#include <date/date.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "api/metrics_snapshot.h"
#include "api/rule_json.h"
#include "store/campaigns.h"
#include "store/clients.h"
#include "store/database.h"
#include "store/metrics.h"
#include "store/tenants.h"

namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;
namespace rules = optimize::rules;

system_clock::time_point utc(int year, unsigned month, unsigned day, int hour, int minute,
                             std::chrono::milliseconds extra = 0ms) {
  return date::sys_days{date::year{year} / month / day} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + extra;
}

rules::Schedule daily(int hour) {
  rules::Schedule s;
  s.cadence = rules::Cadence::daily;
  s.hour = hour;
  return s;
}

TEST(RuleRunSchedule, LocalTimeIsTheClientsWallClockToTheMinute) {
  auto t = api::local_time("America/New_York", utc(2026, 11, 25, 0, 30, 59'999ms));
  EXPECT_EQ(core::format_iso_date(t.date), "2026-11-24");
  EXPECT_EQ(t.hour, 19);
  EXPECT_EQ(t.minute, 30);
  auto summer = api::local_time("America/New_York", utc(2026, 7, 1, 12, 5));
  EXPECT_EQ(summer.hour, 8);  // EDT, UTC−4
  auto fallback = api::local_time("Not/AZone", utc(2026, 7, 1, 12, 5));
  EXPECT_EQ(fallback.hour, 12) << "an unknown zone reads as UTC";
}

TEST(RuleRunSchedule, ANeverRunRuleIsDueAtOnce) {
  EXPECT_EQ(api::wait_until_due(daily(6), "America/New_York", "", utc(2026, 11, 25, 0, 30)), 0s);
}

TEST(RuleRunSchedule, TheWaitRunsToTheNextLocalSlotAndIsRoundedUpToWholeSeconds) {
  // Ran at 19:30:00.5 New York time (EST) on 24 November; daily at 21:00 → 02:00 UTC.
  const std::string last = "2026-11-25T00:30:00.500000Z";
  EXPECT_EQ(api::wait_until_due(daily(21), "America/New_York", last, utc(2026, 11, 25, 0, 30, 500ms)),
            5400s);
  EXPECT_EQ(api::wait_until_due(daily(21), "America/New_York", last, utc(2026, 11, 25, 1, 59, 59'250ms)),
            1s);
  // Overdue (the worker was down): due at once, not a day later.
  EXPECT_EQ(api::wait_until_due(daily(21), "America/New_York", last, utc(2026, 11, 26, 3, 0)), 0s);
  // Daily at 6 after a run at 06:00:20 local: tomorrow at 6, not the same slot again.
  EXPECT_EQ(api::wait_until_due(daily(6), "UTC", "2026-11-25T06:00:20.000000Z", utc(2026, 11, 25, 6, 0, 20'000ms)),
            std::chrono::seconds(24 * 3600 - 20));
}

TEST(RuleRunSchedule, DaylightSavingChangesKeepTheLocalHour) {
  // 06:00 EST on 7 March 2026 is 11:00 UTC; the clocks go forward on 8 March, so 06:00 EDT is
  // 10:00 UTC: 23 hours later.
  EXPECT_EQ(api::wait_until_due(daily(6), "America/New_York", "2026-03-07T11:00:00.000000Z",
                                utc(2026, 3, 7, 11, 0)),
            23h);
  // 02:00 does not exist on 8 March in New York: the run is at the change (03:00 EDT, 07:00 UTC).
  EXPECT_EQ(api::wait_until_due(daily(2), "America/New_York", "2026-03-07T07:30:00.000000Z",
                                utc(2026, 3, 8, 6, 0)),
            1h);
}

TEST(RuleRunSchedule, HistoriesStartAtTheFirstDayAnyConditionReads) {
  rules::Rule rule;
  rules::Condition cpa;
  cpa.window_days = 3;
  rules::Condition roas_change;
  roas_change.window_days = 7;
  roas_change.window_end = rules::WindowEnd::yesterday;
  roas_change.measure = rules::Measure::change_percent;
  rule.conditions = {cpa};
  const core::Date day = *core::parse_iso_date("2026-11-25");
  EXPECT_EQ(api::first_day_read(rule, day), day - 2);
  rule.conditions = {cpa, roas_change};
  EXPECT_EQ(api::first_day_read(rule, day), day - 14);  // 7 days to yesterday, and 7 before
}

// A migrated SQLite database in a fresh folder, with tenant "acme"; removed afterwards.
class RuleRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rule-runs-" + std::to_string(std::random_device{}()));
    db_ = store::Database::open({"sqlite:" + (dir_ / "db.sqlite").string(), 4});
    db_->migrate();
    db_->system([](store::Tx& tx) { store::tenants::create(tx, "acme", "Acme"); });
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Client c1 in New York with one active campaign (budget 100) that spent 150 on `today`, and
  // an enabled rule "spend today > 120% of the budget → notify", daily at 6.
  std::string seed(core::Date today) {
    api::RuleDefinition d;
    d.client_id = "c1";
    d.name = "Overspend";
    rules::Condition over;
    over.metric = rules::Metric::spend_vs_daily_budget;
    over.threshold = 1.2;
    d.conditions = {over};
    d.schedule = daily(6);
    db_->write(scope_, [&](store::Tx& tx) {
      store::Client client;
      client.id = "c1";
      client.name = "Client";
      client.currency = "USD";
      client.time_zone = "America/New_York";
      store::clients::insert(tx, client);
      store::Campaign campaign;
      campaign.id = "cmp1";
      campaign.client_id = "c1";
      campaign.name = "Search";
      campaign.status = core::CampaignStatus::active;
      campaign.daily_budget_micros = 100'000'000;
      store::campaigns::insert(tx, campaign);
      store::MetricRow row;
      row.campaign_id = "cmp1";
      row.date = today;
      row.impressions = 1000;
      row.clicks = 10;
      row.spend_micros = 150'000'000;
      store::metrics::upsert(tx, {row});
      store::RuleRecord rule;
      rule.id = "rule1";
      rule.client_id = "c1";
      rule.name = d.name;
      rule.payload = api::definition_payload(d);
      store::rules::insert(tx, rule);
    });
    return "rule1";
  }
  static api::RunRequest scheduled_run(const std::string& rule_id, system_clock::time_point now) {
    api::RunRequest job;
    job.tenant_id = "acme";
    job.rule_id = rule_id;
    job.now = now;
    return job;
  }
  std::size_t logged(const std::string& rule_id) {
    return db_->read(scope_, [&](store::Tx& tx) {
      return store::rule_evaluations::list(tx, rule_id, false, 500, "").items.size();
    });
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  api::SnapshotCache snapshots_;
  const store::TenantScope scope_{"acme"};
};

TEST_F(RuleRuns, AJobDeliveredTwiceLogsItsRunOnceAndKeepsOneNextRun) {
  const auto now = system_clock::now();
  const std::string id = seed(api::local_time("America/New_York", now).date);
  api::RunRequest job = scheduled_run(id, now);
  api::RuleRun first = api::run_rule(*db_, snapshots_, nullptr, job);
  ASSERT_EQ(first.status, api::RunStatus::ran);
  EXPECT_EQ(first.report.firings.size(), 1u);
  ASSERT_TRUE(first.next_run);
  EXPECT_EQ(logged(id), 1u);

  // The same job again two minutes later (its worker died before marking it done): nothing was
  // due since the run it made, so it only re-queues the next run — the one already queued.
  job.now = now + 2min;
  api::RuleRun again = api::run_rule(*db_, snapshots_, nullptr, job);
  EXPECT_EQ(again.status, api::RunStatus::not_due);
  ASSERT_TRUE(again.next_run);
  EXPECT_EQ(again.next_run->id, first.next_run->id);
  EXPECT_EQ(logged(id), 1u);

  // A requested run does not wait for the schedule, and its cooldown holds the firing back.
  job.scheduled = false;
  api::RuleRun asked = api::run_rule(*db_, snapshots_, nullptr, job);
  EXPECT_EQ(asked.status, api::RunStatus::ran);
  EXPECT_EQ(asked.report.count(rules::Outcome::in_cooldown), 1u);
  EXPECT_EQ(logged(id), 2u);
}

TEST_F(RuleRuns, ADisabledOrDeletedRuleRunsNoMoreAndQueuesNothing) {
  const auto now = system_clock::now();
  const std::string id = seed(api::local_time("America/New_York", now).date);
  api::RunRequest job = scheduled_run(id, now);
  db_->write(scope_, [&](store::Tx& tx) {
    auto r = *store::rules::find(tx, id);
    r.enabled = false;
    store::rules::update(tx, r);
  });
  api::RuleRun off = api::run_rule(*db_, snapshots_, nullptr, job);
  EXPECT_EQ(off.status, api::RunStatus::disabled);
  EXPECT_FALSE(off.next_run);
  db_->write(scope_, [&](store::Tx& tx) { store::rules::remove(tx, id); });
  EXPECT_EQ(api::run_rule(*db_, snapshots_, nullptr, job).status, api::RunStatus::missing);
  db_->read(scope_, [&](store::Tx& tx) { EXPECT_FALSE(api::queued_rule_run(tx, id)); });
  EXPECT_EQ(logged(id), 0u);
}

}  // namespace
