// Imports a CSV export of daily campaign metrics into one client: parse (connectors/), match
// each campaign by platform id or name (creating missing ones when asked), and upsert every
// campaign-day in one transaction. Used by POST /api/v1/imports and `strategist import`.
//
// A file that cannot be read at all changes nothing; with `strict`, neither does a file with any
// rejected row. Otherwise the good rows are stored and every rejected one is reported with its
// line and reason. Re-importing the same file changes nothing (all rows come back unchanged).
// Thread-safe (each call is its own transaction).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/csv_import.h"
#include "core/marketing.h"

namespace store { class Database; struct TenantScope; }

namespace api {

struct ImportRequest {
  std::string client_id;
  connectors::CsvImportOptions parse;
  bool create_campaigns = true;        // create campaigns the file names but the client lacks
  core::Objective new_campaign_objective = core::Objective::sales_conversion;
  bool strict = false;                 // any rejected row aborts the whole import
  std::string actor;                   // for the audit log
  std::string request_id;
};

struct ImportReport {
  std::string format;
  std::size_t rows_read = 0;
  std::size_t rows_rejected = 0;
  std::size_t records = 0;  // campaign-days after aggregating breakdown rows
  std::size_t inserted = 0, updated = 0, unchanged = 0;
  std::size_t campaigns_matched = 0, campaigns_created = 0;
  std::vector<connectors::CsvRejection> rejections;
  std::vector<std::string> notes;
  std::optional<std::string> fatal_error;  // set: nothing was stored
  bool aborted_strict = false;             // strict and rows were rejected: nothing was stored
  std::int64_t data_version = 0;
};

// The report as the API answers it (and the CLI prints it).
nlohmann::json to_json(const ImportReport& report);

// Throws store::NotFound when the client does not exist in the tenant (nothing stored).
ImportReport import_metrics_csv(store::Database& db, const store::TenantScope& scope,
                                std::string_view content, const ImportRequest& request);

}  // namespace api
