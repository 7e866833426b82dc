// One of the two translation units that include Beast and Asio (each costs ~20 s to compile;
// the other, websocket_connection.cpp, holds the WebSocket templates), which is why it runs a
// little past the usual ~400 lines rather than being split. Everything that is not socket I/O
// lives in pipeline.cpp.
#include <utility>  // must precede the Asio headers for coroutines (Boost 1.74, g++ 12)

#include "http/server.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include "http/access_log.h"
#include "http/io_detail.h"
#include "http/pipeline.h"
#include "http/problem.h"
#include "http/websocket_connection.h"

namespace http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;
using Parser = bhttp::request_parser<bhttp::string_body>;

constexpr size_t kReadSize = 8192;
constexpr size_t kMaxDrainBytes = 4 * 1024 * 1024;
constexpr std::chrono::seconds kDrainTimeout{2};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

using detail::capture;

struct Connection {
  explicit Connection(tcp::socket socket)
      : executor(socket.get_executor()), stream(std::move(socket)) {}
  asio::any_io_executor executor;  // the connection's strand
  beast::tcp_stream stream;        // moved into `websocket` on an upgrade: unusable after
  beast::flat_buffer buffer;
  std::string remote;
  std::string wire;   // the serialized response, reused across requests
  bool idle = false;  // waiting for a request with nothing buffered; touched on the strand only
  std::shared_ptr<detail::WebSocketConnection> websocket;  // set on the strand at the upgrade
};

ServerOptions normalized(ServerOptions o) {
  int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (o.io_threads <= 0) o.io_threads = cores;
  if (o.worker_threads <= 0) o.worker_threads = std::max(4, 2 * cores);
  return o;
}

std::shared_ptr<spdlog::logger> access_logger() {
  auto logger = spdlog::get("access");
  return logger ? logger : install_access_log("");
}

Request to_request(bhttp::request<bhttp::string_body>& message, const std::string& remote) {
  Request r;
  r.method = std::string(message.method_string());
  r.target = std::string(message.target());
  for (const auto& field : message) {
    r.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  r.body = std::move(message.body());
  r.remote_address = remote;
  return r;
}

// What a failed read deserves: an answer (400, 413, 431) or, for timeouts and clients that went
// away, 0 — nothing.
int status_for(const error_code& ec) {
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) return 400;
  return 0;
}

Problem problem_for(int status) {
  switch (status) {
    case 413: return payload_too_large("request body exceeds the size limit");
    case 431: {
      Problem p = bad_request("request header exceeds the size limit");
      p.status = 431;
      p.title = status_title(431);
      return p;
    }
    default: return bad_request("malformed HTTP request");
  }
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, Metrics& metrics, WebSocketHub* hub)
      : options_(normalized(std::move(options))),
        metrics_(metrics),
        own_hub_(hub ? nullptr : std::make_unique<WebSocketHub>()),
        hub_(hub ? *hub : *own_hub_),
        pipeline_(router, metrics, access_logger(),
                  {options_.cors_origins, options_.hsts}),
        ioc_(options_.io_threads),
        control_(asio::make_strand(ioc_)),
        acceptor_(control_),
        pool_(static_cast<size_t>(options_.worker_threads)) {}

  ~Impl() {
    stop();
    wait();
  }

  void stop_on_signals() { want_signals_ = true; }
  void start();
  uint16_t port() const { return port_; }
  WebSocketHub& hub() { return hub_; }
  void stop();
  void wait();

 private:
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(std::shared_ptr<Connection> c);
  asio::awaitable<bool> serve_one(Connection& c, bool first);
  asio::awaitable<void> read_request(Connection& c, Parser& parser, error_code& ec);
  asio::awaitable<void> answer_failure(Connection& c, Parser& parser, int status,
                                       Clock::time_point start);
  asio::awaitable<Response> offload(const Route& route, Request& request);
  asio::awaitable<void> upgrade(Connection& c, const Route& route, Request& request,
                                const detail::WebSocketConnection::Upgrade& message,
                                Clock::time_point start);
  asio::awaitable<void> reject(tcp::socket socket);
  asio::awaitable<void> drain_and_close(beast::tcp_stream& stream);
  asio::awaitable<void> shut_down();
  asio::awaitable<void> wait_for_connections(Clock::duration limit);
  void close_connections(bool idle_only);
  void forget(Connection* c);

  const ServerOptions options_;
  Metrics& metrics_;
  std::unique_ptr<WebSocketHub> own_hub_;
  WebSocketHub& hub_;
  detail::Pipeline pipeline_;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> open_{0};
  uint16_t port_ = 0;
  bool want_signals_ = false;
  std::mutex connections_mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
  std::mutex wait_mutex_;
  bool waited_ = false;
  std::vector<std::thread> io_threads_;
  // Destroyed in reverse order: the pool (joined) first, then the io_context, whose pending
  // coroutine frames still reference the members above.
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_;  // acceptor, signals, shutdown
  tcp::acceptor acceptor_;
  std::optional<asio::signal_set> signals_;
  asio::thread_pool pool_;
};

void Server::Impl::start() {
  if (started_.exchange(true)) throw std::logic_error("http::Server::start called twice");
  error_code ec;
  auto address = asio::ip::make_address(options_.address, ec);
  tcp::endpoint endpoint(address, options_.port);
  if (!ec) acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::system_error(ec.value(), std::system_category(),
                            "cannot listen on " + options_.address + ":" +
                                std::to_string(options_.port));
  }
  port_ = acceptor_.local_endpoint().port();
  metrics_.set_build_info(options_.version);
  if (want_signals_) {
    signals_.emplace(control_, SIGINT, SIGTERM);
    signals_->async_wait([this](error_code e, int) {
      if (!e) stop();
    });
  }
  asio::co_spawn(control_, accept_loop(), asio::detached);
  for (int i = 0; i < options_.io_threads; ++i) io_threads_.emplace_back([this] { ioc_.run(); });
}

void Server::Impl::stop() {
  if (stopping_.exchange(true) || !started_) return;
  asio::co_spawn(control_, shut_down(), asio::detached);
}

void Server::Impl::wait() {
  std::lock_guard lock(wait_mutex_);
  if (waited_) return;
  for (auto& thread : io_threads_) thread.join();
  pool_.join();
  waited_ = true;
}

asio::awaitable<void> Server::Impl::accept_loop() {
  while (!stopping_) {
    tcp::socket socket(asio::make_strand(ioc_));
    error_code ec;
    co_await acceptor_.async_accept(socket, capture(ec));
    if (stopping_ || !acceptor_.is_open()) break;
    if (ec) {  // out of descriptors and the like: back off instead of spinning
      spdlog::warn("http: accept failed: {}", ec.message());
      asio::steady_timer pause(control_, std::chrono::milliseconds(50));
      co_await pause.async_wait(capture(ec));
      continue;
    }
    if (open_.load() >= options_.max_connections) {
      auto executor = socket.get_executor();
      asio::co_spawn(executor, reject(std::move(socket)), asio::detached);
      continue;
    }
    auto connection = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard lock(connections_mutex_);
      connections_.emplace(connection.get(), connection);
    }
    ++open_;
    metrics_.add_connections(1);
    auto executor = connection->stream.get_executor();
    asio::co_spawn(executor, session(std::move(connection)), asio::detached);
  }
}

void Server::Impl::forget(Connection* c) {
  {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(c);
  }
  --open_;
  metrics_.add_connections(-1);
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> c) {
  struct Forget {
    Impl& impl;
    Connection* c;
    ~Forget() { impl.forget(c); }
  } forget{*this, c.get()};
  error_code ec;
  c->stream.socket().set_option(tcp::no_delay(true), ec);
  auto peer = c->stream.socket().remote_endpoint(ec);
  if (!ec) c->remote = peer.address().to_string();
  try {
    for (bool first = true; co_await serve_one(*c, first); first = false) {
    }
  } catch (const std::exception& e) {
    spdlog::warn("http: connection from {} failed: {}", c->remote, e.what());
  }
  if (c->websocket) co_return;  // the WebSocket has closed its stream
  c->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  c->stream.close();
}

// Reads one request, answers it; returns whether to keep the connection for another.
asio::awaitable<bool> Server::Impl::serve_one(Connection& c, bool first) {
  error_code ec;
  if (c.buffer.size() == 0) {
    if (stopping_) co_return false;
    c.idle = true;  // stop() may close us while we wait here
    c.stream.expires_after(first ? options_.read_timeout : options_.idle_timeout);
    size_t n = co_await c.stream.async_read_some(c.buffer.prepare(kReadSize), capture(ec));
    c.idle = false;
    if (ec) co_return false;
    c.buffer.commit(n);
  }
  Clock::time_point start = Clock::now();
  Parser parser;
  co_await read_request(c, parser, ec);
  if (ec) {
    if (int status = status_for(ec)) co_await answer_failure(c, parser, status, start);
    co_return false;
  }

  auto& message = parser.get();
  Request request = to_request(message, c.remote);
  detail::Framing framing{message.keep_alive(), message.version() == 10};
  struct InFlight {  // also right if the coroutine is destroyed while the handler runs
    Metrics& m;
    bool counted = true;
    explicit InFlight(Metrics& metrics) : m(metrics) { m.add_in_flight(1); }
    void done() {
      if (std::exchange(counted, false)) m.add_in_flight(-1);
    }
    ~InFlight() { done(); }
  } in_flight{metrics_};
  Response response;
  if (const Route* route = pipeline_.route(request, response)) {
    if (route->websocket && beast::websocket::is_upgrade(message)) {
      in_flight.done();
      co_await upgrade(c, *route, request, message, start);
      co_return false;
    }
    if (route->options.offload) {
      response = co_await offload(*route, request);
    } else {
      response = pipeline_.invoke(*route, request);
    }
  }
  framing.keep_alive = framing.keep_alive && !stopping_;
  pipeline_.finish(request, response, start, framing, c.wire);
  in_flight.done();
  c.stream.expires_after(options_.idle_timeout);
  co_await asio::async_write(c.stream, asio::buffer(c.wire), capture(ec));
  co_return !ec && framing.keep_alive;
}

// Header first, so an oversized Content-Length is refused before any body is read and an
// "Expect: 100-continue" client is told to go on; the whole request shares one deadline.
asio::awaitable<void> Server::Impl::read_request(Connection& c, Parser& parser, error_code& ec) {
  parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
  parser.body_limit(options_.body_limit);
  c.stream.expires_after(options_.read_timeout);
  co_await bhttp::async_read_header(c.stream, c.buffer, parser, capture(ec));
  if (ec || parser.is_done()) co_return;
  if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
    co_await asio::async_write(c.stream, asio::buffer(kContinue), capture(ec));
    if (ec) co_return;
  }
  co_await bhttp::async_read(c.stream, c.buffer, parser, capture(ec));
}

// Answers a request that could not be read (400, 413, 431) and closes the connection.
asio::awaitable<void> Server::Impl::answer_failure(Connection& c, Parser& parser, int status,
                                                   Clock::time_point start) {
  auto& message = parser.get();
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.path = request.target.substr(0, request.target.find('?'));
  for (const auto& field : message) {
    request.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  request.remote_address = c.remote;
  detail::Pipeline::assign_request_id(request);
  Response response = render_problem(problem_for(status), request);
  pipeline_.finish(request, response, start, {false, false}, c.wire);
  error_code ec;
  c.stream.expires_after(kDrainTimeout);
  co_await asio::async_write(c.stream, asio::buffer(c.wire), capture(ec));
  if (!ec) co_await drain_and_close(c.stream);
}

// Closing a socket with unread input makes the kernel send RST, which can destroy the answer
// before the client reads it. So: send FIN, read and discard what the client is still sending
// (bounded in bytes and time), then close.
asio::awaitable<void> Server::Impl::drain_and_close(beast::tcp_stream& stream) {
  error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kDrainTimeout);
  std::array<char, 16384> scratch;
  for (size_t total = 0; !ec && total < kMaxDrainBytes;) {
    total += co_await stream.async_read_some(asio::buffer(scratch), capture(ec));
  }
  stream.close();
}

// Runs the handler on the worker pool and resumes the coroutine on its own strand. The
// initiation is a named object and captures only trivially destructible values: g++ 12 can
// destroy temporaries inside a co_await expression twice, which corrupted a captured executor.
// (detail::run_on does the same for any work, at the price of a std::function per call.)
asio::awaitable<Response> Server::Impl::offload(const Route& route, Request& request) {
  auto initiation = [this, &route, &request](auto handler) {
    auto home = asio::prefer(asio::get_associated_executor(handler),
                             asio::execution::outstanding_work.tracked);
    asio::post(pool_, [this, &route, &request, home = std::move(home),
                       handler = std::move(handler)]() mutable {
      Response response = pipeline_.invoke(route, request);
      asio::post(home, [handler = std::move(handler), response = std::move(response)]() mutable {
        handler(std::move(response));
      });
    });
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Response)>(
      initiation, asio::use_awaitable);
}

// A WebSocket upgrade request on a WebSocket route. The route's accept callback decides on the
// worker pool: refused, its problem is the answer; accepted, the connection is a WebSocket until
// it closes. Either way the HTTP connection is over afterwards.
asio::awaitable<void> Server::Impl::upgrade(Connection& c, const Route& route, Request& request,
                                            const detail::WebSocketConnection::Upgrade& message,
                                            Clock::time_point start) {
  WebSocketReceiver receiver;
  Response response;
  const std::function<void()> work = [&] {
    response = pipeline_.accept_websocket(route, request, receiver);
  };
  co_await detail::run_on(pool_, work);
  if (receiver && stopping_) {
    receiver = nullptr;
    response = render_problem(service_unavailable("the server is shutting down"), request);
  }
  error_code ec;
  if (!receiver) {
    pipeline_.finish(request, response, start, {false, false}, c.wire);
    c.stream.expires_after(options_.idle_timeout);
    co_await asio::async_write(c.stream, asio::buffer(c.wire), capture(ec));
    co_return;
  }
  c.websocket = detail::WebSocketConnection::create(std::move(c.stream), hub_,
                                                    options_.websocket, metrics_);
  bool accepted = co_await c.websocket->accept(message, request.request_id);
  pipeline_.record(request, accepted ? 101 : 400, 0, start);
  if (accepted) co_await c.websocket->serve(receiver, pool_);
}

// Above max_connections: answer 503 without reading the request, then close.
asio::awaitable<void> Server::Impl::reject(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  Request request;
  error_code ec;
  auto peer = stream.socket().remote_endpoint(ec);
  if (!ec) request.remote_address = peer.address().to_string();
  detail::Pipeline::assign_request_id(request);
  Response response = render_problem(service_unavailable("too many connections", 1), request);
  std::string wire;
  pipeline_.finish(request, response, Clock::now(), {false, false}, wire);
  stream.expires_after(kDrainTimeout);
  co_await asio::async_write(stream, asio::buffer(wire), capture(ec));
  if (!ec) co_await drain_and_close(stream);
}

asio::awaitable<void> Server::Impl::shut_down() {
  error_code ec;
  acceptor_.close(ec);
  if (signals_) signals_->cancel(ec);
  close_connections(/*idle_only=*/true);
  co_await wait_for_connections(options_.shutdown_grace);
  if (open_.load() == 0) co_return;
  spdlog::warn("http: {} connection(s) still open after the shutdown grace; closing them",
               open_.load());
  close_connections(/*idle_only=*/false);
  co_await wait_for_connections(std::chrono::milliseconds(100));
  pool_.stop();  // handlers not started yet never will be; running ones finish in wait()
  ioc_.stop();
}

asio::awaitable<void> Server::Impl::wait_for_connections(Clock::duration limit) {
  asio::steady_timer tick(control_);
  error_code ec;
  for (auto deadline = Clock::now() + limit; open_.load() > 0 && Clock::now() < deadline;) {
    tick.expires_after(std::chrono::milliseconds(10));
    co_await tick.async_wait(capture(ec));
  }
}

// Closes connections on their own strands: the idle ones, or all of them.
void Server::Impl::close_connections(bool idle_only) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(connections_mutex_);
    for (auto& [raw, weak] : connections_) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  for (auto& c : live) {
    asio::post(c->executor, [c, idle_only] {
      if (c->websocket) {
        c->websocket->close(/*gracefully=*/idle_only);
      } else if (c->idle || !idle_only) {
        c->stream.close();
      }
    });
  }
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics, WebSocketHub* hub)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics, hub)) {}
Server::~Server() = default;
void Server::stop_on_signals() { impl_->stop_on_signals(); }
void Server::start() { impl_->start(); }
uint16_t Server::port() const { return impl_->port(); }
WebSocketHub& Server::websocket_hub() { return impl_->hub(); }
void Server::stop() { impl_->stop(); }
void Server::wait() { impl_->wait(); }

}  // namespace http
