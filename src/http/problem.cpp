#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace http {
namespace {

constexpr const char* kValidationType = "urn:strategist:problem:validation";

Problem make(int status, std::string detail) {
  Problem p;
  p.status = status;
  p.title = status_title(status);
  p.detail = std::move(detail);
  return p;
}

}  // namespace

const char* ProblemError::what() const noexcept {
  if (what_.empty()) {
    try {
      what_ = problem.title + (problem.detail.empty() ? "" : ": " + problem.detail);
    } catch (...) {
      return "problem";
    }
  }
  return what_.c_str();
}

Response render_problem(const Problem& problem, const Request& request) {
  nlohmann::json body = {
      {"type", problem.type},
      {"title", problem.title},
      {"status", problem.status},
  };
  if (!problem.detail.empty()) body["detail"] = problem.detail;
  body["instance"] = request.path;
  body["request_id"] = request.request_id;
  if (!problem.errors.empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& e : problem.errors) {
      errors.push_back({{"field", e.field}, {"message", e.message}});
    }
  }
  Response response = Response::with_body(
      problem.status, "application/problem+json",
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  for (const auto& [name, value] : problem.extra_headers) response.headers.add(name, value);
  return response;
}

const char* status_title(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

Problem bad_request(std::string detail, std::vector<FieldError> errors) {
  Problem p = make(400, std::move(detail));
  if (!errors.empty()) p.type = kValidationType;
  p.errors = std::move(errors);
  return p;
}

Problem unauthorized(std::string detail) {
  Problem p = make(401, std::move(detail));
  p.extra_headers.emplace_back("WWW-Authenticate", "Bearer");
  return p;
}

Problem forbidden(std::string detail) { return make(403, std::move(detail)); }
Problem not_found(std::string detail) { return make(404, std::move(detail)); }

Problem method_not_allowed(const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& m : allowed) list += (list.empty() ? "" : ", ") + m;
  Problem p = make(405, "allowed: " + list);
  p.extra_headers.emplace_back("Allow", list);
  return p;
}

Problem conflict(std::string detail) { return make(409, std::move(detail)); }
Problem payload_too_large(std::string detail) { return make(413, std::move(detail)); }

Problem unprocessable(std::string detail, std::vector<FieldError> errors) {
  Problem p = make(422, std::move(detail));
  p.type = kValidationType;
  p.errors = std::move(errors);
  return p;
}

Problem too_many_requests(int retry_after_seconds) {
  Problem p = make(429, "retry after " + std::to_string(retry_after_seconds) + " s");
  p.extra_headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return p;
}

Problem internal_error() { return make(500, "internal error"); }

Problem service_unavailable(std::string detail, int retry_after_seconds) {
  Problem p = make(503, std::move(detail));
  if (retry_after_seconds > 0) {
    p.extra_headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  }
  return p;
}

}  // namespace http
