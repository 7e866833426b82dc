// /api/v1/clients: the advertisers a tenant manages.
#include "api/endpoint.h"
#include "api/resources.h"
#include "api/validation.h"
#include "security/random.h"
#include "store/tenants.h"
#include "store/clients.h"

namespace api {
namespace {

struct ClientCreate {
  std::optional<std::string> id;
  std::string name;
  std::string currency;
  std::string time_zone = "UTC";
  std::optional<std::string> industry;
  std::optional<std::string> website;
};

struct ClientPatch {
  std::optional<std::string> name, currency, time_zone, industry, website;
};

struct ClientListQuery {
  std::int64_t limit = 50;
  std::string cursor;
};

schema::String name_field() { return schema::String().min_length(1).max_length(200); }
schema::String currency_field() {
  return schema::String().pattern("^[A-Z]{3}$", "a 3-letter ISO 4217 code such as USD");
}
schema::String zone_field() { return schema::String().min_length(1).max_length(64); }
schema::String industry_field() { return schema::String().min_length(1).max_length(100); }
schema::String website_field() {
  return schema::String().max_length(500).pattern("^https?://\\S+$", "an http(s) URL");
}

const schema::Object<ClientCreate>& create_shape() {
  static const auto shape =
      schema::Object<ClientCreate>("ClientCreate")
          .optional("id", &ClientCreate::id, schema::String().pattern(kSlugPattern, kSlugHint),
                    "chosen id, unique within the tenant; generated when absent")
          .required("name", &ClientCreate::name, name_field())
          .required("currency", &ClientCreate::currency, currency_field(),
                    "ISO 4217 currency of the client's ad accounts")
          .optional("time_zone", &ClientCreate::time_zone, zone_field(),
                    "IANA time zone for reporting days; default UTC")
          .optional("industry", &ClientCreate::industry, industry_field())
          .optional("website", &ClientCreate::website, website_field());
  return shape;
}

const schema::Object<ClientPatch>& patch_shape() {
  static const auto shape = schema::Object<ClientPatch>("ClientPatch")
                                .optional("name", &ClientPatch::name, name_field())
                                .optional("currency", &ClientPatch::currency, currency_field())
                                .optional("time_zone", &ClientPatch::time_zone, zone_field())
                                .optional("industry", &ClientPatch::industry, industry_field())
                                .optional("website", &ClientPatch::website, website_field());
  return shape;
}

const schema::Object<ClientListQuery>& list_shape() {
  static const auto shape =
      schema::Object<ClientListQuery>("ClientListQuery")
          .optional("limit", &ClientListQuery::limit, schema::Integer().min(1).max(500),
                    "page size, default 50")
          .optional("cursor", &ClientListQuery::cursor, schema::String().max_length(500),
                    "next_cursor of the previous page");
  return shape;
}

const schema::Object<store::Client>& client_shape() {
  static const auto shape =
      schema::Object<store::Client>("Client")
          .output("id", &store::Client::id, schema::String())
          .output("name", &store::Client::name, schema::String())
          .output("currency", &store::Client::currency, schema::String())
          .output("time_zone", &store::Client::time_zone, schema::String())
          .output("industry", &store::Client::industry, schema::String())
          .output("website", &store::Client::website, schema::String())
          .output("created_at", &store::Client::created_at, schema::Timestamp())
          .output("updated_at", &store::Client::updated_at, schema::Timestamp());
  return shape;
}

void check(Checks& checks, const std::optional<std::string>& currency,
           const std::optional<std::string>& zone) {
  if (currency) checks.currency("currency", *currency);
  if (zone) checks.time_zone("time_zone", *zone);
}

}  // namespace

void install_client_endpoints(ApiRegistry& registry) {
  Endpoint("GET", "/api/v1/clients")
      .summary("List clients").tag("clients")
      .description("A client_viewer sees only its own client.")
      .query(list_shape())
      .returns_page(client_shape(), "One page of clients, ordered by id")
      .install(registry, [](Context& ctx) {
        auto q = parse_query(list_shape(), ctx.request);
        return ctx.services.db.read(ctx.scope(), [&](store::Tx& tx) {
          if (ctx.principal.client_id) {  // bound to one client: a page of at most that one
            std::vector<store::Client> items;
            if (auto c = store::clients::find(tx, *ctx.principal.client_id); c && q.cursor.empty()) {
              items.push_back(*c);
            }
            return json_response(render_page(client_shape(), items, ""));
          }
          auto page = with_cursor([&] {
            return store::clients::list(
                tx, store::ClientQuery{static_cast<std::size_t>(q.limit), q.cursor});
          });
          return json_response(render_page(client_shape(), page.items, page.next_cursor));
        });
      });

  Endpoint("POST", "/api/v1/clients")
      .summary("Create a client").tag("clients")
      .min_role(Role::admin).tenant_wide().idempotent()
      .body(create_shape())
      .returns(201, client_shape(), "The created client")
      .install(registry, [](Context& ctx) {
        auto in = schema::parse_body(create_shape(), ctx.request.body);
        Checks checks;
        check(checks, in.currency, in.time_zone);
        checks.throw_if_any();
        store::Client client{in.id.value_or(security::new_id("cli")), in.name, in.currency,
                             in.time_zone, in.industry, in.website, {}, {}};
        auto stored = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto c = store::clients::insert(tx, client);
          store::tenants::bump_data_version(tx);  // dashboard copies must see this
          ctx.audit(tx, "client.create", "client", c.id);
          return c;
        });
        auto response = json_response(client_shape().render(stored), 201);
        response.headers.set("Location", "/api/v1/clients/" + stored.id);
        return response;
      });

  Endpoint("GET", "/api/v1/clients/{id}")
      .summary("Get a client").tag("clients")
      .returns(200, client_shape(), "The client")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        if (!ctx.principal.may_see_client(id)) throw_not_found("client", id);
        auto client = ctx.services.db.read(
            ctx.scope(), [&](store::Tx& tx) { return store::clients::find(tx, id); });
        if (!client) throw_not_found("client", id);
        return json_response(client_shape().render(*client));
      });

  Endpoint("PATCH", "/api/v1/clients/{id}")
      .summary("Change a client").tag("clients")
      .description("Fields left out keep their value.")
      .min_role(Role::admin)
      .body(patch_shape())
      .returns(200, client_shape(), "The changed client")
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        auto in = schema::parse_body(patch_shape(), ctx.request.body);
        Checks checks;
        check(checks, in.currency, in.time_zone);
        checks.throw_if_any();
        if (!ctx.principal.may_see_client(id)) throw_not_found("client", id);
        auto stored = ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          auto client = store::clients::find(tx, id);
          if (!client) throw_not_found("client", id);
          if (in.name) client->name = *in.name;
          if (in.currency) client->currency = *in.currency;
          if (in.time_zone) client->time_zone = *in.time_zone;
          if (in.industry) client->industry = in.industry;
          if (in.website) client->website = in.website;
          auto c = store::clients::update(tx, *client);
          store::tenants::bump_data_version(tx);  // dashboard copies must see this
          ctx.audit(tx, "client.update", "client", id, patch_shape().render(in));
          return c;
        });
        return json_response(client_shape().render(stored));
      });

  Endpoint("DELETE", "/api/v1/clients/{id}")
      .summary("Delete a client").tag("clients")
      .description("Refused with 409 while campaigns, users or keys still refer to the client.")
      .min_role(Role::admin).tenant_wide()
      .install(registry, [](Context& ctx) {
        const auto& id = ctx.request.path_param("id");
        ctx.services.db.write(ctx.scope(), [&](store::Tx& tx) {
          if (!ctx.principal.may_see_client(id) || !store::clients::find(tx, id)) {
            throw_not_found("client", id);
          }
          store::clients::remove(tx, id);
          store::tenants::bump_data_version(tx);  // dashboard copies must see this
          ctx.audit(tx, "client.delete", "client", id);
        });
        return http::Response::no_content();
      });
}

}  // namespace api
