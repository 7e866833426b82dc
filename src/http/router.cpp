#include "http/router.h"

#include <algorithm>
#include <deque>
#include <stdexcept>

#include "http/problem.h"
#include "http/url.h"

namespace http {

// One node per path position. Terminal nodes carry the routes for each method.
struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;  // {name}: one non-empty segment
  std::unique_ptr<Node> rest;   // {name...}: the non-empty remainder; always terminal
  std::vector<std::pair<std::string, size_t>> methods;  // method → index into routes_

  const size_t* find(std::string_view method) const {
    for (const auto& [m, index] : methods) {
      if (m == method) return &index;
    }
    return nullptr;
  }
  const size_t* find_for_request(std::string_view method) const {
    const size_t* index = find(method);
    if (!index && method == "HEAD") index = find("GET");
    return index;
  }
};

namespace {

// "/a/b/" → {"a", "b", ""}; "/" → {}. `offsets` gets each segment's position in `path`.
std::vector<std::string_view> split(std::string_view path, std::vector<size_t>* offsets) {
  std::vector<std::string_view> segments;
  if (path.size() <= 1) return segments;
  size_t start = 1;
  while (true) {
    size_t slash = path.find('/', start);
    if (offsets) offsets->push_back(start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool valid_param_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

[[noreturn]] void bad_pattern(const std::string& pattern, const char* why) {
  throw std::invalid_argument("route pattern '" + pattern + "': " + why);
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern[0] != '/') bad_pattern(pattern, "must start with '/'");
  if (method.empty()) bad_pattern(pattern, "empty method");
  std::vector<std::string> names;
  Node* node = root_.get();
  auto segments = split(pattern, nullptr);
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string_view segment = segments[i];
    bool braced = segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
    if (!braced) {
      if (segment.find_first_of("{}") != std::string_view::npos) bad_pattern(pattern, "stray brace");
      auto it = node->literals.find(segment);
      if (it == node->literals.end()) {
        it = node->literals.emplace(std::string(segment), std::make_unique<Node>()).first;
      }
      node = it->second.get();
      continue;
    }
    std::string_view name = segment.substr(1, segment.size() - 2);
    bool is_rest = name.size() > 3 && name.ends_with("...");
    if (is_rest) name.remove_suffix(3);
    if (!valid_param_name(name)) bad_pattern(pattern, "parameter names are [A-Za-z0-9_]+");
    if (is_rest && i + 1 != segments.size()) bad_pattern(pattern, "{name...} must be last");
    auto& child = is_rest ? node->rest : node->param;
    if (!child) child = std::make_unique<Node>();
    node = child.get();
    names.emplace_back(name);
  }
  if (node->find(method)) bad_pattern(pattern, "already registered for this method");
  node->methods.emplace_back(method, routes_.size());
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler),
                          std::move(options), {}});
  param_names_.push_back(std::move(names));
}

void Router::add_websocket(std::string pattern, WebSocketAccept accept, RouteOptions options) {
  if (!accept) throw std::invalid_argument("route pattern '" + pattern + "': no WebSocketAccept");
  auto plain_get = [](Request&) -> Response {
    Problem p;
    p.status = 426;
    p.title = status_title(426);
    p.detail = "this path speaks WebSocket only: send a WebSocket upgrade request";
    p.extra_headers.emplace_back("Upgrade", "websocket");
    throw ProblemError(std::move(p));
  };
  options.offload = false;  // the plain-GET answer is cheap; `accept` is offloaded regardless
  add("GET", pattern, plain_get, std::move(options));
  routes_.back().websocket = std::move(accept);
}

namespace {

// Depth-first search in precedence order: literal, then {param}, then {rest...}. Stops at the
// first terminal node that has the method; otherwise remembers every terminal node that matched
// the path, for the 405 answer.
template <typename NodeT>
struct Search {
  std::string_view method;
  std::string_view path;
  std::vector<std::string_view> segments;
  std::vector<size_t> offsets;
  std::vector<std::string_view> values;
  const size_t* found = nullptr;
  std::vector<const NodeT*> path_matches;
  std::deque<std::string> decoded;  // owns decoded text the views point into (stable addresses)

  // Decodes in place only when there is something to decode; false on a malformed escape.
  bool decode(std::string_view& text) {
    if (text.find('%') == std::string_view::npos) return true;
    auto plain = percent_decode(text, false);
    if (!plain) return false;
    text = decoded.emplace_back(std::move(*plain));
    return true;
  }

  bool terminal(const NodeT& node) {
    if (node.methods.empty()) return false;
    found = node.find_for_request(method);
    if (!found) path_matches.push_back(&node);
    return found != nullptr;
  }

  bool visit(const NodeT& node, size_t i) {
    if (i == segments.size()) return terminal(node);
    std::string_view segment = segments[i];
    if (auto it = node.literals.find(segment); it != node.literals.end()) {
      if (visit(*it->second, i + 1)) return true;
    }
    if (node.param && !segment.empty()) {
      values.push_back(segment);
      if (visit(*node.param, i + 1)) return true;
      values.pop_back();
    }
    if (node.rest) {
      std::string_view remainder = path.substr(offsets[i]);
      if (!remainder.empty() && decode(remainder)) {
        values.push_back(remainder);
        if (terminal(*node.rest)) return true;
        values.pop_back();
      }
    }
    return false;
  }
};

void add_allowed(std::vector<std::string>& allowed, const std::string& method) {
  if (std::find(allowed.begin(), allowed.end(), method) == allowed.end()) {
    allowed.push_back(method);
  }
}

}  // namespace

Match Router::match(std::string_view method, std::string_view raw_path) const {
  Search<Node> search{method, raw_path, {}, {}, {}, nullptr, {}, {}};
  search.segments = split(raw_path, &search.offsets);
  Match result;
  for (auto& segment : search.segments) {
    if (!search.decode(segment)) return result;
  }
  if (search.visit(*root_, 0)) {
    result.kind = Match::Kind::kFound;
    result.route = &routes_[*search.found];
    const auto& names = param_names_[*search.found];
    for (size_t i = 0; i < names.size(); ++i) {
      result.params.emplace(names[i], std::string(search.values[i]));
    }
    return result;
  }
  if (search.path_matches.empty()) return result;
  result.kind = Match::Kind::kMethodNotAllowed;
  result.route = &routes_[search.path_matches.front()->methods.front().second];
  for (const Node* node : search.path_matches) {
    for (const auto& [m, index] : node->methods) {
      add_allowed(result.allowed, m);
      if (m == "GET") add_allowed(result.allowed, "HEAD");
    }
  }
  return result;
}

}  // namespace http
