// `strategist serve`: wires the infrastructure to the API and runs the HTTP server.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <thread>
#include <unistd.h>

#include "api/auth.h"
#include "api/endpoint.h"
#include "api/forecast_training.h"
#include "api/live_updates.h"
#include "api/client_curves.h"
#include "api/model_registry.h"
#include "api/metrics_snapshot.h"
#include "api/resources.h"
#include "api/rule_runs.h"
#include "app/commands.h"
#include "cache/cache.h"
#include "cache/rate_limiter.h"
#include "cache/redis.h"
#include "http/access_log.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/websocket.h"
#include "jobs/worker.h"
#include "security/jwt.h"
#include "security/random.h"
#include "store/database.h"

namespace app {
namespace {

std::string executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

std::unique_ptr<cache::RateLimiter> make_limiter(cache::RedisClient* redis, cache::RateLimit limit,
                                                 const std::string& prefix) {
  if (redis) return std::make_unique<cache::RedisRateLimiter>(*redis, limit, prefix);
  return std::make_unique<cache::LocalRateLimiter>(limit);
}

}  // namespace

int serve(const Config& config, bool migrate_first) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("strategist"));
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  http::install_access_log(config.access_log == "-" ? "" : config.access_log);
  spdlog::info("starting strategist {}: {}", STRATEGIST_VERSION, config.describe());

  auto db = store::Database::open({config.database, config.database_pool});
  if (migrate_first) {
    auto applied = db->migrate();
    if (!applied.empty()) spdlog::info("applied {} migrations", applied.size());
  }

  std::string secret = config.jwt_secret;
  if (secret.empty()) {
    secret = security::random_hex(32);
    spdlog::warn("STRATEGIST_JWT_SECRET is not set: tokens are signed with a random per-process "
                 "secret and stop working at restart (API keys are unaffected)");
  }
  security::JwtOptions jwt_options;
  jwt_options.secret = secret;
  jwt_options.ttl = std::chrono::seconds(config.jwt_ttl_seconds);
  security::JwtCodec jwt(jwt_options);

  std::unique_ptr<cache::RedisClient> redis;
  if (!config.redis_url.empty()) {
    cache::RedisOptions redis_options;
    redis_options.url = config.redis_url;
    redis = std::make_unique<cache::RedisClient>(redis_options);
  }
  auto request_limiter = make_limiter(
      redis.get(), {config.rate_limit_per_second, config.rate_limit_burst}, "rl:req:");
  auto login_limiter = make_limiter(
      redis.get(), {config.login_rate_per_minute / 60.0, config.login_rate_per_minute}, "rl:login:");

  http::Metrics metrics;
  api::Settings settings;
  settings.version = STRATEGIST_VERSION;
  settings.static_dir = config.static_dir.empty() ? executable_dir() + "/static" : config.static_dir;
  cache::LruCache key_cache(1 << 20);
  key_cache.register_metrics(*metrics.registry(), "api_keys");
  api::Authenticator auth(*db, jwt, key_cache, settings.api_key_cache_ttl);
  api::Services services{*db,  jwt,         auth, *request_limiter, *login_limiter, redis.get(),
                         metrics, settings};
  // Dashboard answers are shared by replicas through Redis when it is configured; the metrics
  // copies they are computed from stay per process (keyed on the tenant's data version).
  api::SnapshotCache snapshots;
  std::unique_ptr<cache::Cache> answers;
  if (redis) {
    answers = std::make_unique<cache::RedisCache>(*redis, "strategist:dashboard:");
  } else {
    answers = std::make_unique<cache::LruCache>(std::size_t{64} << 20);
  }
  answers->register_metrics(*metrics.registry(), "dashboard");
  services.snapshots = &snapshots;
  services.answers = answers.get();

  // Live updates (GET /ws): through Redis pub/sub when it is configured, so a WebSocket on any
  // replica receives the events every replica publishes; in-process otherwise.
  http::WebSocketHub hub;
  auto live = redis ? std::make_unique<api::LiveUpdates>(hub, *redis)
                    : std::make_unique<api::LiveUpdates>(hub);
  if (!live->wait_until_subscribed(std::chrono::seconds(2))) {
    spdlog::warn("live updates: Redis has not confirmed the subscription yet; events published "
                 "until it does do not reach this replica's WebSockets");
  }
  services.live = live.get();

  // Forecasting: each tenant's latest trained model, loaded now so first requests do not wait;
  // training runs on the job queue, in this process when it runs workers.
  api::ModelRegistry models(*db);
  try {
    if (auto loaded = models.preload(); loaded > 0) spdlog::info("loaded {} forecast models", loaded);
  } catch (const std::exception& e) {
    spdlog::error("forecast models not preloaded: {}", e.what());
  }
  services.models = &models;
  api::CurveCache curves;
  services.curves = &curves;
  services.retrain_delay = std::chrono::seconds(config.retrain_delay_seconds);
  jobs::WorkerOptions worker_options;
  worker_options.threads = static_cast<std::size_t>(std::max(config.job_threads, 0));
  jobs::Worker worker(*db, worker_options);
  worker.handle(api::kTrainingJobKind, [&](const jobs::JobContext& job) {
    return api::run_training_job(*db, snapshots, models, job.job);
  });
  worker.handle(api::kRuleJobKind, [&](const jobs::JobContext& job) {
    return api::run_rule_job(*db, snapshots, live.get(), job.job);
  });
  if (config.job_threads > 0) {
    worker.start();
    services.wake_jobs = [&worker] { worker.wake(); };
  }

  http::Router router;
  api::ApiRegistry registry(router, services);
  api::install_all_endpoints(registry);
  api::install_live_updates_endpoint(registry);

  http::ServerOptions options;
  options.address = config.address;
  options.port = config.port;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.body_limit = config.body_limit_bytes;
  options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  options.max_connections = config.max_connections;
  options.cors_origins = config.cors_origins;
  options.hsts = config.behind_tls;
  options.version = STRATEGIST_VERSION;
  http::Server server(options, router, metrics, &hub);
  server.stop_on_signals();
  server.start();
  std::string url = config.public_url.empty()
                        ? "http://localhost:" + std::to_string(server.port())
                        : config.public_url;
  spdlog::info("listening on {}:{} — open {}/ (API reference at {}/docs)", config.address,
               server.port(), url, url);
  server.wait();
  worker.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace app
