// Experiments and their results per variant, metric and day: the record's life (draft, running,
// stopped, deleted with its results), idempotent result upserts, ratio sums, counts, tenant
// isolation.
#include <tuple>

#include "store/experiment_observations.h"
#include "store/experiments.h"
#include "test_support.h"

using namespace store_test;
using store::ExperimentObservation;
using store::Tx;

namespace {

void insert_experiment(Tx& tx, const std::string& id) {
  store::ExperimentRecord e;
  e.id = id;
  e.name = "Headline test";
  store::experiments::insert(tx, e);
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
class StoreExperiments : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreExperiments, Backends, BackendNames);

TYPED_TEST(StoreExperiments, ADaySentAgainReplacesItsRowAndNullsStayNull) {
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

TYPED_TEST(StoreExperiments, ARatioMetricsDenominatorSumsRoundTripAndCountsSummariseTheRows) {
  this->db().write(this->A, [](Tx& tx) {
    insert_experiment(tx, "exp1");
    // Cost per acquisition with campaign-days as units: Σcost, Σcost², Σconversions, … per day.
    ExperimentObservation cpa = row("variant", "2026-11-03", 4, 812.5);
    cpa.metric = "cost_per_acquisition";
    cpa.total_squares = 166'000.25;
    cpa.denominator_total = 40;
    cpa.denominator_squares = 410;
    cpa.cross_total = 8'200.75;
    store::experiment_observations::upsert(
        tx, "exp1", {row("control", "2026-11-01", 1000, 31), row("control", "2026-11-02", 900, 28), cpa});
  });
  auto rows = this->db().read(this->A, [](Tx& tx) { return store::experiment_observations::list(tx, "exp1"); });
  ASSERT_EQ(rows.size(), 3u);
  const auto& cpa = rows[2];
  EXPECT_EQ(cpa.metric, "cost_per_acquisition");
  EXPECT_DOUBLE_EQ(*cpa.total_squares, 166'000.25);
  EXPECT_DOUBLE_EQ(*cpa.denominator_total, 40);
  EXPECT_DOUBLE_EQ(*cpa.denominator_squares, 410);
  EXPECT_DOUBLE_EQ(*cpa.cross_total, 8'200.75);
  EXPECT_FALSE(cpa.covariate_total);
  EXPECT_FALSE(rows[0].denominator_total) << "a proportion's row has no denominator";

  auto counts = this->db().read(this->A, [](Tx& tx) { return store::experiment_observations::counts(tx, "exp1"); });
  EXPECT_EQ(counts.rows, 3u);
  EXPECT_EQ(counts.days, 3u);
  EXPECT_EQ(counts.first_day, core::parse_iso_date("2026-11-01"));
  EXPECT_EQ(counts.last_day, core::parse_iso_date("2026-11-03"));
  auto none = this->db().read(this->B, [](Tx& tx) { return store::experiment_observations::counts(tx, "exp1"); });
  EXPECT_EQ(none.rows, 0u);
  EXPECT_FALSE(none.first_day);
}

TYPED_TEST(StoreExperiments, RemovingAnExperimentRemovesItsResults) {
  this->db().write(this->A, [](Tx& tx) {
    insert_experiment(tx, "exp1");
    insert_experiment(tx, "exp2");
    store::experiment_observations::upsert(tx, "exp1", {row("control", "2026-11-01", 1000, 31)});
    store::experiment_observations::upsert(tx, "exp2", {row("control", "2026-11-01", 500, 9)});
  });
  // Another tenant cannot remove it.
  EXPECT_THROW(this->db().write(this->B, [](Tx& tx) { store::experiments::remove(tx, "exp1"); }),
               store::NotFound);
  this->db().write(this->A, [](Tx& tx) { store::experiments::remove(tx, "exp1"); });
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) { store::experiments::remove(tx, "exp1"); }),
               store::NotFound);
  // A new experiment under the same id starts without the old results; the other keeps its own.
  this->db().write(this->A, [](Tx& tx) {
    EXPECT_FALSE(store::experiments::find(tx, "exp1"));
    insert_experiment(tx, "exp1");
  });
  this->db().read(this->A, [](Tx& tx) {
    EXPECT_TRUE(store::experiment_observations::list(tx, "exp1").empty());
    EXPECT_EQ(store::experiment_observations::list(tx, "exp2").size(), 1u);
  });
}

TYPED_TEST(StoreExperiments, TheStoreStampsWhenAnExperimentStartsAndStops) {
  auto [started, stopped, draft_stopped] = this->db().write(this->A, [](Tx& tx) {
    store::ExperimentRecord e;
    e.id = "runs-at-once";
    e.name = "Starts running";
    e.status = "running";
    auto started = store::experiments::insert(tx, e);
    started.status = "stopped";
    auto stopped = *store::experiments::update(tx, started);
    insert_experiment(tx, "never-ran");
    auto never = *store::experiments::find(tx, "never-ran");
    never.status = "stopped";
    return std::tuple{started, stopped, *store::experiments::update(tx, never)};
  });
  EXPECT_EQ(started.started_at, started.created_at);
  EXPECT_EQ(stopped.started_at, started.started_at) << "a set started_at is kept";
  EXPECT_FALSE(stopped.ended_at.empty());
  EXPECT_GE(stopped.ended_at, stopped.started_at);
  EXPECT_TRUE(draft_stopped.started_at.empty()) << "a draft stopped never started";
  EXPECT_FALSE(draft_stopped.ended_at.empty());
}

TYPED_TEST(StoreExperiments, AnotherTenantsExperimentIsMissing) {
  this->db().write(this->A, [](Tx& tx) { insert_experiment(tx, "exp1"); });
  EXPECT_THROW(this->db().write(this->B, [](Tx& tx) {
    store::experiment_observations::upsert(tx, "exp1", {row("control", "2026-11-01", 1, 0)});
  }), store::NotFound);
  EXPECT_TRUE(this->db().read(this->B, [](Tx& tx) {
    return store::experiment_observations::list(tx, "exp1");
  }).empty());
}

TYPED_TEST(StoreExperiments, AnExperimentIsStoredUpdatedThroughItsStatusesAndListed) {
  this->db().write(this->A, [](Tx& tx) {
    store::clients::insert(tx, make_client("c1"));
    for (const char* id : {"e1", "e2", "e3"}) {
      store::ExperimentRecord e;
      e.id = id;
      e.client_id = "c1";
      e.name = std::string("Test ").append(id);
      e.payload = R"({"hypothesis": "shorter headlines lift CTR"})";
      store::experiments::insert(tx, e);
    }
  });
  auto running = this->db().write(this->A, [](Tx& tx) {
    auto e = *store::experiments::find(tx, "e2");
    EXPECT_EQ(e.status, "draft");
    EXPECT_TRUE(e.started_at.empty());
    e.status = "running";
    e.started_at = "2026-11-01T09:00:00.000000Z";
    return store::experiments::update(tx, e);
  });
  ASSERT_TRUE(running);
  EXPECT_EQ(running->status, "running");
  EXPECT_EQ(running->started_at, "2026-11-01T09:00:00.000000Z");
  EXPECT_TRUE(running->ended_at.empty());
  EXPECT_NE(running->payload.find("shorter headlines"), std::string::npos);

  store::ExperimentQuery query;
  query.status = "running";
  auto page = this->db().read(this->A, [&](Tx& tx) { return store::experiments::list(tx, query); });
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, "e2");
  query = {};
  query.client_id = "c1";
  query.limit = 2;
  auto first = this->db().read(this->A, [&](Tx& tx) { return store::experiments::list(tx, query); });
  ASSERT_EQ(first.items.size(), 2u);
  query.cursor = first.next_cursor;
  auto second = this->db().read(this->A, [&](Tx& tx) { return store::experiments::list(tx, query); });
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_TRUE(second.next_cursor.empty());

  // Another tenant can neither read nor change it, and a duplicate id is a conflict.
  this->db().write(this->B, [&](Tx& tx) {
    EXPECT_FALSE(store::experiments::find(tx, "e2"));
    EXPECT_FALSE(store::experiments::update(tx, *running));
    EXPECT_TRUE(store::experiments::list(tx, {}).items.empty());
  });
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) {
    store::ExperimentRecord e;
    e.id = "e1";
    e.name = "again";
    store::experiments::insert(tx, e);
  }), store::Conflict);
}
