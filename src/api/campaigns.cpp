// /api/v1/campaigns: campaigns of the tenant's clients on each ad platform.
#include "api/endpoint.h"
#include "api/resources.h"
#include "api/validation.h"
#include "security/random.h"
#include "store/tenants.h"
#include "store/campaigns.h"

namespace api {
namespace {

using PlatformSpec = schema::Enum<core::Platform, 6>;
using ObjectiveSpec = schema::Enum<core::Objective, 6>;
using StatusSpec = schema::Enum<core::CampaignStatus, 5>;
PlatformSpec platform_field() { return PlatformSpec(core::kPlatformNames); }
ObjectiveSpec objective_field() { return ObjectiveSpec(core::kObjectiveNames); }
StatusSpec status_field() { return StatusSpec(core::kCampaignStatusNames); }

struct CampaignCreate {
  std::string client_id;
  std::string name;
  core::Platform platform{};
  core::Objective objective{};
  core::CampaignStatus status = core::CampaignStatus::draft;
  std::optional<std::string> external_id;
  std::optional<std::int64_t> daily_budget_micros, lifetime_budget_micros;
  std::optional<core::Date> start_date, end_date;
  std::string targeting = "{}";
};

struct CampaignPatch {
  std::optional<std::string> name;
  std::optional<core::Objective> objective;
  std::optional<core::CampaignStatus> status;
  std::optional<std::string> external_id;
  std::optional<std::int64_t> daily_budget_micros, lifetime_budget_micros;
  std::optional<core::Date> start_date, end_date;
  std::optional<std::string> targeting;
};

struct CampaignListQuery {
  std::optional<std::string> client_id;
  std::optional<core::Platform> platform;
  std::optional<core::CampaignStatus> status;
  std::optional<core::Objective> objective;
  std::optional<std::string> q;
  std::string sort = "-created_at";
  std::int64_t limit = 50;
  std::string cursor;
};

schema::String name_field() { return schema::String().min_length(1).max_length(300); }
schema::String external_id_field() { return schema::String().min_length(1).max_length(100); }

const schema::Object<CampaignCreate>& create_shape() {
  static const auto shape =
      schema::Object<CampaignCreate>("CampaignCreate")
          .required("client_id", &CampaignCreate::client_id, schema::String().max_length(64))
          .required("name", &CampaignCreate::name, name_field())
          .required("platform", &CampaignCreate::platform, platform_field())
          .required("objective", &CampaignCreate::objective, objective_field())
          .optional("status", &CampaignCreate::status, status_field(), "default draft")
          .optional("external_id", &CampaignCreate::external_id, external_id_field(),
                    "the platform's campaign id; unique per client and platform")
          .optional("daily_budget", &CampaignCreate::daily_budget_micros,
                    schema::Money().positive())
          .optional("lifetime_budget", &CampaignCreate::lifetime_budget_micros,
                    schema::Money().positive())
          .optional("start_date", &CampaignCreate::start_date, schema::Date())
          .optional("end_date", &CampaignCreate::end_date, schema::Date())
          .optional("targeting", &CampaignCreate::targeting, schema::JsonText(),
                    "free-form targeting: locations, age ranges, interests, …");
  return shape;
}

const schema::Object<CampaignPatch>& patch_shape() {
  static const auto shape =
      schema::Object<CampaignPatch>("CampaignPatch")
          .optional("name", &CampaignPatch::name, name_field())
          .optional("objective", &CampaignPatch::objective, objective_field())
          .optional("status", &CampaignPatch::status, status_field())
          .optional("external_id", &CampaignPatch::external_id, external_id_field())
          .optional("daily_budget", &CampaignPatch::daily_budget_micros, schema::Money().positive())
          .optional("lifetime_budget", &CampaignPatch::lifetime_budget_micros,
                    schema::Money().positive())
          .optional("start_date", &CampaignPatch::start_date, schema::Date())
          .optional("end_date", &CampaignPatch::end_date, schema::Date())
          .optional("targeting", &CampaignPatch::targeting, schema::JsonText());
  return shape;
}

const std::vector<std::string> kSorts = {"name",        "-name",       "created_at",
                                         "-created_at", "start_date",  "-start_date",
                                         "updated_at",  "-updated_at"};

const schema::Object<CampaignListQuery>& list_shape() {
  static const auto shape =
      schema::Object<CampaignListQuery>("CampaignListQuery")
          .optional("client_id", &CampaignListQuery::client_id, schema::String().max_length(64))
          .optional("platform", &CampaignListQuery::platform, platform_field())
          .optional("status", &CampaignListQuery::status, status_field())
          .optional("objective", &CampaignListQuery::objective, objective_field())
          .optional("q", &CampaignListQuery::q, schema::String().min_length(1).max_length(100),
                    "case-insensitive part of the name")
          .optional("sort", &CampaignListQuery::sort, schema::String().one_of(kSorts),
                    "field, '-' for descending; default -created_at")
          .optional("limit", &CampaignListQuery::limit, schema::Integer().min(1).max(500))
          .optional("cursor", &CampaignListQuery::cursor, schema::String().max_length(1000));
  return shape;
}

const schema::Object<store::Campaign>& campaign_shape() {
  using C = store::Campaign;
  static const auto shape =
      schema::Object<C>("Campaign")
          .output("id", &C::id, schema::String())
          .output("client_id", &C::client_id, schema::String())
          .output("name", &C::name, schema::String())
          .output("platform", &C::platform, platform_field())
          .output("objective", &C::objective, objective_field())
          .output("status", &C::status, status_field())
          .output("external_id", &C::external_id, schema::String())
          .output("daily_budget", &C::daily_budget_micros, schema::Money())
          .output("lifetime_budget", &C::lifetime_budget_micros, schema::Money())
          .output("start_date", &C::start_date, schema::Date())
          .output("end_date", &C::end_date, schema::Date())
          .output("targeting", &C::targeting, schema::JsonText())
          .output("created_at", &C::created_at, schema::Timestamp())
          .output("updated_at", &C::updated_at, schema::Timestamp());
  return shape;
}

nlohmann::json render(const store::Campaign& c) { return campaign_shape().render(c); }

store::CampaignSort sort_from(const std::string& text, bool& descending) {
  descending = !text.empty() && text[0] == '-';
  std::string field = descending ? text.substr(1) : text;
  if (field == "name") return store::CampaignSort::name;
  if (field == "start_date") return store::CampaignSort::start_date;
  if (field == "updated_at") return store::CampaignSort::updated_at;
  return store::CampaignSort::created_at;
}

// A campaign the caller may see, or the 404 a missing one gets.
store::Campaign load_visible(Context& ctx, store::Tx& tx, const std::string& id) {
  auto campaign = store::campaigns::find(tx, id);
  if (!campaign || !ctx.principal.may_see_client(campaign->client_id)) {
    throw_not_found("campaign", id);
  }
  return *campaign;
}

}  // namespace

// Shared with the metrics endpoints.
store::Campaign load_visible_campaign(Context& ctx, store::Tx& tx, const std::string& id) {
  return load_visible(ctx, tx, id);
}

void install_campaign_endpoints(ApiRegistry& registry) {
  Endpoint("GET", "/api/v1/campaigns")
      .summary("List campaigns").tag("campaigns")
      .description("Filter by client, platform, status, objective or name; sort; page with cursor.")
      .query(list_shape())
      .returns_page(campaign_shape(), "One page of campaigns")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(list_shape(), ctx.request);
        store::CampaignQuery query;
        query.client_id = q.client_id;
        if (ctx.principal.client_id) {
          if (q.client_id && *q.client_id != *ctx.principal.client_id) {
            return json_response(render_page(campaign_shape(), std::vector<store::Campaign>{}, ""));
          }
          query.client_id = ctx.principal.client_id;
        }
        query.platform = q.platform;
        query.status = q.status;
        query.objective = q.objective;
        query.name_contains = q.q;
        query.sort = sort_from(q.sort, query.descending);
        query.limit = static_cast<std::size_t>(q.limit);
        query.cursor = q.cursor;
        auto page = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return with_cursor([&] { return store::campaigns::list(tx, query); });
        });
        return json_response(render_page(campaign_shape(), page.items, page.next_cursor));
      });

  Endpoint("POST", "/api/v1/campaigns")
      .summary("Create a campaign").tag("campaigns")
      .min_role(Role::strategist).idempotent()
      .body(create_shape())
      .returns(201, campaign_shape(), "The created campaign")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(create_shape(), ctx.request.body);
        Checks checks;
        checks.date_order("end_date", in.start_date, in.end_date);
        checks.throw_if_any();
        if (!ctx.principal.may_see_client(in.client_id)) throw_not_found("client", in.client_id);
        store::Campaign c;
        c.id = security::new_id("cmp");
        c.client_id = in.client_id;
        c.name = in.name;
        c.platform = in.platform;
        c.objective = in.objective;
        c.status = in.status;
        c.external_id = in.external_id;
        c.daily_budget_micros = in.daily_budget_micros;
        c.lifetime_budget_micros = in.lifetime_budget_micros;
        c.start_date = in.start_date;
        c.end_date = in.end_date;
        c.targeting = in.targeting;
        auto stored = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          try {
            auto s = store::campaigns::insert(tx, c);
            store::tenants::bump_data_version(tx);  // dashboard copies must see this
          ctx.audit(tx, "campaign.create", "campaign", s.id);
            return s;
          } catch (const store::NotFound&) {
            throw_not_found("client", in.client_id);
          }
        });
        auto response = json_response(render(stored), 201);
        response.headers.set("Location", "/api/v1/campaigns/" + stored.id);
        return response;
      });

  Endpoint("GET", "/api/v1/campaigns/{id}")
      .summary("Get a campaign").tag("campaigns")
      .returns(200, campaign_shape(), "The campaign")
      .install(registry, [](Context& ctx) {
        auto c = ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          return load_visible(ctx, tx, ctx.request.path_param("id"));
        });
        return json_response(render(c));
      });

  Endpoint("PATCH", "/api/v1/campaigns/{id}")
      .summary("Change a campaign").tag("campaigns")
      .description("Fields left out keep their value; client and platform cannot change.")
      .min_role(Role::strategist)
      .body(patch_shape())
      .returns(200, campaign_shape(), "The changed campaign")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(patch_shape(), ctx.request.body);
        auto stored = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto c = load_visible(ctx, tx, ctx.request.path_param("id"));
          if (in.name) c.name = *in.name;
          if (in.objective) c.objective = *in.objective;
          if (in.status) c.status = *in.status;
          if (in.external_id) c.external_id = in.external_id;
          if (in.daily_budget_micros) c.daily_budget_micros = in.daily_budget_micros;
          if (in.lifetime_budget_micros) c.lifetime_budget_micros = in.lifetime_budget_micros;
          if (in.start_date) c.start_date = in.start_date;
          if (in.end_date) c.end_date = in.end_date;
          if (in.targeting) c.targeting = *in.targeting;
          Checks checks;
          checks.date_order("end_date", c.start_date, c.end_date);
          checks.throw_if_any();
          auto s = store::campaigns::update(tx, c);
          store::tenants::bump_data_version(tx);  // dashboard copies must see this
          ctx.audit(tx, "campaign.update", "campaign", c.id, patch_shape().render(in));
          return s;
        });
        return json_response(render(stored));
      });

  Endpoint("DELETE", "/api/v1/campaigns/{id}")
      .summary("Delete a campaign and its metrics").tag("campaigns")
      .min_role(Role::strategist)
      .install(registry, [](Context& ctx) {
        ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto c = load_visible(ctx, tx, ctx.request.path_param("id"));
          store::campaigns::remove(tx, c.id);
          store::tenants::bump_data_version(tx);  // dashboard copies must see this
          ctx.audit(tx, "campaign.delete", "campaign", c.id);
        });
        return http::Response::no_content();
      });
}

}  // namespace api
