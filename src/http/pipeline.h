// What happens to every request between the socket and the handler, without any socket: request
// id, target parsing, routing (404/405/CORS preflight), exception-to-problem conversion, the
// headers every response carries, metrics, the access log and serialization. The server
// (server.cpp) does only I/O around this; tests drive it directly. Internal to http/.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"

namespace spdlog {
class logger;
}

namespace http::detail {

struct PipelineOptions {
  std::vector<std::string> cors_origins;  // empty = CORS off, "*" = any origin
  bool hsts = false;
};

// How the server frames the response on the wire.
struct Framing {
  bool keep_alive = true;
  bool http10 = false;  // the request was HTTP/1.0: keep-alive must be announced
};

class Pipeline {
 public:
  using Clock = std::chrono::steady_clock;

  // `router` and `metrics` must outlive the pipeline; `access_log` may be null (no log).
  Pipeline(const Router& router, Metrics& metrics, std::shared_ptr<spdlog::logger> access_log,
           PipelineOptions options);

  // Sets request.request_id: the caller's X-Request-ID when it is 1–128 characters of
  // [A-Za-z0-9._:-], otherwise a new random 32-hex-digit id.
  static void assign_request_id(Request& request);

  // Assigns the request id, decodes target into path and query, and routes. Returns the route
  // to run with request.route and path_params filled in, or null with `early` set to the whole
  // answer: 400 (malformed target), 404, 405 with Allow, or 204 for an OPTIONS preflight.
  const Route* route(Request& request, Response& early) const;

  // Runs the route's handler. ProblemError becomes its problem; any other exception becomes a
  // 500 "internal error" and its message is logged with the request id. Never throws.
  Response invoke(const Route& route, Request& request) const noexcept;

  // Runs a WebSocket route's accept callback. On acceptance sets `receiver` and returns a 101
  // response (not sent: the WebSocket handshake answers); on refusal returns the problem, as
  // invoke() does, and leaves `receiver` empty. Never throws.
  Response accept_websocket(const Route& route, Request& request,
                            WebSocketReceiver& receiver) const noexcept;

  // Serializes `response` into `wire` (replacing its contents) with the headers every response
  // carries — X-Request-ID, Date, security headers, CORS for an allowed Origin — and framing:
  // Content-Length, Connection, no body for HEAD/204/304. Then records the request's metrics and
  // access-log line, timed from `start`. Safe from any thread.
  void finish(const Request& request, const Response& response, Clock::time_point start,
              Framing framing, std::string& wire) const;

  // Whether CORS headers are sent for this Origin value.
  bool origin_allowed(std::string_view origin) const;

  // Records a request's metrics and access-log line, timed from `start`, for answers that
  // finish() did not serialize (a WebSocket handshake). Safe from any thread.
  void record(const Request& request, int status, size_t bytes_out, Clock::time_point start) const;

 private:
  Response preflight(const Request& request, const std::vector<std::string>& allowed) const;
  // Runs `call` (which returns the response) converting exceptions as invoke() documents.
  template <class Call>
  Response guarded(Request& request, Call&& call) const noexcept;

  const Router& router_;
  Metrics& metrics_;
  std::shared_ptr<spdlog::logger> access_log_;
  bool any_origin_ = false;
  std::unordered_set<std::string> origins_;
  std::string fixed_headers_;  // security headers, serialized once
};

}  // namespace http::detail
