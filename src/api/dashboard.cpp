// GET /api/v1/analytics/dashboard: totals, comparison, platforms, time series, campaigns,
// trends, anomalies and freshness for a tenant's clients over a period.
#include <chrono>
#include <map>

#include "analytics/kpi.h"
#include "analytics/periods.h"
#include "api/dashboard_data.h"
#include "api/dashboard_render.h"
#include "api/endpoint.h"
#include "api/local_time.h"
#include "api/metrics_snapshot.h"
#include "api/resources.h"
#include "api/validation.h"
#include "cache/cache.h"
#include "store/database.h"
#include "store/tenants.h"

namespace api {
namespace {

const std::array<std::string_view, 3> kCompareNames = {"previous_period", "previous_year", "none"};
enum class Compare { previous_period, previous_year, none };

struct DashboardQuery {
  std::optional<std::string> client_id;
  std::optional<core::Date> from, to;
  Compare compare = Compare::previous_period;
  analytics::Granularity granularity = analytics::Granularity::day;
  std::vector<core::Platform> platforms;
  std::vector<std::string> campaign_ids;
  std::int64_t top = 5;
};

const schema::Object<DashboardQuery>& query_shape() {
  static const auto shape =
      schema::Object<DashboardQuery>("DashboardQuery")
          .optional("client_id", &DashboardQuery::client_id, schema::String().max_length(64),
                    "one client; default every client the caller may see")
          .optional("from", &DashboardQuery::from, schema::Date(),
                    "first day; default 29 days before `to`")
          .optional("to", &DashboardQuery::to, schema::Date(),
                    "last day; default yesterday in the client's time zone (UTC for several)")
          .optional("compare", &DashboardQuery::compare,
                    schema::Enum<Compare, 3>(kCompareNames), "default previous_period")
          .optional("granularity", &DashboardQuery::granularity,
                    schema::Enum<analytics::Granularity, 3>(analytics::kGranularityNames),
                    "time series buckets: day, week (ISO, Monday) or month; default day")
          .optional("platforms", &DashboardQuery::platforms,
                    schema::Array(schema::Enum<core::Platform, 6>(core::kPlatformNames)).unique(),
                    "comma-separated; default all")
          .optional("campaign_ids", &DashboardQuery::campaign_ids,
                    schema::Array(schema::String().max_length(64)).max_items(500).unique(),
                    "comma-separated; default all")
          .optional("top", &DashboardQuery::top, schema::Integer().min(1).max(50),
                    "campaigns in each top/bottom list; default 5");
  return shape;
}


// The clients in scope, grouped by currency: amounts in different currencies are never summed.
std::map<std::string, std::vector<std::uint32_t>> clients_by_currency(
    const MetricsSnapshot& s, const Principal& principal, const DashboardQuery& q) {
  std::map<std::string, std::vector<std::uint32_t>> groups;
  for (std::uint32_t i = 0; i < s.clients.size(); ++i) {
    const auto& c = s.clients[i];
    if (!principal.may_see_client(c.id)) continue;
    if (q.client_id && *q.client_id != c.id) continue;
    groups[c.currency].push_back(i);
  }
  return groups;
}

std::string cache_key(const Context& ctx, std::int64_t version) {
  std::string key = "v1|" + ctx.principal.tenant_id + "|" + std::to_string(version) + "|" +
                    ctx.principal.client_id.value_or("*") + "|";
  for (const auto& [name, value] : ctx.request.query) key += name + "=" + value + "&";
  return key;
}

}  // namespace

void install_dashboard_endpoints(ApiRegistry& registry) {
  Endpoint("GET", "/api/v1/analytics/dashboard")
      .summary("The performance dashboard").tag("analytics")
      .description(
          "Totals and KPIs for the period and the comparison period, a per-platform breakdown, "
          "time series, top and bottom campaigns, trends, anomalies and data freshness. Every "
          "KPI is a ratio of sums over the period; a zero denominator gives null. Clients in "
          "different currencies are reported in separate groups, never summed.")
      .query(query_shape())
      .install(registry, [](Context& ctx) {
        if (!ctx.services.snapshots || !ctx.services.answers) {
          throw http::ProblemError(http::service_unavailable("dashboards are not configured"));
        }
        // Only answers to valid queries are stored, under the caller's client binding and the
        // exact query: a hit needs no parsing or checking again.
        auto version = ctx.services.db.read(
            ctx.scope(), [](store::Tx& tx) { return store::tenants::data_version(tx); });
        std::string key = cache_key(ctx, version);
        if (auto cached = ctx.services.answers->get(key)) {
          auto response = http::Response::json(200, std::move(*cached));
          response.headers.set("X-Cache", "hit");
          return response;
        }
        auto q = parse_query(query_shape(), ctx.request);
        if (q.client_id && !ctx.principal.may_see_client(*q.client_id)) {
          throw_not_found("client", *q.client_id);
        }
        auto snapshot = ctx.services.snapshots->get(ctx.services.db, ctx.scope(), version);
        if (q.client_id && snapshot->client_index(*q.client_id) < 0) {
          throw_not_found("client", *q.client_id);
        }
        std::string zone = "UTC";
        if (q.client_id) zone = snapshot->clients[snapshot->client_index(*q.client_id)].time_zone;
        core::Date to = q.to.value_or(local_today(zone) - 1);
        core::Date from = q.from.value_or(to - 29);
        Checks checks;
        checks.date_order("to", from, to);
        if (to - from > 731) checks.fail("from", "the period may span at most two years");
        checks.throw_if_any();

        DashboardRequest request;
        request.period = {from, to};
        if (q.compare == Compare::previous_period) {
          request.comparison = analytics::previous_period(request.period);
        } else if (q.compare == Compare::previous_year) {
          request.comparison = analytics::previous_year(request.period);
        }
        request.compare_mode = std::string(kCompareNames[static_cast<int>(q.compare)]);
        request.granularity = q.granularity;
        request.top = static_cast<std::size_t>(q.top);
        request.time_zone = zone;
        for (auto& [currency, clients] : clients_by_currency(*snapshot, ctx.principal, q)) {
          DashboardFilter filter;
          filter.clients = clients;
          filter.platforms = q.platforms;
          filter.campaign_ids = q.campaign_ids;
          filter.from = from;
          filter.to = to;
          if (request.comparison) {
            filter.compare_from = request.comparison->from;
            filter.compare_to = request.comparison->to;
          }
          request.groups.push_back(
              {currency, clients, gather_dashboard_data(*snapshot, filter)});
        }
        std::string body = render_dashboard(*snapshot, request).dump();
        ctx.services.answers->put(key, body, std::chrono::hours(1));
        auto response = http::Response::json(200, std::move(body));
        response.headers.set("X-Cache", "miss");
        return response;
      });
}

}  // namespace api
