#include "http/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <iterator>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

namespace http {
namespace {

void append_escaped(std::string_view s, std::string& out) {
  out.push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

// "2024-11-24T17:08:00.123Z"; the part up to the seconds is formatted once per second.
void append_timestamp(std::chrono::system_clock::time_point time, std::string& out) {
  thread_local std::time_t cached_second = -1;
  thread_local char cached[32];
  auto since_epoch = time.time_since_epoch();
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  std::time_t t = seconds.count();
  if (t != cached_second) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = t;
  }
  out.push_back('"');
  out.append(cached);
  fmt::format_to(std::back_inserter(out), ".{:03d}Z\"", static_cast<int>(millis.count()));
}

// Collects lines in memory and writes them from its own thread in batches, every 100 ms or
// sooner when 256 KiB have piled up. A request thread only appends under a mutex: no system
// call and no thread wake-up per line (spdlog's async logger wakes its worker for every message,
// which cost more than the rest of a /health request). Above 8 MiB pending — the output cannot
// keep up — lines are dropped and counted rather than stalling requests. Lines are the bare
// message; the logger's pattern is not used.
class BatchingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  BatchingSink(int fd, bool owned) : fd_(fd), owned_(owned), thread_([this] { run(); }) {}

  ~BatchingSink() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    if (owned_) ::close(fd_);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {  // mutex_ is held
    if (pending_.size() >= kMaxPending) {
      ++dropped_;
      return;
    }
    pending_.append(msg.payload.data(), msg.payload.size());
    pending_.push_back('\n');
    if (pending_.size() >= kWakeBytes && !woken_) {
      woken_ = true;
      wake_.notify_one();
    }
  }

  void flush_() override {  // mutex_ is held
    std::lock_guard writing(write_mutex_);
    write_all(pending_);
    pending_.clear();
  }

 private:
  static constexpr size_t kWakeBytes = 256 * 1024;
  static constexpr size_t kMaxPending = 8 * 1024 * 1024;

  void run() {
    std::string chunk;
    std::unique_lock lock(mutex_);
    for (bool last = false; !last;) {
      wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stopping_ || woken_; });
      last = stopping_;
      chunk.swap(pending_);
      woken_ = false;
      if (dropped_ != 0) {
        fmt::format_to(std::back_inserter(chunk), "{{\"dropped_access_lines\":{}}}\n", dropped_);
        dropped_ = 0;
      }
      std::unique_lock writing(write_mutex_);  // taken before mutex_ is released: keeps order
      lock.unlock();
      write_all(chunk);
      chunk.clear();
      writing.unlock();
      lock.lock();
    }
  }

  void write_all(const std::string& data) {
    for (size_t done = 0; done < data.size();) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // nowhere to write to; nothing better to do with the lines
      done += static_cast<size_t>(n);
    }
  }

  int fd_;
  bool owned_;
  std::string pending_;  // guarded by mutex_
  size_t dropped_ = 0;   // guarded by mutex_
  bool woken_ = false;   // guarded by mutex_
  bool stopping_ = false;
  std::condition_variable wake_;
  std::mutex write_mutex_;  // orders writes between run() and flush_()
  std::thread thread_;      // last: starts after the members above exist
};

}  // namespace

void append_access_json(const AccessRecord& r, std::string& out) {
  out.append("{\"ts\":");
  append_timestamp(r.time, out);
  out.append(",\"method\":");
  append_escaped(r.method, out);
  out.append(",\"route\":");
  append_escaped(r.route, out);
  out.append(",\"path\":");
  append_escaped(r.path, out);
  fmt::format_to(std::back_inserter(out), ",\"status\":{},\"duration_ms\":{:.3f},\"tenant\":",
                 r.status, r.duration_ms);
  append_escaped(r.tenant, out);
  out.append(",\"request_id\":");
  append_escaped(r.request_id, out);
  out.append(",\"remote\":");
  append_escaped(r.remote, out);
  fmt::format_to(std::back_inserter(out), ",\"bytes_out\":{}}}", r.bytes_out);
}

std::shared_ptr<spdlog::logger> install_access_log(const std::string& path) {
  int fd = STDOUT_FILENO;
  bool owned = false;
  if (!path.empty() && path != "-") {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw spdlog::spdlog_ex("cannot open access log " + path + ": " + std::strerror(errno));
    }
    owned = true;
  }
  auto logger = std::make_shared<spdlog::logger>("access", std::make_shared<BatchingSink>(fd, owned));
  logger->set_level(spdlog::level::info);
  spdlog::drop("access");
  spdlog::register_logger(logger);
  return logger;
}

}  // namespace http
