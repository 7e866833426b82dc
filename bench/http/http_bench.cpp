// The per-request work of GET /health without sockets: routing, the handler, framing, metrics
// and the access-log line. What is left over against the minimal server is I/O.
#include <benchmark/benchmark.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "http/access_log.h"
#include "http/pipeline.h"

namespace {

http::Router make_router() {
  http::Router router;
  http::RouteOptions inline_route;
  inline_route.offload = false;
  router.add("GET", "/health", [](http::Request&) {
    return http::Response::json(200, R"({"status":"ok"})");
  }, inline_route);
  router.add("GET", "/api/v1/clients/{id}/campaigns/{campaign_id}/metrics",
             [](http::Request&) { return http::Response::no_content(); });
  router.add("GET", "/static/{path...}", [](http::Request&) { return http::Response::no_content(); });
  return router;
}

void BM_RouterMatchLiteral(benchmark::State& state) {
  auto router = make_router();
  for (auto _ : state) benchmark::DoNotOptimize(router.match("GET", "/health"));
}
BENCHMARK(BM_RouterMatchLiteral);

void BM_RouterMatchParams(benchmark::State& state) {
  auto router = make_router();
  for (auto _ : state) {
    benchmark::DoNotOptimize(router.match("GET", "/api/v1/clients/acme/campaigns/42/metrics"));
  }
}
BENCHMARK(BM_RouterMatchParams);

void BM_MetricsObserve(benchmark::State& state) {
  http::Metrics metrics;
  for (auto _ : state) metrics.observe_request("GET", "/health", 200, 0.0001);
}
BENCHMARK(BM_MetricsObserve);

void BM_AccessLine(benchmark::State& state) {
  std::string line;
  for (auto _ : state) {
    line.clear();
    http::append_access_json({std::chrono::system_clock::now(), "GET", "/health", "/health", 200,
                              0.05, "", "0123456789abcdef0123456789abcdef", "127.0.0.1", 15},
                             line);
    benchmark::DoNotOptimize(line.data());
  }
}
BENCHMARK(BM_AccessLine);

// route → invoke → finish, with the async access log to /dev/null as in production.
void BM_PipelineHealth(benchmark::State& state) {
  auto router = make_router();
  http::Metrics metrics;
  auto log = http::install_access_log("/dev/null");
  http::detail::Pipeline pipeline(router, metrics, log, {{"https://app.example"}, false});
  std::string wire;
  for (auto _ : state) {
    http::Request request;
    request.method = "GET";
    request.target = "/health";
    request.headers.add("Host", "127.0.0.1:8029");
    auto start = http::detail::Pipeline::Clock::now();
    http::Response response;
    const http::Route* route = pipeline.route(request, response);
    response = pipeline.invoke(*route, request);
    pipeline.finish(request, response, start, {}, wire);
    benchmark::DoNotOptimize(wire.data());
  }
}
BENCHMARK(BM_PipelineHealth);

}  // namespace
BENCHMARK_MAIN();
