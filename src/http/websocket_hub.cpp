#include <mutex>

#include "http/websocket.h"

namespace http {

size_t WebSocketHub::publish(const std::string& topic, std::string text) {
  auto shared_text = std::make_shared<const std::string>(std::move(text));
  size_t delivered = 0;
  bool saw_expired = false;
  {
    std::shared_lock lock(mutex_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) return 0;
    for (const auto& [raw, weak] : it->second) {
      if (auto subscriber = weak.lock()) {
        if (subscriber->deliver(shared_text)) ++delivered;
      } else {
        saw_expired = true;
      }
    }
  }
  if (saw_expired) {  // a connection went away without unsubscribing (forced shutdown)
    std::unique_lock lock(mutex_);
    if (auto it = topics_.find(topic); it != topics_.end()) {
      std::erase_if(it->second, [](const auto& member) { return member.second.expired(); });
      if (it->second.empty()) topics_.erase(it);
    }
  }
  return delivered;
}

void WebSocketHub::subscribe(const std::string& topic,
                             const std::shared_ptr<Subscriber>& subscriber) {
  std::unique_lock lock(mutex_);
  topics_[topic][subscriber.get()] = subscriber;
}

void WebSocketHub::unsubscribe(const std::string& topic, const Subscriber* subscriber) {
  std::unique_lock lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  it->second.erase(subscriber);
  if (it->second.empty()) topics_.erase(it);
}

size_t WebSocketHub::subscriber_count(const std::string& topic) const {
  std::shared_lock lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return 0;
  size_t live = 0;
  for (const auto& member : it->second) live += member.second.expired() ? 0 : 1;
  return live;
}

size_t WebSocketHub::topic_count() const {
  std::shared_lock lock(mutex_);
  return topics_.size();
}

}  // namespace http
