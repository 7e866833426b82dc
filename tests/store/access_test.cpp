// Tenants, users and API keys.
#include "store/api_keys.h"
#include "store/tenants.h"
#include "store/users.h"
#include "test_support.h"

using namespace store_test;
using store::Tx;

template <class B>
class StoreTenants : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreTenants, Backends, BackendNames);

TYPED_TEST(StoreTenants, CreateFindListAndRefuseDuplicates) {
  this->db().system([](Tx& tx) {
    auto t = store::tenants::create(tx, "initech", "Initech");
    EXPECT_EQ(t.data_version, 0);
    auto found = store::tenants::find(tx, "initech");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Initech");
    EXPECT_EQ(found->created_at, t.created_at);
    EXPECT_EQ(store::tenants::list(tx).size(), 3u);
  });
  EXPECT_THROW(this->db().system([](Tx& tx) { store::tenants::create(tx, "acme", "Again"); }),
               store::Conflict);
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) { store::tenants::create(tx, "x", "x"); }),
               store::InvalidArgument);
}

TYPED_TEST(StoreTenants, ATenantSeesOnlyItself) {
  this->db().read(this->A, [](Tx& tx) {
    EXPECT_TRUE(store::tenants::find(tx, "acme"));
    EXPECT_FALSE(store::tenants::find(tx, "globex"));
  });
}

TYPED_TEST(StoreTenants, DataVersionCountsBumpsPerTenant) {
  this->db().write(this->A, [](Tx& tx) {
    EXPECT_EQ(store::tenants::data_version(tx), 0);
    EXPECT_EQ(store::tenants::bump_data_version(tx), 1);
    EXPECT_EQ(store::tenants::bump_data_version(tx), 2);
  });
  this->db().read(this->B, [](Tx& tx) { EXPECT_EQ(store::tenants::data_version(tx), 0); });
}

// ---- users --------------------------------------------------------------------------------

template <class B>
class StoreUsers : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreUsers, Backends, BackendNames);

store::User make_user(const std::string& id, const std::string& email) {
  store::User u;
  u.id = id;
  u.email = email;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  u.role = "admin";
  return u;
}

TYPED_TEST(StoreUsers, InsertFindListAndDisable) {
  this->db().write(this->A, [](Tx& tx) {
    store::clients::insert(tx, make_client("c1"));
    auto bob = make_user("u2", "bob@acme.test");
    bob.client_id = "c1";
    bob.role = "client";
    store::users::insert(tx, bob);
    store::users::insert(tx, make_user("u1", "alice@acme.test"));
  });
  this->db().write(this->A, [](Tx& tx) {
    auto bob = store::users::find_by_email(tx, "bob@acme.test");
    ASSERT_TRUE(bob);
    EXPECT_EQ(bob->id, "u2");
    EXPECT_EQ(bob->client_id, "c1");
    EXPECT_FALSE(bob->disabled);
    EXPECT_EQ(bob->password_hash, make_user("", "").password_hash);
    auto all = store::users::list(tx);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].email, "alice@acme.test");
    EXPECT_FALSE(all[0].client_id);
    store::users::set_disabled(tx, "u1", true);
    EXPECT_TRUE(store::users::find(tx, "u1")->disabled);
    EXPECT_THROW(store::users::set_disabled(tx, "nobody", true), store::NotFound);
  });
}

TYPED_TEST(StoreUsers, EmailIsUniquePerTenantOnly) {
  this->db().write(this->A, [](Tx& tx) { store::users::insert(tx, make_user("u1", "x@y.test")); });
  EXPECT_THROW(this->db().write(
                   this->A, [](Tx& tx) { store::users::insert(tx, make_user("u2", "x@y.test")); }),
               store::Conflict);
  this->db().write(this->B, [](Tx& tx) { store::users::insert(tx, make_user("u1", "x@y.test")); });
}

TYPED_TEST(StoreUsers, AnotherTenantsUsersAreInvisible) {
  this->db().write(this->A, [](Tx& tx) { store::users::insert(tx, make_user("u1", "a@a.test")); });
  this->db().write(this->B, [](Tx& tx) {
    EXPECT_FALSE(store::users::find(tx, "u1"));
    EXPECT_FALSE(store::users::find_by_email(tx, "a@a.test"));
    EXPECT_TRUE(store::users::list(tx).empty());
    EXPECT_THROW(store::users::set_disabled(tx, "u1", true), store::NotFound);
  });
}

// ---- API keys -----------------------------------------------------------------------------

template <class B>
class StoreApiKeys : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreApiKeys, Backends, BackendNames);

store::ApiKeyRecord make_key(const std::string& id, const std::string& hash) {
  store::ApiKeyRecord k;
  k.id = id;
  k.name = "CI key";
  k.prefix = "sk_" + id;
  k.key_hash = hash;
  k.role = "manager";
  k.created_by = "u1";
  return k;
}

TYPED_TEST(StoreApiKeys, InsertListFindAndResolveByHash) {
  this->db().write(this->A, [](Tx& tx) {
    store::api_keys::insert(tx, make_key("k1", "hash-1"));
    store::api_keys::insert(tx, make_key("k2", "hash-2"));
    auto keys = store::api_keys::list(tx);
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys[0].id, "k2");  // newest first
    auto k1 = store::api_keys::find(tx, "k1");
    ASSERT_TRUE(k1);
    EXPECT_EQ(k1->prefix, "sk_k1");
    EXPECT_FALSE(k1->last_used_at);
    EXPECT_FALSE(k1->revoked_at);
  });
  this->db().system([](Tx& tx) {
    auto who = store::api_keys::find_by_hash(tx, "hash-2");
    ASSERT_TRUE(who);
    EXPECT_EQ(who->tenant_id, "acme");
    EXPECT_EQ(who->id, "k2");
    EXPECT_EQ(who->role, "manager");
    EXPECT_FALSE(who->revoked);
    EXPECT_FALSE(store::api_keys::find_by_hash(tx, "unknown"));
  });
  EXPECT_THROW(
      this->db().read(this->A, [](Tx& tx) { store::api_keys::find_by_hash(tx, "hash-1"); }),
      store::InvalidArgument);
}

TYPED_TEST(StoreApiKeys, HashesAreUniqueAcrossTenants) {
  this->db().write(this->A, [](Tx& tx) { store::api_keys::insert(tx, make_key("k1", "same")); });
  EXPECT_THROW(this->db().write(
                   this->B, [](Tx& tx) { store::api_keys::insert(tx, make_key("k9", "same")); }),
               store::Conflict);
}

TYPED_TEST(StoreApiKeys, RevokeOnceAndAuthenticationSeesIt) {
  this->db().write(this->A, [](Tx& tx) {
    store::api_keys::insert(tx, make_key("k1", "hash-1"));
    EXPECT_TRUE(store::api_keys::revoke(tx, "k1"));
    EXPECT_FALSE(store::api_keys::revoke(tx, "k1"));
    EXPECT_FALSE(store::api_keys::revoke(tx, "missing"));
    EXPECT_TRUE(store::api_keys::find(tx, "k1")->revoked_at);
  });
  this->db().system(
      [](Tx& tx) { EXPECT_TRUE(store::api_keys::find_by_hash(tx, "hash-1")->revoked); });
}

TYPED_TEST(StoreApiKeys, TouchLastUsedWritesAtMostOncePerInterval) {
  this->db().write(this->A, [](Tx& tx) {
    store::api_keys::insert(tx, make_key("k1", "hash-1"));
    EXPECT_TRUE(store::api_keys::touch_last_used(tx, "k1"));
    EXPECT_FALSE(store::api_keys::touch_last_used(tx, "k1"));
    EXPECT_TRUE(store::api_keys::touch_last_used(tx, "k1", std::chrono::seconds(-1)));
    EXPECT_TRUE(store::api_keys::find(tx, "k1")->last_used_at);
  });
}

TYPED_TEST(StoreApiKeys, AnotherTenantsKeysAreInvisible) {
  this->db().write(this->A, [](Tx& tx) { store::api_keys::insert(tx, make_key("k1", "hash-1")); });
  this->db().write(this->B, [](Tx& tx) {
    EXPECT_TRUE(store::api_keys::list(tx).empty());
    EXPECT_FALSE(store::api_keys::find(tx, "k1"));
    EXPECT_FALSE(store::api_keys::revoke(tx, "k1"));
    EXPECT_FALSE(store::api_keys::touch_last_used(tx, "k1"));
  });
  this->db().read(this->A,
                  [](Tx& tx) { EXPECT_FALSE(store::api_keys::find(tx, "k1")->revoked_at); });
}
