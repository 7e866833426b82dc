#include "api/system.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "api/endpoint.h"
#include "cache/redis.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "store/database.h"

namespace api {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Serves one file of the static folder at a fixed path (read once; the folder is part of the
// release). Cache-Control: no-cache, so a new release shows at the next load.
Handler page(const std::string& static_dir, const std::string& file,
             const std::string& content_type = "text/html; charset=utf-8") {
  auto body = std::make_shared<std::string>(read_file(std::filesystem::path(static_dir) / file));
  return [body, file, content_type](Context&) {
    if (body->empty()) {
      throw http::ProblemError(http::not_found(file + " is not installed next to the binary"));
    }
    auto r = http::Response::with_body(200, content_type, *body);
    r.headers.set("Cache-Control", "no-cache");
    return r;
  };
}

}  // namespace

void install_system_endpoints(ApiRegistry& registry) {
  Services& services = registry.services();

  Endpoint("GET", "/health")
      .summary("Liveness: the process is up")
      .tag("operations").public_access().runs_inline()
      .install(registry, [&services](Context&) {
        auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::steady_clock::now() - services.started_at);
        return json_response({{"status", "ok"},
                              {"version", services.settings.version},
                              {"uptime_seconds", uptime.count()}});
      });

  Endpoint("GET", "/ready")
      .summary("Readiness: the database (and Redis, when configured) answer")
      .description("503 when a dependency does not answer.")
      .tag("operations").public_access()
      .install(registry, [&services](Context&) {
        nlohmann::json checks;
        bool ready = true;
        bool db_ok = false;
        try {
          db_ok = services.db.ping();
        } catch (const std::exception&) {
        }
        checks["database"] = db_ok ? "ok" : "unavailable";
        ready = ready && db_ok;
        if (services.redis) {
          bool redis_ok = false;
          try {
            redis_ok = services.redis->ping();
          } catch (const std::exception&) {
          }
          checks["redis"] = redis_ok ? "ok" : "unavailable";
          ready = ready && redis_ok;
        }
        return json_response({{"status", ready ? "ready" : "not_ready"}, {"checks", checks}},
                             ready ? 200 : 503);
      });

  auto& registry_ref = *services.metrics.registry();
  auto& pool_gauges = prometheus::BuildGauge()
                          .Name("db_pool_connections")
                          .Help("Database connections in the pool, by state")
                          .Register(registry_ref);
  auto* pool_size = &pool_gauges.Add({{"state", "total"}});
  auto* pool_in_use = &pool_gauges.Add({{"state", "in_use"}});
  Endpoint("GET", "/metrics")
      .summary("Prometheus metrics")
      .tag("operations").public_access().runs_inline()
      .returns_raw(200, "text/plain; version=0.0.4", "Prometheus text exposition format")
      .install(registry, [&services, pool_size, pool_in_use](Context&) {
        auto stats = services.db.pool_stats();
        pool_size->Set(static_cast<double>(stats.size));
        pool_in_use->Set(static_cast<double>(stats.in_use));
        return http::Response::with_body(200, "text/plain; version=0.0.4; charset=utf-8",
                                         services.metrics.render());
      });

  // The document is built once, on first request, after every operation has been installed.
  auto openapi = std::make_shared<std::string>();
  auto once = std::make_shared<std::once_flag>();
  Endpoint("GET", "/openapi.json")
      .summary("This API's OpenAPI 3.1 document")
      .tag("operations").public_access().runs_inline()
      .install(registry, [&registry, openapi, once](Context& ctx) {
        std::call_once(*once, [&] {
          *openapi = registry.openapi_document(ctx.services.settings.version).dump();
        });
        return http::Response::json(200, *openapi);
      });

  const std::string& static_dir = services.settings.static_dir;
  Endpoint("GET", "/docs").summary("Swagger UI").tag("operations").public_access()
      .returns_raw(200, "text/html", "Swagger UI page")
      .install(registry, page(static_dir, "docs.html"));
  Endpoint("GET", "/redoc").summary("ReDoc").tag("operations").public_access()
      .returns_raw(200, "text/html", "ReDoc page")
      .install(registry, page(static_dir, "redoc.html"));

  Endpoint("GET", "/").summary("The web dashboard").tag("operations").public_access()
      .returns_raw(200, "text/html", "The dashboard's page (docs/web.md)")
      .install(registry, page(static_dir, "index.html"));
  // At the root, because a service worker controls only the paths below its own.
  Endpoint("GET", "/sw.js").summary("The dashboard's service worker").tag("operations")
      .public_access()
      .returns_raw(200, "text/javascript", "The service worker caching the dashboard's shell")
      .install(registry, page(static_dir, "sw.js", "text/javascript; charset=utf-8"));

  if (std::filesystem::is_directory(static_dir)) {
    http::StaticFilesOptions options;
    options.root = static_dir;
    options.cache_control = "public, max-age=3600";
    registry.router().add("GET", "/static/{path...}", http::static_files(options));
  }
}

}  // namespace api
