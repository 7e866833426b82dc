// A real server on 127.0.0.1 and a free port, with a silent access log unless a test installs
// its own.
#pragma once

#include <memory>
#include <string>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "http/server.h"

namespace http::test {

inline void use_access_sink(spdlog::sink_ptr sink) {
  spdlog::drop("access");
  spdlog::register_logger(std::make_shared<spdlog::logger>("access", std::move(sink)));
  spdlog::get("access")->set_pattern("%v");
}

struct TestServer {
  TestServer() { use_access_sink(std::make_shared<spdlog::sinks::null_sink_mt>()); }

  // Binds to 127.0.0.1:0 with two I/O threads unless `options` says otherwise.
  void start(ServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    if (options.io_threads == 0) options.io_threads = 2;
    if (options.worker_threads == 0) options.worker_threads = 4;
    server = std::make_unique<Server>(std::move(options), router, metrics);
    server->start();
  }

  std::string url(const std::string& target) const {
    return "http://127.0.0.1:" + std::to_string(server->port()) + target;
  }

  Router router;
  Metrics metrics;
  std::unique_ptr<Server> server;  // declared last: stops before router and metrics go
};

}  // namespace http::test
