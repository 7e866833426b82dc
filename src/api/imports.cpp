// POST /api/v1/imports (CSV exports of daily metrics) and GET /api/v1/audit-log.
#include "api/endpoint.h"
#include "api/forecast_training.h"
#include "api/import_service.h"
#include "api/live_updates.h"
#include "api/resources.h"
#include "api/system.h"
#include "api/validation.h"
#include "store/audit.h"
#include "store/database.h"

namespace api {
namespace {


struct ImportQuery {
  std::string client_id;
  connectors::CsvFormat format = connectors::CsvFormat::auto_detect;
  std::optional<core::Platform> platform;
  bool create_campaigns = true;
  core::Objective objective = core::Objective::sales_conversion;
  bool strict = false;
};

struct AuditQuery {
  std::int64_t limit = 100;
  std::string cursor;
};

const schema::Object<ImportQuery>& import_query_shape() {
  static const auto shape =
      schema::Object<ImportQuery>("ImportQuery")
          .required("client_id", &ImportQuery::client_id, schema::String().max_length(64),
                    "the client the file's campaigns belong to")
          .optional("format", &ImportQuery::format,
                    schema::Enum<connectors::CsvFormat, 6>(connectors::kCsvFormatNames),
                    "the export's layout; default auto_detect")
          .optional("platform", &ImportQuery::platform,
                    schema::Enum<core::Platform, 6>(core::kPlatformNames),
                    "for generic files without a platform column")
          .optional("create_campaigns", &ImportQuery::create_campaigns, schema::Boolean(),
                    "create campaigns the client does not have yet; default true")
          .optional("objective", &ImportQuery::objective,
                    schema::Enum<core::Objective, 6>(core::kObjectiveNames),
                    "objective of created campaigns; default sales_conversion")
          .optional("strict", &ImportQuery::strict, schema::Boolean(),
                    "store nothing if any row is rejected; default false");
  return shape;
}

const schema::Object<AuditQuery>& audit_query_shape() {
  static const auto shape =
      schema::Object<AuditQuery>("AuditQuery")
          .optional("limit", &AuditQuery::limit, schema::Integer().min(1).max(500))
          .optional("cursor", &AuditQuery::cursor, schema::String().max_length(500));
  return shape;
}


std::vector<schema::FieldError> rejection_errors(const ImportReport& r) {
  std::vector<schema::FieldError> errors;
  for (const auto& x : r.rejections) {
    errors.push_back({"file:line " + std::to_string(x.line) + (x.column.empty() ? "" : ":" + x.column),
                      x.reason});
  }
  return errors;
}

}  // namespace

void install_import_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/imports")
      .summary("Import a CSV export of daily metrics").tag("imports")
      .description(
          "The body is the file itself (Content-Type text/csv): a Google Ads, Meta Ads Manager, "
          "LinkedIn or TikTok export, or the generic layout in docs/csv-import.md. Rows are "
          "matched to the client's campaigns by platform id or name and upserted in one "
          "transaction; importing the same file twice changes nothing.")
      .min_role(Role::strategist)
      .query(import_query_shape())
      .raw_body("text/csv", "the exported file")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(import_query_shape(), ctx.request);
        if (!ctx.principal.may_see_client(q.client_id)) throw_not_found("client", q.client_id);
        ImportRequest request;
        request.client_id = q.client_id;
        request.parse.format = q.format;
        request.parse.platform = q.platform;
        request.create_campaigns = q.create_campaigns;
        request.new_campaign_objective = q.objective;
        request.strict = q.strict;
        request.actor = ctx.principal.subject_kind + ":" + ctx.principal.subject;
        request.request_id = ctx.request.request_id;
        ImportReport report;
        try {
          report = import_metrics_csv(ctx.services.db, ctx.scope(), ctx.request.body, request);
        } catch (const store::NotFound&) {
          throw_not_found("client", q.client_id);
        }
        if (report.fatal_error) {
          auto p = http::bad_request("the file cannot be imported: " + *report.fatal_error,
                                     {{"file", *report.fatal_error}});
          throw http::ProblemError(std::move(p));
        }
        if (report.aborted_strict) {
          auto p = http::unprocessable(
              std::to_string(report.rows_rejected) + " rows were rejected; nothing was stored "
              "(strict import)", rejection_errors(report));
          throw http::ProblemError(std::move(p));
        }
        publish_ingest(ctx, {.client_id = q.client_id,
                             .data_version = report.data_version,
                             .source = "import",
                             .campaign_ids = {},
                             .campaign_count = report.campaigns_matched + report.campaigns_created,
                             .rows = report.inserted + report.updated + report.unchanged,
                             .inserted = report.inserted,
                             .updated = report.updated});
        schedule_retraining(ctx);
        return json_response(to_json(report));
      });
}

void install_audit_endpoints(ApiRegistry& registry) {
  Endpoint("GET", "/api/v1/audit-log")
      .summary("The tenant's audit trail, newest first").tag("access")
      .min_role(Role::admin).tenant_wide()
      .query(audit_query_shape())
      .install(registry, [](Context& ctx) {
        auto q = parse_query(audit_query_shape(), ctx.request);
        auto page = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return with_cursor(
              [&] { return store::audit::list(tx, static_cast<std::size_t>(q.limit), q.cursor); });
        });
        nlohmann::json items = nlohmann::json::array();
        for (const auto& e : page.items) {
          items.push_back({{"id", e.id},
                           {"at", e.at},
                           {"actor", e.actor},
                           {"action", e.action},
                           {"resource_type", e.resource_type},
                           {"resource_id", e.resource_id},
                           {"request_id", e.request_id},
                           {"details", nlohmann::json::parse(e.details, nullptr, false)}});
        }
        return json_response(
            {{"items", items},
             {"next_cursor", page.next_cursor.empty() ? nlohmann::json(nullptr)
                                                      : nlohmann::json(page.next_cursor)}});
      });
}

void install_all_endpoints(ApiRegistry& registry) {
  install_auth_endpoints(registry);
  install_api_key_endpoints(registry);
  install_user_endpoints(registry);
  install_client_endpoints(registry);
  install_campaign_endpoints(registry);
  install_metric_endpoints(registry);
  install_import_endpoints(registry);
  install_audit_endpoints(registry);
  install_dashboard_endpoints(registry);
  install_strategy_endpoints(registry);
  install_forecast_endpoints(registry);
  install_budget_endpoints(registry);
  install_campaign_optimization_endpoints(registry);
  install_experiment_endpoints(registry);
  install_experiment_result_endpoints(registry);
  install_experiment_planner_endpoints(registry);
  install_rule_endpoints(registry);
  install_system_endpoints(registry);
}

}  // namespace api
