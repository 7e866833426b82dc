// POST /api/v1/auth/token: exchanges an API key, or email and password, for a short-lived JWT.
#include <algorithm>
#include <cctype>

#include "api/auth.h"
#include "api/endpoint.h"
#include "api/resources.h"
#include "api/validation.h"
#include "cache/rate_limiter.h"
#include "security/jwt.h"
#include "security/passwords.h"
#include "store/users.h"

namespace api {
namespace {

struct TokenRequest {
  std::optional<std::string> api_key;
  std::optional<std::string> tenant;
  std::optional<std::string> email;
  std::optional<std::string> password;
};

struct TokenAnswer {
  std::string access_token;
  std::string token_type = "Bearer";
  std::int64_t expires_in = 0;
  std::string tenant_id;
  std::string role;
  std::optional<std::string> client_id;
};

const schema::Object<TokenRequest>& request_shape() {
  static const auto shape =
      schema::Object<TokenRequest>("TokenRequest",
                                   "Either api_key, or tenant + email + password")
          .optional("api_key", &TokenRequest::api_key, schema::String().max_length(200))
          .optional("tenant", &TokenRequest::tenant, schema::String().max_length(64),
                    "the agency's tenant id, with email and password")
          .optional("email", &TokenRequest::email, schema::String().max_length(254))
          .optional("password", &TokenRequest::password, schema::String().max_length(200));
  return shape;
}

const schema::Object<TokenAnswer>& answer_shape() {
  static const auto shape =
      schema::Object<TokenAnswer>("TokenAnswer")
          .output("access_token", &TokenAnswer::access_token, schema::String(), "a JWT (HS256)")
          .output("token_type", &TokenAnswer::token_type, schema::String())
          .output("expires_in", &TokenAnswer::expires_in, schema::Integer(), "seconds")
          .output("tenant_id", &TokenAnswer::tenant_id, schema::String())
          .output("role", &TokenAnswer::role, schema::String())
          .output("client_id", &TokenAnswer::client_id, schema::String());
  return shape;
}

[[noreturn]] void refuse(std::string detail) {
  http::Problem p = http::unauthorized(std::move(detail));
  throw http::ProblemError(std::move(p));
}

// The principal behind email + password, or a 401 that does not say which part was wrong.
Principal sign_in(Context& ctx, const std::string& tenant, std::string email,
                  const std::string& password) {
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::optional<store::User> user;
  try {
    user = ctx.services.db.read(store::TenantScope{tenant},
                                [&](store::Tx& tx) { return store::users::find_by_email(tx, email); });
  } catch (const store::Error&) {
  }
  // Verify even for an unknown user, so timing does not reveal which emails exist.
  static const std::string dummy = security::hash_password("timing-equaliser-password");
  bool ok = security::verify_password(user ? user->password_hash : dummy, password);
  if (!user || !ok || user->disabled) refuse("unknown tenant, email or password");
  Principal p;
  p.tenant_id = tenant;
  p.subject = user->id;
  p.subject_kind = "user";
  p.role = role_from_name(user->role).value_or(Role::client_viewer);
  p.client_id = user->client_id;
  return p;
}

}  // namespace

void install_auth_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/auth/token")
      .summary("Get an access token").tag("auth").public_access()
      .description("Send an API key, or tenant + email + password; use the answer's "
                   "access_token as `Authorization: Bearer …` until it expires. Limited per "
                   "client address.")
      .body(request_shape())
      .returns(200, answer_shape(), "A bearer token")
      .install(registry, [](Context& ctx) {
        auto decision = ctx.services.login_limiter.take(ctx.request.remote_address);
        if (!decision.allowed) {
          auto seconds = std::max<long long>(1, (decision.retry_after.count() + 999) / 1000);
          throw http::ProblemError(http::too_many_requests(static_cast<int>(seconds)));
        }
        auto in = schema::parse_body(request_shape(), ctx.request.body);
        Checks checks;
        bool by_key = in.api_key.has_value();
        bool by_password = in.email || in.password || in.tenant;
        if (by_key == by_password) {
          checks.fail("api_key", "send either api_key, or tenant, email and password");
        }
        if (by_password) {
          if (!in.tenant) checks.fail("tenant", "is required with email and password");
          if (!in.email) checks.fail("email", "is required");
          if (!in.password) checks.fail("password", "is required");
        }
        checks.throw_if_any();

        Principal principal;
        if (by_key) {
          auto result = ctx.services.auth.authenticate("Bearer " + *in.api_key);
          if (!result.principal) refuse(result.reason);
          principal = *result.principal;
        } else {
          principal = sign_in(ctx, *in.tenant, *in.email, *in.password);
        }
        security::TokenClaims claims;
        claims.subject = principal.subject;
        claims.tenant_id = principal.tenant_id;
        claims.role = std::string(role_name(principal.role));
        claims.client_id = principal.client_id;
        TokenAnswer answer;
        answer.access_token = ctx.services.jwt.issue(claims);
        answer.expires_in = ctx.services.jwt.options().ttl.count();
        answer.tenant_id = principal.tenant_id;
        answer.role = claims.role;
        answer.client_id = principal.client_id;
        ctx.request.tenant_id = principal.tenant_id;
        auto response = json_response(answer_shape().render(answer));
        response.headers.set("Cache-Control", "no-store");
        return response;
      });
}

}  // namespace api
