#include "api/forecast_training.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cmath>
#include <stdexcept>

#include "api/client_history.h"
#include "api/endpoint.h"
#include "api/metrics_snapshot.h"
#include "api/model_registry.h"
#include "forecast/training.h"
#include "security/base64.h"
#include "security/random.h"
#include "store/database.h"
#include "store/models.h"

namespace api {
namespace {

// A finite number, or null (WAPE is infinite when the actuals are all zero).
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

// The validation a stored model carries (GET /api/v1/models renders it as `validation`).
nlohmann::json summary_json(const forecast::TrainingSummary& s) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& c : s.candidates) {
    nlohmann::json targets = nlohmann::json::object();
    for (auto t : forecast::kTargets) {
      auto i = static_cast<std::size_t>(t);
      if (!s.modelled[i]) continue;
      const auto& a = c.accuracy[i];
      targets[std::string(forecast::target_name(t))] = {
          {"points", a.points}, {"mae", number(a.mae)}, {"wape", number(a.wape)}, {"r2", number(a.r2)}};
    }
    candidates.push_back({{"kind", std::string(forecast::model_kind_name(c.kind))},
                          {"mean_wape", number(c.mean_wape)},
                          {"seconds", c.seconds},
                          {"targets", std::move(targets)}});
  }
  nlohmann::json intervals = nlohmann::json::object();
  for (auto t : forecast::kTargets) {
    auto i = static_cast<std::size_t>(t);
    if (!s.modelled[i]) continue;
    const auto& iv = s.intervals[i];
    intervals[std::string(forecast::target_name(t))] = {
        {"calibration_size", iv.served.calibration_size},
        {"half_width_80_log1p", iv.served.half_width_80},
        {"half_width_95_log1p", iv.served.half_width_95},
        {"finite_sample_valid", iv.served.finite_sample_valid},
        {"holdout_points", iv.holdout.points},
        {"holdout_coverage_80", iv.holdout.coverage_80},
        {"holdout_coverage_95", iv.holdout.coverage_95}};
  }
  nlohmann::json platforms = nlohmann::json::array();
  for (const auto& p : s.platforms) {
    platforms.push_back({{"platform", std::string(core::platform_name(p.platform))},
                         {"rows", p.rows},
                         {"min_daily_spend", p.min_daily_spend},
                         {"max_daily_spend", p.max_daily_spend},
                         {"has_conversion_value", p.has_conversion_value}});
  }
  return {{"chosen", std::string(forecast::model_kind_name(s.chosen))},
          {"method", "rolling-origin cross-validation, split-conformal intervals (docs/forecasting.md)"},
          {"folds", s.folds},
          {"rows", s.rows},
          {"rows_skipped", s.rows_skipped},
          {"calibration_rows", s.calibration_rows},
          {"first_date", core::format_iso_date(s.first_date)},
          {"last_date", core::format_iso_date(s.last_date)},
          {"features", s.feature_names},
          {"training_seconds", s.training_seconds},
          {"candidates", std::move(candidates)},
          {"intervals", std::move(intervals)},
          {"platforms", std::move(platforms)}};
}

}  // namespace

store::Job enqueue_training(store::Tx& tx, std::chrono::seconds delay) {
  store::NewJob job;
  job.kind = kTrainingJobKind;
  job.delay = delay;
  job.max_attempts = 3;
  job.dedupe_key = "tenant";
  return store::jobs::enqueue(tx, job);
}

void schedule_retraining(Context& ctx) {
  if (!ctx.services.models) return;
  try {
    ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
      enqueue_training(tx, ctx.services.retrain_delay);
    });
  } catch (const std::exception& e) {
    spdlog::warn("retraining for tenant {} not queued: {}", ctx.principal.tenant_id, e.what());
  }
}

std::string run_training_job(store::Database& db, SnapshotCache& snapshots,
                             ModelRegistry& registry, const store::Job& job) {
  store::TenantScope scope{job.tenant_id};
  auto snapshot = snapshots.get(db, scope);
  auto rows = training_rows(*snapshot);
  forecast::TrainingOptions options;
  std::optional<forecast::TrainedModel> model;
  try {
    model.emplace(forecast::train_forecast_model(rows, options));
  } catch (const std::invalid_argument& e) {
    return nlohmann::json{{"trained", false}, {"rows", rows.size()}, {"reason", e.what()}}.dump();
  }
  store::ModelRecord record;
  record.id = security::new_id("mdl");
  record.kind = std::string(forecast::model_kind_name(model->summary().chosen));
  record.payload = summary_json(model->summary()).dump();
  record.artifact = security::base64_encode(model->serialize());
  auto stored = db.write(scope, [&](store::Tx& tx) { return store::models::insert(tx, record); });
  registry.invalidate(job.tenant_id);
  spdlog::info("tenant {}: forecast model {} v{} ({}) trained on {} rows", job.tenant_id,
               stored.id, stored.version, stored.kind, rows.size());
  return nlohmann::json{{"trained", true},
                        {"model_id", stored.id},
                        {"version", stored.version},
                        {"kind", stored.kind},
                        {"rows", rows.size()}}
      .dump();
}

}  // namespace api
