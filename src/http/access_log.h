// The access log: one JSON line per request, written through the spdlog logger named "access".
//   {"ts":"2024-11-24T17:08:00.123Z","method":"GET","route":"/api/v1/clients/{id}",
//    "path":"/api/v1/clients/acme","status":200,"duration_ms":1.234,"tenant":"t1",
//    "request_id":"…","remote":"10.0.0.7","bytes_out":512}
// The server takes whatever logger is registered as "access" when it is constructed, installing
// the default (async, stdout) one when there is none.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace http {

struct AccessRecord {
  std::chrono::system_clock::time_point time;
  std::string_view method;
  std::string_view route;  // the matched pattern, or "unmatched"
  std::string_view path;
  int status = 0;
  double duration_ms = 0;
  std::string_view tenant;
  std::string_view request_id;
  std::string_view remote;
  size_t bytes_out = 0;  // body bytes sent
};

// Appends `record` to `out` as one JSON object, without a newline. Safe from any thread.
void append_access_json(const AccessRecord& record, std::string& out);

// Registers (replacing any earlier one) the logger "access", writing bare lines to `path`,
// appending; "" or "-" means stdout. Request threads only append to a memory buffer; a
// background thread writes it out every 100 ms (and on logger->flush() and destruction). When
// the output cannot keep up, lines beyond 8 MiB pending are dropped, and counted in a
// {"dropped_access_lines":N} line, rather than stalling requests. Throws spdlog::spdlog_ex when
// the file cannot be opened.
std::shared_ptr<spdlog::logger> install_access_log(const std::string& path);

}  // namespace http
