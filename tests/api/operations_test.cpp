// Operating the service: health and readiness, metrics, the API description and its pages,
// request ids, rate limits, start-up failures and graceful shutdown.
#include <signal.h>

#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "fixtures.h"

namespace api_test {
namespace {

class ApiOperations : public ApiTest {};

TEST_P(ApiOperations, HealthReportsVersionAndUptime) {
  Response r = service().client().get("/health");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.media_type(), "application/json");
  json body = r.body_json();
  EXPECT_EQ(body["status"], "ok");
  EXPECT_FALSE(body.value("version", "").empty()) << body;
  ASSERT_TRUE(body["uptime_seconds"].is_number_integer()) << body;
  EXPECT_GE(body["uptime_seconds"].get<long>(), 0);
}

TEST_P(ApiOperations, ReadyWhenTheDatabaseAnswers) {
  Response r = service().client().get("/ready");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.media_type(), "application/json");
  EXPECT_EQ(r.body_json()["status"], "ready");
  EXPECT_EQ(r.body_json()["checks"]["database"], "ok");
}

TEST_P(ApiOperations, UnusableDatabaseStopsStartUpWithAClearMessage) {
  ScratchDir dir("api_unreachable");
  // PostgreSQL: nothing listens on the port. SQLite: the file's folder is a file.
  std::string url = backend() == Backend::postgresql
                        ? "postgresql://strategist:s3cret-pw@127.0.0.1:" +
                              std::to_string(free_port()) + "/nothing"
                        : "sqlite:" + dir.path() + "/a-file/x.db";
  { std::ofstream(dir.path() + "/a-file") << "not a folder"; }
  auto result = run_strategist({"serve", "--database", url, "--address", "127.0.0.1", "--port",
                                std::to_string(free_port())},
                               dir.path(), 30s);
  EXPECT_NE(result.exit_code, -1) << "it did not exit by itself";
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("strategist: cannot"), std::string::npos) << result.err;
  EXPECT_EQ((result.out + result.err).find("s3cret-pw"), std::string::npos)
      << "the password was printed";
}

TEST_P(ApiOperations, MetricsCountRequestsByRouteAndShowThePool) {
  Tenant t = service().create_tenant("metrics");
  HttpClient http = service().client(t.admin_key);
  ASSERT_EQ(http.get("/api/v1/clients").status, 200);
  ASSERT_EQ(http.get("/api/v1/clients/some-id").status, 404);
  Response r = service().client().get("/metrics");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.media_type(), "text/plain");
  std::regex by_route(R"re(http_requests_total\{[^}]*route="/api/v1/clients/\{id\}"[^}]*status="404"[^}]*\} [1-9])re");
  EXPECT_TRUE(std::regex_search(r.body, by_route)) << "requests are labelled by route pattern:\n"
                                                   << r.body.substr(0, 3000);
  EXPECT_NE(r.body.find("route=\"/api/v1/clients\""), std::string::npos);
  EXPECT_EQ(r.body.find("some-id"), std::string::npos) << "raw paths would explode the label set";
  EXPECT_NE(r.body.find("db_pool_connections{state=\"total\"}"), std::string::npos) << r.body;
}

// Every operation the service routes answers (not 404 "no such path" / 405) and is described.
TEST_P(ApiOperations, OpenApiDocumentDescribesEveryOperation) {
  Tenant t = service().create_tenant("openapi");
  HttpClient http = service().client(t.admin_key);
  Response r = http.get("/openapi.json");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.media_type(), "application/json");
  json doc = r.body_json();
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) documented.insert(method + " " + path);
  }
  for (const std::string op :
       {"post /api/v1/auth/token", "get /api/v1/api-keys", "post /api/v1/api-keys",
        "get /api/v1/api-keys/{id}", "delete /api/v1/api-keys/{id}", "get /api/v1/users",
        "post /api/v1/users", "get /api/v1/clients", "post /api/v1/clients",
        "get /api/v1/clients/{id}", "patch /api/v1/clients/{id}", "delete /api/v1/clients/{id}",
        "get /api/v1/campaigns", "post /api/v1/campaigns", "get /api/v1/campaigns/{id}",
        "patch /api/v1/campaigns/{id}", "delete /api/v1/campaigns/{id}",
        "get /api/v1/campaigns/{id}/metrics", "post /api/v1/campaigns/{id}/metrics",
        "post /api/v1/imports", "get /api/v1/audit-log", "get /health", "get /ready",
        "get /metrics", "get /openapi.json"}) {
    EXPECT_TRUE(documented.count(op)) << op << " is not in /openapi.json";
  }
  // Each documented operation is really routed.
  for (const auto& op : documented) {
    auto space = op.find(' ');
    std::string method = op.substr(0, space), path = op.substr(space + 1);
    for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    path = std::regex_replace(path, std::regex(R"(\{[a-z_]+\})"), "absent-id");
    Response answer = http.request(method, path, method == "GET" || method == "DELETE" ? "" : "{}");
    EXPECT_NE(answer.status, 405) << op << ": " << answer.describe();
    EXPECT_EQ(answer.body.find("no such path"), std::string::npos) << op << ": " << answer.describe();
  }
  // Request shapes reject unknown fields, as the server does.
  json schemas = doc["components"]["schemas"];
  ASSERT_TRUE(schemas.contains("ClientCreate"));
  EXPECT_EQ(schemas["ClientCreate"]["additionalProperties"], false);
  EXPECT_EQ(schemas["ClientCreate"]["required"], (json{"name", "currency"}));
  ASSERT_TRUE(schemas.contains("Problem"));
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      EXPECT_TRUE(op.contains("responses") && !op["responses"].empty()) << method << " " << path;
    }
  }
}

TEST_P(ApiOperations, DocumentationPagesLoadNothingFromOtherSites) {
  HttpClient http = service().client();
  for (const std::string page : {"/docs", "/redoc", "/"}) {
    SCOPED_TRACE(page);
    Response r = http.get(page);
    ASSERT_EQ(r.status, 200) << r.describe();
    EXPECT_EQ(r.media_type(), "text/html");
    EXPECT_EQ(r.body.find("http://"), std::string::npos);
    EXPECT_EQ(r.body.find("https://"), std::string::npos);
    EXPECT_EQ(r.body.find("src=\"//"), std::string::npos);
    std::regex asset(R"re((?:src|href)="(/[^"]*)")re");
    int assets = 0;
    for (std::sregex_iterator it(r.body.begin(), r.body.end(), asset), end; it != end; ++it) {
      std::string path = (*it)[1];
      Response a = http.get(path);
      EXPECT_EQ(a.status, 200) << path << ": " << a.describe();
      EXPECT_FALSE(a.body.empty()) << path;
      ++assets;
    }
    EXPECT_GT(assets, 0) << "the page references its scripts";
  }
  // The dashboard's service worker is served at the root, the only place it can control "/".
  Response worker = http.get("/sw.js");
  ASSERT_EQ(worker.status, 200) << worker.describe();
  EXPECT_EQ(worker.media_type(), "text/javascript");
  EXPECT_NE(worker.body.find("/static/app/app.js?v="), std::string::npos);
}

TEST_P(ApiOperations, RequestIdIsEchoedOrGenerated) {
  HttpClient http = service().client();
  Response mine = http.get("/health", {"X-Request-ID: trace-42.abc_DEF:1"});
  EXPECT_EQ(mine.header("X-Request-ID"), "trace-42.abc_DEF:1");
  Response problem = http.get("/api/v1/clients", {"X-Request-ID: trace-43"});
  EXPECT_EQ(expect_problem(problem, 401)["request_id"], "trace-43");
  Response unsafe = http.get("/health", {"X-Request-ID: has spaces and <html>"});
  std::string generated = unsafe.header("X-Request-ID");
  EXPECT_FALSE(generated.empty());
  EXPECT_EQ(generated.find(' '), std::string::npos) << generated;
  EXPECT_NE(http.get("/health").header("X-Request-ID"), http.get("/health").header("X-Request-ID"));
}

TEST_P(ApiOperations, RateLimitAnswers429WithRetryAfter) {
  ServiceConfig config;
  config.rate_limit = 1;
  config.rate_burst = 3;
  Service& s = start_service(config);
  Tenant t = s.create_tenant("limited");
  HttpClient http = s.client(t.admin_key);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(http.get("/api/v1/clients").status, 200) << i;
  Response refused = http.get("/api/v1/clients");
  expect_problem(refused, 429);
  ASSERT_TRUE(refused.has_header("Retry-After")) << refused.describe();
  int retry_after = std::stoi(refused.header("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 2);
  // Limits are per credential: another one is not affected.
  Tenant other = s.create_tenant("unlimited");
  EXPECT_EQ(s.client(other.admin_key).get("/api/v1/clients").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100 * retry_after));
  EXPECT_EQ(http.get("/api/v1/clients").status, 200) << "the bucket refills";
}

TEST_P(ApiOperations, SigtermLetsTheRequestInFlightFinish) {
  Service& s = start_service({});
  Tenant t = s.create_tenant("shutdown");
  std::string body = R"({"id":"in-flight","name":"Created during shutdown","currency":"USD"})";
  RawConnection connection(s.port());
  std::string head = "POST /api/v1/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                     t.admin_key + "\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n";
  ASSERT_TRUE(connection.send(head + body.substr(0, 10)));
  std::this_thread::sleep_for(300ms);  // the server is now reading this request
  ASSERT_EQ(::kill(s.process().pid(), SIGTERM), 0);
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(s.process().running()) << "the service quit with a request in flight";
  EXPECT_NE(s.client().get("/health").status, 200) << "no new requests are accepted while stopping";
  ASSERT_TRUE(connection.send(body.substr(10)));
  std::string answer = connection.read_until_close(10s);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 201")) << answer;
  EXPECT_NE(answer.find("\"id\":\"in-flight\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  EXPECT_EQ(s.process().wait_exit(15s), 0) << "exit status after SIGTERM";
}

API_TEST_BACKENDS(ApiOperations);

// PostgreSQL only: a SQLite file cannot go away under the service (it holds the file open).
class ApiReadiness : public ApiTest {};

TEST_P(ApiReadiness, NotReadyWhenTheDatabaseIsGone) {
  Service& s = start_service({});
  ASSERT_EQ(s.client().get("/ready").status, 200);
  const std::string& url = s.database_url();
  std::string name = url.substr(url.rfind('/') + 1);
  name = name.substr(0, name.find('?'));
  ASSERT_EQ(run_postgres(env("STRATEGIST_TEST_POSTGRES_URL"), "DROP DATABASE " + name + " WITH (FORCE)"),
            "");
  Response r = s.client().get("/ready");
  EXPECT_EQ(r.status, 503) << r.describe();
  EXPECT_EQ(r.body_json()["checks"]["database"], "unavailable") << r.describe();
  EXPECT_EQ(s.client().get("/health").status, 200) << "liveness does not depend on the database";
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiReadiness, ::testing::Values(Backend::postgresql),
                         BackendName());

}  // namespace
}  // namespace api_test
