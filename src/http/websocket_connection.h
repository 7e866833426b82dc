// One accepted WebSocket connection on the server: the handshake, the read loop handing text
// messages to the route's receiver on the worker pool, and a bounded outgoing queue drained by a
// writer on the connection's strand. Internal to http/; the Beast WebSocket templates stay in
// websocket_connection.cpp so server.cpp does not compile them too.
#pragma once

#include "http/io_detail.h"

#include <memory>
#include <string>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/metrics.h"
#include "http/websocket.h"

namespace http::detail {

class WebSocketConnection {
 public:
  using Upgrade = boost::beast::http::request<boost::beast::http::string_body>;

  // Takes over `stream` (the HTTP connection that asked for the upgrade). `hub`, `options` and
  // `metrics` must outlive the connection.
  static std::shared_ptr<WebSocketConnection> create(boost::beast::tcp_stream&& stream,
                                                     WebSocketHub& hub,
                                                     const WebSocketOptions& options,
                                                     Metrics& metrics);
  virtual ~WebSocketConnection() = default;

  // Answers `upgrade` with the 101 handshake (carrying X-Request-ID). False when the handshake
  // failed; Beast has then answered the client itself (400 or 426). On the stream's strand.
  virtual asio::awaitable<bool> accept(const Upgrade& upgrade, const std::string& request_id) = 0;

  // Serves the accepted connection until it closes, then leaves every topic it joined. Call
  // once, after accept() succeeded, on the stream's strand.
  virtual asio::awaitable<void> serve(const WebSocketReceiver& receiver,
                                      asio::thread_pool& pool) = 0;

  // gracefully: a close frame 1001 (going away) after the messages already queued, then the
  // closing handshake (bounded by the idle timeout). Otherwise the TCP connection is closed at
  // once. Thread-safe; calling it again, or after the connection ended, does no harm.
  virtual void close(bool gracefully) = 0;
};

}  // namespace http::detail
