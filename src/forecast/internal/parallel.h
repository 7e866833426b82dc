// Runs independent tasks on a few threads. Training parallelises across model fits (folds ×
// targets × kinds), each fit on one XGBoost thread, rather than inside a fit with OpenMP: whole
// fits share nothing, so two threads give close to 2×, and a preempted thread costs only its
// own task — XGBoost's per-node OpenMP barriers spin on a busy machine and were measured 5–7×
// slower on this shared 2-core host. Internal to the forecast library.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace forecast::internal {

// Calls fn(i) for every i in [0, tasks), on min(threads, tasks) threads (the caller's being one
// of them), taking tasks in index order: put the longest first. Rethrows the first exception
// once every thread has stopped; tasks not yet started when it was thrown are skipped.
template <typename Fn>
void run_parallel(std::size_t tasks, int threads, Fn&& fn) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < tasks && !failed; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const auto extra = static_cast<std::size_t>(std::max(threads, 1)) - 1;
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < std::min(extra, tasks > 0 ? tasks - 1 : 0); ++t) {
    pool.emplace_back(worker);
  }
  worker();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace forecast::internal
