// jobs::Worker on SQLite and PostgreSQL: claiming, running, retrying, leases, shutdown.
#include "jobs/worker.h"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "store/test_support.h"

using namespace store_test;
using namespace std::chrono_literals;
using store::Job;
using store::JobStatus;
using store::Tx;

namespace {

// Fast settings: tests must not wait for polls or backoffs.
jobs::WorkerOptions fast(std::string id = "") {
  jobs::WorkerOptions o;
  o.worker_id = std::move(id);
  o.poll_interval = 20ms;
  o.retry_base = 0s;
  o.error_pause = 20ms;
  return o;
}

// Polls `done` every 5 ms for up to `limit`; returns its last value.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = 8000ms) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

store::NewJob job_of(const std::string& kind, int max_attempts = 5) {
  store::NewJob j;
  j.kind = kind;
  j.max_attempts = max_attempts;
  return j;
}

}  // namespace

template <class B>
class JobsWorker : public StoreTest<B> {
 protected:
  Job enqueue(const store::TenantScope& scope, const store::NewJob& job) {
    return this->db().write(scope, [&](Tx& tx) { return store::jobs::enqueue(tx, job); });
  }
  Job find(const store::TenantScope& scope, const std::string& id) {
    return *this->db().read(scope, [&](Tx& tx) { return store::jobs::find(tx, id); });
  }
  bool has_status(const store::TenantScope& scope, const std::string& id, JobStatus status) {
    return find(scope, id).status == status;
  }
};
TYPED_TEST_SUITE(JobsWorker, Backends, BackendNames);

TYPED_TEST(JobsWorker, FourWorkersRunEachOfTwoHundredJobsExactlyOnce) {
  constexpr int kJobs = 200;
  std::vector<std::pair<store::TenantScope, std::string>> ids;
  for (int i = 0; i < kJobs; ++i) {
    const store::TenantScope& scope = i % 2 ? this->A : this->B;
    ids.emplace_back(scope, this->enqueue(scope, job_of("report.send")).id);
  }
  std::mutex mutex;
  std::map<std::string, int> runs;
  std::atomic<int> total{0};
  std::vector<std::unique_ptr<store::Database>> replicas;
  std::vector<std::unique_ptr<jobs::Worker>> workers;
  for (int w = 0; w < 4; ++w) {
    replicas.push_back(store::Database::open({this->url(), 4}));  // sessions of its own
    workers.push_back(
        std::make_unique<jobs::Worker>(*replicas.back(), fast("w" + std::to_string(w))));
    workers.back()->handle("report.send", [&](const jobs::JobContext& ctx) {
      {
        std::lock_guard lock(mutex);
        ++runs[ctx.job.id];
      }
      ++total;
      return R"({"sent": true})";
    });
  }
  for (auto& w : workers) w->start();
  ASSERT_TRUE(eventually([&] {
    std::uint64_t done = 0;
    for (auto& w : workers) done += w->stats().done;
    return done == kJobs;
  }));
  for (auto& w : workers) w->stop();
  EXPECT_EQ(total.load(), kJobs);
  EXPECT_EQ(runs.size(), static_cast<std::size_t>(kJobs));
  for (const auto& [id, n] : runs) EXPECT_EQ(n, 1) << id;
  std::uint64_t claimed = 0;
  for (auto& w : workers) claimed += w->stats().claimed;
  EXPECT_EQ(claimed, static_cast<std::uint64_t>(kJobs));
  for (const auto& [scope, id] : ids) {
    Job job = this->find(scope, id);
    EXPECT_EQ(job.status, JobStatus::done);
    EXPECT_EQ(job.attempts, 1);
    EXPECT_NE(job.result.value_or("").find("sent"), std::string::npos);
  }
}

TYPED_TEST(JobsWorker, AFailingHandlerIsRetriedThenFailsWithTheLastError) {
  Job job = this->enqueue(this->A, job_of("model.retrain", 3));
  std::atomic<int> calls{0};
  jobs::Worker worker(this->db(), fast());
  worker.handle("model.retrain", [&](const jobs::JobContext& ctx) -> std::string {
    ++calls;
    throw std::runtime_error("diverged on attempt " + std::to_string(ctx.job.attempts));
  });
  worker.start();
  ASSERT_TRUE(eventually([&] { return this->has_status(this->A, job.id, JobStatus::failed); }));
  worker.stop();
  Job failed = this->find(this->A, job.id);
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(failed.attempts, 3);
  EXPECT_EQ(failed.last_error, "diverged on attempt 3");
  EXPECT_EQ(worker.stats().retried, 2u);
  EXPECT_EQ(worker.stats().failed, 1u);
}

TYPED_TEST(JobsWorker, ARetryWaitsForTheBackoff) {
  Job job = this->enqueue(this->A, job_of("model.retrain", 2));
  std::mutex mutex;
  std::vector<std::chrono::steady_clock::time_point> calls;
  auto options = fast();
  options.retry_base = 1s;
  jobs::Worker worker(this->db(), options);
  worker.handle("model.retrain", [&](const jobs::JobContext& ctx) -> std::string {
    std::lock_guard lock(mutex);
    calls.push_back(std::chrono::steady_clock::now());
    if (ctx.job.attempts == 1) throw std::runtime_error("transient");
    return "{}";
  });
  worker.start();
  ASSERT_TRUE(eventually([&] { return this->has_status(this->A, job.id, JobStatus::done); }));
  worker.stop();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_GE(calls[1] - calls[0], 990ms);
  EXPECT_EQ(this->find(this->A, job.id).last_error, "transient");  // kept for the record
}

TYPED_TEST(JobsWorker, UnknownKindsAndPermanentErrorsFailWithoutRetrying) {
  Job unknown = this->enqueue(this->A, job_of("no.such.kind"));
  Job bad = this->enqueue(this->A, job_of("report.send"));
  Job not_json = this->enqueue(this->B, job_of("report.render"));
  jobs::Worker worker(this->db(), fast("solo"));
  worker.handle("report.send", [](const jobs::JobContext&) -> std::string {
    throw jobs::PermanentError("payload names no report");
  });
  worker.handle("report.render", [](const jobs::JobContext&) { return "<html>"; });
  worker.start();
  ASSERT_TRUE(eventually([&] { return worker.stats().failed == 3; }));
  worker.stop();
  Job a = this->find(this->A, unknown.id);
  EXPECT_EQ(a.status, JobStatus::failed);
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(a.last_error, "no handler for job kind 'no.such.kind' on worker solo");
  Job b = this->find(this->A, bad.id);
  EXPECT_EQ(b.status, JobStatus::failed);
  EXPECT_EQ(b.last_error, "payload names no report");
  Job c = this->find(this->B, not_json.id);
  EXPECT_EQ(c.status, JobStatus::failed);
  EXPECT_NE(c.last_error->find("not JSON"), std::string::npos);
}

TYPED_TEST(JobsWorker, AJobOfACrashedWorkerIsTakenOverWhenItsLeaseExpires) {
  Job job = this->enqueue(this->A, job_of("report.send"));
  // A worker that claimed the job and died: its lease ends at once.
  this->db().system([](Tx& tx) { store::jobs::claim(tx, "crashed", 1, 0s); });
  jobs::Worker worker(this->db(), fast("rescuer"));
  worker.handle("report.send", [](const jobs::JobContext&) { return "{}"; });
  worker.start();
  ASSERT_TRUE(eventually([&] { return this->has_status(this->A, job.id, JobStatus::done); }));
  worker.stop();
  Job done = this->find(this->A, job.id);
  EXPECT_EQ(done.attempts, 2);
  EXPECT_EQ(done.locked_by, "rescuer");
  EXPECT_THROW(this->db().system(
                   [&](Tx& tx) { store::jobs::complete(tx, "acme", job.id, "crashed", "{}"); }),
               store::Conflict);
}

TYPED_TEST(JobsWorker, HeartbeatExtendsTheLease) {
  Job job = this->enqueue(this->A, job_of("model.retrain"));
  auto options = fast();
  options.lease = 60s;
  std::string before, after;
  jobs::Worker worker(this->db(), options);
  worker.handle("model.retrain", [&](const jobs::JobContext& ctx) {
    before = *ctx.job.locked_until;
    std::this_thread::sleep_for(20ms);
    ctx.heartbeat();
    after = *this->find(this->A, ctx.job.id).locked_until;
    return "{}";
  });
  worker.start();
  ASSERT_TRUE(eventually([&] { return worker.stats().done == 1; }));
  worker.stop();
  EXPECT_GT(after, before);
}

TYPED_TEST(JobsWorker, StopWaitsForTheRunningJobAndRecordsIt) {
  Job job = this->enqueue(this->A, job_of("model.retrain"));
  std::atomic<bool> started{false}, finished{false};
  jobs::Worker worker(this->db(), fast());
  worker.handle("model.retrain", [&](const jobs::JobContext&) {
    started = true;
    std::this_thread::sleep_for(300ms);
    finished = true;
    return "{}";
  });
  worker.start();
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  worker.stop();
  EXPECT_TRUE(finished.load());
  EXPECT_TRUE(this->has_status(this->A, job.id, JobStatus::done));
  worker.stop();  // idempotent
}

TYPED_TEST(JobsWorker, StopGivesUnstartedJobsOfTheBatchBack) {
  Job first = this->enqueue(this->A, job_of("model.retrain"));
  Job second = this->enqueue(this->A, job_of("model.retrain"));
  std::atomic<bool> started{false};
  auto options = fast();
  options.batch = 2;
  jobs::Worker worker(this->db(), options);
  worker.handle("model.retrain", [&](const jobs::JobContext&) {
    started = true;
    std::this_thread::sleep_for(200ms);
    return "{}";
  });
  worker.start();
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  worker.stop();
  EXPECT_TRUE(this->has_status(this->A, first.id, JobStatus::done));
  Job back = this->find(this->A, second.id);
  EXPECT_EQ(back.status, JobStatus::queued);
  EXPECT_EQ(back.attempts, 0);
}

TYPED_TEST(JobsWorker, WakeRunsANewJobWithoutWaitingForThePoll) {
  auto options = fast();
  options.poll_interval = 30s;
  jobs::Worker worker(this->db(), options);
  worker.handle("report.send", [](const jobs::JobContext&) { return "{}"; });
  worker.start();
  std::this_thread::sleep_for(100ms);  // the first (empty) poll is over; the thread sleeps
  Job job = this->enqueue(this->A, job_of("report.send"));
  worker.wake();
  EXPECT_TRUE(eventually([&] { return worker.stats().done == 1; }, 3000ms));
  worker.stop();
  EXPECT_TRUE(this->has_status(this->A, job.id, JobStatus::done));
}

TEST(JobsWorkerOptions, AreCheckedAndHandlersAreRegisteredBeforeStart) {
  auto db = store::Database::open({"sqlite::memory:", 1});
  db->migrate();
  auto options = fast();
  options.threads = 0;
  EXPECT_THROW(jobs::Worker(*db, options), std::invalid_argument);
  options = fast();
  options.batch = 0;
  EXPECT_THROW(jobs::Worker(*db, options), std::invalid_argument);
  jobs::Worker worker(*db, fast());
  EXPECT_FALSE(worker.id().empty());
  worker.start();
  EXPECT_THROW(worker.handle("x", [](const jobs::JobContext&) { return "{}"; }), std::logic_error);
  EXPECT_THROW(worker.start(), std::logic_error);
}
