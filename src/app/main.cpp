// strategist: the Marketing Strategist service and its administration commands.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.h"
#include "app/config.h"

int main(int argc, char** argv) {
  app::load_dotenv(".env");
  CLI::App cli{"Marketing Strategist: campaign strategy, forecasting and reporting for agencies"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", STRATEGIST_VERSION);
  app::Config config;

  auto* serve = cli.add_subcommand("serve", "Run the HTTP service (migrates first)");
  config.add_server_options(*serve);
  bool no_migrate = false;
  serve->add_flag("--no-migrate", no_migrate, "do not apply migrations at start-up");

  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  config.add_database_options(*migrate);

  auto* tenant = cli.add_subcommand("tenant", "Manage tenants");
  tenant->require_subcommand(1);
  auto* tenant_create = tenant->add_subcommand("create", "Create a tenant and its first admin key");
  std::string slug, tenant_name;
  tenant_create->add_option("SLUG", slug, "tenant id: lower-case letters, digits, dashes")
      ->required();
  tenant_create->add_option("--name", tenant_name, "display name (default: the slug)");
  config.add_database_options(*tenant_create);

  app::ImportOptions import_options;
  auto* import = cli.add_subcommand("import", "Import CSV exports of daily metrics");
  import->add_option("FILE", import_options.files, "CSV files")->required()->check(CLI::ExistingFile);
  import->add_option("--tenant", import_options.tenant, "tenant id")->required();
  import->add_option("--client", import_options.client, "client id")->required();
  import->add_option("--format", import_options.format,
                     "auto_detect|google_ads|meta_ads|linkedin_ads|tiktok_ads|generic");
  import->add_option("--platform", import_options.platform, "platform for generic files");
  import->add_option("--objective", import_options.objective, "objective of created campaigns");
  bool no_create = false;
  import->add_flag("--no-create-campaigns", no_create, "reject rows of unknown campaigns");
  import->add_flag("--strict", import_options.strict, "store nothing if any row is rejected");
  config.add_database_options(*import);

  std::string demo_tenant = "demo";
  auto* demo = cli.add_subcommand("demo", "Create or refresh the demo tenant with 90 days of data");
  demo->add_option("--tenant", demo_tenant, "tenant id")->capture_default_str();
  config.add_database_options(*demo);
  demo->add_option("--port", config.port, "port shown in the printed URL");
  demo->add_option("--public-url", config.public_url, "base URL shown in the output")
      ->envname("STRATEGIST_PUBLIC_URL");

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*serve) return app::serve(config, !no_migrate);
    if (*migrate) return app::migrate(config);
    if (*tenant_create) return app::create_tenant(config, slug, tenant_name.empty() ? slug : tenant_name);
    if (*import) {
      import_options.create_campaigns = !no_create;
      return app::import_files(config, import_options);
    }
    if (*demo) return app::seed_demo(config, demo_tenant);
  } catch (const std::exception& e) {
    std::cerr << "strategist: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
