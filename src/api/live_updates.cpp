// Live updates: LiveUpdates (in-process or over Redis pub/sub), GET /ws and its message
// protocol, and the events handlers publish. The protocol is docs/live-updates.md.
#include "api/live_updates.h"

#include "api/dashboard_render.h"
#include "api/metrics_snapshot.h"

#include <optional>

#include <spdlog/spdlog.h>

#include "api/auth.h"
#include "api/endpoint.h"
#include "cache/rate_limiter.h"
#include "cache/redis.h"
#include "http/problem.h"
#include "http/router.h"
#include "http/websocket.h"
#include "store/clients.h"
#include "store/database.h"

namespace api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxClientIdLength = 64;

// ---- LiveUpdates over Redis: the envelope on the channel ----

std::string envelope(const std::string& topic, const json& event) {
  return json{{"topic", topic}, {"event", event}}.dump();
}

// ---- GET /ws: the upgrade ----

[[noreturn]] void refuse_unauthorized(const AuthResult& result) {
  auto p = http::unauthorized(result.reason);
  if (result.failure != AuthFailure::missing) {
    p.extra_headers = {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}};
  }
  throw http::ProblemError(std::move(p));
}

// Whole seconds to wait when `limiter` refuses `subject` now; 0 when it allows.
long long rate_limited(cache::RateLimiter& limiter, const std::string& subject) {
  auto decision = limiter.take(subject);
  if (decision.allowed) return 0;
  return std::max<long long>(1, (decision.retry_after.count() + 999) / 1000);
}

// The credential of an upgrade: the Authorization header, else ?access_token= (browsers cannot
// set headers on a WebSocket).
std::optional<std::string> credential_of(const http::Request& upgrade) {
  if (auto header = upgrade.header("Authorization")) return std::string(*header);
  if (auto token = upgrade.query_param("access_token"); token && !token->empty()) {
    return "Bearer " + *token;
  }
  return std::nullopt;
}

// ---- GET /ws: the messages of one connection ----

class Session {
 public:
  Session(Services& services, Principal principal, std::string credential)
      : services_(services), principal_(std::move(principal)), credential_(std::move(credential)) {}

  void on_message(std::string_view text, http::WebSocketLink& link) {
    json message = json::parse(text, nullptr, false);
    if (!message.is_object() || !message.contains("type") || !message["type"].is_string()) {
      return reply_error(link, "send a JSON object whose \"type\" is subscribe or unsubscribe");
    }
    std::string type = message["type"].get<std::string>();
    if (type != "subscribe" && type != "unsubscribe") {
      return reply_error(link, "unknown message type '" + type.substr(0, 40) +
                                   "': expected subscribe or unsubscribe");
    }
    const json& id = message.contains("client_id") ? message["client_id"] : json();
    if (!id.is_string() || id.get<std::string>().empty() ||
        id.get<std::string>().size() > kMaxClientIdLength) {
      return reply_error(link, "client_id: must be a client id (a string of 1 to 64 characters)");
    }
    std::string client_id = id.get<std::string>();
    std::string topic = client_topic(principal_.tenant_id, client_id);
    if (type == "unsubscribe") {
      link.unsubscribe(topic);
      return link.send(json{{"type", "unsubscribed"}, {"client_id", client_id}}.dump());
    }
    if (auto problem = refusal(client_id)) return reply_error(link, *problem, client_id);
    if (!link.subscribe(topic)) {
      return reply_error(link, "too many subscriptions on this connection", client_id);
    }
    link.send(json{{"type", "subscribed"}, {"client_id", client_id}}.dump());
  }

 private:
  // Why the caller may not follow `client_id`, or nullopt when it may. Another tenant's client
  // and a client a bound credential may not see are refused exactly like a missing one.
  std::optional<std::string> refusal(const std::string& client_id) {
    // The credential is checked again, so a revoked key or an expired token subscribes no more.
    AuthResult auth = services_.auth.authenticate(credential_);
    if (!auth.principal) return "the credential is no longer valid: " + auth.reason;
    if (auto seconds = rate_limited(services_.request_limiter, principal_.subject)) {
      return "rate limit exceeded; retry after " + std::to_string(seconds) + " s";
    }
    std::string missing = "client '" + client_id + "' does not exist";
    if (!principal_.may_see_client(client_id)) return missing;
    try {
      bool exists = services_.db.read(store::TenantScope{principal_.tenant_id}, [&](store::Tx& tx) {
        return store::clients::find(tx, client_id).has_value();
      });
      if (!exists) return missing;
    } catch (const store::Error& e) {
      spdlog::warn("live updates: cannot check client for a subscription: {}", e.what());
      return std::string("the client cannot be checked now; try again");
    }
    return std::nullopt;
  }

  static void reply_error(http::WebSocketLink& link, const std::string& detail,
                          const std::optional<std::string>& client_id = std::nullopt) {
    json reply = {{"type", "error"}, {"detail", detail}};
    if (client_id) reply["client_id"] = *client_id;
    link.send(reply.dump());
  }

  Services& services_;
  const Principal principal_;
  const std::string credential_;
};

http::WebSocketReceiver accept_upgrade(Services& services, http::Request& upgrade) {
  auto credential = credential_of(upgrade);
  AuthResult auth = services.auth.authenticate(credential);
  if (!auth.principal || !credential) refuse_unauthorized(auth);
  upgrade.tenant_id = auth.principal->tenant_id;
  if (auto seconds = rate_limited(services.request_limiter, auth.principal->subject)) {
    throw http::ProblemError(http::too_many_requests(static_cast<int>(seconds)));
  }
  auto session = std::make_shared<Session>(services, std::move(*auth.principal), *credential);
  return [session](std::string_view text, http::WebSocketLink& link) {
    session->on_message(text, link);
  };
}

json websocket_operation() {
  const json problem = {
      {"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}};
  return {
      {"summary", "Live updates (WebSocket)"},
      {"operationId", "GET/ws"},
      {"tags", {"live"}},
      {"description",
       "Upgrade to a WebSocket, then send {\"type\":\"subscribe\",\"client_id\":\"…\"} to receive "
       "that client's events, such as metrics.ingested after every committed metrics upload or "
       "CSV import. Messages, events and guarantees: docs/live-updates.md."},
      {"security", {{{"bearer", json::array()}}}},
      {"parameters",
       {{{"name", "access_token"},
         {"in", "query"},
         {"required", false},
         {"description", "the API key or JWT, for clients that cannot send Authorization"},
         {"schema", {{"type", "string"}}}}}},
      {"responses",
       {{"101", {{"description", "Switching Protocols: the connection is a WebSocket"}}},
        {"401", {{"description", "Missing, malformed, expired or revoked credential"},
                 {"content", problem}}},
        {"426", {{"description", "Not a WebSocket upgrade request"}, {"content", problem}}},
        {"429", {{"description", "Rate limit exceeded; see Retry-After"},
                 {"content", problem}}}}}};
}

}  // namespace

std::string client_topic(std::string_view tenant_id, std::string_view client_id) {
  std::string topic;
  topic.reserve(tenant_id.size() + client_id.size() + 8);
  topic.append(tenant_id).append("/client/").append(client_id);
  return topic;
}

LiveUpdates::LiveUpdates(http::WebSocketHub& hub) : hub_(hub) {}

LiveUpdates::LiveUpdates(http::WebSocketHub& hub, cache::RedisClient& redis, std::string channel)
    : hub_(hub), redis_(&redis), channel_(std::move(channel)) {
  cache::RedisOptions options = redis.options();
  options.client_name = "strategist-live";
  subscriber_ = std::make_unique<cache::Subscriber>(
      options, std::vector<std::string>{channel_},
      [this](std::string_view, std::string_view message) { deliver_envelope(message); });
}

LiveUpdates::~LiveUpdates() {
  if (subscriber_) subscriber_->stop();
}

void LiveUpdates::publish(const std::string& tenant_id, const std::string& client_id,
                          const json& event) {
  std::string topic = client_topic(tenant_id, client_id);
  try {
    if (!redis_) {
      hub_.publish(topic, event.dump());
      return;
    }
    redis_->publish(channel_, envelope(topic, event));
  } catch (const std::exception& e) {
    spdlog::warn("live updates: event {} for {} lost: {}", event.value("type", "?"), topic,
                 e.what());
  }
}

void LiveUpdates::deliver_envelope(std::string_view text) {
  json message = json::parse(text, nullptr, false);
  if (!message.is_object() || !message.contains("topic") || !message["topic"].is_string() ||
      !message.contains("event")) {
    spdlog::warn("live updates: ignoring a malformed message on {}", channel_);
    return;
  }
  hub_.publish(message["topic"].get<std::string>(), message["event"].dump());
}

bool LiveUpdates::wait_until_subscribed(std::chrono::milliseconds timeout) {
  return !subscriber_ || subscriber_->wait_until_subscribed(timeout);
}

void install_live_updates_endpoint(ApiRegistry& registry) {
  Services& services = registry.services();
  http::RouteOptions options;
  options.openapi = websocket_operation();
  registry.router().add_websocket(
      "/ws", [&services](http::Request& upgrade) { return accept_upgrade(services, upgrade); },
      std::move(options));
}

void publish_ingest(Context& ctx, const IngestEvent& ingest) {
  LiveUpdates* live = ctx.services.live;
  if (!live) return;
  try {
    json event = {{"type", "metrics.ingested"},
                  {"client_id", ingest.client_id},
                  {"data_version", ingest.data_version},
                  {"source", ingest.source},
                  {"campaign_count", ingest.campaign_count},
                  {"rows", ingest.rows},
                  {"inserted", ingest.inserted},
                  {"updated", ingest.updated}};
    if (!ingest.campaign_ids.empty()) event["campaign_ids"] = ingest.campaign_ids;
    json anomalies = json::array();
    if (ctx.services.snapshots) {
      auto snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope());
      if (int client = snapshot->client_index(ingest.client_id); client >= 0) {
        auto pulse = client_pulse(*snapshot, static_cast<std::uint32_t>(client));
        if (pulse.period) {
          event["totals"] = pulse.totals;
          event["totals"]["from"] = core::format_iso_date(pulse.period->from);
          event["totals"]["to"] = core::format_iso_date(pulse.period->to);
          anomalies = std::move(pulse.anomalies);
        }
      }
    }
    live->publish(ctx.principal.tenant_id, ingest.client_id, event);
    for (auto& anomaly : anomalies) {
      anomaly["type"] = "anomaly.detected";
      anomaly["client_id"] = ingest.client_id;
      live->publish(ctx.principal.tenant_id, ingest.client_id, anomaly);
    }
  } catch (const std::exception& e) {
    spdlog::warn("live updates: metrics.ingested for {} not published: {}", ingest.client_id,
                 e.what());
  }
}

void publish_rule_fired(LiveUpdates* live, const std::string& tenant_id,
                        const RuleFiredEvent& fired) {
  if (!live) return;
  try {
    json event = fired.firing;
    event["type"] = "rule.fired";
    event["client_id"] = fired.client_id;
    event["rule_id"] = fired.rule_id;
    event["rule_name"] = fired.rule_name;
    event["evaluation_id"] = fired.evaluation_id;
    live->publish(tenant_id, fired.client_id, event);
  } catch (const std::exception& e) {
    spdlog::warn("live updates: rule.fired for rule {} not published: {}", fired.rule_id, e.what());
  }
}

}  // namespace api
