// Prometheus metrics for the process. One Metrics object owns the registry that every module
// registers into (database pool gauges, cache counters, …); the HTTP server records the request
// series below and /metrics renders the lot. All members are safe to call from any thread.
//
//   http_requests_total{method,route,status}                counter
//   http_request_duration_seconds{method,route,status}      histogram, 0.5 ms … 5 s
//   http_requests_in_flight                                 gauge
//   http_connections_open                                   gauge
//   strategist_build_info{version}                          gauge, always 1
//   websocket_connections_open                              gauge
//   websocket_messages_sent_total                           counter (to clients)
//   websocket_slow_consumers_dropped_total                  counter
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace prometheus {
class Registry;
}

namespace http {

class Metrics {
 public:
  // Registers the HTTP families into `registry`, or into a new registry when null.
  explicit Metrics(std::shared_ptr<prometheus::Registry> registry = nullptr);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The shared registry; other modules add their own families to it.
  const std::shared_ptr<prometheus::Registry>& registry() const;

  // Counts one finished request and its duration. `route` is the matched pattern or
  // "unmatched"; methods outside the standard set are recorded as "OTHER" so clients cannot
  // create series at will. Lock-free after the first request of each (method, route, status).
  void observe_request(std::string_view method, std::string_view route, int status,
                       double seconds);

  void add_in_flight(double delta);
  void add_connections(double delta);
  void add_websockets(double delta);
  void count_websocket_message();
  void count_websocket_dropped();

  // Sets strategist_build_info{version} to 1.
  void set_build_info(const std::string& version);

  // Everything in the registry, in the Prometheus text exposition format (version 0.0.4).
  std::string render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace http
