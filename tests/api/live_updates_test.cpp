// Live updates over GET /ws against the real binary: authentication at the upgrade, who may
// follow which client, metrics.ingested after uploads and imports, and — with --redis — events
// crossing from one replica to another. The protocol is docs/live-updates.md.
#include <fstream>
#include <sstream>

#include "core/date.h"
#include "fixtures.h"
#include "http/websocket_client.h"

namespace api_test {
namespace {

using http::test::WebSocketClient;

// A live-updates WebSocket on `s`; the credential goes in the Authorization header, or in
// ?access_token= as a browser sends it.
std::unique_ptr<WebSocketClient> open_live(const Service& s, const std::string& credential,
                                           bool in_query = false) {
  auto ws = in_query ? std::make_unique<WebSocketClient>(s.port(), "/ws?access_token=" + credential)
                     : std::make_unique<WebSocketClient>(
                           s.port(), "/ws", std::vector<std::string>{"Authorization: Bearer " + credential});
  if (ws->status() != 101) {
    throw std::runtime_error("upgrade refused (" + std::to_string(ws->status()) + "): " + ws->body());
  }
  return ws;
}

// The next message as JSON; a discarded value when none arrives in time.
json next_message(WebSocketClient& ws, std::chrono::milliseconds timeout = 3s) {
  auto text = ws.receive(timeout);
  return text ? json::parse(*text, nullptr, false) : json(json::value_t::discarded);
}

json subscribe(WebSocketClient& ws, const std::string& client_id) {
  ws.send(json{{"type", "subscribe"}, {"client_id", client_id}}.dump());
  return next_message(ws);
}

json post_metrics(HttpClient& http, const std::string& campaign_id, int first_day) {
  return require(http.post("/api/v1/campaigns/" + campaign_id + "/metrics",
                           {{"rows", metric_rows(first_day, 3)}}),
                 200, "upload metrics");
}

// ---- one service (SQLite) ----

class ApiLiveUpdates : public ApiTest {};

TEST_P(ApiLiveUpdates, UpgradeWithoutAValidCredentialIsRefused401) {
  Service& s = service();
  WebSocketClient anonymous(s.port(), "/ws");
  EXPECT_EQ(anonymous.status(), 401);
  EXPECT_EQ(anonymous.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(anonymous.header("WWW-Authenticate"), "Bearer");

  WebSocketClient forged(s.port(), "/ws?access_token=msk_notarealkey0000000000000000000000");
  EXPECT_EQ(forged.status(), 401);
  EXPECT_EQ(forged.header("WWW-Authenticate"), "Bearer error=\"invalid_token\"");

  Response plain = s.client().get("/ws");
  expect_problem(plain, 426);
}

TEST_P(ApiLiveUpdates, SubscriberReceivesIngestsOfItsClientOnly) {
  Service& s = service();
  Tenant t = s.create_tenant("live");
  HttpClient admin = s.client(t.admin_key);
  create_client(admin, "followed");
  create_client(admin, "other");
  std::string followed = create_campaign(admin, "followed", "Followed")["id"];
  std::string other = create_campaign(admin, "other", "Other")["id"];

  auto ws = open_live(s, t.admin_key);
  EXPECT_EQ(subscribe(*ws, "followed"), (json{{"type", "subscribed"}, {"client_id", "followed"}}));

  post_metrics(admin, other, 1);  // published to "other", which nobody follows
  json answer = post_metrics(admin, followed, 1);
  json event = next_message(*ws);
  ASSERT_FALSE(event.is_discarded()) << "no event for the followed client";
  EXPECT_EQ(event["type"], "metrics.ingested");
  EXPECT_EQ(event["client_id"], "followed") << "the other client's event leaked: " << event;
  EXPECT_EQ(event["source"], "metrics");
  EXPECT_EQ(event["data_version"], answer["data_version"]);
  EXPECT_EQ(event["campaign_ids"], json::array({followed}));
  EXPECT_EQ(event["campaign_count"], 1);
  EXPECT_EQ(event["rows"], 3);
  EXPECT_EQ(event["inserted"], 3);
  EXPECT_EQ(event["updated"], 0);

  Response imported = admin.request("POST", "/api/v1/imports?client_id=followed",
                                    read_file(kMetaExport), {"Content-Type: text/csv"});
  ASSERT_EQ(imported.status, 200) << imported.describe();
  json import_event = next_message(*ws);
  EXPECT_EQ(import_event["type"], "metrics.ingested");
  EXPECT_EQ(import_event["source"], "import");
  EXPECT_EQ(import_event["client_id"], "followed");
  EXPECT_EQ(import_event["data_version"], imported.body_json()["data_version"]);
  EXPECT_EQ(import_event["rows"], 7);
  EXPECT_EQ(import_event["campaign_count"], 1);

  ws->send(R"({"type":"unsubscribe","client_id":"followed"})");
  EXPECT_EQ(next_message(*ws), (json{{"type", "unsubscribed"}, {"client_id", "followed"}}));
  post_metrics(admin, followed, 10);
  EXPECT_TRUE(ws->drain(300ms).empty()) << "an event after unsubscribing";
}

// After an ingest the event carries the client's updated 30-day totals, and a day that breaks
// the weekly pattern (judged on its past only) is announced as an anomaly.
TEST_P(ApiLiveUpdates, IngestEventsCarryTotalsAndAnomalyAlerts) {
  Service& s = service();
  Tenant t = s.create_tenant("pulse");
  HttpClient admin = s.client(t.admin_key);
  create_client(admin, "steady");
  std::string campaign = create_campaign(admin, "steady", "Steady")["id"];
  // Eight weeks of steady spend (about 100 on weekdays, 60 at weekends, a few units of noise),
  // then one day at 900.
  const core::Date first = *core::parse_iso_date("2024-03-04");  // a Monday
  json rows = json::array();
  double last_29_days = 0;
  for (int d = 0; d < 56; ++d) {
    bool weekend = core::iso_weekday(first + d) >= 6;
    double spend = (weekend ? 60 : 100) + (d * 7 % 11) - 5;
    if (d >= 27) last_29_days += spend;
    rows.push_back({{"date", core::format_iso_date(first + d)}, {"impressions", 10000},
                    {"clicks", 200}, {"spend", spend}, {"conversions", 10},
                    {"conversion_value", 400}});
  }
  require(admin.post("/api/v1/campaigns/" + campaign + "/metrics", {{"rows", rows}}), 200, "history");

  auto ws = open_live(s, t.admin_key);
  ASSERT_EQ(subscribe(*ws, "steady")["type"], "subscribed");
  json spike = {{"date", core::format_iso_date(first + 56)}, {"impressions", 10000}, {"clicks", 200},
                {"spend", 900}, {"conversions", 10}, {"conversion_value", 400}};
  require(admin.post("/api/v1/campaigns/" + campaign + "/metrics", {{"rows", {spike}}}), 200, "spike");

  json event = next_message(*ws);
  ASSERT_EQ(event["type"], "metrics.ingested") << event;
  // The last 30 days up to the spike: days 27…55 and the spike itself.
  EXPECT_EQ(event["totals"]["from"], core::format_iso_date(first + 27));
  EXPECT_EQ(event["totals"]["to"], core::format_iso_date(first + 56));
  EXPECT_NEAR(event["totals"]["spend"].get<double>(), last_29_days + 900, 1e-6);
  EXPECT_EQ(event["totals"]["conversions"], 300.0);
  json alert = next_message(*ws);
  ASSERT_EQ(alert["type"], "anomaly.detected") << alert;
  EXPECT_EQ(alert["client_id"], "steady");
  EXPECT_EQ(alert["metric"], "spend");
  EXPECT_EQ(alert["date"], core::format_iso_date(first + 56));
  EXPECT_EQ(alert["direction"], "up");
  EXPECT_GT(alert["score"].get<double>(), 3.5);
}

TEST_P(ApiLiveUpdates, AnotherTenantsClientIsRefusedLikeAMissingOne) {
  Service& s = service();
  Tenant victim = s.create_tenant("victim");
  Tenant intruder = s.create_tenant("intruder");
  HttpClient victim_admin = s.client(victim.admin_key);
  create_client(victim_admin, "secret-client");
  std::string campaign = create_campaign(victim_admin, "secret-client", "Secret")["id"];

  auto ws = open_live(s, intruder.admin_key);
  json foreign = subscribe(*ws, "secret-client");
  json missing = subscribe(*ws, "no-such-client");
  EXPECT_EQ(foreign["type"], "error");
  EXPECT_EQ(foreign["detail"], "client 'secret-client' does not exist");
  EXPECT_EQ(missing["detail"], "client 'no-such-client' does not exist");

  post_metrics(victim_admin, campaign, 1);
  EXPECT_TRUE(ws->drain(300ms).empty()) << "another tenant's event reached the intruder";
}

TEST_P(ApiLiveUpdates, ClientViewerFollowsItsOwnClientOnly) {
  Service& s = service();
  Tenant t = s.create_tenant("viewer");
  HttpClient admin = s.client(t.admin_key);
  create_client(admin, "mine");
  create_client(admin, "theirs");
  std::string theirs = create_campaign(admin, "theirs", "Theirs")["id"];
  std::string mine = create_campaign(admin, "mine", "Mine")["id"];
  std::string key = create_api_key(admin, "viewer", "client_viewer", "mine")["api_key"];

  auto ws = open_live(s, key, /*in_query=*/true);
  json refused = subscribe(*ws, "theirs");
  EXPECT_EQ(refused, (json{{"type", "error"},
                           {"detail", "client 'theirs' does not exist"},
                           {"client_id", "theirs"}}));
  EXPECT_EQ(subscribe(*ws, "mine")["type"], "subscribed");

  post_metrics(admin, theirs, 1);
  post_metrics(admin, mine, 1);
  json event = next_message(*ws);
  EXPECT_EQ(event["client_id"], "mine") << event;
}

TEST_P(ApiLiveUpdates, MalformedMessagesAreAnsweredWithErrors) {
  Service& s = service();
  Tenant t = s.create_tenant("malformed");
  auto ws = open_live(s, t.admin_key);
  for (const std::string message :
       {"not json", R"({"type":"dance"})", R"({"type":"subscribe"})",
        R"({"type":"subscribe","client_id":42})"}) {
    ws->send(message);
    json reply = next_message(*ws);
    EXPECT_EQ(reply["type"], "error") << message << " → " << reply;
    EXPECT_TRUE(reply["detail"].is_string()) << reply;
  }
  EXPECT_FALSE(ws->closed()) << "an error reply keeps the connection";
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiLiveUpdates, ::testing::Values(Backend::sqlite),
                         BackendName());

// ---- two replicas: one PostgreSQL database, one Redis ----

class ApiLiveUpdatesReplicas : public ApiRedisTest {};

TEST_P(ApiLiveUpdatesReplicas, SubscriberOnOneReplicaReceivesIngestPostedToAnother) {
  ServiceConfig config;
  config.redis_url = redis_url_;
  Service& first = start_service(config);
  Service& second = start_service(config, &first);
  Tenant t = first.create_tenant("replicas");
  HttpClient on_second = second.client(t.admin_key);
  create_client(on_second, "shared");
  std::string campaign = create_campaign(on_second, "shared", "Shared")["id"];

  auto on_first_ws = open_live(first, t.admin_key);
  auto on_second_ws = open_live(second, t.admin_key);
  ASSERT_EQ(subscribe(*on_first_ws, "shared")["type"], "subscribed");
  ASSERT_EQ(subscribe(*on_second_ws, "shared")["type"], "subscribed");

  json answer = post_metrics(on_second, campaign, 1);
  json event = next_message(*on_first_ws);
  ASSERT_FALSE(event.is_discarded()) << "the event did not cross to the first replica";
  EXPECT_EQ(event["type"], "metrics.ingested");
  EXPECT_EQ(event["client_id"], "shared");
  EXPECT_EQ(event["data_version"], answer["data_version"]);
  EXPECT_EQ(next_message(*on_second_ws), event) << "the publishing replica's own subscriber";
  EXPECT_TRUE(on_first_ws->drain(300ms).empty()) << "delivered twice";
  EXPECT_TRUE(on_second_ws->drain(50ms).empty()) << "delivered twice on the publishing replica";
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiLiveUpdatesReplicas, ::testing::Values(Backend::postgresql),
                         BackendName());

}  // namespace
}  // namespace api_test
