// Operational endpoints: /health, /ready, /metrics, /openapi.json, /docs, /redoc and /static.
#pragma once

namespace api {
class ApiRegistry;

// Installs the operational endpoints. Call last, so /openapi.json sees every operation.
void install_system_endpoints(ApiRegistry& registry);
}  // namespace api
