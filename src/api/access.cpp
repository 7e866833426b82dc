// /api/v1/api-keys and /api/v1/users: the tenant's credentials (admins only).
#include <algorithm>
#include <cctype>

#include "api/auth.h"
#include "api/endpoint.h"
#include "api/resources.h"
#include "api/validation.h"
#include "security/api_keys.h"
#include "security/passwords.h"
#include "security/random.h"
#include "store/api_keys.h"
#include "store/clients.h"
#include "store/users.h"

namespace api {
namespace {

const std::vector<std::string> kRoles = {"admin", "strategist", "client_viewer"};

struct ApiKeyCreate {
  std::string name;
  std::string role;
  std::optional<std::string> client_id;
};

struct ApiKeyPatch {
  std::string name;
};

struct ApiKeyCreated {
  store::ApiKeyRecord key;
  std::string api_key;
};

struct UserCreate {
  std::string email;
  std::string password;
  std::string role;
  std::optional<std::string> client_id;
};

const schema::Object<ApiKeyCreate>& key_create_shape() {
  static const auto shape =
      schema::Object<ApiKeyCreate>("ApiKeyCreate")
          .required("name", &ApiKeyCreate::name, schema::String().min_length(1).max_length(100))
          .required("role", &ApiKeyCreate::role, schema::String().one_of(kRoles))
          .optional("client_id", &ApiKeyCreate::client_id, schema::String().max_length(64),
                    "limits the key to one client; required for client_viewer");
  return shape;
}

const schema::Object<ApiKeyPatch>& key_patch_shape() {
  static const auto shape =
      schema::Object<ApiKeyPatch>("ApiKeyPatch", "Only the name changes: a new role needs a new key")
          .required("name", &ApiKeyPatch::name, schema::String().min_length(1).max_length(100));
  return shape;
}

const schema::Object<store::ApiKeyRecord>& key_shape() {
  using K = store::ApiKeyRecord;
  static const auto shape =
      schema::Object<K>("ApiKey")
          .output("id", &K::id, schema::String())
          .output("name", &K::name, schema::String())
          .output("prefix", &K::prefix, schema::String(), "the key's first characters")
          .output("role", &K::role, schema::String().one_of(kRoles))
          .output("client_id", &K::client_id, schema::String())
          .output("created_at", &K::created_at, schema::Timestamp())
          .output("last_used_at", &K::last_used_at, schema::Timestamp())
          .output("revoked_at", &K::revoked_at, schema::Timestamp())
          .output("created_by", &K::created_by, schema::String());
  return shape;
}

nlohmann::json render_created(const ApiKeyCreated& created) {
  auto json = key_shape().render(created.key);
  json["api_key"] = created.api_key;
  return json;
}

const schema::Object<UserCreate>& user_create_shape() {
  static const auto shape =
      schema::Object<UserCreate>("UserCreate")
          .required("email", &UserCreate::email,
                    schema::String().max_length(254).pattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
                                                             "an email address").format("email"))
          .required("password", &UserCreate::password,
                    schema::String().min_length(12).max_length(200), "at least 12 characters")
          .required("role", &UserCreate::role, schema::String().one_of(kRoles))
          .optional("client_id", &UserCreate::client_id, schema::String().max_length(64),
                    "limits the user to one client; required for client_viewer");
  return shape;
}

const schema::Object<store::User>& user_shape() {
  using U = store::User;
  static const auto shape = schema::Object<U>("User")
                                .output("id", &U::id, schema::String())
                                .output("email", &U::email, schema::String())
                                .output("role", &U::role, schema::String().one_of(kRoles))
                                .output("client_id", &U::client_id, schema::String())
                                .output("created_at", &U::created_at, schema::Timestamp())
                                .output("disabled", &U::disabled, schema::Boolean());
  return shape;
}

// A client_viewer must name its client; any named client must exist in the tenant.
void check_binding(store::Tx& tx, const std::string& role,
                   const std::optional<std::string>& client_id) {
  Checks checks;
  if (role == "client_viewer" && !client_id) {
    checks.fail("client_id", "is required for the client_viewer role");
  }
  if (client_id && !store::clients::find(tx, *client_id)) {
    checks.fail("client_id", "names no client of this tenant");
  }
  checks.throw_if_any();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

void install_api_key_endpoints(ApiRegistry& registry) {
  Endpoint("GET", "/api/v1/api-keys")
      .summary("List API keys").tag("access").min_role(Role::admin).tenant_wide()
      .install(registry, [](Context& ctx) {
        auto keys = ctx.services.db.read(ctx.scope(),
                                         [](store::Tx& tx) { return store::api_keys::list(tx); });
        return json_response(render_page(key_shape(), keys, ""));
      });

  Endpoint("POST", "/api/v1/api-keys")
      .summary("Create an API key")
      .description("The key itself is in `api_key` of this answer only: it is stored hashed.")
      // Not idempotent(): a replayable answer would be stored with the key's plaintext in it.
      .tag("access").min_role(Role::admin).tenant_wide()
      .body(key_create_shape())
      .returns(201, key_shape(), "The key, with `api_key` shown this once")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(key_create_shape(), ctx.request.body);
        auto generated = security::generate_api_key();
        auto created = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          check_binding(tx, in.role, in.client_id);
          store::ApiKeyRecord record;
          record.id = security::new_id("key");
          record.name = in.name;
          record.prefix = generated.prefix;
          record.key_hash = generated.hash;
          record.role = in.role;
          record.client_id = in.client_id;
          record.created_by = ctx.principal.subject;
          auto stored = store::api_keys::insert(tx, record);
          ctx.audit(tx, "api_key.create", "api_key", stored.id, {{"role", in.role}});
          return ApiKeyCreated{stored, generated.plaintext};
        });
        auto response = json_response(render_created(created), 201);
        response.headers.set("Location", "/api/v1/api-keys/" + created.key.id);
        response.headers.set("Cache-Control", "no-store");
        return response;
      });

  Endpoint("GET", "/api/v1/api-keys/{id}")
      .summary("Get an API key").tag("access").min_role(Role::admin).tenant_wide()
      .returns(200, key_shape(), "The key (never its secret)")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto key = ctx.services.db.read(ctx.scope(),
                                        [&](store::Tx& tx) { return store::api_keys::find(tx, id); });
        if (!key) throw_not_found("api key", id);
        return json_response(key_shape().render(*key));
      });

  Endpoint("PATCH", "/api/v1/api-keys/{id}")
      .summary("Rename an API key").tag("access").min_role(Role::admin).tenant_wide()
      .body(key_patch_shape())
      .returns(200, key_shape(), "The key (never its secret)")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto in = schema::parse_body(key_patch_shape(), ctx.request.body);
        auto key = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          if (!store::api_keys::rename(tx, id, in.name)) throw_not_found("api key", id);
          ctx.audit(tx, "api_key.rename", "api_key", id, {{"name", in.name}});
          return store::api_keys::find(tx, id);
        });
        return json_response(key_shape().render(*key));
      });

  Endpoint("DELETE", "/api/v1/api-keys/{id}")
      .summary("Revoke an API key").tag("access").min_role(Role::admin).tenant_wide()
      .description("The key stops working at once on this replica and within seconds on others.")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto hash = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto key = store::api_keys::find(tx, id);
          if (!key) throw_not_found("api key", id);
          store::api_keys::revoke(tx, id);
          ctx.audit(tx, "api_key.revoke", "api_key", id);
          return key->key_hash;
        });
        ctx.services.auth.forget(hash);
        return http::Response::no_content();
      });
}

void install_user_endpoints(ApiRegistry& registry) {
  Endpoint("GET", "/api/v1/users")
      .summary("List users").tag("access").min_role(Role::admin).tenant_wide()
      .install(registry, [](Context& ctx) {
        auto users = ctx.services.db.read(ctx.scope(),
                                          [](store::Tx& tx) { return store::users::list(tx); });
        return json_response(render_page(user_shape(), users, ""));
      });

  Endpoint("POST", "/api/v1/users")
      .summary("Create a user who signs in with email and password")
      .tag("access").min_role(Role::admin).tenant_wide().idempotent()
      .body(user_create_shape())
      .returns(201, user_shape(), "The user")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(user_create_shape(), ctx.request.body);
        std::string hash = security::hash_password(in.password);
        auto stored = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          check_binding(tx, in.role, in.client_id);
          store::User user;
          user.id = security::new_id("usr");
          user.email = lower(in.email);
          user.password_hash = hash;
          user.role = in.role;
          user.client_id = in.client_id;
          auto u = store::users::insert(tx, user);
          ctx.audit(tx, "user.create", "user", u.id, {{"role", in.role}});
          return u;
        });
        auto response = json_response(user_shape().render(stored), 201);
        response.headers.set("Location", "/api/v1/users/" + stored.id);
        return response;
      });
}

}  // namespace api
