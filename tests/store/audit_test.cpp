// Audit log and idempotency records.
#include "store/audit.h"

#include <nlohmann/json.hpp>

#include "store/idempotency.h"
#include "test_support.h"

using namespace store_test;
using store::Tx;

namespace {
store::AuditEntry entry(const std::string& action, const std::string& resource_id) {
  store::AuditEntry e;
  e.actor = "key_1";
  e.action = action;
  e.resource_type = "client";
  e.resource_id = resource_id;
  e.request_id = "req-" + resource_id;
  e.details = R"({"name": "Northwind"})";
  return e;
}
}  // namespace

template <class B>
class StoreAudit : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreAudit, Backends, BackendNames);

TYPED_TEST(StoreAudit, RecordsAndListsNewestFirstInPages) {
  this->db().write(this->A, [](Tx& tx) {
    std::int64_t last = 0;
    for (int i = 1; i <= 5; ++i) {
      auto id = store::audit::record(
          tx, entry("client.create", std::string("c").append(std::to_string(i))));
      EXPECT_GT(id, last);
      last = id;
    }
  });
  this->db().write(this->B, [](Tx& tx) { store::audit::record(tx, entry("client.create", "x")); });
  std::vector<std::string> seen;
  std::string cursor;
  do {
    auto page = this->db().read(this->A, [&](Tx& tx) { return store::audit::list(tx, 2, cursor); });
    for (const auto& e : page.items) {
      seen.push_back(e.resource_id);
      EXPECT_EQ(e.actor, "key_1");
      EXPECT_EQ(e.request_id, "req-" + e.resource_id);
      EXPECT_FALSE(e.at.empty());
      EXPECT_EQ(nlohmann::json::parse(e.details)["name"], "Northwind");
    }
    cursor = page.next_cursor;
  } while (!cursor.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"c5", "c4", "c3", "c2", "c1"}));
}

TYPED_TEST(StoreAudit, RejectsDetailsThatAreNotJson) {
  auto bad = entry("client.create", "c1");
  bad.details = "not json";
  EXPECT_THROW(this->db().write(this->A, [&](Tx& tx) { store::audit::record(tx, bad); }),
               store::InvalidArgument);
}

TYPED_TEST(StoreAudit, AnotherTenantSeesNoEntries) {
  this->db().write(this->A, [](Tx& tx) { store::audit::record(tx, entry("client.create", "c1")); });
  this->db().read(this->B, [](Tx& tx) { EXPECT_TRUE(store::audit::list(tx, 10).items.empty()); });
}

// ---- idempotency --------------------------------------------------------------------------

template <class B>
class StoreIdempotency : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreIdempotency, Backends, BackendNames);

namespace {
store::IdempotencyRecord record(const std::string& key) {
  store::IdempotencyRecord r;
  r.key = key;
  r.method = "POST";
  r.path = "/api/v1/clients";
  r.request_hash = "sha256:abc";
  r.status = 201;
  r.response_body = "{\"id\": \"c1\",\n \"name\": \"Café\"}";  // replayed byte for byte
  return r;
}
}  // namespace

TYPED_TEST(StoreIdempotency, SavesFindsAndRefusesASecondSave) {
  this->db().write(this->A, [](Tx& tx) { store::idempotency::save(tx, record("key-1")); });
  this->db().read(this->A, [](Tx& tx) {
    auto found = store::idempotency::find(tx, "key-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->status, 201);
    EXPECT_EQ(found->response_body, record("").response_body);
    EXPECT_EQ(found->request_hash, "sha256:abc");
    EXPECT_FALSE(found->created_at.empty());
    EXPECT_FALSE(store::idempotency::find(tx, "key-2"));
  });
  EXPECT_THROW(
      this->db().write(this->A, [](Tx& tx) { store::idempotency::save(tx, record("key-1")); }),
      store::Conflict);
  this->db().read(this->B, [](Tx& tx) { EXPECT_FALSE(store::idempotency::find(tx, "key-1")); });
  this->db().write(this->B, [](Tx& tx) { store::idempotency::save(tx, record("key-1")); });
}

TYPED_TEST(StoreIdempotency, RemovesOldRecords) {
  this->db().write(this->A, [](Tx& tx) { store::idempotency::save(tx, record("a")); });
  this->db().write(this->B, [](Tx& tx) { store::idempotency::save(tx, record("b")); });
  auto removed = this->db().write(this->A, [](Tx& tx) {
    EXPECT_EQ(store::idempotency::remove_older_than(tx, "2000-01-01T00:00:00.000000Z"), 0u);
    return store::idempotency::remove_older_than(tx, "2999-01-01T00:00:00.000000Z");
  });
  EXPECT_EQ(removed, 1u);
  auto all = this->db().system([](Tx& tx) {
    return store::idempotency::remove_older_than(tx, "2999-01-01T00:00:00.000000Z");
  });
  EXPECT_EQ(all, 1u);
}
