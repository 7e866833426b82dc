// What handlers are given: the infrastructure they call, wired once by app/.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace store { class Database; }
namespace security { class JwtCodec; }
namespace cache { class RateLimiter; class RedisClient; class Cache; }
namespace http { class Metrics; }

namespace api {

class Authenticator;
class LiveUpdates;
class SnapshotCache;
class ModelRegistry;
class CurveCache;

struct Settings {
  std::string version = "dev";
  std::string static_dir;          // built web assets and vendored Swagger UI / ReDoc
  std::chrono::seconds api_key_cache_ttl{5};
  bool demo_mode = false;
};

struct Services {
  store::Database& db;
  const security::JwtCodec& jwt;
  Authenticator& auth;
  cache::RateLimiter& request_limiter;  // per credential
  cache::RateLimiter& login_limiter;    // per remote address, for /auth/token
  cache::RedisClient* redis = nullptr;  // null when REDIS_URL is not configured
  http::Metrics& metrics;
  Settings settings;
  // Dashboards: per-tenant in-memory copies of the metrics, and rendered answers (an LruCache,
  // or a RedisCache shared by replicas). Null until wired; the dashboard then refuses (503).
  SnapshotCache* snapshots = nullptr;
  cache::Cache* answers = nullptr;
  LiveUpdates* live = nullptr;  // WebSocket events (live_updates.h); null: none are published
  // Forecasters per tenant (model_registry.h). Null until wired; forecasting then refuses (503).
  ModelRegistry* models = nullptr;
  // Fitted response curves per client and data version (client_curves.h). Null until wired;
  // budget optimization then refuses (503).
  CurveCache* curves = nullptr;
  // Tells this process's job workers that a job was queued (they also poll); may be empty.
  std::function<void()> wake_jobs = nullptr;
  // Seconds between an ingest and the model retraining it queues (deduplicated per tenant).
  std::chrono::seconds retrain_delay{600};
  std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();
};

}  // namespace api
