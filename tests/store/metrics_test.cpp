#include "store/metrics.h"

#include <atomic>
#include <cmath>
#include <thread>

#include "store/tenants.h"
#include "test_support.h"

using namespace store_test;
using store::MetricRow;
using store::Tx;

namespace {

core::Date day(int n) { return *core::parse_iso_date("2024-01-01") + n; }

MetricRow row(const std::string& campaign, int d, std::int64_t impressions = 1000) {
  MetricRow r;
  r.campaign_id = campaign;
  r.date = day(d);
  r.impressions = impressions;
  r.clicks = impressions / 20;
  r.spend_micros = impressions * 1'234;
  r.conversions = 0.1 * d;  // fractional on purpose: must round-trip exactly
  r.conversion_value_micros = impressions * 99;
  if (d % 2 == 0) r.reach = impressions / 2;
  if (d % 3 == 0) r.frequency = 1.0 / 3.0;
  if (d % 4 == 0) r.video_views = 17;
  return r;
}

std::vector<MetricRow> rows(const std::string& campaign, int first_day, int count) {
  std::vector<MetricRow> out;
  for (int d = first_day; d < first_day + count; ++d) out.push_back(row(campaign, d));
  return out;
}

void expect_counts(const store::UpsertCounts& c, std::size_t inserted, std::size_t updated,
                   std::size_t unchanged) {
  EXPECT_EQ(c.inserted, inserted);
  EXPECT_EQ(c.updated, updated);
  EXPECT_EQ(c.unchanged, unchanged);
}

}  // namespace

template <class B>
class StoreMetrics : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    this->db().write(this->A, [](Tx& tx) {
      store::clients::insert(tx, make_client("c1"));
      store::campaigns::insert(tx, make_campaign("k1", "c1"));
      store::campaigns::insert(tx, make_campaign("k2", "c1"));
    });
  }
  store::UpsertCounts upsert(const std::vector<MetricRow>& input) {
    return this->db().write(this->A, [&](Tx& tx) { return store::metrics::upsert(tx, input); });
  }
};
TYPED_TEST_SUITE(StoreMetrics, Backends, BackendNames);

TYPED_TEST(StoreMetrics, CountsInsertsUnchangedRowsAndUpdates) {
  auto ten = rows("k1", 0, 10);
  expect_counts(this->upsert(ten), 10, 0, 0);
  expect_counts(this->upsert(ten), 0, 0, 10);
  ten[2].clicks += 1;
  ten[4].reach.reset();
  ten[9].conversions += 0.5;
  expect_counts(this->upsert(ten), 0, 3, 7);
  ten.push_back(row("k1", 10));
  ten.push_back(row("k2", 0));
  expect_counts(this->upsert(ten), 2, 0, 10);
}

TYPED_TEST(StoreMetrics, QueryReturnsTheRangeInDateOrderExactly) {
  auto input = rows("k1", 0, 10);
  std::reverse(input.begin(), input.end());  // unsorted input
  this->upsert(input);
  this->upsert(rows("k2", 0, 10));
  auto got = this->db().read(
      this->A, [](Tx& tx) { return store::metrics::query(tx, "k1", day(3), day(6)); });
  ASSERT_EQ(got.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], row("k1", 3 + i)) << i;
  auto none = this->db().read(
      this->A, [](Tx& tx) { return store::metrics::query(tx, "k1", day(20), day(30)); });
  EXPECT_TRUE(none.empty());
}

TYPED_TEST(StoreMetrics, RepeatedKeysInOneCallKeepTheLastRow) {
  auto first = row("k1", 1, 100), second = row("k1", 1, 200);
  expect_counts(this->upsert({first, row("k1", 2), second}), 2, 0, 0);
  auto got = this->db().read(
      this->A, [](Tx& tx) { return store::metrics::query(tx, "k1", day(1), day(1)); });
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].impressions, 200);
}

TYPED_TEST(StoreMetrics, UnknownOrForeignCampaignIsNotFoundAndNothingIsWritten) {
  this->db().write(this->B, [](Tx& tx) {
    store::clients::insert(tx, make_client("c9"));
    store::campaigns::insert(tx, make_campaign("theirs", "c9"));
  });
  EXPECT_THROW(this->upsert({row("k1", 0), row("zzz", 0)}), store::NotFound);
  EXPECT_THROW(this->upsert({row("k1", 0), row("theirs", 0)}), store::NotFound);
  auto got = this->db().read(
      this->A, [](Tx& tx) { return store::metrics::query(tx, "k1", day(0), day(9)); });
  EXPECT_TRUE(got.empty());
}

TYPED_TEST(StoreMetrics, RejectsNonFiniteNumbers) {
  auto bad = row("k1", 0);
  bad.conversions = std::nan("");
  EXPECT_THROW(this->upsert({bad}), store::InvalidArgument);
}

TYPED_TEST(StoreMetrics, BumpsTheDataVersionOnlyWhenSomethingChanged) {
  auto version = [&] {
    return this->db().read(this->A, [](Tx& tx) { return store::tenants::data_version(tx); });
  };
  auto input = rows("k1", 0, 5);
  this->upsert(input);
  EXPECT_EQ(version(), 1);
  this->upsert(input);
  EXPECT_EQ(version(), 1);
  input[0].spend_micros += 1;
  this->upsert(input);
  EXPECT_EQ(version(), 2);
}

TYPED_TEST(StoreMetrics, AnotherTenantSeesNoRows) {
  this->upsert(rows("k1", 0, 5));
  auto theirs = this->db().read(
      this->B, [](Tx& tx) { return store::metrics::query(tx, "k1", day(0), day(9)); });
  EXPECT_TRUE(theirs.empty());
}

TYPED_TEST(StoreMetrics, LargeImportsSpanSeveralBatches) {
  std::vector<MetricRow> input;
  for (int d = 0; d < 12'500; ++d) {
    input.push_back(row("k1", d));
    input.push_back(row("k2", d));
  }
  expect_counts(this->upsert(input), 25'000, 0, 0);
  for (std::size_t i = 0; i < input.size(); i += 1000) input[i].impressions += 1;
  expect_counts(this->upsert(input), 0, 25, 24'975);
  auto got = this->db().read(
      this->A, [](Tx& tx) { return store::metrics::query(tx, "k2", day(0), day(20'000)); });
  EXPECT_EQ(got.size(), 12'500u);
}

TYPED_TEST(StoreMetrics, ConcurrentImportsOfTheSameCampaignsInsertEachKeyOnce) {
  std::vector<MetricRow> input = rows("k1", 0, 500);
  for (const auto& r : rows("k2", 0, 500)) input.push_back(r);
  std::atomic<std::size_t> inserted = 0, unchanged = 0;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      try {
        auto counts = this->upsert(input);
        inserted += counts.inserted;
        unchanged += counts.unchanged;
        EXPECT_EQ(counts.updated, 0u);
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(inserted, 1000u);
  EXPECT_EQ(unchanged, 3000u);
}
