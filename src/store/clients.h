// Clients: the advertisers an agency (tenant) manages. Every function acts for tx.tenant_id()
// and needs a tenant transaction (InvalidArgument in a system one); another tenant's client
// behaves exactly like a missing one. Use from the thread running the transaction.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/page.h"

namespace store {

struct Client {
  std::string id;
  std::string name;
  std::string currency;   // ISO 4217, e.g. "USD"
  std::string time_zone;  // IANA, e.g. "America/New_York"
  std::optional<std::string> industry;
  std::optional<std::string> website;
  std::string created_at;  // ISO-8601 UTC; set by the store
  std::string updated_at;
};

struct ClientQuery {
  std::size_t limit = 50;  // 1–500
  std::string cursor;      // from the previous page's next_cursor
};

namespace clients {

// Stores a new client, stamping created_at/updated_at, and returns it as stored. Throws
// Conflict when the id exists for this tenant.
Client insert(Tx& tx, Client client);

std::optional<Client> find(Tx& tx, const std::string& id);

// Clients ordered by id, one page at a time. InvalidArgument on a bad limit or cursor.
Page<Client> list(Tx& tx, const ClientQuery& query);

// Overwrites name, currency, time_zone, industry and website of client.id, stamps updated_at
// and returns the stored client. NotFound when there is no such client.
Client update(Tx& tx, const Client& client);

// Deletes a client. NotFound when missing. Refuses with Conflict while campaigns (or any other
// rows: users, keys, reports, …) still refer to it: nothing is deleted behind the caller's back.
void remove(Tx& tx, const std::string& id);

}  // namespace clients
}  // namespace store
