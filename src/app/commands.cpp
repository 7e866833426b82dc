// `strategist migrate | tenant create | import | demo`.
#include "app/commands.h"

#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/forecast_training.h"
#include "api/import_service.h"
#include "app/demo_data.h"
#include "security/api_keys.h"
#include "security/passwords.h"
#include "security/random.h"
#include "store/api_keys.h"
#include "store/campaigns.h"
#include "store/clients.h"
#include "store/database.h"
#include "store/metrics.h"
#include "store/tenants.h"
#include "store/users.h"

namespace app {
namespace {

std::unique_ptr<store::Database> open_migrated(const Config& config) {
  auto db = store::Database::open({config.database, config.database_pool});
  db->migrate();
  return db;
}

// A new admin key of `tenant`, stored hashed; returns the plaintext.
std::string issue_admin_key(store::Database& db, const std::string& tenant, const std::string& name) {
  auto key = security::generate_api_key();
  db.write(store::TenantScope{tenant}, [&](store::Tx& tx) {
    store::ApiKeyRecord record;
    record.id = security::new_id("key");
    record.name = name;
    record.prefix = key.prefix;
    record.key_hash = key.hash;
    record.role = "admin";
    record.created_by = "cli";
    store::api_keys::insert(tx, record);
  });
  return key.plaintext;
}

}  // namespace

int migrate(const Config& config) {
  auto db = store::Database::open({config.database, config.database_pool});
  auto applied = db->migrate();
  std::cout << "schema version " << db->schema_version() << " (" << applied.size()
            << " migrations applied)\n";
  return 0;
}

int create_tenant(const Config& config, const std::string& slug, const std::string& name) {
  static const std::regex kSlug("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$");
  if (!std::regex_match(slug, kSlug)) {
    std::cerr << "strategist: SLUG must be 1–64 lower-case letters, digits or dashes\n";
    return 2;
  }
  auto db = open_migrated(config);
  try {
    db->system([&](store::Tx& tx) { store::tenants::create(tx, slug, name); });
  } catch (const store::Conflict&) {
    std::cerr << "strategist: tenant '" << slug << "' already exists\n";
    return 1;
  }
  std::string key = issue_admin_key(*db, slug, "first admin key");
  std::cout << nlohmann::json{{"tenant_id", slug}, {"api_key", key}}.dump(2) << "\n";
  return 0;
}

int import_files(const Config& config, const ImportOptions& options) {
  api::ImportRequest request;
  request.client_id = options.client;
  request.create_campaigns = options.create_campaigns;
  request.strict = options.strict;
  request.actor = "cli";
  auto format = core::enum_from_name<connectors::CsvFormat>(connectors::kCsvFormatNames, options.format);
  if (!format) {
    std::cerr << "strategist: unknown --format '" << options.format << "'\n";
    return 2;
  }
  request.parse.format = *format;
  if (!options.platform.empty()) {
    request.parse.platform = core::enum_from_name<core::Platform>(core::kPlatformNames, options.platform);
    if (!request.parse.platform) {
      std::cerr << "strategist: unknown --platform '" << options.platform << "'\n";
      return 2;
    }
  }
  auto objective = core::enum_from_name<core::Objective>(core::kObjectiveNames, options.objective);
  if (!objective) {
    std::cerr << "strategist: unknown --objective '" << options.objective << "'\n";
    return 2;
  }
  request.new_campaign_objective = *objective;

  auto db = open_migrated(config);
  int status = 0;
  for (const auto& file : options.files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    auto report = api::import_metrics_csv(*db, store::TenantScope{options.tenant}, content.str(),
                                          request);
    nlohmann::json out = api::to_json(report);
    out["file"] = file;
    if (report.fatal_error) out["error"] = *report.fatal_error;
    if (report.aborted_strict) out["error"] = "rows were rejected; nothing stored (--strict)";
    std::cout << out.dump(2) << "\n";
    if (report.fatal_error || report.aborted_strict) status = 1;
  }
  return status;
}

int seed_demo(const Config& config, const std::string& tenant) {
  const std::string client_id = "demo-client";
  const std::string email = "demo@example.com";
  const std::string password = "demo-password-2026";
  auto db = open_migrated(config);
  db->system([&](store::Tx& tx) {
    if (!store::tenants::find(tx, tenant)) store::tenants::create(tx, tenant, "Demo Agency");
  });
  auto data = make_demo_data(core::today_utc() - 1, 90);
  store::UpsertCounts counts;
  db->write(store::TenantScope{tenant}, [&](store::Tx& tx) {
    if (!store::clients::find(tx, client_id)) {
      store::clients::insert(tx, {client_id, "Northwind Outdoor Co.", "USD", "America/New_York",
                                  "retail", "https://northwind.example", {}, {}});
    }
    if (!store::users::find_by_email(tx, email)) {
      store::User user;
      user.id = security::new_id("usr");
      user.email = email;
      user.password_hash = security::hash_password(password);
      user.role = "admin";
      store::users::insert(tx, user);
    }
    std::vector<std::string> ids;
    for (const auto& c : data.campaigns) {
      auto found = store::campaigns::find_by_external_id(tx, client_id, c.platform, c.external_id);
      if (!found) {
        store::Campaign campaign;
        campaign.id = security::new_id("cmp");
        campaign.client_id = client_id;
        campaign.name = c.name;
        campaign.platform = c.platform;
        campaign.objective = c.objective;
        campaign.status = core::CampaignStatus::active;
        campaign.external_id = c.external_id;
        campaign.daily_budget_micros = c.daily_budget_micros;
        campaign.start_date = data.first_day;
        found = store::campaigns::insert(tx, campaign);
      }
      ids.push_back(found->id);
    }
    std::vector<store::MetricRow> rows;
    rows.reserve(data.metrics.size());
    for (const auto& m : data.metrics) {
      rows.push_back({ids[m.campaign], m.date, m.impressions, m.clicks, m.spend_micros,
                      m.conversions, m.conversion_value_micros, m.reach, m.frequency,
                      m.video_views});
    }
    counts = store::metrics::upsert(tx, rows);
    // The forecast model trains in the background once the service runs (jobs/).
    api::enqueue_training(tx, std::chrono::seconds(0));
    for (const auto& key : store::api_keys::list(tx)) {
      if (key.name == "demo key (make run)" && !key.revoked_at) store::api_keys::revoke(tx, key.id);
    }
  });
  std::string key = issue_admin_key(*db, tenant, "demo key (make run)");
  std::string url = config.public_url.empty() ? "http://localhost:" + std::to_string(config.port)
                                              : config.public_url;
  std::cout << "\nMarketing Strategist demo data is ready: tenant '" << tenant << "', client '"
            << client_id << "', " << data.campaigns.size() << " campaigns on 5 platforms, "
            << core::format_iso_date(data.first_day) << " to "
            << core::format_iso_date(data.last_day) << " (" << counts.inserted << " days added, "
            << counts.updated << " refreshed).\n\n"
            << "  Open:      " << url << "/\n"
            << "  API docs:  " << url << "/docs\n"
            << "  API key:   " << key << "   (admin; use as 'Authorization: Bearer <key>')\n"
            << "  Sign in:   tenant " << tenant << ", " << email << " / " << password << "\n\n";
  return 0;
}

}  // namespace app
