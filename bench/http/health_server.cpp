// Our server as production runs it, for scripts/bench-http.sh: one inline route GET /health with
// the same body as minimal_server.cpp, every middleware on (request id, security headers, CORS
// check, metrics, JSON access log written asynchronously to --access-log, /dev/null by default).
//   usage: http_health_server [--port N] [--threads N] [--access-log PATH|off]
//   prints "listening on PORT"; SIGINT/SIGTERM stop it gracefully.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "http/access_log.h"
#include "http/server.h"

int main(int argc, char** argv) {
  http::ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.version = "bench";
  options.cors_origins = {"https://app.example"};
  std::string access_log = "/dev/null";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--port") options.port = static_cast<uint16_t>(std::atoi(argv[i + 1]));
    if (flag == "--threads") options.io_threads = std::atoi(argv[i + 1]);
    if (flag == "--access-log") access_log = argv[i + 1];
  }
  auto logger = http::install_access_log(access_log == "off" ? "/dev/null" : access_log);
  if (access_log == "off") logger->set_level(spdlog::level::off);  // to measure the log's cost
  http::Router router;
  http::RouteOptions inline_route;
  inline_route.offload = false;
  router.add("GET", "/health", [](http::Request&) {
    return http::Response::json(200, R"({"status":"ok"})");
  }, inline_route);
  http::Metrics metrics;
  http::Server server(options, router, metrics);
  server.stop_on_signals();
  server.start();
  std::printf("listening on %u\n", server.port());
  std::fflush(stdout);
  server.wait();
  return 0;
}
