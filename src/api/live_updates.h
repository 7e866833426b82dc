// Live updates: events about a client's data pushed to WebSocket subscribers of GET /ws as they
// happen. The protocol — messages, events, guarantees — is docs/live-updates.md.
//
// Handlers publish after their transaction commits, through one function per kind of event
// (publish_ingest below), so an event's shape is defined in one place. With Redis the events
// cross replicas: a subscriber connected to any replica receives what any replica published.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace http { class WebSocketHub; }
namespace cache { class RedisClient; class Subscriber; }

namespace api {

class ApiRegistry;
struct Context;

// The hub topic carrying one client's events: "<tenant_id>/client/<client_id>". Internal to the
// server; clients name a client_id, never a topic.
std::string client_topic(std::string_view tenant_id, std::string_view client_id);

// Routes events to the WebSocket subscribers of a client, on this process or on every replica.
// Thread-safe. Must outlive the handlers that publish.
class LiveUpdates {
 public:
  static constexpr std::string_view kDefaultChannel = "strategist:live";

  // In-process: publish() delivers to `hub` directly; other replicas see nothing.
  explicit LiveUpdates(http::WebSocketHub& hub);

  // Across replicas: publish() sends the event with Redis PUBLISH on `channel`, and a subscriber
  // thread of its own (a connection opened with redis.options()) delivers every message of the
  // channel to `hub` — this replica's own included, so each WebSocket gets an event once,
  // whichever replica published it. Returns without waiting for the subscription (see
  // wait_until_subscribed). Redis pub/sub ignores the database number: deployments sharing one
  // Redis server need different channels.
  LiveUpdates(http::WebSocketHub& hub, cache::RedisClient& redis,
              std::string channel = std::string(kDefaultChannel));

  // Stops the Redis subscriber thread; no delivery happens afterwards.
  ~LiveUpdates();
  LiveUpdates(const LiveUpdates&) = delete;
  LiveUpdates& operator=(const LiveUpdates&) = delete;

  // Sends `event` (a JSON object whose "type" names it) to every WebSocket subscribed to the
  // client. At most once and without replay: a subscriber that is disconnected (or a replica cut
  // off from Redis) at that moment never gets it. Never throws; a failed Redis publish is logged
  // and the event is lost.
  void publish(const std::string& tenant_id, const std::string& client_id,
               const nlohmann::json& event);

  // True once events published from now on reach this replica's subscribers: at once
  // in-process; with Redis, when the server has confirmed the subscription (false on timeout).
  bool wait_until_subscribed(std::chrono::milliseconds timeout);

  // Whether events cross replicas (Redis mode).
  bool distributed() const { return redis_ != nullptr; }

 private:
  void deliver_envelope(std::string_view envelope);

  http::WebSocketHub& hub_;
  cache::RedisClient* redis_ = nullptr;
  std::string channel_;
  std::unique_ptr<cache::Subscriber> subscriber_;
};

// GET /ws, the WebSocket of live updates: authenticates the upgrade (an API key or JWT as
// `Authorization: Bearer …` or, for browsers, `?access_token=…`) and serves the subscribe /
// unsubscribe protocol. Events are published through registry.services().live.
void install_live_updates_endpoint(ApiRegistry& registry);

// One committed metrics ingest, as announced to the client's subscribers.
struct IngestEvent {
  std::string client_id;
  std::int64_t data_version = 0;         // the tenant's data version after the ingest
  std::string source;                    // "metrics" (POST …/metrics) or "import" (POST /imports)
  std::vector<std::string> campaign_ids; // the campaigns written, when the source knows them
  std::size_t campaign_count = 0;        // how many campaigns the ingest wrote to
  std::size_t rows = 0;                  // campaign-days received: inserted + updated + unchanged
  std::size_t inserted = 0, updated = 0;
};

// Publishes {"type":"metrics.ingested", …} (docs/live-updates.md) to the client's subscribers.
// Call after the ingest's transaction committed. Does nothing when live updates are not wired
// (ctx.services.live null); never throws, so a failure cannot turn a committed write into an
// error answer.
void publish_ingest(Context& ctx, const IngestEvent& ingest);

// One firing of an automated rule (rule_runs.h), as announced to the client's subscribers.
struct RuleFiredEvent {
  std::string client_id;
  std::string rule_id, rule_name;
  std::string evaluation_id;  // its entry in GET /api/v1/rules/{id}/evaluations
  nlohmann::json firing;      // {rule_id, campaign_id, date, action, description, budget_change}
};

// Publishes {"type":"rule.fired", …} (docs/live-updates.md) to the client's subscribers. Call
// after the run's transaction committed; the job worker calls it too, so it takes the tenant
// rather than a request. Does nothing when `live` is null; never throws.
void publish_rule_fired(LiveUpdates* live, const std::string& tenant_id,
                        const RuleFiredEvent& fired);

}  // namespace api
