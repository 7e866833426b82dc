// Maps (method, path) to a handler. Patterns are literal segments and parameters:
//   /api/v1/clients/{id}/metrics     {id} matches one non-empty segment
//   /static/{path...}                a trailing {name...} captures the non-empty rest, slashes included
// A literal segment wins over a parameter, a parameter over a rest capture, whatever the order
// routes were added in. HEAD matches GET routes unless a HEAD route exists (the server drops the
// body). A WebSocket route (add_websocket) is a GET route whose upgrade requests the server hands
// to the route's WebSocketAccept. Build the router before the server starts; afterwards it is
// read-only and safe to use from any number of threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/message.h"
#include "http/websocket.h"

namespace http {

// Runs once per request. May throw ProblemError (rendered as its problem) or anything else
// (rendered as a 500 whose detail never shows the exception's text).
using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  // true: run on the worker pool (blocking work such as database calls).
  // false: run inline on the I/O thread; only for cheap handlers (/health, /metrics).
  bool offload = true;
  // An OpenAPI Operation object supplied by the api layer; the router stores it untouched.
  nlohmann::json openapi;
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  WebSocketAccept websocket;  // set for WebSocket routes only
};

struct Match {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  // kFound: the route to run. kMethodNotAllowed: a route on the same path (another method), for
  // labelling by pattern. kNotFound: null. Valid until the router is changed.
  const Route* route = nullptr;
  std::map<std::string, std::string> params;  // kFound: {"id": "acme"}
  std::vector<std::string> allowed;           // kMethodNotAllowed: methods the path accepts
};

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers a route. Throws std::invalid_argument for a pattern that does not start with '/',
  // has a malformed or misplaced {param}, or repeats an existing (method, pattern).
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  // Registers a WebSocket route on GET `pattern`: the server runs `accept` for a WebSocket
  // upgrade request and, when it accepts, completes the handshake and serves the connection
  // (see websocket.h). A GET that asks for no upgrade is answered 426 Upgrade Required.
  // options.offload is ignored (`accept` always runs on the worker pool). Throws as add().
  void add_websocket(std::string pattern, WebSocketAccept accept, RouteOptions options = {});

  // Finds the route for a path as it arrived: still percent-encoded, without the query. The
  // path is split on '/' before each segment is decoded, so "/clients/a%2Fb" gives id "a/b".
  // Parameter values are decoded; a segment with a malformed escape matches nothing.
  Match match(std::string_view method, std::string_view raw_path) const;

  // Every route, in the order added (the OpenAPI document is built from these).
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> param_names_;  // per route, in pattern order
};

}  // namespace http
