// /api/v1/rules against the real binary: rules stored, listed, changed and deleted; bad rules
// answered 400 naming the field with nothing stored; dry runs against firings computed by hand
// on a March 2024 history; runs on request logged with their cooldown; and the scheduler — an
// enabled rule runs on the job queue and queues its next run at the next scheduled time in the
// client's time zone, a disabled one queues nothing.
#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <set>
#include <thread>

#include "core/date.h"
#include "fixtures.h"
#include "http/websocket_client.h"

namespace api_test {
namespace {

using std::chrono::system_clock;

// The fixtures' clients live in New York (fixtures.cpp create_client).
const char* kZone = "America/New_York";

core::Date today_in_new_york() {
  auto local = date::locate_zone(kZone)->to_local(system_clock::now());
  return core::Date{static_cast<std::int32_t>(date::floor<date::days>(local).time_since_epoch().count())};
}

std::string march(int day) {
  char text[16];
  std::snprintf(text, sizeof text, "2024-03-%02d", day);
  return text;
}

// A stored timestamp ("2026-11-25T06:00:00.000000Z") as a time point.
system_clock::time_point parse_timestamp(const std::string& text) {
  auto day = core::parse_iso_date(std::string_view(text).substr(0, 10));
  int hour = 0, minute = 0, second = 0, micros = 0;
  if (!day || std::sscanf(text.c_str() + 10, "T%2d:%2d:%2d.%6d", &hour, &minute, &second, &micros) < 3) {
    throw std::runtime_error("not a timestamp: " + text);
  }
  return date::sys_days{date::days{day->days_since_epoch}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second} +
         std::chrono::microseconds{micros};
}

// The first `hour`:00 in New York strictly after the minute of `after`: a daily schedule's next
// run (docs/rules.md), computed here with the tz database directly.
system_clock::time_point next_daily_run(system_clock::time_point after, int hour) {
  const auto* zone = date::locate_zone(kZone);
  auto local = date::floor<std::chrono::minutes>(zone->to_local(after));
  auto candidate = date::floor<date::days>(local) + std::chrono::hours{hour};
  if (candidate <= local) candidate += date::days{1};
  return zone->to_sys(candidate, date::choose::earliest);
}

json condition(const std::string& metric, int window_days, const std::string& comparison,
               double threshold, const std::string& window_end = "today") {
  return {{"metric", metric}, {"window_days", window_days}, {"window_end", window_end},
          {"comparison", comparison}, {"threshold", threshold}};
}

// "spend today > 120% of the daily budget"
json spend_over_budget() { return condition("spend_vs_daily_budget", 1, "gt", 1.2); }

std::vector<std::string> firing_dates(const json& report) {
  std::vector<std::string> out;
  for (const auto& f : report["firings"]) out.push_back(f["date"]);
  return out;
}

class ApiRules : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tenant_ = service().create_tenant("rules");
    admin_ = std::make_unique<HttpClient>(service().client(tenant_.admin_key));
    client_id_ = "rules-" + random_hex(6);
    create_client(*admin_, client_id_);
  }

  std::string campaign(const std::string& name, const std::string& platform, double daily_budget) {
    return create_campaign(*admin_, client_id_, name,
                           {{"platform", platform}, {"objective", "sales_conversion"},
                            {"daily_budget", daily_budget}})["id"];
  }
  void upload(const std::string& campaign_id, const json& rows) {
    require(admin_->post("/api/v1/campaigns/" + campaign_id + "/metrics", {{"rows", rows}}), 200,
            "upload metrics");
  }
  static json row(const std::string& date, double spend, double conversions, double value) {
    return {{"date", date}, {"impressions", 1000}, {"clicks", 50}, {"spend", spend},
            {"conversions", conversions}, {"conversion_value", value}};
  }

  // The March history the dry runs are computed on, by hand:
  //  Search (google_ads, budget 100): spend 100 a day, conversions 2,2,2,2,2,2,1,3,1,4 on days
  //    1–10, so the 3-day CPA is 50 every day but 60 on days 7 and 9 (and 37.5 on day 10).
  //  Social (meta_ads, budget 80): spend 80, 97, 96, 120, 50, 100, 96.01, 80, 80, 80: above
  //    120% of the budget (96) on days 2, 4, 6 and 7 — day 3 is exactly 96, not above.
  //  Display (tiktok_ads, budget 200): spend 150 a day for 14 days, conversion value 300 but 0
  //    on day 8: the 7-day ROAS to yesterday is 2.0 on days 2–8 and 1800 / 1050 = 1.714 on
  //    days 9–14, whose windows hold day 8.
  void march_history() {
    search_ = campaign("Search", "google_ads", 100);
    social_ = campaign("Social", "meta_ads", 80);
    display_ = campaign("Display", "tiktok_ads", 200);
    const double search_conversions[] = {2, 2, 2, 2, 2, 2, 1, 3, 1, 4};
    const double social_spend[] = {80, 97, 96, 120, 50, 100, 96.01, 80, 80, 80};
    json search = json::array(), social = json::array(), display = json::array();
    for (int d = 1; d <= 10; ++d) {
      search.push_back(row(march(d), 100, search_conversions[d - 1], 0));
      social.push_back(row(march(d), social_spend[d - 1], 10, 500));
    }
    for (int d = 1; d <= 14; ++d) display.push_back(row(march(d), 150, 5, d == 8 ? 0 : 300));
    upload(search_, search);
    upload(social_, social);
    upload(display_, display);
  }

  json rule(json conditions, json action, int cooldown_days = 1) {
    return {{"client_id", client_id_}, {"name", "Test rule"}, {"enabled", false},
            {"conditions", std::move(conditions)}, {"action", std::move(action)},
            {"cooldown_days", cooldown_days}};
  }
  json cpa_guard(int cooldown_days) {
    json r = rule({condition("cpa", 3, "gt", 50)}, {{"kind", "notify"}}, cooldown_days);
    r["name"] = "CPA guard";
    r["scope"] = {{"campaign_ids", {search_}}};
    return r;
  }
  json roas_floor(int cooldown_days) {
    json r = rule({condition("roas", 7, "lt", 2, "yesterday")},
                  {{"kind", "recommend_budget_change"}, {"percent", -20}, {"min_daily_budget", 150}},
                  cooldown_days);
    r["scope"] = {{"platforms", {"tiktok_ads"}}};
    return r;
  }
  json dry_run(const json& unsaved, int first, int last, json extra = json::object()) {
    json body = {{"rule", unsaved}, {"from", march(first)}, {"to", march(last)}};
    for (const auto& [k, v] : extra.items()) body[k] = v;
    return require(admin_->post("/api/v1/rules/dry-run", body), 200, "dry run");
  }
  json create(const json& body) { return require(admin_->post("/api/v1/rules", body), 201, "create rule"); }
  json get_rule(const std::string& id) { return require(admin_->get("/api/v1/rules/" + id), 200, "get rule"); }
  json log(const std::string& id, const std::string& query = "") {
    return require(admin_->get("/api/v1/rules/" + id + "/evaluations" + query), 200, "log")["items"];
  }
  json stored_rules() {
    return require(admin_->get("/api/v1/rules?client_id=" + client_id_), 200, "list rules")["items"];
  }
  // Polls the rule until the worker has run it (last_run_at set), up to 15 s.
  json wait_for_run(const std::string& id) {
    for (int i = 0; i < 150; ++i) {
      json r = get_rule(id);
      if (!r["last_run_at"].is_null()) return r;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "rule " << id << " did not run within 15 s";
    return get_rule(id);
  }

  Tenant tenant_;
  std::unique_ptr<HttpClient> admin_;
  std::string client_id_, search_, social_, display_;
};

TEST_P(ApiRules, ThreeDayCpaAboveFiftyFiresOnTheHandComputedDaysUnderEachCooldown) {
  march_history();
  json report = dry_run(cpa_guard(1), 1, 10, {{"include_evaluations", true}});
  EXPECT_EQ(firing_dates(report), (std::vector<std::string>{march(7), march(9)})) << report;
  for (const auto& f : report["firings"]) {
    EXPECT_EQ(f["campaign_id"], search_);
    EXPECT_EQ(f["action"], "notify");
    EXPECT_EQ(f["description"], "rule 'CPA guard' matched campaign 'Search'");
    EXPECT_TRUE(f["budget_change"].is_null());
  }
  EXPECT_EQ(report["days_replayed"], 10);
  EXPECT_EQ(report["days_due"], 10);
  EXPECT_EQ(report["outcome_counts"]["fired"], 2);
  EXPECT_EQ(report["outcome_counts"]["conditions_not_met"], 8);
  // Only Search is in scope; day 8's firing-free spend is what day 7's notice governed.
  ASSERT_EQ(report["campaigns"].size(), 1u);
  const json& search = report["campaigns"][0];
  EXPECT_EQ(search["campaign_id"], search_);
  ASSERT_EQ(search["firings"].size(), 2u);
  EXPECT_DOUBLE_EQ(search["firings"][0]["spend_affected"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(search["spend_affected"].get<double>(), 200);
  EXPECT_DOUBLE_EQ(report["spend_affected"].get<double>(), 200);
  // Every day judged, with what was observed: 60 on day 7, exactly 50 (not above) on day 8.
  ASSERT_EQ(report["evaluations"].size(), 10u);
  const json& day7 = report["evaluations"][6];
  EXPECT_EQ(day7["date"], march(7));
  EXPECT_EQ(day7["outcome"], "fired");
  EXPECT_EQ(day7["conditions"][0]["status"], "held");
  EXPECT_DOUBLE_EQ(day7["conditions"][0]["observed"].get<double>(), 60);
  EXPECT_EQ(report["evaluations"][7]["conditions"][0]["status"], "not_held");
  EXPECT_DOUBLE_EQ(report["evaluations"][7]["conditions"][0]["observed"].get<double>(), 50);
  EXPECT_DOUBLE_EQ(report["evaluations"][9]["conditions"][0]["observed"].get<double>(), 37.5);

  // Cooldown 3: day 9 comes before 7 + 3, so it is held back.
  json cooled = dry_run(cpa_guard(3), 1, 10);
  EXPECT_EQ(firing_dates(cooled), (std::vector<std::string>{march(7)}));
  EXPECT_EQ(cooled["outcome_counts"]["in_cooldown"], 1);
  EXPECT_TRUE(cooled["evaluations"].is_null()) << "listed only when asked for";

  // The same rule saved: its dry run finds the same, and a dry run stores nothing.
  json saved = create(cpa_guard(1));
  std::string id = saved["id"];
  json replay = require(admin_->post("/api/v1/rules/" + id + "/dry-run",
                                     {{"from", march(1)}, {"to", march(10)}}),
                        200, "saved dry run");
  EXPECT_EQ(replay["rule_id"], id);
  EXPECT_EQ(replay["firings"].size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(replay["firings"][i]["date"], report["firings"][i]["date"]);
    EXPECT_EQ(replay["firings"][i]["rule_id"], id);
  }
  EXPECT_EQ(log(id), json::array());
  EXPECT_TRUE(get_rule(id)["last_run_at"].is_null());
  EXPECT_EQ(stored_rules().size(), 1u);
}

TEST_P(ApiRules, SpendTodayAbove120PercentOfTheBudgetFiresOnTheDaysAboveTheLine) {
  march_history();
  json pause = rule({spend_over_budget()}, {{"kind", "recommend_pause"}});
  // Judged against the current budget every day: Social on days 2, 4, 6 and 7.
  json every_day = dry_run(pause, 1, 10, {{"assume_applied", false}});
  EXPECT_EQ(firing_dates(every_day),
            (std::vector<std::string>{march(2), march(4), march(6), march(7)}));
  for (const auto& f : every_day["firings"]) {
    EXPECT_EQ(f["campaign_id"], social_);
    EXPECT_EQ(f["action"], "recommend_pause");
    EXPECT_EQ(f["description"], "pause campaign 'Social'");
  }
  EXPECT_EQ(every_day["campaigns"].size(), 3u) << "every campaign in scope is listed";
  // Assumed applied, the pause on day 2 ends Social's replay.
  json applied = dry_run(pause, 1, 10);
  EXPECT_EQ(firing_dates(applied), (std::vector<std::string>{march(2)}));
  for (const auto& c : applied["campaigns"]) {
    if (c["campaign_id"] == social_) {
      EXPECT_EQ(c["paused_on"], march(2));
    } else {
      EXPECT_TRUE(c["paused_on"].is_null());
      EXPECT_EQ(c["firings"], json::array());
    }
  }
}

TEST_P(ApiRules, SevenDayRoasBelowTwoCutsTheBudgetByTwentyPercentDownToTheCap) {
  march_history();
  json report = dry_run(roas_floor(1), 1, 14);
  EXPECT_EQ(firing_dates(report), (std::vector<std::string>{march(9), march(10)})) << report;
  ASSERT_EQ(report["firings"].size(), 2u);
  EXPECT_EQ(report["firings"][0]["budget_change"],
            (json{{"from", 200.0}, {"to", 160.0}, {"uncapped", 160.0}, {"capped", false}}));
  EXPECT_EQ(report["firings"][1]["budget_change"],
            (json{{"from", 160.0}, {"to", 150.0}, {"uncapped", 128.0}, {"capped", true}}));
  EXPECT_EQ(report["firings"][1]["description"],
            "lower the daily budget of 'Display' from 160.00 to 150.00 (-20% would be 128.00; "
            "capped at 150.00)");
  // Day 1 has no window yet; days 2–8 sit at exactly 2; from day 11 the budget is at the cap.
  EXPECT_EQ(report["outcome_counts"]["not_evaluable"], 1);
  EXPECT_EQ(report["outcome_counts"]["conditions_not_met"], 7);
  EXPECT_EQ(report["outcome_counts"]["budget_at_cap"], 4);
  ASSERT_EQ(report["campaigns"].size(), 1u);
  const json& display = report["campaigns"][0];
  EXPECT_EQ(display["campaign_id"], display_);
  EXPECT_DOUBLE_EQ(display["starting_daily_budget"].get<double>(), 200);
  EXPECT_DOUBLE_EQ(display["final_daily_budget"].get<double>(), 150);
  EXPECT_DOUBLE_EQ(display["firings"][0]["spend_affected"].get<double>(), 0);  // day 10 fires again
  EXPECT_DOUBLE_EQ(display["firings"][1]["spend_affected"].get<double>(), 600);  // days 11–14

  // Cooldown 3: days 9 and 12; the conditions still hold on 10, 11, 13 and 14.
  json cooled = dry_run(roas_floor(3), 1, 14, {{"include_evaluations", true}});
  EXPECT_EQ(firing_dates(cooled), (std::vector<std::string>{march(9), march(12)}));
  EXPECT_EQ(cooled["firings"][1]["budget_change"]["to"], 150.0);
  EXPECT_EQ(cooled["firings"][1]["budget_change"]["capped"], true);
  EXPECT_EQ(cooled["outcome_counts"]["in_cooldown"], 4);
  EXPECT_NEAR(cooled["evaluations"][8]["conditions"][0]["observed"].get<double>(), 1800.0 / 1050,
              1e-12);
}

TEST_P(ApiRules, ADryRunRangeDefaultsToThirtyDaysToYesterdayAndABadRangeIsRefused) {
  march_history();
  json report = require(admin_->post("/api/v1/rules/dry-run", {{"rule", cpa_guard(1)}}), 200, "dry run");
  EXPECT_EQ(report["to"], core::format_iso_date(today_in_new_york() - 1));
  EXPECT_EQ(report["from"], core::format_iso_date(today_in_new_york() - 30));
  EXPECT_EQ(report["days_replayed"], 30);
  expect_field_problem(admin_->post("/api/v1/rules/dry-run",
                                    {{"rule", cpa_guard(1)}, {"from", march(10)}, {"to", march(1)}}),
                       400, "to");
  expect_field_problem(admin_->post("/api/v1/rules/dry-run",
                                    {{"rule", cpa_guard(1)}, {"from", "2010-01-01"}, {"to", march(1)}}),
                       400, "to");
  json bad = cpa_guard(1);
  bad["conditions"][0]["window_days"] = 0;
  expect_field_problem(admin_->post("/api/v1/rules/dry-run", {{"rule", bad}}), 400,
                       "rule.conditions[0].window_days");
}

TEST_P(ApiRules, ARuleIsCreatedReadListedChangedAndDeleted) {
  std::string search = campaign("Search", "google_ads", 100);
  json body = {{"client_id", client_id_},
               {"name", "Budget guard"},
               {"enabled", false},
               {"scope", {{"platforms", {"google_ads"}}, {"campaign_ids", {search}}}},
               {"conditions", {spend_over_budget()}},
               {"action", {{"kind", "recommend_budget_change"}, {"percent", -30},
                           {"min_daily_budget", 50}, {"max_daily_budget", 500}}},
               {"schedule", {{"cadence", "weekly"}, {"weekday", 3}, {"hour", 9}}},
               {"cooldown_days", 7}};
  Response created = admin_->post("/api/v1/rules", body);
  json rule = require(created, 201, "create");
  std::string id = rule["id"];
  EXPECT_EQ(created.header("Location"), "/api/v1/rules/" + id);
  EXPECT_EQ(rule["name"], "Budget guard");
  EXPECT_EQ(rule["client_id"], client_id_);
  EXPECT_EQ(rule["scope"]["statuses"], json::array({"active"})) << "the default";
  EXPECT_EQ(rule["scope"]["campaign_ids"], json::array({search}));
  EXPECT_EQ(rule["conditions"][0]["measure"], "value");
  EXPECT_EQ(rule["conditions"][0]["guard"]["min_spend"], 0.0);
  EXPECT_EQ(rule["match"], "all");
  EXPECT_EQ(rule["schedule"], (json{{"cadence", "weekly"}, {"hour", 9}, {"weekday", 3}}));
  EXPECT_EQ(rule["action"]["max_daily_budget"], 500.0);
  EXPECT_EQ(rule["cooldown_days"], 7);
  EXPECT_TRUE(rule["last_run_at"].is_null());
  EXPECT_TRUE(rule["next_run_at"].is_null()) << "disabled: nothing queued";
  EXPECT_EQ(get_rule(id), rule);

  json other = create({{"client_id", client_id_}, {"name", "Notify"},
                       {"conditions", {condition("ctr", 7, "lt", 0.01)}},
                       {"action", {{"kind", "notify"}}}});
  EXPECT_TRUE(other["enabled"]);
  EXPECT_EQ(other["schedule"], (json{{"cadence", "daily"}, {"hour", 6}, {"weekday", 1}}));
  json listed = stored_rules();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["id"], other["id"]) << "newest first";
  json disabled = require(admin_->get("/api/v1/rules?enabled=false&client_id=" + client_id_), 200, "list")["items"];
  ASSERT_EQ(disabled.size(), 1u);
  EXPECT_EQ(disabled[0]["id"], id);

  json changed = require(admin_->patch("/api/v1/rules/" + id,
                                       {{"name", "Budget guard v2"}, {"match", "any"},
                                        {"schedule", {{"cadence", "hourly"}}}}),
                         200, "patch");
  EXPECT_EQ(changed["name"], "Budget guard v2");
  EXPECT_EQ(changed["match"], "any");
  EXPECT_EQ(changed["schedule"]["cadence"], "hourly");
  EXPECT_EQ(changed["action"], rule["action"]) << "fields not sent keep their value";
  EXPECT_EQ(get_rule(id), changed);
  // A change that makes the rule invalid is refused and changes nothing.
  expect_field_problem(admin_->patch("/api/v1/rules/" + id,
                                     {{"action", {{"kind", "recommend_budget_change"}}}}),
                       400, "action.percent");
  EXPECT_EQ(get_rule(id), changed);

  json audit = require(admin_->get("/api/v1/audit-log"), 200, "audit")["items"];
  std::set<std::string> actions;
  for (const auto& e : audit) actions.insert(e["action"]);
  EXPECT_TRUE(actions.count("rule.create") && actions.count("rule.update")) << audit;

  Response removed = admin_->del("/api/v1/rules/" + id);
  EXPECT_EQ(removed.status, 204) << removed.describe();
  expect_problem(admin_->get("/api/v1/rules/" + id), 404);
  expect_problem(admin_->del("/api/v1/rules/" + id), 404);
  EXPECT_EQ(stored_rules().size(), 1u);
}

TEST_P(ApiRules, ReadingIsForAnyoneWhoSeesTheClientAndWritingForStrategists) {
  std::string id = create(rule({spend_over_budget()}, {{"kind", "notify"}}))["id"];
  create_client(*admin_, client_id_ + "-b");
  json own = create_api_key(*admin_, "portal", "client_viewer", client_id_);
  json foreign = create_api_key(*admin_, "other portal", "client_viewer", client_id_ + "-b");
  HttpClient viewer = service().client(own["api_key"]);
  HttpClient outsider = service().client(foreign["api_key"]);
  EXPECT_EQ(require(viewer.get("/api/v1/rules/" + id), 200, "viewer reads")["id"], id);
  EXPECT_EQ(require(viewer.get("/api/v1/rules"), 200, "viewer lists")["items"].size(), 1u);
  EXPECT_EQ(require(viewer.get("/api/v1/rules/" + id + "/evaluations"), 200, "viewer log")["items"],
            json::array());
  expect_problem(viewer.post("/api/v1/rules", rule({spend_over_budget()}, {{"kind", "notify"}})), 403);
  expect_problem(viewer.request("POST", "/api/v1/rules/" + id + "/run"), 403);
  expect_problem(viewer.patch("/api/v1/rules/" + id, {{"name", "mine"}}), 403);
  expect_problem(outsider.get("/api/v1/rules/" + id), 404);
  EXPECT_EQ(require(outsider.get("/api/v1/rules?client_id=" + client_id_), 200, "outsider lists")["items"],
            json::array());
}

TEST_P(ApiRules, BadRulesAreRefused400NamingTheFieldAndNothingIsStored) {
  std::string search = campaign("Search", "google_ads", 100);
  create_client(*admin_, client_id_ + "-b");
  std::string elsewhere = create_campaign(*admin_, client_id_ + "-b", "Elsewhere")["id"];
  Tenant other_tenant = service().create_tenant("rules-other");
  HttpClient other_admin = service().client(other_tenant.admin_key);
  create_client(other_admin, "theirs");
  std::string theirs = create_campaign(other_admin, "theirs", "Theirs")["id"];
  const json good = rule({spend_over_budget()},
                         {{"kind", "recommend_budget_change"}, {"percent", 20}, {"max_daily_budget", 300}});
  auto refused = [&](const std::function<void(json&)>& change, const std::string& field) {
    json body = good;
    change(body);
    return expect_field_problem(admin_->post("/api/v1/rules", body), 400, field);
  };
  refused([](json& b) { b["conditions"][0]["window_days"] = 0; }, "conditions[0].window_days");
  refused([](json& b) { b["conditions"][0]["metric"] = "cpx"; }, "conditions[0].metric");
  refused([](json& b) { b["action"]["percent"] = 0; }, "action.percent");
  refused([](json& b) { b["action"]["min_daily_budget"] = 400; }, "action.max_daily_budget");
  refused([](json& b) { b["action"] = {{"kind", "notify"}, {"percent", 10}}; }, "action.percent");
  refused([](json& b) { b["conditions"][0]["guard"] = {{"min_days_with_data", 3}}; },
          "conditions[0].guard.min_days_with_data");
  refused([](json& b) { b["conditions"] = json::array(); }, "conditions");
  refused([](json& b) { b["schedule"] = {{"hour", 24}}; }, "schedule.hour");
  refused([&](json& b) { b["scope"] = {{"campaign_ids", {search, search}}}; }, "scope.campaign_ids[1]");
  // Another client's campaign, and another tenant's, read exactly like one that exists nowhere.
  json errors_elsewhere = refused([&](json& b) { b["scope"] = {{"campaign_ids", {search, elsewhere}}}; },
                                  "scope.campaign_ids[1]")["errors"];
  json errors_theirs = refused([&](json& b) { b["scope"] = {{"campaign_ids", {search, theirs}}}; },
                               "scope.campaign_ids[1]")["errors"];
  json errors_nowhere = refused([&](json& b) { b["scope"] = {{"campaign_ids", {search, "cmp_nowhere"}}}; },
                                "scope.campaign_ids[1]")["errors"];
  EXPECT_EQ(errors_elsewhere, errors_nowhere);
  EXPECT_EQ(errors_theirs, errors_nowhere);
  expect_problem(admin_->post("/api/v1/rules", [&] {
                   json b = good;
                   b["client_id"] = "theirs";
                   return b;
                 }()),
                 404);
  EXPECT_EQ(stored_rules(), json::array());
  EXPECT_EQ(require(admin_->get("/api/v1/rules"), 200, "list")["items"], json::array());
}

TEST_P(ApiRules, ARunLogsEveryEvaluationAndItsFiringAndASecondRunTheSameDayIsInCooldown) {
  // Today in the client's zone: Search spent 150 of its 100 budget, Social 50 of 80.
  const std::string today = core::format_iso_date(today_in_new_york());
  std::string search = campaign("Search", "google_ads", 100);
  std::string social = campaign("Social", "meta_ads", 80);
  upload(search, json::array({row(today, 150, 3, 200)}));
  upload(social, json::array({row(today, 50, 3, 200)}));
  // Disabled, so the scheduler leaves it alone: only the requested runs write to the log.
  std::string id = create(rule({spend_over_budget()},
                               {{"kind", "recommend_budget_change"}, {"percent", -30},
                                {"min_daily_budget", 60}}))["id"];
  auto ws = std::make_unique<http::test::WebSocketClient>(
      service().port(), "/ws", std::vector<std::string>{"Authorization: Bearer " + tenant_.admin_key});
  ASSERT_EQ(ws->status(), 101);
  ws->send(json{{"type", "subscribe"}, {"client_id", client_id_}}.dump());
  ASSERT_TRUE(ws->receive(3s));

  json run = require(admin_->request("POST", "/api/v1/rules/" + id + "/run"), 200, "run");
  EXPECT_EQ(run["status"], "ran");
  EXPECT_EQ(run["evaluated_on"], today);
  EXPECT_EQ(run["evaluations"], 2);
  EXPECT_EQ(run["fired"], 1);
  EXPECT_TRUE(run["next_run_at"].is_null()) << "a disabled rule is not scheduled";
  ASSERT_EQ(run["firings"].size(), 1u) << run;
  const json& firing = run["firings"][0];
  EXPECT_EQ(firing["campaign_id"], search);
  EXPECT_EQ(firing["rule_id"], id);
  EXPECT_EQ(firing["date"], today);
  EXPECT_EQ(firing["action"], "recommend_budget_change");
  EXPECT_EQ(firing["budget_change"],
            (json{{"from", 100.0}, {"to", 70.0}, {"uncapped", 70.0}, {"capped", false}}));
  EXPECT_EQ(firing["description"], "lower the daily budget of 'Search' from 100.00 to 70.00 (-30%)");

  auto text = ws->receive(3s);
  ASSERT_TRUE(text) << "no rule.fired event";
  json event = json::parse(*text);
  EXPECT_EQ(event["type"], "rule.fired");
  EXPECT_EQ(event["client_id"], client_id_);
  EXPECT_EQ(event["rule_id"], id);
  EXPECT_EQ(event["campaign_id"], search);
  EXPECT_EQ(event["evaluation_id"], firing["evaluation_id"]);
  EXPECT_EQ(event["budget_change"], firing["budget_change"]);

  json logged = log(id);
  ASSERT_EQ(logged.size(), 2u);
  for (const auto& e : logged) {
    EXPECT_EQ(e["evaluated_on"], today);
    ASSERT_EQ(e["conditions"].size(), 1u);
    if (e["campaign_id"] == search) {
      EXPECT_EQ(e["id"], firing["evaluation_id"]);
      EXPECT_TRUE(e["fired"]);
      EXPECT_EQ(e["outcome"], "fired");
      EXPECT_EQ(e["campaign_name"], "Search");
      EXPECT_EQ(e["conditions"][0]["status"], "held");
      EXPECT_DOUBLE_EQ(e["conditions"][0]["observed"].get<double>(), 1.5);
      EXPECT_EQ(e["firing"]["budget_change"], firing["budget_change"]);
    } else {
      EXPECT_EQ(e["campaign_id"], social);
      EXPECT_FALSE(e["fired"]);
      EXPECT_EQ(e["outcome"], "conditions_not_met");
      EXPECT_DOUBLE_EQ(e["conditions"][0]["observed"].get<double>(), 0.625);
      EXPECT_TRUE(e["firing"].is_null());
    }
  }
  json stamped = get_rule(id);
  EXPECT_EQ(stamped["last_run_at"], run["ran_at"]);

  // The same day again: the conditions still hold, the cooldown of 1 day holds the firing back.
  json again = require(admin_->request("POST", "/api/v1/rules/" + id + "/run"), 200, "second run");
  EXPECT_EQ(again["fired"], 0);
  EXPECT_EQ(again["outcome_counts"]["in_cooldown"], 1);
  EXPECT_EQ(again["firings"], json::array());
  EXPECT_EQ(log(id).size(), 4u);
  json fired_only = log(id, "?fired_only=true");
  ASSERT_EQ(fired_only.size(), 1u);
  EXPECT_EQ(fired_only[0]["id"], firing["evaluation_id"]);
  EXPECT_EQ(ws->drain(500ms), std::vector<std::string>{}) << "no event without a firing";
  EXPECT_EQ(get_rule(id)["last_run_at"], again["ran_at"]);
}

TEST_P(ApiRules, ARecommendingFiringOpensOneRecommendationThatIsAppliedLikeAnyOther) {
  const std::string today = core::format_iso_date(today_in_new_york());
  std::string search = campaign("Search", "google_ads", 100);
  upload(search, json::array({row(today, 150, 3, 200)}));
  json body = rule({spend_over_budget()}, {{"kind", "recommend_budget_change"}, {"percent", -30}});
  body["cooldown_days"] = 0;
  std::string id = create(body)["id"];
  auto open_from_rules = [&] {
    return require(admin_->get("/api/v1/campaign/optimizations?status=open&kind=rule&client_id=" +
                               client_id_),
                   200, "recommendations")["items"];
  };

  json run = require(admin_->request("POST", "/api/v1/rules/" + id + "/run"), 200, "run");
  ASSERT_EQ(run["recommendation_ids"].size(), 1u) << run;
  json open = open_from_rules();
  ASSERT_EQ(open.size(), 1u);
  const json& r = open[0];
  EXPECT_EQ(r["id"], run["recommendation_ids"][0]);
  EXPECT_EQ(r["action"], "recommend_budget_change");
  EXPECT_EQ(r["campaign_ids"], json::array({search}));
  EXPECT_EQ(r["source"]["rule_id"], id);
  EXPECT_EQ(r["source"]["evaluation_id"], run["firings"][0]["evaluation_id"]);
  ASSERT_EQ(r["changes"].size(), 1u);
  EXPECT_EQ(r["changes"][0]["field"], "daily_budget");
  EXPECT_EQ(r["changes"][0]["from"], 100.0);
  EXPECT_EQ(r["changes"][0]["to"], 70.0);
  ASSERT_EQ(r["evidence"].size(), 1u);
  EXPECT_EQ(r["evidence"][0]["metric"], "spend_vs_daily_budget");
  EXPECT_DOUBLE_EQ(r["evidence"][0]["value"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(r["evidence"][0]["comparison"].get<double>(), 1.2);

  // Firing again (no cooldown) refreshes the open recommendation instead of adding one.
  json again = require(admin_->request("POST", "/api/v1/rules/" + id + "/run"), 200, "again");
  EXPECT_EQ(again["recommendation_ids"], run["recommendation_ids"]);
  EXPECT_EQ(open_from_rules().size(), 1u);

  // Once applied, the next firing opens a new one.
  require(admin_->request("PATCH", "/api/v1/campaign/optimizations/" + r["id"].get<std::string>(),
                          R"({"status":"applied"})", {"Content-Type: application/json"}),
          200, "apply");
  json third = require(admin_->request("POST", "/api/v1/rules/" + id + "/run"), 200, "third");
  ASSERT_EQ(third["recommendation_ids"].size(), 1u);
  EXPECT_NE(third["recommendation_ids"][0], r["id"]);
  EXPECT_EQ(open_from_rules().size(), 1u);

  // notify firings recommend nothing.
  json notify = rule({spend_over_budget()}, {{"kind", "notify"}});
  notify["cooldown_days"] = 0;
  std::string quiet = create(notify)["id"];
  json notified = require(admin_->request("POST", "/api/v1/rules/" + quiet + "/run"), 200, "notify");
  EXPECT_EQ(notified["fired"], 1);
  EXPECT_EQ(notified["recommendation_ids"], json::array());
}

TEST_P(ApiRules, AnEnabledRuleRunsOnTheJobQueueAndQueuesItsNextScheduledRun) {
  const std::string today = core::format_iso_date(today_in_new_york());
  std::string search = campaign("Search", "google_ads", 100);
  upload(search, json::array({row(today, 150, 3, 200)}));
  // A daily hour two hours from now in New York, so the next run is later today or tomorrow.
  auto local_hour = std::chrono::duration_cast<std::chrono::hours>(
      date::locate_zone(kZone)->to_local(system_clock::now()).time_since_epoch() % date::days{1});
  const int hour = static_cast<int>((local_hour.count() + 2) % 24);
  json body = rule({spend_over_budget()}, {{"kind", "notify"}});
  body["enabled"] = true;
  body["schedule"] = {{"cadence", "daily"}, {"hour", hour}};
  json created = create(body);
  std::string id = created["id"];
  EXPECT_FALSE(created["next_run_at"].is_null()) << "a new rule is due at once";

  json ran = wait_for_run(id);
  ASSERT_FALSE(ran["last_run_at"].is_null());
  json logged = log(id);
  ASSERT_EQ(logged.size(), 1u) << logged;
  EXPECT_EQ(logged[0]["campaign_id"], search);
  EXPECT_TRUE(logged[0]["fired"]);
  EXPECT_EQ(logged[0]["firing"]["action"], "notify");
  EXPECT_EQ(logged[0]["evaluated_on"], today);

  // The next run is queued for the next `hour`:00 in New York after the run (never before it,
  // and within the second the delay is rounded up to).
  ASSERT_TRUE(ran["next_run_at"].is_string()) << ran;
  auto expected = next_daily_run(parse_timestamp(ran["last_run_at"]), hour);
  auto queued = parse_timestamp(ran["next_run_at"]);
  EXPECT_GE(queued, expected) << ran["next_run_at"];
  EXPECT_LT(queued - expected, 3s) << ran << " expected " << date::format("%FT%TZ", expected);
  // It does not run before then: the log stays as it was.
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(log(id).size(), 1u);
  EXPECT_EQ(get_rule(id)["last_run_at"], ran["last_run_at"]);
}

TEST_P(ApiRules, ADisabledRuleQueuesNothingUntilItIsEnabled) {
  const std::string today = core::format_iso_date(today_in_new_york());
  std::string search = campaign("Search", "google_ads", 100);
  upload(search, json::array({row(today, 150, 3, 200)}));
  json created = create(rule({spend_over_budget()}, {{"kind", "notify"}}));
  std::string id = created["id"];
  EXPECT_TRUE(created["next_run_at"].is_null());
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(get_rule(id)["last_run_at"].is_null());
  EXPECT_EQ(log(id), json::array());

  json enabled = require(admin_->patch("/api/v1/rules/" + id, {{"enabled", true}}), 200, "enable");
  EXPECT_FALSE(enabled["next_run_at"].is_null()) << "never run: due at once";
  json ran = wait_for_run(id);
  EXPECT_EQ(log(id).size(), 1u);
  EXPECT_FALSE(ran["next_run_at"].is_null());
  // Disabled again: the rule keeps its log and shows no next run.
  json off = require(admin_->patch("/api/v1/rules/" + id, {{"enabled", false}}), 200, "disable");
  EXPECT_TRUE(off["next_run_at"].is_null());
  EXPECT_EQ(off["last_run_at"], ran["last_run_at"]);
}

API_TEST_BACKENDS(ApiRules);

}  // namespace
}  // namespace api_test
