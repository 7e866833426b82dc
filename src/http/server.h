// The HTTP/1.1 server: keep-alive connections on a few I/O threads, handlers on a worker pool.
//
// Every response carries X-Request-ID, the security headers (CSP, nosniff, no-referrer,
// frame DENY, HSTS when enabled) and, for an allowed Origin, the CORS headers; every request
// is counted in Metrics and written to the "access" log (see access_log.h). Requests that break
// the limits are answered, not dropped: 400 malformed, 413 body over body_limit, 431 header
// over header_limit, 503 above max_connections — then the connection is closed. A request that
// does not arrive whole within read_timeout, or a keep-alive connection idle for idle_timeout,
// is cut without an answer.
//
// A WebSocket upgrade on a route added with Router::add_websocket runs the route's accept
// callback on the worker pool; refused, its problem is the answer; accepted, the connection
// becomes a WebSocket (websocket.h) whose subscriptions live in the server's WebSocketHub until
// it closes. Clients must wait for the 101 answer before sending frames (RFC 6455 §4.1).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/metrics.h"
#include "http/router.h"
#include "http/websocket.h"

namespace http {

struct ServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 8029;                    // 0 = any free port; see Server::port()
  int io_threads = 0;                      // 0 = one per hardware core
  int worker_threads = 0;                  // 0 = max(4, 2 × cores); runs offloaded handlers
  size_t body_limit = 10 * 1024 * 1024;    // bytes; larger bodies get 413
  size_t header_limit = 16 * 1024;         // bytes incl. the request line; larger get 431
  std::chrono::seconds read_timeout{30};   // the whole request must arrive in this time
  std::chrono::seconds idle_timeout{60};   // keep-alive connection with no request; also writes
  size_t max_connections = 10000;          // more get 503 and are closed
  std::vector<std::string> cors_origins;   // empty = CORS off; "*" = any origin
  bool hsts = false;                       // send Strict-Transport-Security (behind TLS)
  std::chrono::seconds shutdown_grace{20}; // how long stop() lets in-flight requests run
  std::string version;                     // strategist_build_info{version}
  WebSocketOptions websocket;              // limits of each WebSocket connection
};

class Server {
 public:
  // `router`, `metrics` and `hub` must outlive the server. WebSocket connections subscribe in
  // `hub`; with none the server keeps its own (see websocket_hub()). Nothing happens until
  // start().
  Server(ServerOptions options, const Router& router, Metrics& metrics,
         WebSocketHub* hub = nullptr);
  // Stops (as stop()) and waits.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Makes SIGINT and SIGTERM call stop(), so wait() returns and main can exit 0. Call before
  // start().
  void stop_on_signals();

  // Binds, listens and starts the I/O and worker threads, then returns. Throws
  // std::system_error when the address cannot be bound. Call once.
  void start();

  // The bound port (useful with port 0). Valid after start().
  uint16_t port() const;

  // Where WebSocket connections subscribe and messages are published to them.
  WebSocketHub& websocket_hub();

  // Graceful stop: stops accepting, closes idle keep-alive connections, sends WebSocket clients
  // a close frame (1001 going away), lets requests in flight (and their handlers on the worker
  // pool) finish for up to shutdown_grace, answering them with Connection: close; then closes
  // whatever is left. Returns at once; safe from any thread, including a handler; calling it
  // again does nothing.
  void stop();

  // Blocks until the server has stopped and its threads have exited, including handlers still
  // running on the worker pool. Do not call from a handler or an I/O thread.
  void wait();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace http
