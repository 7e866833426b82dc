// The CLI's commands: each takes parsed options and returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "app/config.h"

namespace app {

int serve(const Config& config, bool migrate_first);
int migrate(const Config& config);
// Prints {"tenant_id": …, "api_key": …} for a new tenant with a new admin key.
int create_tenant(const Config& config, const std::string& slug, const std::string& name);

struct ImportOptions {
  std::vector<std::string> files;
  std::string tenant, client, format = "auto_detect", platform, objective = "sales_conversion";
  bool create_campaigns = true, strict = false;
};
int import_files(const Config& config, const ImportOptions& options);

// Creates (or refreshes) the demo tenant, client, campaigns and 90 days of metrics, and prints
// how to sign in.
int seed_demo(const Config& config, const std::string& tenant);

}  // namespace app
