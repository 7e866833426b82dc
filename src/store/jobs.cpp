#include "store/jobs.h"

#include <soci/soci.h>

#include <algorithm>
#include <deque>
#include <random>

#include "core/marketing.h"
#include "store/internal/cursor.h"
#include "store/internal/sql.h"

namespace store::jobs {
namespace {

using internal::Nullable;

std::string new_job_id() {
  static constexpr std::string_view kBase62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 rng = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  std::uniform_int_distribution<std::size_t> pick(0, kBase62.size() - 1);
  std::string id = "job_";
  for (int i = 0; i < 20; ++i) id += kBase62[pick(rng)];
  return id;
}

std::string timestamp_after(std::chrono::seconds delay) {
  return internal::timestamp_before(-delay);
}

std::string status_name(JobStatus status) {
  return std::string(kJobStatusNames[static_cast<std::size_t>(status)]);
}

// `text` as valid UTF-8 without NUL (PostgreSQL refuses both in TEXT), at most `max` bytes, cut
// on a character boundary. Invalid bytes become '?'.
std::string clean_text(const std::string& text, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80         ? 1
                         : byte >> 5 == 0x6  ? 2
                         : byte >> 4 == 0xE  ? 3
                         : byte >> 3 == 0x1E ? 4
                                             : 0;
    bool valid = length > 0 && i + length <= text.size() && byte != 0;
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) length = 1;
    if (out.size() + length > max) break;
    if (valid) {
      out.append(text, i, length);
    } else {
      out += '?';
    }
    i += length;
  }
  return out;
}

// Named parameters of one statement. soci::use keeps references: the object must outlive the
// statement's execution (never a temporary).
class Params {
 public:
  explicit Params(soci::statement& st) : st_(st) {}
  // A nullopt value binds NULL.
  Params& text(const char* name, std::optional<std::string> value) {
    texts_.push_back(value.value_or(""));
    indicators_.push_back(value ? soci::i_ok : soci::i_null);
    st_.exchange(soci::use(texts_.back(), indicators_.back(), name));
    return *this;
  }
  Params& number(const char* name, long long value) {
    numbers_.push_back(value);
    st_.exchange(soci::use(numbers_.back(), name));
    return *this;
  }

 private:
  soci::statement& st_;
  std::deque<std::string> texts_;
  std::deque<soci::indicator> indicators_;
  std::deque<long long> numbers_;
};

void prepare(soci::statement& st, const std::string& sql) {
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
}

// The columns JobRow reads, each prefixed with `p` (PostgreSQL's UPDATE … FROM needs "j.").
std::string columns(Dialect d, const std::string& p) {
  using internal::json_out, internal::ts_out;
  return p + "tenant_id, " + p + "id, " + p + "client_id, " + p + "kind, " + p + "status, " +
         ts_out(d, p + "run_at") + ", " + p + "attempts, " + p + "max_attempts, " + p +
         "locked_by, " + ts_out(d, p + "locked_until") + ", " + p + "last_error, " +
         json_out(d, p + "payload") + ", " + json_out(d, p + "result") + ", " + p + "dedupe_key, " +
         ts_out(d, p + "created_at") + ", " + ts_out(d, p + "updated_at");
}

struct JobRow {
  Job j;
  std::string status;
  Nullable<std::string> client_id, locked_by, locked_until, last_error, result, dedupe_key;

  void bind(soci::statement& st) {
    st.exchange(soci::into(j.tenant_id));
    st.exchange(soci::into(j.id));
    st.exchange(soci::into(client_id.value, client_id.ind));
    st.exchange(soci::into(j.kind));
    st.exchange(soci::into(status));
    st.exchange(soci::into(j.run_at));
    st.exchange(soci::into(j.attempts));
    st.exchange(soci::into(j.max_attempts));
    st.exchange(soci::into(locked_by.value, locked_by.ind));
    st.exchange(soci::into(locked_until.value, locked_until.ind));
    st.exchange(soci::into(last_error.value, last_error.ind));
    st.exchange(soci::into(j.payload));
    st.exchange(soci::into(result.value, result.ind));
    st.exchange(soci::into(dedupe_key.value, dedupe_key.ind));
    st.exchange(soci::into(j.created_at));
    st.exchange(soci::into(j.updated_at));
  }
  Job done() const {
    Job out = j;
    auto parsed = core::enum_from_name<JobStatus>(kJobStatusNames, status);
    if (!parsed) throw Error("stored job status '" + status + "' is unknown");
    out.status = *parsed;
    out.client_id = internal::optional_of<std::string>(client_id);
    out.locked_by = internal::optional_of<std::string>(locked_by);
    out.locked_until = internal::optional_of<std::string>(locked_until);
    out.last_error = internal::optional_of<std::string>(last_error);
    out.result = internal::optional_of<std::string>(result);
    out.dedupe_key = internal::optional_of<std::string>(dedupe_key);
    return out;
  }
};

// The tenant's job; with `lock`, its row stays locked to the end of the transaction (PostgreSQL;
// SQLite write transactions hold the database lock anyway).
std::optional<Job> find_in(Tx& tx, const std::string& tenant, const std::string& id,
                           bool lock = false) {
  JobRow row;
  soci::statement st(tx.sql());
  row.bind(st);
  Params params(st);
  params.text("tenant", tenant).text("id", id);
  prepare(st, "SELECT " + columns(tx.dialect(), "") +
                  " FROM jobs WHERE tenant_id = :tenant AND id = :id" +
                  (lock && tx.dialect() == Dialect::postgresql ? " FOR UPDATE" : ""));
  if (!st.execute(true)) return std::nullopt;
  return row.done();
}

// The job, locked, after checking `worker` holds its lease.
Job hold(Tx& tx, const std::string& tenant, const std::string& id, const std::string& worker) {
  if (!tx.is_system() && tenant != tx.tenant_id()) throw NotFound("job " + id + " not found");
  auto job = find_in(tx, tenant, id, true);
  if (!job) throw NotFound("job " + id + " not found");
  if (job->status != JobStatus::running || job->locked_by != worker) {
    throw Conflict("job " + id + " is no longer running under the lease of worker " + worker);
  }
  return *job;
}

// Another queued job with the same dedupe_key: the unique index allows only one, so a held job
// cannot go back to the queue while it exists.
std::optional<std::string> queued_twin(Tx& tx, const Job& job) {
  if (!job.dedupe_key) return std::nullopt;
  std::string twin;
  tx.sql() << "SELECT id FROM jobs WHERE tenant_id = :tenant AND kind = :kind AND "
              "dedupe_key = :key AND status = 'queued' AND id <> :id",
      soci::use(job.tenant_id), soci::use(job.kind), soci::use(*job.dedupe_key), soci::use(job.id),
      soci::into(twin);
  if (!tx.sql().got_data()) return std::nullopt;
  return twin;
}

// UPDATE jobs SET <set>, updated_at = now for one job; `bind` adds the parameters `set` names.
template <class F>
void update_one(Tx& tx, const std::string& tenant, const std::string& id, const std::string& set,
                F&& bind) {
  soci::statement st(tx.sql());
  Params params(st);
  params.text("tenant", tenant).text("id", id).text("now", internal::now_timestamp());
  bind(params);
  prepare(st, "UPDATE jobs SET " + set + ", updated_at = " + internal::ts_in(tx.dialect(), ":now") +
                  " WHERE tenant_id = :tenant AND id = :id");
  st.execute(true);
}

void set_failed(Tx& tx, const std::string& tenant, const std::string& id,
                const std::string& error) {
  update_one(tx, tenant, id, "status = 'failed', locked_until = NULL, last_error = :error",
             [&](Params& p) { p.text("error", error); });
}

// `error` cleaned and cut so that `note` still fits within kMaxErrorBytes after it.
std::string error_text(const std::string& error, const std::string& note = "") {
  return clean_text(error, kMaxErrorBytes - std::min(note.size(), kMaxErrorBytes)) + note;
}

JobStatus record_failure(Tx& tx, const std::string& tenant, const std::string& id,
                         const std::string& worker, const std::string& error,
                         std::optional<std::chrono::seconds> retry_base) {
  Job held = hold(tx, tenant, id, worker);
  if (!retry_base || held.attempts >= held.max_attempts) {
    set_failed(tx, tenant, id, error_text(error));
    return JobStatus::failed;
  }
  // Racy on PostgreSQL only if a twin is enqueued between this check and the update; the update
  // then fails with Conflict and the job is retried after its lease expires.
  if (auto twin = queued_twin(tx, held)) {
    set_failed(tx, tenant, id,
               error_text(error, " (not retried: queued job " + *twin + " has the same key)"));
    return JobStatus::failed;
  }
  update_one(tx, tenant, id,
             "status = 'queued', locked_until = NULL, last_error = :error, run_at = " +
                 internal::ts_in(tx.dialect(), ":run_at"),
             [&](Params& p) {
               p.text("error", error_text(error))
                   .text("run_at", timestamp_after(backoff(*retry_base, held.attempts)));
             });
  return JobStatus::queued;
}

// Fails running jobs whose lease expired on their last attempt (their worker died each time).
void fail_exhausted(Tx& tx, const std::string& now) {
  bool pg = tx.dialect() == Dialect::postgresql;
  soci::statement st(tx.sql());
  Params params(st);
  params.text("now", now).text("now2", now);
  prepare(st,
          "UPDATE jobs SET status = 'failed', locked_until = NULL, last_error = 'lease of "
          "worker ' || locked_by || ' expired on attempt ' || attempts || ' of ' || "
          "max_attempts, updated_at = " +
              internal::ts_in(tx.dialect(), ":now2") +
              " WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM jobs WHERE status IN "
              "('queued', 'running') AND status = 'running' AND locked_until <= " +
              internal::ts_in(tx.dialect(), ":now") + " AND attempts >= max_attempts" +
              (pg ? " FOR UPDATE SKIP LOCKED)" : ")"));
  st.execute(true);
}

}  // namespace

std::chrono::seconds backoff(std::chrono::seconds retry_base, int attempts) {
  if (retry_base <= std::chrono::seconds::zero()) return std::chrono::seconds::zero();
  std::chrono::seconds delay = std::min(retry_base, kMaxBackoff);
  for (int i = 1; i < attempts && delay < kMaxBackoff; ++i) delay *= 2;
  return std::min(delay, kMaxBackoff);
}

Job enqueue(Tx& tx, const NewJob& job) {
  const std::string& tenant = internal::require_tenant(tx, "jobs::enqueue");
  if (job.kind.empty()) throw InvalidArgument("job kind must not be empty");
  if (job.max_attempts < 1) {
    throw InvalidArgument("max_attempts must be at least 1, got " +
                          std::to_string(job.max_attempts));
  }
  if (job.dedupe_key && job.dedupe_key->empty()) {
    throw InvalidArgument("dedupe_key must not be empty when set");
  }
  if (job.client_id) internal::require_client(tx, *job.client_id);
  Dialect d = tx.dialect();
  std::string now = internal::now_timestamp(), stored_id;
  soci::statement st(tx.sql());
  st.exchange(soci::into(stored_id));
  Params params(st);
  params.text("tenant", tenant)
      .text("id", new_job_id())
      .text("client", job.client_id)
      .text("kind", job.kind)
      .text("run_at", timestamp_after(job.delay))
      .number("max", job.max_attempts)
      .text("payload", job.payload)
      .text("dedupe", job.dedupe_key)
      .text("created", now)
      .text("updated", now);
  // The conflict target names the partial unique index jobs_dedupe: a queued twin keeps its
  // payload and moves its run_at earlier if the new job is due sooner.
  prepare(st,
          "INSERT INTO jobs (tenant_id, id, client_id, kind, status, run_at, attempts, "
          "max_attempts, payload, dedupe_key, created_at, updated_at) VALUES (:tenant, :id, "
          ":client, :kind, 'queued', " +
              internal::ts_in(d, ":run_at") + ", 0, :max, " + internal::json_in(d, ":payload") +
              ", :dedupe, " + internal::ts_in(d, ":created") + ", " +
              internal::ts_in(d, ":updated") +
              ") ON CONFLICT (tenant_id, kind, dedupe_key) WHERE status = 'queued' AND "
              "dedupe_key IS NOT NULL DO UPDATE SET "
              "run_at = CASE WHEN excluded.run_at < jobs.run_at THEN excluded.run_at "
              "ELSE jobs.run_at END, "
              "updated_at = CASE WHEN excluded.run_at < jobs.run_at THEN excluded.updated_at "
              "ELSE jobs.updated_at END RETURNING id");
  st.execute(true);
  return *find_in(tx, tenant, stored_id);
}

std::optional<Job> find(Tx& tx, const std::string& id) {
  return find_in(tx, internal::require_tenant(tx, "jobs::find"), id);
}

std::optional<Job> find_queued(Tx& tx, const std::string& kind, const std::string& dedupe_key) {
  const std::string& tenant = internal::require_tenant(tx, "jobs::find_queued");
  JobRow row;
  soci::statement st(tx.sql());
  row.bind(st);
  Params params(st);
  params.text("tenant", tenant).text("kind", kind).text("key", dedupe_key);
  prepare(st, "SELECT " + columns(tx.dialect(), "") +
                  " FROM jobs WHERE tenant_id = :tenant AND kind = :kind AND dedupe_key = :key "
                  "AND status = 'queued'");
  if (!st.execute(true)) return std::nullopt;
  return row.done();
}

Page<Job> list(Tx& tx, const JobQuery& query) {
  const std::string& tenant = internal::require_tenant(tx, "jobs::list");
  internal::check_limit(query.limit);
  Dialect d = tx.dialect();
  JobRow row;
  soci::statement st(tx.sql());
  row.bind(st);
  Params params(st);
  params.text("tenant", tenant);
  std::string where = " WHERE tenant_id = :tenant";
  if (query.kind) {
    where += " AND kind = :kind";
    params.text("kind", *query.kind);
  }
  if (query.status) {
    where += " AND status = :status";
    params.text("status", status_name(*query.status));
  }
  if (!query.cursor.empty()) {
    auto parts = internal::decode_cursor(query.cursor, "jobs", 3);
    where += " AND (created_at < " + internal::ts_in(d, ":k1") +
             " OR (created_at = " + internal::ts_in(d, ":k2") + " AND id < :after))";
    params.text("k1", parts[1]).text("k2", parts[1]).text("after", parts[2]);
  }
  params.number("n", static_cast<long long>(query.limit) + 1);
  prepare(st, "SELECT " + columns(d, "") + " FROM jobs" + where +
                  " ORDER BY created_at DESC, id DESC LIMIT :n");
  st.execute();
  Page<Job> page;
  while (st.fetch()) {
    if (page.items.size() == query.limit) {
      const Job& last = page.items.back();
      page.next_cursor = internal::encode_cursor({"jobs", last.created_at, last.id});
      break;
    }
    page.items.push_back(row.done());
  }
  return page;
}

std::vector<Job> claim(Tx& tx, const std::string& worker, std::size_t limit,
                       std::chrono::seconds lease) {
  internal::require_system(tx, "jobs::claim");
  internal::check_limit(limit);
  if (worker.empty()) throw InvalidArgument("jobs::claim needs a worker id");
  Dialect d = tx.dialect();
  std::string now = internal::now_timestamp();
  fail_exhausted(tx, now);
  // The redundant status IN (…) lets both planners use the partial index jobs_due.
  std::string due = "status IN ('queued', 'running') AND ((status = 'queued' AND run_at <= " +
                    internal::ts_in(d, ":now1") +
                    ") OR (status = 'running' AND locked_until <= " + internal::ts_in(d, ":now2") +
                    " AND attempts < max_attempts))";
  std::string set =
      "status = 'running', locked_by = :worker, locked_until = " + internal::ts_in(d, ":until") +
      ", attempts = attempts + 1, updated_at = " + internal::ts_in(d, ":now3");
  std::string sql =
      d == Dialect::sqlite
          ? "UPDATE jobs SET " + set +
                " WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM jobs "
                "WHERE " +
                due + " ORDER BY run_at LIMIT :n) RETURNING " + columns(d, "")
          : "WITH picked AS MATERIALIZED (SELECT tenant_id, id FROM jobs WHERE " + due +
                " ORDER BY run_at LIMIT :n FOR UPDATE SKIP LOCKED) UPDATE jobs AS j SET " + set +
                " FROM picked WHERE j.tenant_id = picked.tenant_id AND j.id = picked.id "
                "RETURNING " +
                columns(d, "j.");
  JobRow row;
  soci::statement st(tx.sql());
  row.bind(st);
  Params params(st);
  params.text("worker", worker)
      .text("until", timestamp_after(lease))
      .text("now3", now)
      .text("now1", now)
      .text("now2", now)
      .number("n", static_cast<long long>(limit));
  prepare(st, sql);
  st.execute();
  std::vector<Job> claimed;
  while (st.fetch()) claimed.push_back(row.done());
  std::sort(claimed.begin(), claimed.end(), [](const Job& a, const Job& b) {
    return a.run_at != b.run_at ? a.run_at < b.run_at : a.id < b.id;
  });
  return claimed;
}

void complete(Tx& tx, const std::string& tenant_id, const std::string& id,
              const std::string& worker, const std::string& result_json) {
  hold(tx, tenant_id, id, worker);
  update_one(tx, tenant_id, id,
             "status = 'done', locked_until = NULL, result = " +
                 internal::json_in(tx.dialect(), ":result"),
             [&](Params& p) { p.text("result", result_json); });
}

JobStatus fail(Tx& tx, const std::string& tenant_id, const std::string& id,
               const std::string& worker, const std::string& error,
               std::chrono::seconds retry_base) {
  return record_failure(tx, tenant_id, id, worker, error, retry_base);
}

void fail_permanently(Tx& tx, const std::string& tenant_id, const std::string& id,
                      const std::string& worker, const std::string& error) {
  record_failure(tx, tenant_id, id, worker, error, std::nullopt);
}

void extend_lease(Tx& tx, const std::string& tenant_id, const std::string& id,
                  const std::string& worker, std::chrono::seconds lease) {
  hold(tx, tenant_id, id, worker);
  update_one(tx, tenant_id, id, "locked_until = " + internal::ts_in(tx.dialect(), ":until"),
             [&](Params& p) { p.text("until", timestamp_after(lease)); });
}

JobStatus release(Tx& tx, const std::string& tenant_id, const std::string& id,
                  const std::string& worker) {
  Job held = hold(tx, tenant_id, id, worker);
  if (auto twin = queued_twin(tx, held)) {
    set_failed(tx, tenant_id, id,
               "released unstarted by worker " + worker + "; queued job " + *twin +
                   " with the same key runs instead");
    return JobStatus::failed;
  }
  update_one(tx, tenant_id, id, "status = 'queued', locked_until = NULL, attempts = attempts - 1",
             [](Params&) {});
  return JobStatus::queued;
}

std::size_t remove_finished_before(Tx& tx, const std::string& cutoff) {
  soci::statement st(tx.sql());
  Params params(st);
  params.text("cutoff", cutoff);
  std::string where = " WHERE status IN ('done', 'failed') AND updated_at < " +
                      internal::ts_in(tx.dialect(), ":cutoff");
  if (!tx.is_system()) {
    where += " AND tenant_id = :tenant";
    params.text("tenant", tx.tenant_id());
  }
  prepare(st, "DELETE FROM jobs" + where);
  st.execute(true);
  return static_cast<std::size_t>(st.get_affected_rows());
}

}  // namespace store::jobs
