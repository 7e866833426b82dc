#include <algorithm>
#include <list>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "cache/cache.h"

namespace cache {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kEntryOverhead = 64;  // list node, index slot, string headers (roughly)

struct Entry {
  std::string key;
  std::string value;
  Clock::time_point expires;
  std::size_t charge;
};

}  // namespace

struct LruCache::Shard {
  std::mutex mutex;
  std::list<Entry> order;  // front: most recently used
  // Keys are views of Entry::key; list nodes never move, so the views stay valid.
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index;
  std::size_t bytes = 0;
  std::size_t budget = 0;

  void remove(std::list<Entry>::iterator it) {
    bytes -= it->charge;
    index.erase(it->key);
    order.erase(it);
  }
};

LruCache::LruCache(std::size_t max_bytes) : LruCache(LruCacheOptions{max_bytes, 16, {}}) {}

LruCache::LruCache(LruCacheOptions options) : options_(std::move(options)) {
  if (options_.shards == 0 || options_.max_bytes < options_.shards) {
    throw std::invalid_argument("LruCache needs shards > 0 and max_bytes >= shards");
  }
  shards_ = std::make_unique<Shard[]>(options_.shards);
  for (std::size_t i = 0; i < options_.shards; ++i) {
    shards_[i].budget = options_.max_bytes / options_.shards;
  }
}

LruCache::~LruCache() = default;

LruCache::Shard& LruCache::shard_for(std::string_view key) const {
  return shards_[std::hash<std::string_view>{}(key) % options_.shards];
}

Clock::time_point LruCache::now() const { return options_.clock ? options_.clock() : Clock::now(); }

std::optional<std::string> LruCache::get(std::string_view key) {
  auto time = now();
  Shard& shard = shard_for(key);
  std::optional<std::string> value;
  {
    std::lock_guard lock(shard.mutex);
    auto found = shard.index.find(key);
    if (found != shard.index.end()) {
      auto it = found->second;
      if (it->expires <= time) {
        shard.remove(it);
      } else {
        shard.order.splice(shard.order.begin(), shard.order, it);
        value = it->value;
      }
    }
  }
  if (value) {
    record_hit();
  } else {
    record_miss();
  }
  return value;
}

void LruCache::put(std::string_view key, std::string value, std::chrono::seconds ttl) {
  Shard& shard = shard_for(key);
  std::size_t charge = key.size() + value.size() + kEntryOverhead;
  // Clamped so that now + ttl cannot overflow the clock's representation.
  auto expires = now() + std::min(ttl, std::chrono::seconds(std::chrono::years(100)));
  std::lock_guard lock(shard.mutex);
  if (auto found = shard.index.find(key); found != shard.index.end()) shard.remove(found->second);
  if (ttl.count() <= 0 || charge > shard.budget) return;
  shard.order.push_front(Entry{std::string(key), std::move(value), expires, charge});
  shard.index.emplace(shard.order.front().key, shard.order.begin());
  shard.bytes += charge;
  while (shard.bytes > shard.budget) shard.remove(std::prev(shard.order.end()));
}

void LruCache::erase(std::string_view key) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  if (auto found = shard.index.find(key); found != shard.index.end()) shard.remove(found->second);
}

std::size_t LruCache::size_bytes() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < options_.shards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    total += shards_[i].bytes;
  }
  return total;
}

std::size_t LruCache::entries() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < options_.shards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    total += shards_[i].order.size();
  }
  return total;
}

}  // namespace cache
