// Test clients for the HTTP server: libcurl for ordinary requests, a raw blocking socket for
// what curl will not do (slow senders, malformed requests, one connection for several requests).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace http::test {

struct ClientResponse {
  long status = 0;                                   // 0 when the transfer failed
  std::string error;                                 // curl's message when it failed
  std::multimap<std::string, std::string> headers;   // names lower-cased
  std::string body;

  bool has(const std::string& name) const { return headers.count(name) != 0; }
  // The first value of a header, "" when absent.
  std::string header(const std::string& name) const;
};

struct ClientRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  long timeout_ms = 5000;
};

ClientResponse fetch(const ClientRequest& request);
ClientResponse get(const std::string& url, std::vector<std::string> headers = {});

// A blocking TCP connection to 127.0.0.1.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends everything; false when the peer has gone.
  bool send(const std::string& data);
  // Reads one response (header plus Content-Length body). "" on timeout or close.
  std::string read_response(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until the server closes; returns what arrived. `closed` says whether it did close.
  std::string read_until_close(std::chrono::milliseconds timeout, bool* closed);

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // false on close or timeout
  int fd_ = -1;
  std::string pending_;
};

}  // namespace http::test
