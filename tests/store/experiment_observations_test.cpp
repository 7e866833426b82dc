// Experiment results per variant, metric and day: idempotent upserts, tenant isolation.
#include "store/experiment_observations.h"
#include "store/internal/sql.h"
#include "test_support.h"

using namespace store_test;
using store::ExperimentObservation;
using store::Tx;

namespace {

void insert_experiment(Tx& tx, const std::string& id) {
  const std::string now = store::internal::now_timestamp();
  const std::string& tenant = tx.tenant_id();
  tx.sql() << "INSERT INTO experiments (tenant_id, id, name, created_at, updated_at) VALUES "
              "(:tenant, :id, 'Headline test', " +
                  store::internal::ts_in(tx.dialect(), ":created") + ", " +
                  store::internal::ts_in(tx.dialect(), ":updated") + ")",
      soci::use(tenant), soci::use(id), soci::use(now), soci::use(now);
}

ExperimentObservation row(const std::string& variant, const char* day, std::int64_t units,
                          double total) {
  ExperimentObservation r;
  r.variant = variant;
  r.metric = "conversion_rate";
  r.day = *core::parse_iso_date(day);
  r.units = units;
  r.total = total;
  return r;
}

}  // namespace

template <class B>
class StoreExperimentObservations : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreExperimentObservations, Backends, BackendNames);

TYPED_TEST(StoreExperimentObservations, ADaySentAgainReplacesItsRowAndNullsStayNull) {
  this->db().write(this->A, [](Tx& tx) {
    insert_experiment(tx, "exp1");
    ExperimentObservation mean = row("control", "2026-11-02", 100, 250.5);
    mean.metric = "revenue_per_user";
    mean.total_squares = 1234.25;
    mean.covariate_total = 10;
    mean.covariate_squares = 30;
    mean.covariate_cross = 40.5;
    store::experiment_observations::upsert(
        tx, "exp1", {row("control", "2026-11-01", 1000, 31), row("variant", "2026-11-01", 990, 40), mean});
  });
  // The retried upload of 1 November, corrected for the variant.
  this->db().write(this->A, [](Tx& tx) {
    store::experiment_observations::upsert(
        tx, "exp1", {row("control", "2026-11-01", 1000, 31), row("variant", "2026-11-01", 1010, 42)});
  });
  auto rows = this->db().read(this->A, [](Tx& tx) { return store::experiment_observations::list(tx, "exp1"); });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].metric, "conversion_rate");
  EXPECT_EQ(rows[1].variant, "variant");
  EXPECT_EQ(rows[1].units, 1010);
  EXPECT_DOUBLE_EQ(rows[1].total, 42);
  EXPECT_FALSE(rows[1].total_squares);
  EXPECT_EQ(rows[2].metric, "revenue_per_user");
  EXPECT_EQ(rows[2].day, *core::parse_iso_date("2026-11-02"));
  EXPECT_DOUBLE_EQ(*rows[2].total_squares, 1234.25);
  EXPECT_DOUBLE_EQ(*rows[2].covariate_cross, 40.5);
}

TYPED_TEST(StoreExperimentObservations, AnotherTenantsExperimentIsMissing) {
  this->db().write(this->A, [](Tx& tx) { insert_experiment(tx, "exp1"); });
  EXPECT_THROW(this->db().write(this->B, [](Tx& tx) {
    store::experiment_observations::upsert(tx, "exp1", {row("control", "2026-11-01", 1, 0)});
  }), store::NotFound);
  EXPECT_TRUE(this->db().read(this->B, [](Tx& tx) {
    return store::experiment_observations::list(tx, "exp1");
  }).empty());
}
