#include "api/import_service.h"

#include <map>
#include <nlohmann/json.hpp>

#include "security/random.h"
#include "store/audit.h"
#include "store/campaigns.h"
#include "store/clients.h"
#include "store/database.h"
#include "store/metrics.h"
#include "store/tenants.h"

namespace api {
namespace {

using CampaignKey = std::tuple<core::Platform, std::string, std::string>;  // platform, id, name

// Finds or creates the stored campaign for each distinct campaign of the file. Records whose
// campaign is missing (and may not be created) are rejected.
class CampaignMatcher {
 public:
  CampaignMatcher(store::Tx& tx, const ImportRequest& request, ImportReport& report)
      : tx_(tx), request_(request), report_(report) {}

  std::optional<std::string> campaign_for(const connectors::MetricRecord& r) {
    CampaignKey key{r.platform, r.campaign_external_id, r.campaign_name};
    if (auto it = known_.find(key); it != known_.end()) return it->second;
    std::optional<store::Campaign> found =
        r.campaign_external_id.empty()
            ? store::campaigns::find_by_name(tx_, request_.client_id, r.platform, r.campaign_name)
            : store::campaigns::find_by_external_id(tx_, request_.client_id, r.platform,
                                                    r.campaign_external_id);
    std::optional<std::string> id;
    if (found) {
      ++report_.campaigns_matched;
      id = found->id;
    } else if (request_.create_campaigns) {
      store::Campaign c;
      c.id = security::new_id("cmp");
      c.client_id = request_.client_id;
      c.name = r.campaign_name;
      c.platform = r.platform;
      c.objective = request_.new_campaign_objective;
      c.status = core::CampaignStatus::active;
      if (!r.campaign_external_id.empty()) c.external_id = r.campaign_external_id;
      id = store::campaigns::insert(tx_, c).id;
      ++report_.campaigns_created;
    }
    known_.emplace(key, id);
    return id;
  }

 private:
  store::Tx& tx_;
  const ImportRequest& request_;
  ImportReport& report_;
  std::map<CampaignKey, std::optional<std::string>> known_;
};

void reject(ImportReport& report, const ImportRequest& request, std::size_t line,
            std::string column, std::string reason) {
  ++report.rows_rejected;
  if (report.rejections.size() < request.parse.max_rejections) {
    report.rejections.push_back({line, std::move(column), std::move(reason)});
  }
}

// Thrown inside the transaction to roll back a strict import that rejected rows.
struct StrictAbort {};

void write_all(store::Database& db, const store::TenantScope& scope,
               const connectors::CsvImportResult& parsed, const ImportRequest& request,
               ImportReport& report);

}  // namespace

ImportReport import_metrics_csv(store::Database& db, const store::TenantScope& scope,
                                std::string_view content, const ImportRequest& request) {
  auto parsed = connectors::parse_metrics_csv(content, request.parse);
  ImportReport report;
  report.format = std::string(connectors::csv_format_name(parsed.detected_format));
  report.rows_read = parsed.rows_read;
  report.rows_rejected = parsed.rows_rejected;
  report.rejections = std::move(parsed.rejections);
  report.notes = std::move(parsed.column_mapping_notes);
  report.fatal_error = parsed.fatal_error;
  if (report.fatal_error) return report;

  try {
    write_all(db, scope, parsed, request, report);
  } catch (const StrictAbort&) {
    report.aborted_strict = true;
    report.campaigns_created = report.campaigns_matched = report.records = 0;
  }
  return report;
}

namespace {
void write_all(store::Database& db, const store::TenantScope& scope,
               const connectors::CsvImportResult& parsed, const ImportRequest& request,
               ImportReport& report) {
  db.write(scope, [&](store::Tx& tx) {
    auto client = store::clients::find(tx, request.client_id);
    if (!client) throw store::NotFound("client '" + request.client_id + "' does not exist");
    CampaignMatcher matcher(tx, request, report);
    std::vector<store::MetricRow> rows;
    rows.reserve(parsed.records.size());
    for (const auto& r : parsed.records) {
      if (r.currency && *r.currency != client->currency) {
        reject(report, request, r.first_line, "currency",
               "amounts are in " + *r.currency + " but the client reports in " + client->currency);
        continue;
      }
      auto campaign_id = matcher.campaign_for(r);
      if (!campaign_id) {
        reject(report, request, r.first_line, "campaign",
               "no campaign '" + r.campaign_name + "' on " +
                   std::string(core::platform_name(r.platform)) +
                   " for this client (import with create_campaigns=true to create it)");
        continue;
      }
      rows.push_back({*campaign_id, r.date, r.impressions, r.clicks, r.spend_micros,
                      r.conversions, r.conversion_value_micros, r.reach, r.frequency,
                      r.video_views});
    }
    report.records = rows.size();
    if (request.strict && report.rows_rejected > 0) throw StrictAbort{};  // rolls back all
    auto counts = store::metrics::upsert(tx, rows);
    report.inserted = counts.inserted;
    report.updated = counts.updated;
    report.unchanged = counts.unchanged;
    report.data_version = store::tenants::data_version(tx);
    store::AuditEntry audit;
    audit.actor = request.actor;
    audit.action = "metrics.import";
    audit.resource_type = "client";
    audit.resource_id = request.client_id;
    audit.request_id = request.request_id;
    audit.details = nlohmann::json{{"format", report.format},
                                   {"rows_read", report.rows_read},
                                   {"inserted", report.inserted},
                                   {"updated", report.updated},
                                   {"rejected", report.rows_rejected}}
                        .dump();
    store::audit::record(tx, audit);
  });
}
}  // namespace

nlohmann::json to_json(const ImportReport& r) {
  nlohmann::json rejections = nlohmann::json::array();
  for (const auto& x : r.rejections) {
    rejections.push_back({{"line", x.line}, {"column", x.column}, {"reason", x.reason}});
  }
  return {{"format", r.format},
          {"rows_read", r.rows_read},
          {"rows_rejected", r.rows_rejected},
          {"records", r.records},
          {"inserted", r.inserted},
          {"updated", r.updated},
          {"unchanged", r.unchanged},
          {"campaigns_matched", r.campaigns_matched},
          {"campaigns_created", r.campaigns_created},
          {"rejections", rejections},
          {"notes", r.notes},
          {"data_version", r.data_version}};
}

}  // namespace api
