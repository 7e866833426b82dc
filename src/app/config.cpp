#include "app/config.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace app {

void Config::add_database_options(CLI::App& command) {
  command.add_option("--database", database,
                     "sqlite:PATH or postgresql://user:pass@host:port/db")
      ->envname("DATABASE_URL")
      ->capture_default_str();
  command.add_option("--database-pool", database_pool, "database connections")
      ->envname("STRATEGIST_DATABASE_POOL")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
}

void Config::add_server_options(CLI::App& command) {
  add_database_options(command);
  command.add_option("--redis", redis_url, "redis://host:port[/db]; shared cache, rate limits")
      ->envname("REDIS_URL");
  command.add_option("--address", address, "listen address")
      ->envname("STRATEGIST_ADDRESS")->capture_default_str();
  command.add_option("--port", port, "listen port")
      ->envname("STRATEGIST_PORT")->capture_default_str();
  command.add_option("--io-threads", io_threads, "I/O threads (0 = cores)")
      ->envname("STRATEGIST_IO_THREADS")->check(CLI::Range(0, 256));
  command.add_option("--worker-threads", worker_threads, "blocking-work threads (0 = auto)")
      ->envname("STRATEGIST_WORKER_THREADS")->check(CLI::Range(0, 1024));
  command.add_option("--body-limit", body_limit_bytes, "largest request body in bytes")
      ->envname("STRATEGIST_BODY_LIMIT")->capture_default_str();
  command.add_option("--read-timeout", read_timeout_seconds, "seconds to receive a request")
      ->envname("STRATEGIST_READ_TIMEOUT")->check(CLI::Range(1, 3600));
  command.add_option("--idle-timeout", idle_timeout_seconds, "seconds a keep-alive may idle")
      ->envname("STRATEGIST_IDLE_TIMEOUT")->check(CLI::Range(1, 3600));
  command.add_option("--max-connections", max_connections, "open connections at most")
      ->envname("STRATEGIST_MAX_CONNECTIONS");
  command.add_option("--cors-origin", cors_origins, "allowed CORS origin (repeatable, * for any)")
      ->envname("STRATEGIST_CORS_ORIGINS")->delimiter(',');
  command.add_flag("--behind-tls", behind_tls, "send Strict-Transport-Security")
      ->envname("STRATEGIST_BEHIND_TLS");
  command.add_option("--jwt-secret", jwt_secret, "HS256 secret, at least 32 bytes")
      ->envname("STRATEGIST_JWT_SECRET");
  command.add_option("--jwt-ttl", jwt_ttl_seconds, "access token lifetime in seconds")
      ->envname("STRATEGIST_JWT_TTL")->check(CLI::Range(60, 86400));
  command.add_option("--encryption-key", encryption_key, "key for stored platform credentials")
      ->envname("STRATEGIST_ENCRYPTION_KEY");
  command.add_option("--rate-limit", rate_limit_per_second, "requests per second per credential")
      ->envname("STRATEGIST_RATE_LIMIT")->check(CLI::PositiveNumber);
  command.add_option("--rate-burst", rate_limit_burst, "burst size per credential")
      ->envname("STRATEGIST_RATE_BURST")->check(CLI::PositiveNumber);
  command.add_option("--login-rate", login_rate_per_minute, "token requests per minute per address")
      ->envname("STRATEGIST_LOGIN_RATE")->check(CLI::PositiveNumber);
  command.add_option("--static-dir", static_dir, "web assets folder")
      ->envname("STRATEGIST_STATIC_DIR");
  command.add_option("--log-level", log_level, "trace|debug|info|warn|error")
      ->envname("STRATEGIST_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  command.add_option("--access-log", access_log, "file for the JSON access log, - for stdout")
      ->envname("STRATEGIST_ACCESS_LOG")->capture_default_str();
  command.add_option("--public-url", public_url, "base URL shown to people")
      ->envname("STRATEGIST_PUBLIC_URL");
  command.add_option("--job-threads", job_threads, "background job workers (0: this replica runs none)")
      ->envname("STRATEGIST_JOB_THREADS")->check(CLI::Range(0, 64))->capture_default_str();
  command.add_option("--retrain-delay", retrain_delay_seconds,
                     "seconds from an ingest to the forecast model's retraining")
      ->envname("STRATEGIST_RETRAIN_DELAY")->check(CLI::Range(0, 86400))->capture_default_str();
}

std::string Config::describe() const {
  auto secret = [](const std::string& s) { return s.empty() ? "(not set)" : "(set)"; };
  auto redact_url = [](const std::string& url) {
    // postgresql://user:password@host → postgresql://user:***@host
    auto scheme = url.find("://");
    auto at = url.rfind('@');
    if (scheme == std::string::npos || at == std::string::npos) return url;
    auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
  };
  std::ostringstream out;
  out << "database=" << redact_url(database) << " pool=" << database_pool
      << " redis=" << (redis_url.empty() ? "(none)" : redact_url(redis_url))
      << " listen=" << address << ":" << port << " jwt_secret=" << secret(jwt_secret)
      << " encryption_key=" << secret(encryption_key);
  return out.str();
}

void load_dotenv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << path << ":" << number << ": expected KEY=VALUE, line skipped\n";
      continue;
    }
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    ::setenv(key.c_str(), value.c_str(), /*overwrite=*/0);
  }
}

}  // namespace app
