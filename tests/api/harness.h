// Harness for the HTTP integration tests: runs the real `strategist` binary (STRATEGIST_BINARY)
// against a throwaway SQLite file or PostgreSQL database and talks to it over real sockets.
//
//   Service& s = service();                      // shared by the suite, per backend
//   Tenant a = s.create_tenant("acme");          // `strategist tenant create` → admin key
//   HttpClient http = s.client(a.admin_key);
//   Response r = http.post("/api/v1/clients", {{"name", "Acme"}, {"currency", "USD"}});
//
// Every test runs on both backends (ApiTest is parameterized by Backend, named Sqlite and
// Postgresql). PostgreSQL comes from STRATEGIST_TEST_POSTGRES_URL; without it the PostgreSQL
// variants are skipped, or fail when STRATEGIST_REQUIRE_SERVERS=1. Nothing here is thread-safe
// unless said so; each test drives its services from its own thread.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace api_test {

using nlohmann::json;
using namespace std::chrono_literals;

enum class Backend { sqlite, postgresql };

// "Sqlite" or "Postgresql": the test-name suffix.
std::string backend_name(Backend backend);
// For gtest's messages and the ctest names ("GetParam() = Sqlite").
inline void PrintTo(Backend backend, std::ostream* out) { *out << backend_name(backend); }

// Why `backend` cannot run here ("" when it can): the PostgreSQL URL is not configured.
std::string backend_unavailable(Backend backend);

// Environment variable, or "" when unset.
std::string env(const char* name);

// A fresh temporary folder (under STRATEGIST_TEST_TMP when set), removed when destroyed.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A throwaway database: a SQLite file in `dir`, or a PostgreSQL database created with
// CREATE DATABASE as the test role and dropped (WITH FORCE) when destroyed. Throws
// std::runtime_error when it cannot be made.
class TestDatabase {
 public:
  TestDatabase(Backend backend, const std::string& dir);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  const std::string& url() const { return url_; }
  Backend backend() const { return backend_; }

 private:
  Backend backend_;
  std::string url_, server_url_, name_;
};

// Runs one statement on a short-lived libpq connection; returns the error text or "".
std::string run_postgres(const std::string& url, const std::string& sql);

// A free TCP port on 127.0.0.1 (bound to port 0, then closed; racy in principle, so callers
// retry when the service cannot bind it).
std::uint16_t free_port();

// A random lower-case hex string of `length` characters, for unique names.
std::string random_hex(std::size_t length);

struct CommandResult {
  int exit_code = -1;  // -1: killed or did not finish in time
  std::string out, err;
};

// Runs `strategist ARGS…` to completion (stdout and stderr captured), in `working_dir`.
CommandResult run_strategist(const std::vector<std::string>& args, const std::string& working_dir,
                             std::chrono::seconds timeout = 60s);

// A child process running `strategist ARGS…` with stdout and stderr appended to `log_path`,
// started in `working_dir` with the service's own environment variables (STRATEGIST_*,
// DATABASE_URL, REDIS_URL) removed so only the arguments configure it.
class ServiceProcess {
 public:
  ServiceProcess(std::vector<std::string> args, std::string log_path, std::string working_dir);
  // Kills (SIGKILL) and reaps the process if it still runs.
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` (SIGTERM by default) and waits up to `timeout` for the exit; returns the
  // exit status (128+N when killed by signal N), or -1 if it did not exit in time (it is then
  // killed).
  int stop(int signal = SIGTERM, std::chrono::milliseconds timeout = 15s);
  // Waits for the process to exit by itself; the exit status, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout);
  // The exit status once it has exited (running() false), else nullopt.
  std::optional<int> exit_status() const { return exit_status_; }
  std::string log() const;
  const std::string& log_path() const { return log_path_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::string log_path_;
};

// One HTTP response; header names are lower-cased.
struct Response {
  long status = 0;    // 0 when the transfer failed (see error)
  std::string error;  // curl's message when it failed
  std::multimap<std::string, std::string> headers;
  std::string body;

  // The first value of `name` (any case), "" when absent.
  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const;
  // The Content-Type without parameters ("application/json").
  std::string media_type() const;
  // The body parsed as JSON; a discarded value when it is not JSON.
  json body_json() const;
  // Status, media type and body, for assertion messages.
  std::string describe() const;
};

// A libcurl client for one service: one easy handle, so connections are kept alive between
// requests. Sends `Authorization: Bearer <bearer>` when bearer is not empty.
class HttpClient {
 public:
  HttpClient(std::string base_url, std::string bearer = {});
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // `headers` are "Name: value" lines; they replace the default Authorization when they carry
  // one. A body is sent as-is (Content-Type application/json unless a header says otherwise).
  Response request(const std::string& method, const std::string& path, const std::string& body = {},
                   const std::vector<std::string>& headers = {});
  Response get(const std::string& path, const std::vector<std::string>& headers = {}) {
    return request("GET", path, {}, headers);
  }
  Response post(const std::string& path, const json& body,
                const std::vector<std::string>& headers = {}) {
    return request("POST", path, body.dump(), headers);
  }
  Response patch(const std::string& path, const json& body,
                 const std::vector<std::string>& headers = {}) {
    return request("PATCH", path, body.dump(), headers);
  }
  Response del(const std::string& path, const std::vector<std::string>& headers = {}) {
    return request("DELETE", path, {}, headers);
  }
  const std::string& base_url() const { return base_url_; }
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  std::string base_url_, bearer_;
  void* curl_ = nullptr;
  std::chrono::milliseconds timeout_ = 15s;
};

// A raw blocking TCP connection to 127.0.0.1:port, for what curl will not do (a body sent in
// two parts with a pause between).
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  bool send(const std::string& data);
  // Everything the server sends until it closes the connection or `timeout` passes.
  std::string read_until_close(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

struct Tenant {
  std::string id;
  std::string admin_key;
};

// How a service is started; empty/zero values leave the binary's defaults.
struct ServiceConfig {
  std::string jwt_secret = "integration-test-jwt-secret-0123456789abcdef";
  std::optional<std::size_t> body_limit;
  std::optional<double> rate_limit, rate_burst;
  std::string redis_url;
  // Token requests are limited per address; every test calls from 127.0.0.1.
  std::vector<std::string> extra_args = {"--login-rate", "10000"};
};

// A running `strategist serve` on its own database (or on `shared_database` of another
// Service), with its log in a scratch folder.
class Service {
 public:
  // Starts the service and waits until GET /health answers 200 (10 s). Throws
  // std::runtime_error (with the log) when it does not come up.
  Service(Backend backend, ServiceConfig config = {}, const Service* shared_database = nullptr);
  // Stops the process (SIGKILL if still running) and drops the database.
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  Backend backend() const { return backend_; }
  std::uint16_t port() const { return port_; }
  std::string base_url() const;
  const std::string& database_url() const;
  const ServiceConfig& config() const { return config_; }
  const std::string& scratch() const { return scratch_->path(); }
  ServiceProcess& process() { return *process_; }

  // `strategist tenant create <prefix>-<random>`; throws when the command fails.
  Tenant create_tenant(const std::string& prefix);
  // A client sending `bearer` (an API key or JWT).
  HttpClient client(const std::string& bearer = {}) const;
  // SIGTERM and wait; the exit status (0 for a graceful stop).
  int stop();
  std::string log() const;

 private:
  Backend backend_;
  ServiceConfig config_;
  std::unique_ptr<ScratchDir> scratch_;
  std::unique_ptr<TestDatabase> database_;
  std::string database_url_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ServiceProcess> process_;
};

// Base fixture: parameterized by backend; skips (or fails, with STRATEGIST_REQUIRE_SERVERS=1)
// when the backend is not available. service() is shared by all tests of one suite on one
// backend (started on first use, stopped — asserting exit 0 — after the suite); services from
// start_service() belong to the test and are stopped, asserting exit 0, in TearDown. When a
// test fails, the logs of the services it used are printed.
class ApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  static void TearDownTestSuite();

  Backend backend() const { return GetParam(); }
  Service& service();
  Service& start_service(ServiceConfig config, const Service* shared_database = nullptr);

 private:
  static std::map<Backend, std::unique_ptr<Service>>& shared();
  std::vector<std::unique_ptr<Service>> owned_;
};

// Test names: Sqlite / Postgresql.
struct BackendName {
  std::string operator()(const ::testing::TestParamInfo<Backend>& info) const {
    return backend_name(info.param);
  }
};

#define API_TEST_BACKENDS(Suite)                                                      \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                           \
                           ::testing::Values(::api_test::Backend::sqlite,             \
                                             ::api_test::Backend::postgresql),        \
                           ::api_test::BackendName())

// Asserts that `r` is an RFC 9457 problem with `status`: media type application/problem+json
// and the fields type, title, status, instance and request_id. Returns the body.
json expect_problem(const Response& r, long status);
// As expect_problem, and `errors` names `field` (validation problems).
json expect_field_problem(const Response& r, long status, const std::string& field);

}  // namespace api_test
