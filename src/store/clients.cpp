#include "store/clients.h"

#include <soci/soci.h>

#include "store/internal/cursor.h"
#include "store/internal/sql.h"

namespace store::clients {
namespace {

using internal::Nullable;

// A row being read: the struct plus indicators for its nullable columns.
struct ClientRow {
  Client c;
  Nullable<std::string> industry, website;

  Client done() {
    c.industry = internal::optional_of<std::string>(industry);
    c.website = internal::optional_of<std::string>(website);
    return c;
  }
};

std::string select_clients(Dialect d) {
  return "SELECT id, name, currency, time_zone, industry, website, " +
         internal::ts_out(d, "created_at") + ", " + internal::ts_out(d, "updated_at") +
         " FROM clients WHERE tenant_id = :tenant";
}

template <class Statement>
void bind_row(Statement& st, ClientRow& r) {
  st.exchange(soci::into(r.c.id));
  st.exchange(soci::into(r.c.name));
  st.exchange(soci::into(r.c.currency));
  st.exchange(soci::into(r.c.time_zone));
  st.exchange(soci::into(r.industry.value, r.industry.ind));
  st.exchange(soci::into(r.website.value, r.website.ind));
  st.exchange(soci::into(r.c.created_at));
  st.exchange(soci::into(r.c.updated_at));
}

}  // namespace

Client insert(Tx& tx, Client client) {
  const std::string& tenant = internal::require_tenant(tx, "clients::insert");
  client.created_at = client.updated_at = internal::now_timestamp();
  auto industry = internal::nullable<std::string>(client.industry);
  auto website = internal::nullable<std::string>(client.website);
  Dialect d = tx.dialect();
  tx.sql() << "INSERT INTO clients (tenant_id, id, name, currency, time_zone, industry, website, "
              "created_at, updated_at) VALUES (:tenant, :id, :name, :currency, :tz, :industry, "
              ":website, " +
                  internal::ts_in(d, ":created") + ", " + internal::ts_in(d, ":updated") + ")",
      soci::use(tenant), soci::use(client.id), soci::use(client.name), soci::use(client.currency),
      soci::use(client.time_zone), soci::use(industry.value, industry.ind),
      soci::use(website.value, website.ind), soci::use(client.created_at),
      soci::use(client.updated_at);
  return client;
}

std::optional<Client> find(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "clients::find");
  ClientRow row;
  soci::statement st(tx.sql());
  st.alloc();
  bind_row(st, row);
  st.exchange(soci::use(tenant));
  st.exchange(soci::use(id));
  st.prepare(select_clients(tx.dialect()) + " AND id = :id");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return row.done();
}

Page<Client> list(Tx& tx, const ClientQuery& query) {
  const std::string& tenant = internal::require_tenant(tx, "clients::list");
  internal::check_limit(query.limit);
  std::string after;
  if (!query.cursor.empty()) after = internal::decode_cursor(query.cursor, "clients", 2)[1];
  long long fetch = static_cast<long long>(query.limit) + 1;
  ClientRow row;
  soci::statement st(tx.sql());
  st.alloc();
  bind_row(st, row);
  st.exchange(soci::use(tenant));
  st.exchange(soci::use(after));
  st.exchange(soci::use(fetch));
  st.prepare(select_clients(tx.dialect()) + " AND id > :after ORDER BY id LIMIT :n");
  st.define_and_bind();
  st.execute();
  Page<Client> page;
  while (st.fetch()) {
    if (page.items.size() == query.limit) {
      page.next_cursor = internal::encode_cursor({"clients", page.items.back().id});
      break;
    }
    page.items.push_back(row.done());
  }
  return page;
}

Client update(Tx& tx, const Client& client) {
  const std::string& tenant = internal::require_tenant(tx, "clients::update");
  std::string now = internal::now_timestamp();
  auto industry = internal::nullable<std::string>(client.industry);
  auto website = internal::nullable<std::string>(client.website);
  soci::statement st =
      (tx.sql().prepare << "UPDATE clients SET name = :name, currency = :currency, "
                           "time_zone = :tz, industry = :industry, website = :website, "
                           "updated_at = " +
                               internal::ts_in(tx.dialect(), ":now") +
                               " WHERE tenant_id = :tenant AND id = :id",
       soci::use(client.name), soci::use(client.currency), soci::use(client.time_zone),
       soci::use(industry.value, industry.ind), soci::use(website.value, website.ind),
       soci::use(now), soci::use(tenant), soci::use(client.id));
  st.execute(true);
  if (st.get_affected_rows() == 0) throw NotFound("client " + client.id + " not found");
  return *find(tx, client.id);
}

void remove(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "clients::remove");
  int campaigns = 0;
  tx.sql() << "SELECT count(*) FROM campaigns WHERE tenant_id = :tenant AND client_id = :id",
      soci::use(tenant), soci::use(id), soci::into(campaigns);
  if (campaigns > 0) {
    throw Conflict("client " + id + " still has " + std::to_string(campaigns) +
                   " campaigns; remove them first");
  }
  soci::statement st = (tx.sql().prepare << "DELETE FROM clients WHERE tenant_id = :tenant AND "
                                            "id = :id",
                        soci::use(tenant), soci::use(id));
  st.execute(true);  // other references (users, keys, reports) fail as Conflict
  if (st.get_affected_rows() == 0) throw NotFound("client " + id + " not found");
}

}  // namespace store::clients
