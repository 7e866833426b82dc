// /api/v1/forecast, /api/v1/models and /api/v1/jobs: forecasts of any plan with intervals, the
// tenant's trained models and how good they are, and the background jobs that train them.
#include "api/endpoint.h"
#include "api/forecast_training.h"
#include "api/model_registry.h"
#include "api/resources.h"
#include "api/strategy_json.h"
#include "api/validation.h"
#include "core/money.h"
#include "store/jobs.h"
#include "store/models.h"

namespace api {
namespace {

using PlatformSpec = schema::Enum<core::Platform, 6>;
using ObjectiveSpec = schema::Enum<core::Objective, 6>;

struct ForecastRequest {
  core::Platform platform = core::Platform::google_ads;
  core::Objective objective = core::Objective::sales_conversion;
  std::int64_t daily_spend = 0;
  core::Date start_date, end_date;
  std::optional<std::string> industry;
  std::optional<std::int64_t> value_per_conversion;
};

const schema::Object<ForecastRequest>& forecast_shape() {
  using F = ForecastRequest;
  static const auto shape =
      schema::Object<F>("ForecastRequest")
          .required("platform", &F::platform, PlatformSpec(core::kPlatformNames))
          .required("objective", &F::objective, ObjectiveSpec(core::kObjectiveNames))
          .required("daily_spend", &F::daily_spend, schema::Money(), "spend per day, major units")
          .required("start_date", &F::start_date, schema::Date())
          .required("end_date", &F::end_date, schema::Date(), "inclusive; at most 366 days after start")
          .optional("industry", &F::industry, schema::String().min_length(1).max_length(100),
                    "for the benchmark priors; default all industries")
          .optional("value_per_conversion", &F::value_per_conversion, schema::Money().positive());
  return shape;
}

struct ForecastResult {
  nlohmann::json forecast, model;
};
const schema::Object<ForecastResult>& forecast_result_shape() {
  static const auto shape =
      schema::Object<ForecastResult>("ForecastResult")
          .output("forecast", &ForecastResult::forecast, schema::JsonObject(),
                  "impressions, clicks, conversions, conversion_value, cpa, roas, roi: each "
                  "{value, interval_80: [low, high], interval_95: [low, high]}; source, "
                  "confidence, notes")
          .output("model", &ForecastResult::model, schema::JsonObject(),
                  "the serving model (id, kind, version) or null for benchmark priors");
  return shape;
}

nlohmann::json model_json(const std::optional<ServingModel>& m) {
  if (!m) return nullptr;
  return {{"id", m->id}, {"kind", m->kind}, {"version", m->version}, {"trained_at", m->trained_at}};
}

const schema::Object<store::ModelRecord>& model_shape() {
  using M = store::ModelRecord;
  static const auto shape =
      schema::Object<M>("ForecastModel")
          .output("id", &M::id, schema::String())
          .output("kind", &M::kind, schema::String(), "the model chosen by cross-validation")
          .output("version", &M::version, schema::Integer())
          .output("trained_at", &M::trained_at, schema::Timestamp())
          .output("validation", &M::payload, schema::JsonText(),
                  "rolling-origin cross-validation per candidate (MAE, WAPE, R²), interval "
                  "coverage on held-out data, rows and features (docs/forecasting.md)");
  return shape;
}

const schema::Object<store::Job>& job_shape() {
  using J = store::Job;
  static const auto shape =
      schema::Object<J>("Job")
          .output("id", &J::id, schema::String())
          .output("kind", &J::kind, schema::String())
          .output("status", &J::status, schema::Enum<store::JobStatus, 4>(store::kJobStatusNames))
          .output("attempts", &J::attempts, schema::Integer())
          .output("max_attempts", &J::max_attempts, schema::Integer())
          .output("run_at", &J::run_at, schema::Timestamp())
          .output("last_error", &J::last_error, schema::String())
          .output("result", &J::result, schema::JsonText())
          .output("created_at", &J::created_at, schema::Timestamp())
          .output("updated_at", &J::updated_at, schema::Timestamp());
  return shape;
}

void require_models(const Context& ctx) {
  if (!ctx.services.models) {
    throw http::ProblemError(http::service_unavailable("forecasting is not configured"));
  }
}

}  // namespace

void install_forecast_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/forecast")
      .summary("Forecast a plan").tag("forecasting")
      .description("What a daily spend on one platform over a flight will deliver, with 80% and "
                   "95% intervals: from the tenant's trained model, or from industry benchmark "
                   "priors when it has none (the answer says which).")
      .min_role(Role::strategist)
      .body(forecast_shape())
      .returns(200, forecast_result_shape(), "The forecast")
      .install(registry, [](Context& ctx) {
        require_models(ctx);
        auto in = schema::parse_body(forecast_shape(), ctx.request.body);
        Checks checks;
        checks.date_order("end_date", in.start_date, in.end_date);
        if (in.end_date - in.start_date > 366) {
          checks.fail("end_date", "must be at most 366 days after start_date");
        }
        checks.throw_if_any();
        forecast::PlanInput plan;
        plan.platform = in.platform;
        plan.objective = in.objective;
        plan.industry = in.industry.value_or("");
        plan.start = in.start_date;
        plan.end = in.end_date;
        plan.daily_spend = core::units_from_micros(in.daily_spend);
        if (in.value_per_conversion) {
          plan.value_per_conversion = core::units_from_micros(*in.value_per_conversion);
        }
        Serving serving = ctx.services.models->serving(ctx.scope());
        nlohmann::json body = {{"forecast", forecast_to_json(serving.forecaster->forecast(plan))},
                               {"model", model_json(serving.model)}};
        return json_response(body);
      });

  Endpoint("GET", "/api/v1/models")
      .summary("Forecast models").tag("forecasting")
      .description("The tenant's trained model versions, newest first, with their validation; "
                   "`serving` is the one forecasts use now (null: benchmark priors).")
      .min_role(Role::strategist).tenant_wide()
      .install(registry, [](Context& ctx) {
        require_models(ctx);
        auto records = ctx.services.db.read(
            ctx.scope(), [](store::Tx& tx) { return store::models::list(tx, 50); });
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : records) items.push_back(model_shape().render(r));
        Serving serving = ctx.services.models->serving(ctx.scope());
        return json_response({{"serving", model_json(serving.model)}, {"items", std::move(items)}});
      });

  Endpoint("POST", "/api/v1/models/train")
      .summary("Train the forecast model").tag("forecasting")
      .description("Queues a training run on the tenant's history (deduplicated: a run already "
                   "waiting is returned instead). Poll GET /api/v1/jobs/{id}.")
      .min_role(Role::strategist).tenant_wide()
      .returns(202, job_shape(), "The queued job")
      .install(registry, [](Context& ctx) {
        require_models(ctx);
        auto job = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto queued = enqueue_training(tx, std::chrono::seconds(0));
          ctx.audit(tx, "model.train", "job", queued.id);
          return queued;
        });
        if (ctx.services.wake_jobs) ctx.services.wake_jobs();
        auto response = json_response(job_shape().render(job), 202);
        response.headers.set("Location", "/api/v1/jobs/" + job.id);
        return response;
      });

  Endpoint("GET", "/api/v1/jobs/{id}")
      .summary("Get a background job").tag("forecasting")
      .min_role(Role::strategist).tenant_wide()
      .returns(200, job_shape(), "The job")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto job = ctx.services.db.read(ctx.scope(),
                                        [&](store::Tx& tx) { return store::jobs::find(tx, id); });
        if (!job) throw_not_found("job", id);
        return json_response(job_shape().render(*job));
      });
}

}  // namespace api
