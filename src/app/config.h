// Service configuration: command-line flags, then environment variables (STRATEGIST_*,
// DATABASE_URL, REDIS_URL), then an optional .env file in the working directory — the first
// that sets a value wins. Secrets are never printed: describe() redacts them.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace app {

struct Config {
  std::string database = "sqlite:var/strategist.db";
  std::size_t database_pool = 8;
  std::string redis_url;        // empty: in-process cache, rate limits and live updates
  std::string address = "0.0.0.0";
  std::uint16_t port = 8029;
  int io_threads = 0;           // 0: one per core
  int worker_threads = 0;       // 0: max(4, 2 × cores)
  std::size_t body_limit_bytes = 10 * 1024 * 1024;
  int read_timeout_seconds = 30;
  int idle_timeout_seconds = 60;
  std::size_t max_connections = 10000;
  std::vector<std::string> cors_origins;
  bool behind_tls = false;      // sends HSTS
  std::string jwt_secret;       // empty: a random one per process (tokens die with it)
  int jwt_ttl_seconds = 3600;
  std::string encryption_key;   // for stored platform credentials
  double rate_limit_per_second = 50;
  double rate_limit_burst = 200;
  double login_rate_per_minute = 20;
  std::string static_dir;       // empty: <binary dir>/static
  std::string log_level = "info";
  std::string access_log = "-";  // one JSON line per request; "-" = stdout
  std::string public_url;       // how people reach the service, for printed links
  int job_threads = 1;          // background job workers in this process; 0: none
  int retrain_delay_seconds = 600;  // ingest → model retraining, deduplicated per tenant

  // Registers the serve-time options on `command`.
  void add_server_options(CLI::App& command);
  // Registers --database (and its pool) on `command`.
  void add_database_options(CLI::App& command);
  // One line per setting, secrets shown as "(set)".
  std::string describe() const;
};

// Loads KEY=VALUE lines of `path` into the environment without overriding variables already set.
// A missing file is fine; a malformed line is skipped with a warning on stderr.
void load_dotenv(const std::string& path);

}  // namespace app
