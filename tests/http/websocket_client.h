// A WebSocket client for tests (Beast, confined to websocket_client.cpp). It runs on its own
// io_context, driven only inside its calls: between calls it reads nothing and answers no ping,
// which is how a test plays a slow or silent client.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace http::test {

class WebSocketClient {
 public:
  // Connects to 127.0.0.1:`port` and asks to upgrade `target` ("/ws?access_token=…"), sending
  // `headers` ("Name: value") with the upgrade. Refusal is not an error: see status(). Throws
  // std::runtime_error when the server cannot be reached or does not answer in time.
  WebSocketClient(std::uint16_t port, const std::string& target,
                  const std::vector<std::string>& headers = {},
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  // The upgrade's answer: 101 when the WebSocket is open; otherwise the refusal's status and
  // body. header() looks up a response header (any case), "" when absent.
  int status() const;
  const std::string& body() const;
  std::string header(const std::string& name) const;

  // Sends a text message; throws std::runtime_error when it cannot be written in 5 s.
  void send(const std::string& text);
  // The next text message; nullopt when none arrives within `timeout` or the connection closed.
  std::optional<std::string> receive(std::chrono::milliseconds timeout);
  // Everything that arrives within `window` (to show that nothing else came).
  std::vector<std::string> drain(std::chrono::milliseconds window);

  // Whether the connection has ended (seen by receive()).
  bool closed() const;
  // The server's close code (1000 normal, 1001 going away, …) once closed with a close frame;
  // 0 when the connection ended without one; nullopt while open.
  std::optional<int> close_code() const;
  // Sends a normal close frame and waits (1 s) for the server's answer.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace http::test
