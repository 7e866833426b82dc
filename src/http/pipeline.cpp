#include "http/pipeline.h"

#include <ctime>
#include <random>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "http/access_log.h"
#include "http/problem.h"
#include "http/url.h"

namespace http::detail {
namespace {

constexpr std::string_view kSecurityHeaders =
    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "X-Frame-Options: DENY\r\n";
constexpr std::string_view kHsts = "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n";
constexpr std::string_view kCorsExpose =
    "Vary: Origin\r\nAccess-Control-Expose-Headers: X-Request-ID, Retry-After, Location\r\n";
constexpr const char* kCorsAllowHeaders = "Authorization, Content-Type, Idempotency-Key, X-Request-ID";

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string random_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int half = 0; half < 2; ++half) {
    uint64_t bits = rng();
    for (int i = 0; i < 16; ++i, bits >>= 4) id[half * 16 + i] = kHex[bits & 15];
  }
  return id;
}

// "Date: Sun, 24 Nov 2024 17:08:00 GMT\r\n", formatted once per second per thread.
std::string_view date_header() {
  thread_local std::time_t cached_second = -1;
  thread_local char cached[64];
  thread_local size_t length = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::strftime(cached, sizeof cached, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    cached_second = now;
  }
  return {cached, length};
}

bool is_token(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 || c == ':' || c == '(' || c == ')' || c == '"' || c == '/' ||
        c == ',' || c == ';' || c == '<' || c == '>' || c == '=' || c == '@' || c == '[' ||
        c == ']' || c == '?' || c == '{' || c == '}' || c == '\\') {
      return false;
    }
  }
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Handlers may not frame the message themselves; the server does.
bool reserved_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection") || iequals(name, "Date") || iequals(name, "X-Request-ID");
}

void append_header(std::string& wire, std::string_view name, std::string_view value) {
  wire.append(name).append(": ");
  for (char c : value) wire.push_back(c == '\r' || c == '\n' || c == '\0' ? ' ' : c);
  wire.append("\r\n");
}

void append_number(std::string& wire, size_t n) {
  char digits[24];
  char* end = digits + sizeof digits;
  char* p = end;
  do {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  wire.append(p, end);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out.append(out.empty() ? "" : ", ").append(item);
  return out;
}

}  // namespace

Pipeline::Pipeline(const Router& router, Metrics& metrics,
                   std::shared_ptr<spdlog::logger> access_log, PipelineOptions options)
    : router_(router), metrics_(metrics), access_log_(std::move(access_log)) {
  for (auto& origin : options.cors_origins) {
    if (origin == "*") any_origin_ = true;
    origins_.insert(std::move(origin));
  }
  fixed_headers_ = kSecurityHeaders;
  if (options.hsts) fixed_headers_.append(kHsts);
}

void Pipeline::assign_request_id(Request& request) {
  auto given = request.header("X-Request-ID");
  request.request_id = given && valid_request_id(*given) ? std::string(*given) : random_request_id();
}

bool Pipeline::origin_allowed(std::string_view origin) const {
  if (origin.empty()) return false;
  return any_origin_ || origins_.count(std::string(origin)) != 0;
}

const Route* Pipeline::route(Request& request, Response& early) const {
  assign_request_id(request);
  std::string_view target = request.target;
  size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  auto path = raw_path.starts_with('/') ? percent_decode(raw_path, false) : std::nullopt;
  auto query = question == std::string_view::npos
                   ? std::optional<std::multimap<std::string, std::string>>(std::in_place)
                   : parse_query(target.substr(question + 1));
  if (!path || !query) {
    early = render_problem(bad_request("malformed request target"), request);
    return nullptr;
  }
  request.path = std::move(*path);
  request.query = std::move(*query);
  // Routing splits the still-encoded path, so an encoded '/' stays inside its segment.

  Match match = router_.match(request.method, raw_path);
  switch (match.kind) {
    case Match::Kind::kFound:
      request.route = match.route->pattern;
      request.path_params = std::move(match.params);
      return match.route;
    case Match::Kind::kNotFound:
      early = render_problem(not_found("no such path"), request);
      return nullptr;
    case Match::Kind::kMethodNotAllowed:
      request.route = match.route->pattern;
      early = request.method == "OPTIONS" ? preflight(request, match.allowed)
                                          : render_problem(method_not_allowed(match.allowed), request);
      return nullptr;
  }
  return nullptr;
}

Response Pipeline::preflight(const Request& request, const std::vector<std::string>& allowed) const {
  Response response = Response::no_content();
  std::string methods = join(allowed);
  response.headers.add("Allow", methods);
  if (origin_allowed(request.header("Origin").value_or(""))) {
    response.headers.add("Access-Control-Allow-Methods", std::move(methods));
    response.headers.add("Access-Control-Allow-Headers", kCorsAllowHeaders);
    response.headers.add("Access-Control-Max-Age", "600");
  }
  return response;
}

template <class Call>
Response Pipeline::guarded(Request& request, Call&& call) const noexcept {
  try {
    try {
      return call();
    } catch (const ProblemError& e) {
      return render_problem(e.problem, request);
    } catch (const std::exception& e) {
      spdlog::error("request {} {} {} failed: {}", request.request_id, request.method,
                    request.path, e.what());
    } catch (...) {
      spdlog::error("request {} {} {} failed: unknown exception", request.request_id,
                    request.method, request.path);
    }
    return render_problem(internal_error(), request);
  } catch (...) {
    // Rendering itself failed (out of memory): a bare 500 still goes out.
    return Response{500, {}, {}};
  }
}

Response Pipeline::invoke(const Route& route, Request& request) const noexcept {
  return guarded(request, [&] { return route.handler(request); });
}

Response Pipeline::accept_websocket(const Route& route, Request& request,
                                    WebSocketReceiver& receiver) const noexcept {
  Response response = guarded(request, [&] {
    receiver = route.websocket(request);
    if (!receiver) throw std::logic_error("WebSocketAccept returned no receiver");
    return Response{101, {}, {}};
  });
  if (response.status != 101) receiver = nullptr;
  return response;
}

void Pipeline::finish(const Request& request, const Response& response, Clock::time_point start,
                      Framing framing, std::string& wire) const {
  int status = response.status;
  bool has_body = status >= 200 && status != 204 && status != 304;
  bool send_body = has_body && request.method != "HEAD";
  wire.clear();
  wire.reserve(512 + (send_body ? response.body.size() : 0));
  wire.append("HTTP/1.1 ");
  append_number(wire, static_cast<size_t>(status));
  wire.append(" ").append(status_title(status)).append("\r\n");
  wire.append(date_header());
  for (const auto& [name, value] : response.headers.fields()) {
    if (is_token(name) && !reserved_header(name)) append_header(wire, name, value);
  }
  append_header(wire, "X-Request-ID", request.request_id);
  wire.append(fixed_headers_);
  if (!origins_.empty()) {
    auto origin = request.header("Origin");
    if (origin && origin_allowed(*origin)) {
      append_header(wire, "Access-Control-Allow-Origin", *origin);
      wire.append(kCorsExpose);
    }
  }
  if (has_body) {
    wire.append("Content-Length: ");
    append_number(wire, response.body.size());
    wire.append("\r\n");
  }
  if (!framing.keep_alive) {
    wire.append("Connection: close\r\n");
  } else if (framing.http10) {
    wire.append("Connection: keep-alive\r\n");
  }
  wire.append("\r\n");
  if (send_body) wire.append(response.body);
  record(request, status, send_body ? response.body.size() : 0, start);
}

void Pipeline::record(const Request& request, int status, size_t bytes_out,
                      Clock::time_point start) const {
  auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::string_view route = request.route.empty() ? std::string_view("unmatched") : request.route;
  metrics_.observe_request(request.method, route, status, elapsed);
  if (!access_log_ || !access_log_->should_log(spdlog::level::info)) return;
  thread_local std::string line;
  line.clear();
  append_access_json({std::chrono::system_clock::now(), request.method, route, request.path,
                      status, elapsed * 1000, request.tenant_id, request.request_id,
                      request.remote_address, bytes_out},
                     line);
  access_log_->info(std::string_view(line));
}

}  // namespace http::detail
