// Which forecaster serves each tenant: its latest trained model (store::models), loaded once
// and kept in memory, or the industry benchmarks when the tenant has none.
//
// Serving reads no database on the hot path: an entry is rechecked against the stored version
// at most every `recheck` (default 5 s), so a model trained by another replica starts serving
// within that time, and at once on the replica that trained it (invalidate()). A model that
// cannot be decoded is logged and skipped: the tenant keeps the previous forecaster.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "forecast/forecaster.h"

namespace store { class Database; struct TenantScope; }

namespace api {

struct ServingModel {
  std::string id;
  std::string kind;
  std::int64_t version = 0;
  std::string trained_at;
};

struct Serving {
  std::shared_ptr<const forecast::Forecaster> forecaster;  // never null
  std::optional<ServingModel> model;                       // nullopt: benchmark priors
};

class ModelRegistry {
 public:
  explicit ModelRegistry(store::Database& db,
                         std::chrono::milliseconds recheck = std::chrono::seconds(5));

  // The forecaster serving the tenant now.
  Serving serving(const store::TenantScope& scope);
  // Loads every tenant's latest model (start-up), so the first requests do not pay for it.
  // Returns how many were loaded.
  std::size_t preload();
  // Forgets the tenant's entry; the next serving() reloads it.
  void invalidate(const std::string& tenant_id);

 private:
  struct Entry {
    Serving serving;
    std::int64_t version = 0;
    std::chrono::steady_clock::time_point checked;
  };
  Entry load(const store::TenantScope& scope, const Entry* previous);

  store::Database& db_;
  std::chrono::milliseconds recheck_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

// The benchmark forecaster as a shared pointer (it lives for the whole process).
std::shared_ptr<const forecast::Forecaster> benchmark_forecaster_ptr();

}  // namespace api
