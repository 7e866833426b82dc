#include <utility>  // must precede the Asio headers for coroutines (Boost 1.74, g++ 12)

#include "websocket_client.h"

#include <deque>
#include <stdexcept>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace http::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

}  // namespace

struct WebSocketClient::Impl {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  websocket::response_type response;
  beast::flat_buffer buffer;
  std::deque<std::string> inbox;
  bool reading = false;
  bool closed = false;
  bool close_frame = false;
  bool write_done = false;
  error_code write_error;

  // Runs handlers until `done` or the deadline; whether `done` became true.
  bool run_until(const bool& done, Clock::time_point deadline) {
    while (!done) {
      if (ioc.stopped()) ioc.restart();
      if (ioc.run_one_until(deadline) == 0) return done;
    }
    return true;
  }

  void start_read() {
    if (reading || closed) return;
    reading = true;
    ws.async_read(buffer, [this](error_code ec, std::size_t) {
      reading = false;
      if (ec) {
        closed = true;
        close_frame = ec == websocket::error::closed;
        return;
      }
      inbox.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
    });
  }
};

WebSocketClient::WebSocketClient(std::uint16_t port, const std::string& target,
                                 const std::vector<std::string>& headers,
                                 std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  auto deadline = Clock::now() + timeout;
  Impl& i = *impl_;
  bool connected = false;
  error_code ec;
  tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  beast::get_lowest_layer(i.ws).async_connect(server, [&](error_code e) {
    ec = e;
    connected = true;
  });
  if (!i.run_until(connected, deadline) || ec) {
    throw std::runtime_error("websocket client: cannot connect: " + ec.message());
  }
  i.ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& request) {
    for (const auto& line : headers) {
      auto colon = line.find(':');
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      request.set(line.substr(0, colon), value);
    }
  }));
  bool answered = false;
  i.ws.async_handshake(i.response, "127.0.0.1:" + std::to_string(port), target,
                       [&](error_code e) {
                         ec = e;
                         answered = true;
                       });
  if (!i.run_until(answered, deadline)) {
    throw std::runtime_error("websocket client: no answer to the upgrade of " + target);
  }
  if (ec) {
    i.closed = true;
    if (i.response.result_int() == 0) {
      throw std::runtime_error("websocket client: upgrade failed: " + ec.message());
    }
  }
}

WebSocketClient::~WebSocketClient() {
  error_code ec;
  beast::get_lowest_layer(impl_->ws).socket().close(ec);
}

int WebSocketClient::status() const { return static_cast<int>(impl_->response.result_int()); }
const std::string& WebSocketClient::body() const { return impl_->response.body(); }
std::string WebSocketClient::header(const std::string& name) const {
  return std::string(impl_->response[name]);
}

void WebSocketClient::send(const std::string& text) {
  Impl& i = *impl_;
  if (i.closed) throw std::runtime_error("websocket client: send on a closed connection");
  i.write_done = false;
  i.ws.async_write(asio::buffer(text), [&i](error_code ec, std::size_t) {
    i.write_error = ec;
    i.write_done = true;
  });
  if (!i.run_until(i.write_done, Clock::now() + std::chrono::seconds(5)) || i.write_error) {
    throw std::runtime_error("websocket client: cannot send: " + i.write_error.message());
  }
}

std::optional<std::string> WebSocketClient::receive(std::chrono::milliseconds timeout) {
  Impl& i = *impl_;
  auto deadline = Clock::now() + timeout;
  if (i.inbox.empty()) i.start_read();
  while (i.inbox.empty() && !i.closed) {
    if (i.ioc.stopped()) i.ioc.restart();
    if (i.ioc.run_one_until(deadline) == 0) break;  // timed out
  }
  if (i.inbox.empty()) return std::nullopt;
  std::string message = std::move(i.inbox.front());
  i.inbox.pop_front();
  return message;
}

std::vector<std::string> WebSocketClient::drain(std::chrono::milliseconds window) {
  std::vector<std::string> out;
  auto deadline = Clock::now() + window;
  while (Clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto message = receive(left);
    if (!message) break;
    out.push_back(std::move(*message));
  }
  return out;
}

bool WebSocketClient::closed() const { return impl_->closed; }

std::optional<int> WebSocketClient::close_code() const {
  if (!impl_->closed) return std::nullopt;
  return impl_->close_frame ? static_cast<int>(impl_->ws.reason().code) : 0;
}

void WebSocketClient::close() {
  Impl& i = *impl_;
  if (i.closed) return;
  i.write_done = false;
  // A pending read (from an earlier receive) takes the server's answering close frame first.
  i.ws.async_close(websocket::close_code::normal, [&i](error_code) { i.write_done = true; });
  i.run_until(i.write_done, Clock::now() + std::chrono::seconds(1));
  i.closed = true;
}

}  // namespace http::test
