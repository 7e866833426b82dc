#include "http/metrics.h"

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace http {
namespace {

using prometheus::Counter;
using prometheus::Histogram;

std::string_view method_label(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",    "HEAD",    "POST", "PUT",
                                                "DELETE", "OPTIONS", "PATCH"};
  for (auto known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

// The children for one (method, route, status); created once, never freed before Metrics.
struct Series {
  size_t hash;
  std::string method;
  std::string route;
  int status;
  Counter* count;
  Histogram* duration;

  bool is(size_t h, std::string_view m, std::string_view r, int s) const {
    return hash == h && status == s && method == m && route == r;
  }
};

}  // namespace

struct Metrics::Impl {
  explicit Impl(std::shared_ptr<prometheus::Registry> r)
      : registry(r ? std::move(r) : std::make_shared<prometheus::Registry>()),
        requests(prometheus::BuildCounter()
                     .Name("http_requests_total")
                     .Help("HTTP requests served, by method, route pattern and status")
                     .Register(*registry)),
        durations(prometheus::BuildHistogram()
                      .Name("http_request_duration_seconds")
                      .Help("Time from the request's header to its response, in seconds")
                      .Register(*registry)),
        in_flight(prometheus::BuildGauge()
                      .Name("http_requests_in_flight")
                      .Help("Requests being handled")
                      .Register(*registry)
                      .Add({})),
        connections(prometheus::BuildGauge()
                        .Name("http_connections_open")
                        .Help("Open client connections")
                        .Register(*registry)
                        .Add({})),
        websockets(prometheus::BuildGauge()
                       .Name("websocket_connections_open")
                       .Help("Open WebSocket connections")
                       .Register(*registry)
                       .Add({})),
        websocket_messages(prometheus::BuildCounter()
                               .Name("websocket_messages_sent_total")
                               .Help("Text messages written to WebSocket clients")
                               .Register(*registry)
                               .Add({})),
        websocket_dropped(prometheus::BuildCounter()
                              .Name("websocket_slow_consumers_dropped_total")
                              .Help("WebSocket connections closed because their outgoing queue "
                                    "was full")
                              .Register(*registry)
                              .Add({})),
        build_info(prometheus::BuildGauge()
                       .Name("strategist_build_info")
                       .Help("Always 1; the labels say which build is running")
                       .Register(*registry)) {}

  Series* find(std::string_view method, std::string_view route, int status);
  Series* create(size_t hash, std::string_view method, std::string_view route, int status);

  // Open addressing over atomic pointers: readers never lock; writers insert under `mutex`.
  static constexpr size_t kSlots = 4096;
  std::shared_ptr<prometheus::Registry> registry;
  prometheus::Family<Counter>& requests;
  prometheus::Family<Histogram>& durations;
  prometheus::Gauge& in_flight;
  prometheus::Gauge& connections;
  prometheus::Gauge& websockets;
  Counter& websocket_messages;
  Counter& websocket_dropped;
  prometheus::Family<prometheus::Gauge>& build_info;
  std::array<std::atomic<Series*>, kSlots> slots{};
  std::mutex mutex;
  std::vector<std::unique_ptr<Series>> owned;                      // guarded by mutex
  std::map<std::tuple<std::string, std::string, int>, Series*> overflow;  // guarded by mutex
};

Series* Metrics::Impl::find(std::string_view method, std::string_view route, int status) {
  size_t hash = std::hash<std::string_view>{}(route) * 31 + std::hash<std::string_view>{}(method) +
                static_cast<size_t>(status);
  for (size_t probe = 0; probe < kSlots; ++probe) {
    Series* s = slots[(hash + probe) & (kSlots - 1)].load(std::memory_order_acquire);
    if (!s) break;
    if (s->is(hash, method, route, status)) return s;
  }
  return create(hash, method, route, status);
}

Series* Metrics::Impl::create(size_t hash, std::string_view method, std::string_view route,
                              int status) {
  static const Histogram::BucketBoundaries kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                       0.025,  0.05,  0.1,    0.25,  0.5,
                                                       1,      2.5,   5};
  std::lock_guard lock(mutex);
  size_t slot = kSlots;
  for (size_t probe = 0; probe < kSlots; ++probe) {
    size_t i = (hash + probe) & (kSlots - 1);
    Series* s = slots[i].load(std::memory_order_acquire);
    if (!s) {
      slot = i;
      break;
    }
    if (s->is(hash, method, route, status)) return s;  // another thread got here first
  }
  auto key = std::make_tuple(std::string(method), std::string(route), status);
  if (auto it = overflow.find(key); it != overflow.end()) return it->second;
  prometheus::Labels labels = {
      {"method", std::string(method)}, {"route", std::string(route)},
      {"status", std::to_string(status)}};
  auto series = std::make_unique<Series>(Series{hash, std::string(method), std::string(route),
                                                status, &requests.Add(labels),
                                                &durations.Add(labels, kBuckets)});
  Series* s = series.get();
  owned.push_back(std::move(series));
  if (slot < kSlots) {
    slots[slot].store(s, std::memory_order_release);
  } else {
    overflow.emplace(std::move(key), s);
  }
  return s;
}

Metrics::Metrics(std::shared_ptr<prometheus::Registry> registry)
    : impl_(std::make_unique<Impl>(std::move(registry))) {}

Metrics::~Metrics() = default;

const std::shared_ptr<prometheus::Registry>& Metrics::registry() const { return impl_->registry; }

void Metrics::observe_request(std::string_view method, std::string_view route, int status,
                              double seconds) {
  Series* s = impl_->find(method_label(method), route, status);
  s->count->Increment();
  s->duration->Observe(seconds);
}

namespace {
void change(prometheus::Gauge& gauge, double delta) {
  if (delta >= 0) {
    gauge.Increment(delta);
  } else {
    gauge.Decrement(-delta);
  }
}
}  // namespace

void Metrics::add_in_flight(double delta) { change(impl_->in_flight, delta); }
void Metrics::add_connections(double delta) { change(impl_->connections, delta); }
void Metrics::add_websockets(double delta) { change(impl_->websockets, delta); }
void Metrics::count_websocket_message() { impl_->websocket_messages.Increment(); }
void Metrics::count_websocket_dropped() { impl_->websocket_dropped.Increment(); }

void Metrics::set_build_info(const std::string& version) {
  impl_->build_info.Add({{"version", version}}).Set(1);
}

std::string Metrics::render() const {
  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

}  // namespace http
