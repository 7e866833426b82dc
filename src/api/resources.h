// The REST resources under /api/v1. Each install_* function declares one resource's operations
// on the registry (handlers are thin: authorize, validate, call the store or the domain, render).
#pragma once

namespace api {
class ApiRegistry;

void install_auth_endpoints(ApiRegistry& registry);      // /api/v1/auth/token
void install_api_key_endpoints(ApiRegistry& registry);   // /api/v1/api-keys
void install_user_endpoints(ApiRegistry& registry);      // /api/v1/users
void install_client_endpoints(ApiRegistry& registry);    // /api/v1/clients
void install_campaign_endpoints(ApiRegistry& registry);  // /api/v1/campaigns
void install_metric_endpoints(ApiRegistry& registry);    // /api/v1/campaigns/{id}/metrics
void install_import_endpoints(ApiRegistry& registry);    // /api/v1/imports
void install_audit_endpoints(ApiRegistry& registry);     // /api/v1/audit-log
void install_dashboard_endpoints(ApiRegistry& registry); // /api/v1/analytics/dashboard
void install_strategy_endpoints(ApiRegistry& registry);  // /api/v1/strategy, /api/v1/strategies
void install_forecast_endpoints(ApiRegistry& registry);  // /api/v1/forecast, models, jobs
void install_budget_endpoints(ApiRegistry& registry);    // /api/v1/budget/...
void install_campaign_optimization_endpoints(ApiRegistry& registry);  // /api/v1/campaign/...
void install_experiment_endpoints(ApiRegistry& registry);         // /api/v1/experiments
void install_experiment_result_endpoints(ApiRegistry& registry);  // /api/v1/experiments/{id}/results
void install_experiment_planner_endpoints(ApiRegistry& registry); // /api/v1/experiments/power
void install_rule_endpoints(ApiRegistry& registry);      // /api/v1/rules

// Every resource above, then the operational endpoints (which must come last).
void install_all_endpoints(ApiRegistry& registry);
}  // namespace api
