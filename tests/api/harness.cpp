// The harness's processes, databases and fixtures (see harness.h).
#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace api_test {
namespace fs = std::filesystem;

std::string backend_name(Backend backend) {
  return backend == Backend::sqlite ? "Sqlite" : "Postgresql";
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string backend_unavailable(Backend backend) {
  if (backend == Backend::postgresql && env("STRATEGIST_TEST_POSTGRES_URL").empty()) {
    return "STRATEGIST_TEST_POSTGRES_URL is not set (scripts/run-tests.sh starts a server)";
  }
  return "";
}

std::string random_hex(std::size_t length) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out += digits[rng() % 16];
  return out;
}

// ---- ScratchDir ----

ScratchDir::ScratchDir(const std::string& prefix) {
  std::string base = env("STRATEGIST_TEST_TMP");
  fs::path dir = base.empty() ? fs::temp_directory_path() : fs::path(base);
  path_ = (dir / (prefix + "_" + random_hex(12))).string();
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

// ---- TestDatabase ----

std::string run_postgres(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) error = PQerrorMessage(conn);
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

namespace {

// "postgresql://u:p@host:port/postgres?x" with the database replaced by `name`.
std::string with_database(const std::string& url, const std::string& name) {
  auto slash = url.find('/', url.find("://") + 3);
  auto query = url.find('?');
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, slash) + "/" + name + rest;
}

}  // namespace

TestDatabase::TestDatabase(Backend backend, const std::string& dir) : backend_(backend) {
  if (backend == Backend::sqlite) {
    url_ = "sqlite:" + dir + "/strategist.db";
    return;
  }
  server_url_ = env("STRATEGIST_TEST_POSTGRES_URL");
  if (server_url_.empty()) throw std::runtime_error(backend_unavailable(backend));
  name_ = "api_" + random_hex(16);
  if (auto error = run_postgres(server_url_, "CREATE DATABASE " + name_); !error.empty()) {
    throw std::runtime_error("cannot create a test database: " + error);
  }
  url_ = with_database(server_url_, name_);
}

TestDatabase::~TestDatabase() {
  if (!name_.empty()) run_postgres(server_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

// ---- processes ----

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

namespace {

// The environment for a child: ours without the variables the service reads as configuration.
std::vector<std::string> child_environment() {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    if (entry.starts_with("STRATEGIST_") || entry.starts_with("DATABASE_URL=") ||
        entry.starts_with("REDIS_URL=")) {
      continue;
    }
    out.emplace_back(entry);
  }
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// fork + exec of STRATEGIST_BINARY; the child's stdout and stderr go to `out_fd`/`err_fd`.
pid_t spawn(std::vector<std::string> args, const std::string& working_dir, int out_fd, int err_fd) {
  args.insert(args.begin(), STRATEGIST_BINARY);
  auto environment = child_environment();
  auto argv = pointers(args);
  auto envp = pointers(environment);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    if (::chdir(working_dir.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

CommandResult run_strategist(const std::vector<std::string>& args, const std::string& working_dir,
                             std::chrono::seconds timeout) {
  std::string out_path = working_dir + "/cmd_" + random_hex(8) + ".out";
  std::string err_path = out_path + ".err";
  int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CommandResult result;
  pid_t pid = spawn(args, working_dir, out_fd, err_fd);
  ::close(out_fd);
  ::close(err_fd);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      result.exit_code = decode_status(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  result.out = read_all(out_path);
  result.err = read_all(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  return result;
}

ServiceProcess::ServiceProcess(std::vector<std::string> args, std::string log_path,
                               std::string working_dir)
    : log_path_(std::move(log_path)) {
  int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + log_path_);
  pid_ = spawn(std::move(args), working_dir, fd, fd);
  ::close(fd);
}

ServiceProcess::~ServiceProcess() {
  if (running()) stop(SIGKILL, 5s);
}

bool ServiceProcess::running() {
  if (exit_status_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_status_ = decode_status(status);
    return false;
  }
  return true;
}

int ServiceProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) return -1;
    std::this_thread::sleep_for(5ms);
  }
  return *exit_status_;
}

int ServiceProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (!running()) return *exit_status_;
  ::kill(pid_, signal);
  int status = wait_exit(timeout);
  if (status == -1) {
    ::kill(pid_, SIGKILL);
    wait_exit(5s);
    return -1;
  }
  return status;
}

std::string ServiceProcess::log() const { return read_all(log_path_); }

// ---- Service ----

Service::Service(Backend backend, ServiceConfig config, const Service* shared_database)
    : backend_(backend), config_(std::move(config)) {
  scratch_ = std::make_unique<ScratchDir>("api_" + backend_name(backend));
  if (shared_database) {
    database_url_ = shared_database->database_url();
  } else {
    database_ = std::make_unique<TestDatabase>(backend, scratch_->path());
    database_url_ = database_->url();
  }
  std::string log_path = scratch_->path() + "/service.log";
  // The port is free when chosen but could be taken before the service binds it: try again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = free_port();
    std::vector<std::string> args = {"serve",     "--database",   database_url_,
                                     "--address", "127.0.0.1",    "--port",
                                     std::to_string(port_), "--database-pool", "4"};
    if (!config_.jwt_secret.empty()) {
      args.insert(args.end(), {"--jwt-secret", config_.jwt_secret});
    }
    if (config_.body_limit) {
      args.insert(args.end(), {"--body-limit", std::to_string(*config_.body_limit)});
    }
    if (config_.rate_limit) args.insert(args.end(), {"--rate-limit", std::to_string(*config_.rate_limit)});
    if (config_.rate_burst) args.insert(args.end(), {"--rate-burst", std::to_string(*config_.rate_burst)});
    if (!config_.redis_url.empty()) args.insert(args.end(), {"--redis", config_.redis_url});
    args.insert(args.end(), config_.extra_args.begin(), config_.extra_args.end());
    process_ = std::make_unique<ServiceProcess>(args, log_path, scratch_->path());

    HttpClient probe(base_url());
    probe.set_timeout(1s);
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline && process_->running()) {
      if (probe.get("/health").status == 200) return;
      std::this_thread::sleep_for(20ms);
    }
    bool bind_failure = !process_->running() && log().find("cannot listen") != std::string::npos;
    process_->stop(SIGKILL, 5s);
    if (!bind_failure) break;
  }
  throw std::runtime_error("the service did not become ready; its log (" + log_path + "):\n" +
                           log());
}

Service::~Service() {
  process_.reset();  // SIGKILL when a test did not stop it
  database_.reset();
}

std::string Service::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
const std::string& Service::database_url() const { return database_url_; }

Tenant Service::create_tenant(const std::string& prefix) {
  Tenant tenant;
  tenant.id = prefix + "-" + random_hex(8);
  auto result = run_strategist({"tenant", "create", tenant.id, "--database", database_url_},
                               scratch_->path());
  if (result.exit_code != 0) {
    throw std::runtime_error("tenant create failed (" + std::to_string(result.exit_code) +
                             "): " + result.err + result.out);
  }
  auto parsed = json::parse(result.out, nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("api_key")) {
    throw std::runtime_error("tenant create printed no key: " + result.out);
  }
  tenant.admin_key = parsed["api_key"].get<std::string>();
  return tenant;
}

HttpClient Service::client(const std::string& bearer) const { return HttpClient(base_url(), bearer); }

int Service::stop() { return process_->stop(SIGTERM, 25s); }

std::string Service::log() const { return process_ ? process_->log() : ""; }

// ---- ApiTest ----

std::map<Backend, std::unique_ptr<Service>>& ApiTest::shared() {
  static std::map<Backend, std::unique_ptr<Service>> services;
  return services;
}

void ApiTest::SetUp() {
  if (auto why = backend_unavailable(backend()); !why.empty()) {
    if (env("STRATEGIST_REQUIRE_SERVERS") == "1") FAIL() << why;
    GTEST_SKIP() << why;
  }
}

Service& ApiTest::service() {
  auto& slot = shared()[backend()];
  if (!slot) slot = std::make_unique<Service>(backend());
  return *slot;
}

Service& ApiTest::start_service(ServiceConfig config, const Service* shared_database) {
  owned_.push_back(std::make_unique<Service>(backend(), std::move(config), shared_database));
  return *owned_.back();
}

namespace {
void print_log(const Service& s) {
  std::string log = s.log();
  if (log.size() > 20000) log = "…" + log.substr(log.size() - 20000);
  std::cerr << "---- service log (" << backend_name(s.backend()) << ", port " << s.port()
            << ") ----\n" << log << "---- end of log ----\n";
}
}  // namespace

void ApiTest::TearDown() {
  // Owned services are stopped newest first (a second service may share the first's database).
  for (auto it = owned_.rbegin(); it != owned_.rend(); ++it) {
    auto& s = **it;
    int status = s.stop();
    EXPECT_EQ(status, 0) << "the service did not stop gracefully on SIGTERM";
    if (HasFailure()) print_log(s);
  }
  owned_.clear();
  if (HasFailure()) {
    auto& services = shared();
    if (auto it = services.find(backend()); it != services.end() && it->second) print_log(*it->second);
  }
}

void ApiTest::TearDownTestSuite() {
  for (auto& [backend, s] : shared()) {
    if (!s) continue;
    int status = s->stop();
    if (status != 0) {
      ADD_FAILURE() << "the shared " << backend_name(backend)
                    << " service did not stop gracefully on SIGTERM (status " << status << ")";
      print_log(*s);
    }
  }
  shared().clear();
}

// ---- assertions ----

json expect_problem(const Response& r, long status) {
  EXPECT_EQ(r.status, status) << r.describe();
  EXPECT_EQ(r.media_type(), "application/problem+json") << r.describe();
  json body = r.body_json();
  EXPECT_TRUE(body.is_object()) << r.describe();
  if (!body.is_object()) return json::object();
  for (const char* field : {"type", "title", "status", "instance", "request_id"}) {
    EXPECT_TRUE(body.contains(field)) << "problem lacks '" << field << "': " << r.describe();
  }
  EXPECT_EQ(body.value("status", 0L), status) << r.describe();
  EXPECT_EQ(body.value("request_id", std::string()), r.header("X-Request-ID")) << r.describe();
  return body;
}

json expect_field_problem(const Response& r, long status, const std::string& field) {
  json body = expect_problem(r, status);
  bool named = false;
  if (body.contains("errors") && body["errors"].is_array()) {
    for (const auto& e : body["errors"]) {
      EXPECT_TRUE(e.contains("field") && e.contains("message")) << r.describe();
      if (e.value("field", std::string()) == field) named = true;
    }
  }
  EXPECT_TRUE(named) << "the problem does not name field '" << field << "': " << r.describe();
  return body;
}

}  // namespace api_test
