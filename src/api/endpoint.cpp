#include "api/endpoint.h"

#include <cmath>

#include <spdlog/spdlog.h>

#include "api/auth.h"
#include "cache/rate_limiter.h"
#include "http/problem.h"
#include "http/router.h"
#include "security/api_keys.h"
#include "store/audit.h"
#include "store/database.h"
#include "store/idempotency.h"

namespace api {
namespace {

http::Problem problem(int status, std::string title, std::string detail) {
  http::Problem p;
  p.status = status;
  p.title = std::move(title);
  p.detail = std::move(detail);
  return p;
}

[[noreturn]] void unauthorized(const AuthResult& result) {
  auto p = problem(401, "Unauthorized", result.reason);
  p.extra_headers.emplace_back(
      "WWW-Authenticate",
      result.failure == AuthFailure::missing ? "Bearer" : "Bearer error=\"invalid_token\"");
  throw http::ProblemError(std::move(p));
}

void check_rate(cache::RateLimiter& limiter, const std::string& key, http::Response* headers_to) {
  auto decision = limiter.take(key);
  if (!decision.allowed) {
    auto seconds = std::max<long long>(1, (decision.retry_after.count() + 999) / 1000);
    auto p = problem(429, "Too many requests",
                     "rate limit exceeded; retry after " + std::to_string(seconds) + " s");
    p.extra_headers.emplace_back("Retry-After", std::to_string(seconds));
    throw http::ProblemError(std::move(p));
  }
  if (headers_to) {
    headers_to->headers.set("X-RateLimit-Remaining",
                            std::to_string(static_cast<long long>(std::floor(decision.remaining))));
  }
}

// Idempotency-Key: a retried create returns the first answer instead of creating twice.
http::Response run_idempotent(Context& ctx, const Handler& handler) {
  auto key = ctx.request.header("Idempotency-Key");
  if (!key) return handler(ctx);
  if (key->empty() || key->size() > 200) {
    throw http::ProblemError(problem(400, "Invalid Idempotency-Key",
                                     "Idempotency-Key must be 1 to 200 characters"));
  }
  std::string fingerprint = security::hash_api_key(ctx.request.method + " " + ctx.request.path +
                                                   "\n" + ctx.request.body);
  auto& db = ctx.services.db;
  auto previous = db.read(ctx.scope(), [&](store::Tx& tx) {
    return store::idempotency::find(tx, std::string(*key));
  });
  if (previous) {
    if (previous->request_hash != fingerprint) {
      throw http::ProblemError(problem(
          422, "Idempotency-Key reused",
          "this Idempotency-Key was used for a different request; use a new key"));
    }
    auto replay = http::Response::json(previous->status, previous->response_body);
    replay.headers.set("Idempotent-Replayed", "true");
    return replay;
  }
  http::Response response = handler(ctx);
  if (response.status >= 200 && response.status < 300) {
    store::IdempotencyRecord record;
    record.key = std::string(*key);
    record.method = ctx.request.method;
    record.path = ctx.request.path;
    record.request_hash = fingerprint;
    record.status = response.status;
    record.response_body = response.body;
    try {
      db.write(ctx.scope(), [&](store::Tx& tx) { store::idempotency::save(tx, record); });
    } catch (const store::Conflict&) {
      // A concurrent retry saved it first; both answers describe the same creation attempt.
    }
  }
  return response;
}

// What a store error may tell the caller. The store's own messages ("client acme still has 2
// campaigns") pass; a database driver's text ("PostgreSQL: …", "SQLite: …") names tables and
// constraints and differs between backends, so the caller gets `generic` instead.
std::string caller_detail(const store::Error& e, const char* generic) {
  std::string_view what = e.what();
  if (what.starts_with("PostgreSQL: ") || what.starts_with("SQLite: ")) {
    spdlog::debug("store refused a request: {}", what);
    return generic;
  }
  return std::string(what);
}

}  // namespace

store::TenantScope Context::scope() const { return store::TenantScope{principal.tenant_id}; }

void Context::audit(store::Tx& tx, std::string action, std::string resource_type,
                    std::string resource_id, nlohmann::json details) const {
  store::AuditEntry entry;
  entry.actor = principal.subject_kind + ":" + principal.subject;
  entry.action = std::move(action);
  entry.resource_type = std::move(resource_type);
  entry.resource_id = std::move(resource_id);
  entry.request_id = request.request_id;
  entry.details = details.dump();
  store::audit::record(tx, entry);
}

Endpoint::Endpoint(std::string method, std::string path)
    : method_(std::move(method)), path_(std::move(path)) {}

Endpoint& Endpoint::summary(std::string text) { summary_ = std::move(text); return *this; }
Endpoint& Endpoint::description(std::string text) { description_ = std::move(text); return *this; }
Endpoint& Endpoint::tag(std::string name) { tag_ = std::move(name); return *this; }
Endpoint& Endpoint::public_access() { public_ = true; return *this; }
Endpoint& Endpoint::min_role(Role role) { min_role_ = role; return *this; }
Endpoint& Endpoint::runs_inline() { inline_ = true; return *this; }
Endpoint& Endpoint::idempotent() { idempotent_ = true; return *this; }
Endpoint& Endpoint::tenant_wide() { tenant_wide_ = true; return *this; }

Endpoint& Endpoint::raw_body(std::string content_type, std::string description) {
  docs_.push_back([content_type, description](nlohmann::json& op, schema::Components&) {
    op["requestBody"] = {
        {"required", true},
        {"description", description},
        {"content", {{content_type, {{"schema", {{"type", "string"}}}}}}}};
  });
  return *this;
}

Endpoint& Endpoint::returns_raw(int status, std::string content_type, std::string description) {
  docs_.push_back([=](nlohmann::json& op, schema::Components&) {
    op["responses"][std::to_string(status)] = {
        {"description", description},
        {"content", {{content_type, {{"schema", {{"type", "string"}}}}}}}};
  });
  return *this;
}

nlohmann::json Endpoint::operation(schema::Components& components) const {
  nlohmann::json op = {{"summary", summary_},
                       {"operationId", method_ + path_},
                       {"responses", nlohmann::json::object()}};
  if (!description_.empty()) op["description"] = description_;
  if (!tag_.empty()) op["tags"] = {tag_};
  // Path parameters come from the pattern itself.
  for (std::size_t open = path_.find('{'); open != std::string::npos;
       open = path_.find('{', open + 1)) {
    auto name = path_.substr(open + 1, path_.find('}', open) - open - 1);
    op["parameters"].push_back({{"name", name}, {"in", "path"}, {"required", true},
                                {"schema", {{"type", "string"}}}});
  }
  for (const auto& step : docs_) step(op, components);
  const nlohmann::json problem_ref = {
      {"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}};
  auto add_error = [&](int status, const char* text) {
    op["responses"][std::to_string(status)] = {{"description", text}, {"content", problem_ref}};
  };
  add_error(400, "Invalid request: `errors` names each offending field");
  if (!public_) {
    op["security"] = {{{"bearer", nlohmann::json::array()}}};
    add_error(401, "Missing, malformed, expired or revoked credential");
    add_error(403, "The caller's role may not do this");
    add_error(429, "Rate limit exceeded; see Retry-After");
  }
  if (path_.find('{') != std::string::npos) add_error(404, "No such resource in this tenant");
  if (tenant_wide_) {
    op["description"] = op.value("description", std::string()) +
                        (op.contains("description") ? " " : "") +
                        "Not for credentials limited to one client.";
  }
  if (idempotent_) {
    op["parameters"].push_back(
        {{"name", "Idempotency-Key"}, {"in", "header"}, {"required", false},
         {"description", "Retrying with the same key returns the first answer"},
         {"schema", {{"type", "string"}, {"maxLength", 200}}}});
  }
  return op;
}

void Endpoint::install(ApiRegistry& registry, Handler handler) {
  Services& services = registry.services();
  http::RouteOptions options;
  options.offload = !inline_;
  options.openapi = operation(registry.components());

  auto wrapped = [&services, handler = std::move(handler), public_ = public_,
                  min_role = min_role_, idempotent = idempotent_,
                  tenant_wide = tenant_wide_](http::Request& request) {
    Context ctx{request, services, {}};
    if (!public_) {
      AuthResult auth = services.auth.authenticate(request.header("Authorization"));
      if (!auth.principal) unauthorized(auth);
      ctx.principal = std::move(*auth.principal);
      request.tenant_id = ctx.principal.tenant_id;
      if (ctx.principal.role < min_role) {
        throw http::ProblemError(
            problem(403, "Forbidden",
                    "this operation needs the " + std::string(role_name(min_role)) +
                        " role; the credential has " +
                        std::string(role_name(ctx.principal.role))));
      }
      if (tenant_wide && ctx.principal.client_id) {
        throw http::ProblemError(http::forbidden(
            "a credential limited to one client cannot manage the whole tenant"));
      }
      check_rate(services.request_limiter, ctx.principal.subject, nullptr);
    }
    try {
      return idempotent ? run_idempotent(ctx, handler) : handler(ctx);
    } catch (const store::NotFound& e) {
      throw http::ProblemError(http::not_found(e.what()));
    } catch (const store::Conflict& e) {
      throw http::ProblemError(http::conflict(caller_detail(
          e, "the request conflicts with stored data: an id, email or external_id already exists, "
             "or the resource is still in use")));
    } catch (const store::InvalidArgument& e) {
      throw http::ProblemError(
          http::bad_request(caller_detail(e, "a value was refused by the database")));
    }
  };
  registry.router().add(method_, path_, std::move(wrapped), std::move(options));
}

http::Response json_response(const nlohmann::json& body, int status) {
  return http::Response::json(status, body.dump());
}

nlohmann::json ApiRegistry::openapi_document(const std::string& version) const {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& route : router_.routes()) {
    if (route.options.openapi.is_null()) continue;
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    paths[route.pattern][method] = route.options.openapi;
  }
  nlohmann::json schemas = components_.schemas();
  schemas["Problem"] = {
      {"type", "object"},
      {"description", "RFC 9457 problem details"},
      {"properties",
       {{"type", {{"type", "string"}}},
        {"title", {{"type", "string"}}},
        {"status", {{"type", "integer"}}},
        {"detail", {{"type", "string"}}},
        {"instance", {{"type", "string"}}},
        {"request_id", {{"type", "string"}}},
        {"errors",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"field", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}};
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "Marketing Strategist API"},
        {"version", version},
        {"description",
         "Plan, launch, optimise and report on paid campaigns across Google Ads, Meta, LinkedIn, "
         "TikTok, YouTube and email. Authenticate with `Authorization: Bearer <api key or JWT>`."}}},
      {"paths", paths},
      {"components",
       {{"schemas", schemas},
        {"securitySchemes",
         {{"bearer",
           {{"type", "http"},
            {"scheme", "bearer"},
            {"description", "An API key (msk_…) or a JWT from POST /api/v1/auth/token"}}}}}}}};
}

}  // namespace api
