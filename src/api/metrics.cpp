// /api/v1/campaigns/{id}/metrics: daily performance rows of one campaign.
#include <set>

#include "api/endpoint.h"
#include "api/forecast_training.h"
#include "api/live_updates.h"
#include "api/resources.h"
#include "api/validation.h"
#include "store/campaigns.h"
#include "store/metrics.h"
#include "store/tenants.h"

namespace api {

store::Campaign load_visible_campaign(Context& ctx, store::Tx& tx, const std::string& id);

namespace {

struct MetricsUpload {
  std::vector<store::MetricRow> rows;
};

struct MetricsRange {
  std::optional<core::Date> from, to;
};

struct UpsertAnswer {
  std::int64_t inserted = 0, updated = 0, unchanged = 0, data_version = 0;
};

const schema::Object<store::MetricRow>& row_shape() {
  using R = store::MetricRow;
  // Bounded so that sums over years of daily rows cannot overflow 64 bits.
  static const auto count = schema::Integer().min(0).max(1'000'000'000'000);
  static const auto shape =
      schema::Object<R>("MetricRow", "One campaign-day of performance")
          .required("date", &R::date, schema::Date(), "the day in the ad account's time zone")
          .required("impressions", &R::impressions, count)
          .required("clicks", &R::clicks, count)
          .required("spend", &R::spend_micros, schema::Money().min(0))
          .optional("conversions", &R::conversions, schema::Number().min(0), "default 0")
          .optional("conversion_value", &R::conversion_value_micros, schema::Money().min(0),
                    "default 0")
          .optional("reach", &R::reach, count)
          .optional("frequency", &R::frequency, schema::Number().min(0))
          .optional("video_views", &R::video_views, count);
  return shape;
}

const schema::Object<MetricsUpload>& upload_shape() {
  static const auto shape =
      schema::Object<MetricsUpload>("MetricsUpload")
          .required("rows", &MetricsUpload::rows,
                    schema::Array(row_shape()).min_items(1).max_items(10'000),
                    "upserted by date: sending a day again replaces it");
  return shape;
}

const schema::Object<MetricsRange>& range_shape() {
  static const auto shape =
      schema::Object<MetricsRange>("MetricsRange")
          .optional("from", &MetricsRange::from, schema::Date(), "first day; default to − 29")
          .optional("to", &MetricsRange::to, schema::Date(), "last day; default yesterday");
  return shape;
}

const schema::Object<UpsertAnswer>& answer_shape() {
  static const auto shape =
      schema::Object<UpsertAnswer>("MetricsUpsertResult")
          .output("inserted", &UpsertAnswer::inserted, schema::Integer(), "new days")
          .output("updated", &UpsertAnswer::updated, schema::Integer(), "days whose values changed")
          .output("unchanged", &UpsertAnswer::unchanged, schema::Integer(), "days sent again as stored")
          .output("data_version", &UpsertAnswer::data_version, schema::Integer(),
                  "the tenant's data version after this ingest");
  return shape;
}

}  // namespace

void install_metric_endpoints(ApiRegistry& registry) {
  Endpoint("POST", "/api/v1/campaigns/{id}/metrics")
      .summary("Upsert daily metrics of a campaign").tag("metrics")
      .description("Idempotent on (campaign, date): sending the same rows again changes nothing.")
      .min_role(Role::strategist)
      .body(upload_shape())
      .returns(200, answer_shape(), "What the upsert did")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(upload_shape(), ctx.request.body);
        Checks checks;
        std::set<core::Date> seen;
        for (std::size_t i = 0; i < in.rows.size(); ++i) {
          if (!seen.insert(in.rows[i].date).second) {
            checks.fail("rows[" + std::to_string(i) + "].date", "repeats an earlier row's date");
          }
        }
        checks.throw_if_any();
        store::Campaign campaign;
        auto answer = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          campaign = load_visible_campaign(ctx, tx, ctx.request.path_param("id"));
          for (auto& row : in.rows) row.campaign_id = campaign.id;
          auto counts = store::metrics::upsert(tx, in.rows);
          UpsertAnswer a{static_cast<std::int64_t>(counts.inserted),
                         static_cast<std::int64_t>(counts.updated),
                         static_cast<std::int64_t>(counts.unchanged),
                         store::tenants::data_version(tx)};
          ctx.audit(tx, "metrics.upsert", "campaign", campaign.id,
                    {{"rows", in.rows.size()}, {"inserted", a.inserted}, {"updated", a.updated}});
          return a;
        });
        publish_ingest(ctx, {.client_id = campaign.client_id,
                             .data_version = answer.data_version,
                             .source = "metrics",
                             .campaign_ids = {campaign.id},
                             .campaign_count = 1,
                             .rows = in.rows.size(),
                             .inserted = static_cast<std::size_t>(answer.inserted),
                             .updated = static_cast<std::size_t>(answer.updated)});
        schedule_retraining(ctx);
        return json_response(answer_shape().render(answer));
      });

  Endpoint("GET", "/api/v1/campaigns/{id}/metrics")
      .summary("Daily metrics of a campaign").tag("metrics")
      .query(range_shape())
      .install(registry, [](Context& ctx) {
        auto q = parse_query(range_shape(), ctx.request);
        core::Date to = q.to.value_or(core::today_utc() - 1);
        core::Date from = q.from.value_or(to - 29);
        Checks checks;
        checks.date_order("to", from, to);
        if (to - from > 3660) checks.fail("from", "the range may span at most ten years");
        checks.throw_if_any();
        auto rows = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          auto campaign = load_visible_campaign(ctx, tx, ctx.request.path_param("id"));
          return store::metrics::query(tx, campaign.id, from, to);
        });
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : rows) items.push_back(row_shape().render(r));
        return json_response({{"campaign_id", ctx.request.path_param("id")},
                              {"from", core::format_iso_date(from)},
                              {"to", core::format_iso_date(to)},
                              {"rows", items}});
      });
}

}  // namespace api
