// Plain HTTP request and response types that handlers see. No Beast in here: handlers and
// their tests work with these values alone, without sockets.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

// Header names compare case-insensitively; the first value wins on lookup.
class Headers {
 public:
  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every field called `name` by one with `value`.
  void set(std::string_view name, std::string value);
  std::optional<std::string_view> get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;          // "GET", "POST", …
  std::string target;          // as sent: path and query, still percent-encoded
  std::string path;            // percent-decoded path, no query
  std::multimap<std::string, std::string> query;  // percent-decoded query parameters
  Headers headers;
  std::string body;
  std::string remote_address;

  // Filled in by the server before the handler runs.
  std::string route;                                // matched pattern: "/api/v1/clients/{id}"
  std::map<std::string, std::string> path_params;   // {"id": "acme"}
  std::string request_id;                           // the caller's X-Request-ID or a new one

  // Set by the authentication layer, read by the access log.
  std::string tenant_id;

  std::optional<std::string_view> header(std::string_view name) const { return headers.get(name); }
  // The first value of a query parameter, if present.
  std::optional<std::string> query_param(std::string_view name) const;
  const std::string& path_param(const std::string& name) const { return path_params.at(name); }
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // A response with a body and its Content-Type.
  static Response with_body(int status, std::string content_type, std::string body);
  static Response json(int status, std::string body) {
    return with_body(status, "application/json", std::move(body));
  }
  static Response no_content() { return Response{204, {}, {}}; }
};

}  // namespace http
