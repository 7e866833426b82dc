// The durable job queue (store/jobs.h): enqueue, dedupe, claim, leases, retries.
#include "store/jobs.h"

#include <chrono>
#include <ctime>
#include <set>
#include <thread>

#include "store/clients.h"
#include "test_support.h"

using namespace store_test;
using namespace std::chrono_literals;
using store::Job;
using store::JobStatus;
using store::NewJob;
using store::Tx;
namespace jobs = store::jobs;

namespace {

// The UTC time `offset` from now in the store's text form (lexicographic = chronological).
std::string iso_from_now(std::chrono::seconds offset) {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + offset);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return text;
}

NewJob new_job(const std::string& kind = "report.send", std::string payload = "{}") {
  NewJob j;
  j.kind = kind;
  j.payload = std::move(payload);
  return j;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80           ? 1
                    : (b >> 5) == 0x6  ? 2
                    : (b >> 4) == 0xE  ? 3
                    : (b >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace

template <class B>
class StoreJobs : public StoreTest<B> {
 protected:
  Job enqueue(const store::TenantScope& scope, const NewJob& job) {
    return this->db().write(scope, [&](Tx& tx) { return jobs::enqueue(tx, job); });
  }
  std::optional<Job> find(const store::TenantScope& scope, const std::string& id) {
    return this->db().read(scope, [&](Tx& tx) { return jobs::find(tx, id); });
  }
  std::vector<Job> claim(const std::string& worker, std::size_t limit = 10,
                         std::chrono::seconds lease = 60s) {
    return this->db().system([&](Tx& tx) { return jobs::claim(tx, worker, limit, lease); });
  }
};
TYPED_TEST_SUITE(StoreJobs, Backends, BackendNames);

TYPED_TEST(StoreJobs, EnqueueStoresAQueuedJobDueNow) {
  this->db().write(this->A, [](Tx& tx) { store::clients::insert(tx, make_client("c1")); });
  NewJob n = new_job("model.retrain", R"({"model": "m1"})");
  n.client_id = "c1";
  n.max_attempts = 3;
  Job job = this->enqueue(this->A, n);
  EXPECT_EQ(job.id.rfind("job_", 0), 0u);
  EXPECT_EQ(job.tenant_id, "acme");
  EXPECT_EQ(job.client_id, "c1");
  EXPECT_EQ(job.kind, "model.retrain");
  EXPECT_EQ(job.status, JobStatus::queued);
  EXPECT_EQ(job.attempts, 0);
  EXPECT_EQ(job.max_attempts, 3);
  EXPECT_FALSE(job.locked_by || job.locked_until || job.last_error || job.result);
  EXPECT_NE(job.payload.find("\"m1\""), std::string::npos);
  EXPECT_LE(job.run_at, iso_from_now(1s));
  EXPECT_EQ(job.created_at.size(), std::string("2024-01-01T00:00:00.000000Z").size());
  EXPECT_EQ(this->find(this->A, job.id)->run_at, job.run_at);
}

TYPED_TEST(StoreJobs, AnotherTenantDoesNotFindTheJob) {
  Job job = this->enqueue(this->A, new_job());
  EXPECT_FALSE(this->find(this->B, job.id));
  EXPECT_TRUE(this->db().read(this->B, [](Tx& tx) { return jobs::list(tx, {}); }).items.empty());
  // Worker-side operations in the wrong tenant's transaction see no job either.
  EXPECT_THROW(
      this->db().write(this->B, [&](Tx& tx) { jobs::complete(tx, "acme", job.id, "w", "{}"); }),
      store::NotFound);
}

TYPED_TEST(StoreJobs, EnqueueRejectsMalformedJobs) {
  NewJob no_kind = new_job("");
  NewJob no_attempts = new_job();
  no_attempts.max_attempts = 0;
  NewJob bad_payload = new_job("report.send", "not json");
  NewJob no_client = new_job();
  no_client.client_id = "missing";
  EXPECT_THROW(this->enqueue(this->A, no_kind), store::InvalidArgument);
  EXPECT_THROW(this->enqueue(this->A, no_attempts), store::InvalidArgument);
  EXPECT_THROW(this->enqueue(this->A, bad_payload), store::InvalidArgument);
  EXPECT_THROW(this->enqueue(this->A, no_client), store::NotFound);
  EXPECT_THROW(this->db().system([](Tx& tx) { jobs::enqueue(tx, new_job()); }),
               store::InvalidArgument);
}

TYPED_TEST(StoreJobs, ADedupeKeyReturnsTheQueuedTwinAndMovesItsRunAtEarlier) {
  NewJob later = new_job("model.retrain", R"({"n": 1})");
  later.dedupe_key = "client:c1";
  later.delay = 3600s;
  Job first = this->enqueue(this->A, later);
  NewJob sooner = later;
  sooner.delay = 0s;
  sooner.payload = R"({"n": 2})";
  Job second = this->enqueue(this->A, sooner);
  EXPECT_EQ(second.id, first.id);
  EXPECT_LT(second.run_at, first.run_at);
  EXPECT_NE(second.payload.find('1'), std::string::npos);  // the first payload is kept
  Job third = this->enqueue(this->A, later);               // later again: run_at stays
  EXPECT_EQ(third.id, first.id);
  EXPECT_EQ(third.run_at, second.run_at);

  // Per tenant and per kind; and once the job runs, a new one queues behind it.
  EXPECT_NE(this->enqueue(this->B, sooner).id, first.id);
  NewJob other_kind = sooner;
  other_kind.kind = "report.send";
  EXPECT_NE(this->enqueue(this->A, other_kind).id, first.id);
  ASSERT_EQ(this->claim("w1", 10).size(), 3u);
  EXPECT_NE(this->enqueue(this->A, sooner).id, first.id);
}

TYPED_TEST(StoreJobs, FindQueuedReturnsTheQueuedJobOfAKeyUntilItIsClaimed) {
  NewJob keyed = new_job("rules.run");
  keyed.dedupe_key = "rule:r1";
  Job queued = this->enqueue(this->A, keyed);
  auto find_queued = [&](const store::TenantScope& scope, const std::string& kind,
                         const std::string& key) {
    return this->db().read(scope, [&](Tx& tx) { return jobs::find_queued(tx, kind, key); });
  };
  auto found = find_queued(this->A, "rules.run", "rule:r1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, queued.id);
  EXPECT_EQ(found->run_at, queued.run_at);
  EXPECT_FALSE(find_queued(this->A, "rules.run", "rule:r2"));
  EXPECT_FALSE(find_queued(this->A, "report.send", "rule:r1"));
  EXPECT_FALSE(find_queued(this->B, "rules.run", "rule:r1"));
  // Claimed (running), it is no longer queued.
  ASSERT_EQ(this->claim("w1").size(), 1u);
  EXPECT_FALSE(find_queued(this->A, "rules.run", "rule:r1"));
}

TYPED_TEST(StoreJobs, ClaimMarksDueJobsRunningOldestFirstAcrossTenants) {
  NewJob later = new_job("report.send");
  later.delay = 3600s;
  this->enqueue(this->A, later);
  Job a = this->enqueue(this->A, new_job());
  Job b = this->enqueue(this->B, new_job());
  EXPECT_THROW(this->db().write(this->A, [](Tx& tx) { jobs::claim(tx, "w1", 5, 60s); }),
               store::InvalidArgument);

  auto claimed = this->claim("w1", 10, 60s);
  ASSERT_EQ(claimed.size(), 2u);  // not the one due in an hour
  EXPECT_EQ(claimed[0].id, a.id);
  EXPECT_EQ(claimed[1].id, b.id);
  EXPECT_EQ(claimed[1].tenant_id, "globex");
  for (const Job& j : claimed) {
    EXPECT_EQ(j.status, JobStatus::running);
    EXPECT_EQ(j.attempts, 1);
    EXPECT_EQ(j.locked_by, "w1");
    ASSERT_TRUE(j.locked_until);
    EXPECT_GT(*j.locked_until, iso_from_now(59s));
  }
  EXPECT_EQ(this->find(this->A, a.id)->status, JobStatus::running);
  EXPECT_TRUE(this->claim("w2").empty());  // leased jobs are not claimed again
}

TYPED_TEST(StoreJobs, ClaimTakesAtMostLimit) {
  for (int i = 0; i < 5; ++i) this->enqueue(this->A, new_job());
  EXPECT_EQ(this->claim("w1", 2).size(), 2u);
  EXPECT_EQ(this->claim("w2", 10).size(), 3u);
}

TYPED_TEST(StoreJobs, AnExpiredLeaseIsTakenOverAndTheFormerHolderCannotComplete) {
  Job job = this->enqueue(this->A, new_job());
  ASSERT_EQ(this->claim("w1", 1, 0s).size(), 1u);  // a lease that is over at once
  auto taken = this->claim("w2", 1, 60s);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].id, job.id);
  EXPECT_EQ(taken[0].attempts, 2);
  EXPECT_EQ(taken[0].locked_by, "w2");
  EXPECT_THROW(this->db().system([&](Tx& tx) { jobs::complete(tx, "acme", job.id, "w1", "{}"); }),
               store::Conflict);
  this->db().system([&](Tx& tx) { jobs::complete(tx, "acme", job.id, "w2", R"({"rows": 3})"); });
  Job done = *this->find(this->A, job.id);
  EXPECT_EQ(done.status, JobStatus::done);
  EXPECT_FALSE(done.locked_until);
  ASSERT_TRUE(done.result);
  EXPECT_NE(done.result->find("rows"), std::string::npos);
  // Finished: every worker-side operation now conflicts.
  EXPECT_THROW(this->db().system([&](Tx& tx) { jobs::complete(tx, "acme", job.id, "w2", "{}"); }),
               store::Conflict);
  EXPECT_THROW(this->db().system([&](Tx& tx) { jobs::fail(tx, "acme", job.id, "w2", "x", 0s); }),
               store::Conflict);
  EXPECT_THROW(this->db().system([&](Tx& tx) { jobs::complete(tx, "acme", "job_x", "w2", "{}"); }),
               store::NotFound);
}

TYPED_TEST(StoreJobs, ALeaseExpiredOnTheLastAttemptFailsTheJob) {
  NewJob once = new_job();
  once.max_attempts = 1;
  Job job = this->enqueue(this->A, once);
  ASSERT_EQ(this->claim("w1", 1, 0s).size(), 1u);
  EXPECT_TRUE(this->claim("w2").empty());
  Job failed = *this->find(this->A, job.id);
  EXPECT_EQ(failed.status, JobStatus::failed);
  EXPECT_NE(failed.last_error.value_or("").find("lease of worker w1 expired on attempt 1 of 1"),
            std::string::npos);
}

TYPED_TEST(StoreJobs, ExtendLeaseKeepsTheJobFromBeingTakenOver) {
  Job job = this->enqueue(this->A, new_job());
  ASSERT_EQ(this->claim("w1", 1, 0s).size(), 1u);
  this->db().system([&](Tx& tx) { jobs::extend_lease(tx, "acme", job.id, "w1", 60s); });
  EXPECT_TRUE(this->claim("w2").empty());
  EXPECT_THROW(
      this->db().system([&](Tx& tx) { jobs::extend_lease(tx, "acme", job.id, "w2", 60s); }),
      store::Conflict);
}

TYPED_TEST(StoreJobs, CompleteRejectsAResultThatIsNotJson) {
  Job job = this->enqueue(this->A, new_job());
  this->claim("w1");
  EXPECT_THROW(this->db().system([&](Tx& tx) { jobs::complete(tx, "acme", job.id, "w1", "oops"); }),
               store::InvalidArgument);
  EXPECT_EQ(this->find(this->A, job.id)->status, JobStatus::running);
}

TYPED_TEST(StoreJobs, AFailureIsRetriedAfterABackoffUntilMaxAttempts) {
  NewJob twice = new_job();
  twice.max_attempts = 2;
  Job job = this->enqueue(this->A, twice);
  this->claim("w1");
  auto status = this->db().system(
      [&](Tx& tx) { return jobs::fail(tx, "acme", job.id, "w1", "timeout", 60s); });
  EXPECT_EQ(status, JobStatus::queued);
  Job retry = *this->find(this->A, job.id);
  EXPECT_EQ(retry.status, JobStatus::queued);
  EXPECT_EQ(retry.last_error, "timeout");
  EXPECT_FALSE(retry.locked_until);
  EXPECT_GT(retry.run_at, iso_from_now(59s));
  EXPECT_LT(retry.run_at, iso_from_now(62s));
  EXPECT_TRUE(this->claim("w1").empty());  // not before the backoff

  // With no backoff the retry is due at once; the second failure is the last attempt.
  Job again = this->enqueue(this->B, twice);
  this->claim("w1");
  this->db().system([&](Tx& tx) { jobs::fail(tx, "globex", again.id, "w1", "first", 0s); });
  ASSERT_EQ(this->claim("w2").size(), 1u);
  status = this->db().system(
      [&](Tx& tx) { return jobs::fail(tx, "globex", again.id, "w2", "second", 0s); });
  EXPECT_EQ(status, JobStatus::failed);
  Job failed = *this->find(this->B, again.id);
  EXPECT_EQ(failed.status, JobStatus::failed);
  EXPECT_EQ(failed.attempts, 2);
  EXPECT_EQ(failed.last_error, "second");
}

TYPED_TEST(StoreJobs, FailPermanentlySkipsTheRemainingAttempts) {
  Job job = this->enqueue(this->A, new_job());
  this->claim("w1");
  this->db().system(
      [&](Tx& tx) { jobs::fail_permanently(tx, "acme", job.id, "w1", "no handler"); });
  EXPECT_EQ(this->find(this->A, job.id)->status, JobStatus::failed);
}

TYPED_TEST(StoreJobs, LastErrorIsCutToTwoKilobytesOnACharacterBoundary) {
  Job job = this->enqueue(this->A, new_job());
  this->claim("w1");
  std::string error = std::string("\xff\0x", 3);  // invalid UTF-8 and NUL become '?'
  for (int i = 0; i < 3000; ++i) error += "é";
  this->db().system([&](Tx& tx) { jobs::fail(tx, "acme", job.id, "w1", error, 0s); });
  std::string stored = *this->find(this->A, job.id)->last_error;
  EXPECT_LE(stored.size(), jobs::kMaxErrorBytes);
  EXPECT_GE(stored.size(), jobs::kMaxErrorBytes - 1);
  EXPECT_EQ(stored.substr(0, 3), "??x");
  EXPECT_TRUE(valid_utf8(stored));
}

TYPED_TEST(StoreJobs, ARetryIsDroppedWhenAQueuedTwinHasTheSameKey) {
  NewJob keyed = new_job("model.retrain");
  keyed.dedupe_key = "c1";
  Job running = this->enqueue(this->A, keyed);
  this->claim("w1");
  Job twin = this->enqueue(this->A, keyed);
  ASSERT_NE(twin.id, running.id);
  auto status =
      this->db().system([&](Tx& tx) { return jobs::fail(tx, "acme", running.id, "w1", "x", 0s); });
  EXPECT_EQ(status, JobStatus::failed);
  EXPECT_NE(this->find(this->A, running.id)->last_error->find(twin.id), std::string::npos);
}

TYPED_TEST(StoreJobs, ReleaseRequeuesWithoutCountingTheAttempt) {
  Job job = this->enqueue(this->A, new_job());
  this->claim("w1");
  auto status = this->db().system([&](Tx& tx) { return jobs::release(tx, "acme", job.id, "w1"); });
  EXPECT_EQ(status, JobStatus::queued);
  Job back = *this->find(this->A, job.id);
  EXPECT_EQ(back.status, JobStatus::queued);
  EXPECT_EQ(back.attempts, 0);
  EXPECT_EQ(this->claim("w2").size(), 1u);
}

TYPED_TEST(StoreJobs, ListsNewestFirstInPagesWithFilters) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(this->enqueue(this->A, new_job("report.send")).id);
  this->enqueue(this->A, new_job("model.retrain"));
  std::vector<std::string> seen;
  store::JobQuery q;
  q.kind = "report.send";
  q.limit = 2;
  do {
    auto page = this->db().read(this->A, [&](Tx& tx) { return jobs::list(tx, q); });
    for (const Job& j : page.items) seen.push_back(j.id);
    q.cursor = page.next_cursor;
  } while (!q.cursor.empty());
  EXPECT_EQ(seen, std::vector<std::string>(ids.rbegin(), ids.rend()));
  q = {};
  q.status = JobStatus::running;
  EXPECT_TRUE(this->db().read(this->A, [&](Tx& tx) { return jobs::list(tx, q); }).items.empty());
}

TYPED_TEST(StoreJobs, RemovesFinishedJobsOlderThanACutoff) {
  Job done = this->enqueue(this->A, new_job());
  Job queued = this->enqueue(this->A, new_job());
  this->claim("w1", 1);
  this->db().system([&](Tx& tx) { jobs::complete(tx, "acme", done.id, "w1", "{}"); });
  auto removed =
      this->db().system([&](Tx& tx) { return jobs::remove_finished_before(tx, iso_from_now(1s)); });
  EXPECT_EQ(removed, 1u);
  EXPECT_FALSE(this->find(this->A, done.id));
  EXPECT_TRUE(this->find(this->A, queued.id));
}

TYPED_TEST(StoreJobs, ConcurrentClaimersNeverShareAJob) {
  constexpr int kJobs = 200, kWorkers = 4;
  this->db().write(this->A, [](Tx& tx) {
    for (int i = 0; i < kJobs; ++i) jobs::enqueue(tx, new_job());
  });
  std::vector<std::vector<std::string>> got(kWorkers);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      auto db = store::Database::open({this->url(), 2});  // a replica of its own
      std::string name = "w" + std::to_string(w);
      while (true) {
        auto batch = db->system([&](Tx& tx) { return jobs::claim(tx, name, 5, 60s); });
        if (batch.empty()) break;
        for (const Job& j : batch) got[w].push_back(j.id);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  std::size_t total = 0;
  for (const auto& ids : got) {
    total += ids.size();
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(total, static_cast<std::size_t>(kJobs));
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kJobs));
}

TEST(JobsBackoff, DoublesFromTheBaseAndIsCapped) {
  EXPECT_EQ(jobs::backoff(5s, 1), 5s);
  EXPECT_EQ(jobs::backoff(5s, 2), 10s);
  EXPECT_EQ(jobs::backoff(5s, 4), 40s);
  EXPECT_EQ(jobs::backoff(5s, 40), jobs::kMaxBackoff);
  EXPECT_EQ(jobs::backoff(0s, 3), 0s);
  EXPECT_EQ(jobs::backoff(std::chrono::hours(5), 1), jobs::kMaxBackoff);
}
