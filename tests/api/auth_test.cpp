// Authentication (API keys, JWTs, passwords) and authorization (roles, client binding).
#include <chrono>

#include "fixtures.h"
#include "security/jwt.h"

namespace api_test {
namespace {

class ApiAuth : public ApiTest {
 protected:
  // A token for `tenant`'s admin signed by `options` (the service's secret unless changed).
  std::string token(const Tenant& tenant, security::JwtOptions options,
                    std::chrono::seconds issued_ago = 0s, std::chrono::seconds lifetime = 600s) {
    if (options.secret.empty()) options.secret = service().config().jwt_secret;
    security::JwtCodec codec(options);
    security::TokenClaims claims;
    claims.subject = "usr_test";
    claims.tenant_id = tenant.id;
    claims.role = "admin";
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch()) - issued_ago;
    claims.issued_at = now.count();
    claims.expires_at = (now + lifetime).count();
    return codec.issue(claims);
  }

  // Asserts a 401 problem with a Bearer challenge.
  void expect_unauthorized(const Response& r, const std::string& challenge) {
    expect_problem(r, 401);
    EXPECT_EQ(r.header("WWW-Authenticate"), challenge) << r.describe();
  }
};

TEST_P(ApiAuth, MissingCredentialIs401WithBearerChallenge) {
  Response r = service().client().get("/api/v1/clients");
  expect_unauthorized(r, "Bearer");
}

TEST_P(ApiAuth, MalformedCredentialsAre401) {
  HttpClient http = service().client();
  for (std::string header : {"Authorization: Basic dXNlcjpwYXNzd29yZA==",
                             "Authorization: Bearer junk", "Authorization: Bearer msk_short",
                             "Authorization: Bearer a.b.c", "Authorization: Bearer"}) {
    SCOPED_TRACE(header);
    Response r = http.get("/api/v1/clients", {header});
    expect_problem(r, 401);
    EXPECT_TRUE(r.header("WWW-Authenticate").starts_with("Bearer")) << r.describe();
  }
}

TEST_P(ApiAuth, UnknownApiKeyIs401) {
  std::string unknown = "msk_" + std::string(40, 'A');
  expect_unauthorized(service().client(unknown).get("/api/v1/clients"),
                      "Bearer error=\"invalid_token\"");
}

TEST_P(ApiAuth, RevokedApiKeyIs401) {
  Tenant t = service().create_tenant("revoke");
  HttpClient admin = service().client(t.admin_key);
  json key = create_api_key(admin, "soon revoked", "strategist");
  HttpClient holder = service().client(key["api_key"]);
  ASSERT_EQ(holder.get("/api/v1/clients").status, 200);

  ASSERT_EQ(admin.del("/api/v1/api-keys/" + key["id"].get<std::string>()).status, 204);
  expect_unauthorized(holder.get("/api/v1/clients"), "Bearer error=\"invalid_token\"");
  json record = require(admin.get("/api/v1/api-keys/" + key["id"].get<std::string>()), 200, "key");
  EXPECT_FALSE(record["revoked_at"].is_null()) << record;
  // Nor can it be exchanged for a token.
  expect_problem(service().client().post("/api/v1/auth/token", {{"api_key", key["api_key"]}}), 401);
}

TEST_P(ApiAuth, TokenSignedWithTheServiceSecretWorks) {
  Tenant t = service().create_tenant("jwt");
  EXPECT_EQ(service().client(token(t, {})).get("/api/v1/clients").status, 200);
}

TEST_P(ApiAuth, ExpiredTokenIs401) {
  Tenant t = service().create_tenant("jwt");
  std::string expired = token(t, {}, /*issued_ago=*/7200s, /*lifetime=*/3600s);
  Response r = service().client(expired).get("/api/v1/clients");
  expect_unauthorized(r, "Bearer error=\"invalid_token\"");
  EXPECT_NE(r.body_json().value("detail", "").find("expired"), std::string::npos) << r.describe();
}

TEST_P(ApiAuth, TokenWithWrongSecretIssuerOrAudienceIs401) {
  Tenant t = service().create_tenant("jwt");
  security::JwtOptions wrong_secret;
  wrong_secret.secret = "another-secret-another-secret-another-secret";
  security::JwtOptions wrong_issuer;
  wrong_issuer.issuer = "someone-else";
  security::JwtOptions wrong_audience;
  wrong_audience.audience = "another-api";
  for (const auto& [name, options] : {std::pair{"secret", wrong_secret},
                                      std::pair{"issuer", wrong_issuer},
                                      std::pair{"audience", wrong_audience}}) {
    SCOPED_TRACE(name);
    expect_unauthorized(service().client(token(t, options)).get("/api/v1/clients"),
                        "Bearer error=\"invalid_token\"");
  }
}

TEST_P(ApiAuth, PasswordSignInIssuesAWorkingToken) {
  Populated p = populate(service(), "signin");
  HttpClient anonymous = service().client();
  // Email is matched without case.
  Response r = anonymous.post("/api/v1/auth/token", {{"tenant", p.tenant.id},
                                                     {"email", "Planner@SignIn.example"},
                                                     {"password", p.password}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.media_type(), "application/json");
  json answer = r.body_json();
  EXPECT_EQ(answer["token_type"], "Bearer");
  EXPECT_EQ(answer["tenant_id"], p.tenant.id);
  EXPECT_EQ(answer["role"], "strategist");
  EXPECT_GT(answer["expires_in"].get<int>(), 0);
  HttpClient user = service().client(answer["access_token"]);
  json clients = require(user.get("/api/v1/clients"), 200, "clients with token");
  ASSERT_EQ(clients["items"].size(), 1u);
  EXPECT_EQ(clients["items"][0]["id"], p.client_id);
  // A strategist's token is still a strategist: it may not create clients.
  expect_problem(user.post("/api/v1/clients", {{"name", "X"}, {"currency", "USD"}}), 403);
}

TEST_P(ApiAuth, ApiKeyCanBeExchangedForAToken) {
  Tenant t = service().create_tenant("exchange");
  Response r = service().client().post("/api/v1/auth/token", {{"api_key", t.admin_key}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.body_json()["role"], "admin");
  EXPECT_EQ(service().client(r.body_json()["access_token"]).get("/api/v1/api-keys").status, 200);
}

TEST_P(ApiAuth, WrongPasswordOrUnknownUserIs401WithoutSayingWhich) {
  Populated p = populate(service(), "badpass");
  HttpClient anonymous = service().client();
  json wrong_password = expect_problem(
      anonymous.post("/api/v1/auth/token",
                     {{"tenant", p.tenant.id}, {"email", p.email}, {"password", "not the password"}}),
      401);
  json unknown_user = expect_problem(
      anonymous.post("/api/v1/auth/token", {{"tenant", p.tenant.id},
                                            {"email", "nobody@badpass.example"},
                                            {"password", p.password}}),
      401);
  json unknown_tenant = expect_problem(
      anonymous.post("/api/v1/auth/token",
                     {{"tenant", "no-such-tenant"}, {"email", p.email}, {"password", p.password}}),
      401);
  EXPECT_EQ(wrong_password["detail"], unknown_user["detail"]);
  EXPECT_EQ(wrong_password["detail"], unknown_tenant["detail"]);
}

TEST_P(ApiAuth, StrategistMayNotAdministerTheTenant) {
  Populated p = populate(service(), "roles");
  auto before = snapshot(service(), p);
  HttpClient strategist = service().client(p.key);
  expect_problem(strategist.post("/api/v1/clients", {{"name", "Nope"}, {"currency", "USD"}}), 403);
  expect_problem(strategist.patch("/api/v1/clients/" + p.client_id, {{"name", "Nope"}}), 403);
  expect_problem(strategist.del("/api/v1/clients/" + p.client_id), 403);
  expect_problem(strategist.post("/api/v1/api-keys", {{"name", "x"}, {"role", "admin"}}), 403);
  expect_problem(strategist.del("/api/v1/api-keys/" + p.key_id), 403);
  expect_problem(strategist.post("/api/v1/users", {{"email", "a@b.example"},
                                                   {"password", "long enough password"},
                                                   {"role", "admin"}}),
                 403);
  expect_problem(strategist.get("/api/v1/audit-log"), 403);
  EXPECT_EQ(snapshot(service(), p), before);
  // What a strategist may do.
  EXPECT_EQ(strategist.get("/api/v1/clients/" + p.client_id).status, 200);
  create_campaign(strategist, p.client_id, "strategist's campaign");
}

class ViewerWorld {
 public:
  ViewerWorld(Service& s) : tenant(s.create_tenant("viewer")) {
    HttpClient admin = s.client(tenant.admin_key);
    create_client(admin, "mine");
    create_client(admin, "theirs");
    mine_campaign = create_campaign(admin, "mine", "Mine")["id"];
    theirs_campaign = create_campaign(admin, "theirs", "Theirs")["id"];
    viewer_key = create_api_key(admin, "viewer", "client_viewer", "mine")["api_key"];
    create_user(admin, "viewer@example.com", "viewer password 123", "client_viewer", "mine");
  }
  Tenant tenant;
  std::string mine_campaign, theirs_campaign, viewer_key;
};

TEST_P(ApiAuth, ClientViewerIsReadOnly) {
  ViewerWorld w(service());
  HttpClient viewer = service().client(w.viewer_key);
  HttpClient admin = service().client(w.tenant.admin_key);
  std::string campaigns_before = admin.get("/api/v1/campaigns").body;
  expect_problem(viewer.post("/api/v1/campaigns", {{"client_id", "mine"},
                                                   {"name", "Nope"},
                                                   {"platform", "meta_ads"},
                                                   {"objective", "traffic"}}),
                 403);
  expect_problem(viewer.patch("/api/v1/campaigns/" + w.mine_campaign, {{"name", "Nope"}}), 403);
  expect_problem(viewer.post("/api/v1/campaigns/" + w.mine_campaign + "/metrics",
                             {{"rows", metric_rows(1, 1)}}),
                 403);
  EXPECT_EQ(admin.get("/api/v1/campaigns").body, campaigns_before);
}

TEST_P(ApiAuth, ClientViewerSeesOnlyItsClient) {
  ViewerWorld w(service());
  Response token = service().client().post(
      "/api/v1/auth/token",
      {{"tenant", w.tenant.id}, {"email", "viewer@example.com"}, {"password", "viewer password 123"}});
  ASSERT_EQ(token.status, 200) << token.describe();
  EXPECT_EQ(token.body_json()["client_id"], "mine");
  for (const std::string& credential : {w.viewer_key, token.body_json()["access_token"].get<std::string>()}) {
    HttpClient viewer = service().client(credential);
    json clients = require(viewer.get("/api/v1/clients"), 200, "clients");
    ASSERT_EQ(clients["items"].size(), 1u) << clients;
    EXPECT_EQ(clients["items"][0]["id"], "mine");
    json campaigns = require(viewer.get("/api/v1/campaigns"), 200, "campaigns");
    ASSERT_EQ(campaigns["items"].size(), 1u) << campaigns;
    EXPECT_EQ(campaigns["items"][0]["id"], w.mine_campaign);
    EXPECT_EQ(require(viewer.get("/api/v1/campaigns?client_id=theirs"), 200, "filtered")["items"],
              json::array());
    // Another client's resources answer like missing ones.
    json other = expect_problem(viewer.get("/api/v1/clients/theirs"), 404);
    json missing = expect_problem(viewer.get("/api/v1/clients/absent"), 404);
    EXPECT_EQ(other["title"], missing["title"]);
    expect_problem(viewer.get("/api/v1/campaigns/" + w.theirs_campaign), 404);
    expect_problem(viewer.get("/api/v1/campaigns/" + w.theirs_campaign + "/metrics"), 404);
    EXPECT_EQ(viewer.get("/api/v1/campaigns/" + w.mine_campaign).status, 200);
  }
}

// A key bound to one client, even an admin's, answers for another client as for a missing one,
// whether it reads, changes or deletes.
TEST_P(ApiAuth, ClientBoundAdminCannotReachAnotherClient) {
  ViewerWorld w(service());
  HttpClient admin = service().client(w.tenant.admin_key);
  std::string theirs_before = admin.get("/api/v1/clients/theirs").body;
  HttpClient bound = service().client(create_api_key(admin, "bound admin", "admin", "mine")["api_key"]);
  auto comparable = [](const Response& r, const std::string& id) {
    json body = r.body_json();
    body.erase("request_id");
    std::string text = body.dump();
    for (auto pos = text.find(id); pos != std::string::npos; pos = text.find(id, pos + 4)) {
      text.replace(pos, id.size(), "{ID}");
    }
    return std::to_string(r.status) + " " + r.media_type() + " " + text;
  };
  for (const auto& [method, body] : {std::pair<std::string, std::string>{"GET", ""},
                                     {"PATCH", R"({"name":"Taken over"})"},
                                     {"DELETE", ""}}) {
    SCOPED_TRACE(method);
    Response other = bound.request(method, "/api/v1/clients/theirs", body);
    Response missing = bound.request(method, "/api/v1/clients/absent", body);
    // Deleting a client is tenant-wide administration: refused to bound credentials outright.
    expect_problem(other, method == "DELETE" ? 403 : 404);
    EXPECT_EQ(comparable(other, "theirs"), comparable(missing, "absent"));
  }
  EXPECT_EQ(admin.get("/api/v1/clients/theirs").body, theirs_before);
  // Keys, users, the audit log and new clients are tenant-wide too.
  expect_problem(bound.get("/api/v1/api-keys"), 403);
  expect_problem(bound.get("/api/v1/users"), 403);
  expect_problem(bound.get("/api/v1/audit-log"), 403);
  expect_problem(bound.post("/api/v1/clients", {{"name", "New"}, {"currency", "USD"}}), 403);
  EXPECT_EQ(require(bound.patch("/api/v1/clients/mine", {{"name", "Mine, renamed"}}), 200,
                    "own client")["name"],
            "Mine, renamed");
}

API_TEST_BACKENDS(ApiAuth);

}  // namespace
}  // namespace api_test
