-- The durable job queue (store/jobs.h, docs/jobs.md): a handler's result, an optional key that
-- collapses duplicate queued jobs, and the indexes claiming and de-duplication need.

ALTER TABLE jobs ADD COLUMN result TEXT CHECK (result IS NULL OR json_valid(result));
ALTER TABLE jobs ADD COLUMN dedupe_key TEXT;

-- At most one queued job per (tenant, kind, key); once it runs, a new one may queue behind it.
CREATE UNIQUE INDEX jobs_dedupe ON jobs (tenant_id, kind, dedupe_key)
  WHERE status = 'queued' AND dedupe_key IS NOT NULL;

-- The one index not led by tenant_id: workers claim due jobs of every tenant in run_at order.
-- Partial, so it holds only live jobs and stays small as finished ones accumulate.
CREATE INDEX jobs_due ON jobs (status, run_at) WHERE status IN ('queued', 'running');

-- jobs::list: a tenant's jobs newest first.
CREATE INDEX jobs_by_created ON jobs (tenant_id, created_at, id);
