// Asio helpers shared by the two translation units that do socket I/O (server.cpp and
// websocket_connection.cpp). Internal to http/.
#pragma once

#include <utility>  // must precede the Asio headers for coroutines (Boost 1.74, g++ 12)

#include <functional>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace http::detail {

namespace asio = boost::asio;

// A completion token that stores the error in `ec` instead of throwing.
inline auto capture(boost::system::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

// Runs `work` on `pool` and resumes the awaiting coroutine on its own executor. `work` must not
// throw and must outlive the call (a local of the awaiting frame does). The initiation is a
// named object capturing only references: g++ 12 can destroy temporaries inside a co_await
// expression twice, which corrupted a captured executor.
inline asio::awaitable<void> run_on(asio::thread_pool& pool, const std::function<void()>& work) {
  auto initiation = [&pool, &work](auto handler) {
    auto home = asio::prefer(asio::get_associated_executor(handler),
                             asio::execution::outstanding_work.tracked);
    asio::post(pool, [&work, home = std::move(home), handler = std::move(handler)]() mutable {
      work();
      asio::post(home, [handler = std::move(handler)]() mutable { handler(); });
    });
  };
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(initiation,
                                                                         asio::use_awaitable);
}

}  // namespace http::detail
