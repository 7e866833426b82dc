#include "api/model_registry.h"

#include <spdlog/spdlog.h>

#include "forecast/benchmark_forecaster.h"
#include "forecast/model_forecaster.h"
#include "forecast/training.h"
#include "security/base64.h"
#include "store/database.h"
#include "store/models.h"

namespace api {
namespace {

// The trained model, its source naming the stored version ("model random_forest v3").
class VersionedForecaster : public forecast::Forecaster {
 public:
  VersionedForecaster(std::shared_ptr<const forecast::TrainedModel> model, std::int64_t version)
      : model_(std::move(model)), suffix_(std::string("v").append(std::to_string(version))) {}
  forecast::PlanForecast forecast(const forecast::PlanInput& plan) const override {
    auto f = model_.forecast(plan);
    if (f.source.starts_with("model")) {
      if (!f.source.ends_with(' ')) f.source += ' ';
      f.source += suffix_;
    }
    return f;
  }

 private:
  forecast::ModelForecaster model_;
  std::string suffix_;
};

}  // namespace

std::shared_ptr<const forecast::Forecaster> benchmark_forecaster_ptr() {
  static const std::shared_ptr<const forecast::Forecaster> ptr(
      &forecast::benchmark_forecaster(), [](const forecast::Forecaster*) {});
  return ptr;
}

ModelRegistry::ModelRegistry(store::Database& db, std::chrono::milliseconds recheck)
    : db_(db), recheck_(recheck) {}

ModelRegistry::Entry ModelRegistry::load(const store::TenantScope& scope, const Entry* previous) {
  Entry entry;
  entry.checked = std::chrono::steady_clock::now();
  entry.serving.forecaster = benchmark_forecaster_ptr();
  // One transaction: the version (one index lookup), and the artifact only when it moved.
  std::int64_t stored = 0;
  auto record = db_.read(scope, [&](store::Tx& tx) -> std::optional<store::ModelRecord> {
    stored = store::models::latest_version(tx);
    if (stored == 0 || (previous && previous->version == stored)) return std::nullopt;
    return store::models::latest(tx, true);
  });
  if (previous && previous->version == stored) {
    entry.serving = previous->serving;
    entry.version = stored;
    return entry;
  }
  if (!record) return entry;
  try {
    auto model = std::make_shared<const forecast::TrainedModel>(
        forecast::TrainedModel::deserialize(security::base64_decode(record->artifact)));
    entry.serving.forecaster = std::make_shared<const VersionedForecaster>(model, record->version);
    entry.serving.model = ServingModel{record->id, record->kind, record->version, record->trained_at};
    entry.version = record->version;
  } catch (const std::exception& e) {
    spdlog::error("model {} v{} of tenant {} cannot be loaded: {}", record->id, record->version,
                  scope.tenant_id, e.what());
    if (previous) entry.serving = previous->serving;
    entry.version = record->version;  // do not retry the broken version on every recheck
  }
  return entry;
}

Serving ModelRegistry::serving(const store::TenantScope& scope) {
  std::shared_ptr<const Entry> current;
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(scope.tenant_id); it != entries_.end()) current = it->second;
  }
  auto now = std::chrono::steady_clock::now();
  if (current && now - current->checked < recheck_) return current->serving;
  // Concurrent callers may load twice at the recheck boundary; both results are equal.
  auto fresh = std::make_shared<const Entry>(load(scope, current.get()));
  std::lock_guard lock(mutex_);
  entries_[scope.tenant_id] = fresh;
  return fresh->serving;
}

std::size_t ModelRegistry::preload() {
  auto tenants = db_.system([](store::Tx& tx) { return store::models::tenants_with_models(tx); });
  std::size_t loaded = 0;
  for (const auto& tenant : tenants) {
    if (serving(store::TenantScope{tenant}).model) ++loaded;
  }
  return loaded;
}

void ModelRegistry::invalidate(const std::string& tenant_id) {
  std::lock_guard lock(mutex_);
  entries_.erase(tenant_id);
}

}  // namespace api
