// Declares one API operation: its route, who may call it, the shapes it reads and writes, and
// the handler. install() puts it on the router wrapped in what every operation shares —
// authentication, the role check, rate limiting, Idempotency-Key replay — and records its
// OpenAPI description from the same schema objects the handler parses with.
//
//   Endpoint("POST", "/api/v1/clients")
//       .summary("Create a client").tag("clients")
//       .min_role(Role::admin).idempotent()
//       .body(client_create_schema())
//       .returns(201, client_schema(), "The client")
//       .install(registry, [](Context& ctx) { … });
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/principal.h"
#include "api/schema.h"
#include "api/services.h"
#include "http/message.h"

namespace http { class Router; }
namespace store { class Tx; struct TenantScope; }

namespace api {

// What a handler is given.
struct Context {
  http::Request& request;
  Services& services;
  Principal principal;  // empty tenant for public operations

  store::TenantScope scope() const;
  // Appends an audit-log row inside the caller's write transaction: who (the principal), what
  // (`action`, e.g. "client.create"), on what, and the request id.
  void audit(store::Tx& tx, std::string action, std::string resource_type,
             std::string resource_id, nlohmann::json details = nlohmann::json::object()) const;
};

using Handler = std::function<http::Response(Context&)>;

// Collects operations and the schema components they reference; builds /openapi.json.
class ApiRegistry {
 public:
  ApiRegistry(http::Router& router, Services& services) : router_(router), services_(services) {}
  http::Router& router() { return router_; }
  Services& services() { return services_; }
  schema::Components& components() { return components_; }
  // The OpenAPI 3.1 document for every operation installed so far.
  nlohmann::json openapi_document(const std::string& version) const;

 private:
  http::Router& router_;
  Services& services_;
  schema::Components components_;
};

class Endpoint {
 public:
  Endpoint(std::string method, std::string path);

  Endpoint& summary(std::string text);
  Endpoint& description(std::string text);
  Endpoint& tag(std::string name);
  Endpoint& public_access();       // no credential needed
  Endpoint& min_role(Role role);   // default: any authenticated caller
  Endpoint& runs_inline();         // cheap and non-blocking: runs on the I/O thread
  Endpoint& idempotent();          // honours the Idempotency-Key header
  Endpoint& tenant_wide();         // refused to credentials bound to one client

  template <class T> Endpoint& body(const schema::Object<T>& shape) {
    docs_.push_back([&shape](nlohmann::json& op, schema::Components& c) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", shape.describe(c)}}}}}};
    });
    return *this;
  }
  Endpoint& raw_body(std::string content_type, std::string description);

  template <class T> Endpoint& query(const schema::Object<T>& shape) {
    docs_.push_back([&shape](nlohmann::json& op, schema::Components& c) {
      for (auto& p : shape.describe_query(c)) op["parameters"].push_back(p);
    });
    return *this;
  }

  template <class T> Endpoint& returns(int status, const schema::Object<T>& shape,
                                       std::string description) {
    docs_.push_back([&shape, status, description](nlohmann::json& op, schema::Components& c) {
      op["responses"][std::to_string(status)] = {
          {"description", description},
          {"content", {{"application/json", {{"schema", shape.describe(c)}}}}}};
    });
    return *this;
  }
  // A cursor page: {"items": [T…], "next_cursor": string|null}.
  template <class T> Endpoint& returns_page(const schema::Object<T>& item, std::string description) {
    docs_.push_back([&item, description](nlohmann::json& op, schema::Components& c) {
      nlohmann::json page = {
          {"type", "object"},
          {"required", {"items", "next_cursor"}},
          {"properties",
           {{"items", {{"type", "array"}, {"items", item.describe(c)}}},
            {"next_cursor",
             {{"type", {"string", "null"}},
              {"description", "pass as `cursor` to get the next page; null on the last"}}}}}};
      op["responses"]["200"] = {{"description", description},
                                {"content", {{"application/json", {{"schema", page}}}}}};
    });
    return *this;
  }
  Endpoint& returns_raw(int status, std::string content_type, std::string description);

  void install(ApiRegistry& registry, Handler handler);

 private:
  nlohmann::json operation(schema::Components& components) const;

  std::string method_, path_, summary_, description_, tag_;
  bool public_ = false, inline_ = false, idempotent_ = false, tenant_wide_ = false;
  Role min_role_ = Role::client_viewer;
  std::vector<std::function<void(nlohmann::json&, schema::Components&)>> docs_;
};

// Renders a JSON value as a response (status 200 unless told).
http::Response json_response(const nlohmann::json& body, int status = 200);

// A cursor page as rendered by returns_page.
template <class T, class Items>
nlohmann::json render_page(const schema::Object<T>& item, const Items& items,
                           const std::string& next_cursor) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& i : items) list.push_back(item.render(i));
  return {{"items", std::move(list)},
          {"next_cursor", next_cursor.empty() ? nlohmann::json(nullptr) : nlohmann::json(next_cursor)}};
}

// Parses the query string with `shape` or throws the 400 problem naming each parameter.
template <class T> T parse_query(const schema::Object<T>& shape, const http::Request& request) {
  T out{};
  std::vector<schema::FieldError> errors;
  if (!shape.parse_query(request.query, out, errors)) {
    schema::throw_validation_problem(std::move(errors));
  }
  return out;
}

}  // namespace api
