-- Tables for the analytic features. Each keeps its evolving detail in a JSON payload next to
-- the few columns that are filtered or sorted on.

CREATE TABLE marketing_strategies (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX marketing_strategies_by_client ON marketing_strategies (tenant_id, client_id, created_at);

CREATE TABLE campaign_optimizations (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  campaign_id TEXT COLLATE "C",
  kind TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX campaign_optimizations_by_campaign ON campaign_optimizations (tenant_id, campaign_id, status);

CREATE TABLE client_communications (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  channel TEXT NOT NULL,
  subject TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  sent_at TIMESTAMPTZ,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX client_communications_by_client ON client_communications (tenant_id, client_id, created_at);

CREATE TABLE performance_reports (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  format TEXT NOT NULL DEFAULT 'html',
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX performance_reports_by_client ON performance_reports (tenant_id, client_id, period_end);

CREATE TABLE budget_optimizations (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  period_start DATE,
  period_end DATE,
  total_budget_micros BIGINT,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX budget_optimizations_by_client ON budget_optimizations (tenant_id, client_id, created_at);

CREATE TABLE competitor_analysis (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  competitor TEXT NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX competitor_analysis_by_client ON competitor_analysis (tenant_id, client_id, competitor);

CREATE TABLE content_strategies (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  name TEXT NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX content_strategies_by_client ON content_strategies (tenant_id, client_id, created_at);

CREATE TABLE experiments (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  started_at TIMESTAMPTZ,
  ended_at TIMESTAMPTZ,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX experiments_by_status ON experiments (tenant_id, status, created_at);

CREATE TABLE rules (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  name TEXT NOT NULL,
  enabled BOOLEAN NOT NULL DEFAULT true,
  last_run_at TIMESTAMPTZ,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX rules_by_enabled ON rules (tenant_id, enabled);

CREATE TABLE report_schedules (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  name TEXT NOT NULL,
  frequency TEXT NOT NULL,                 -- 'daily' | 'weekly' | 'monthly' | cron text
  time_zone TEXT NOT NULL,
  next_run_at TIMESTAMPTZ,
  enabled BOOLEAN NOT NULL DEFAULT true,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX report_schedules_by_next_run ON report_schedules (tenant_id, enabled, next_run_at);

CREATE TABLE models (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  kind TEXT NOT NULL,                      -- 'random_forest' | 'gradient_boosting' | 'linear' …
  version INTEGER NOT NULL DEFAULT 1,
  trained_at TIMESTAMPTZ,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX models_by_kind ON models (tenant_id, client_id, kind, version);

CREATE TABLE jobs (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C",
  kind TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued',   -- 'queued' | 'running' | 'done' | 'failed'
  run_at TIMESTAMPTZ NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  locked_by TEXT,
  locked_until TIMESTAMPTZ,
  last_error TEXT,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX jobs_by_status ON jobs (tenant_id, status, run_at);
SELECT strategist_enable_tenant_rls('marketing_strategies');
SELECT strategist_enable_tenant_rls('campaign_optimizations');
SELECT strategist_enable_tenant_rls('client_communications');
SELECT strategist_enable_tenant_rls('performance_reports');
SELECT strategist_enable_tenant_rls('budget_optimizations');
SELECT strategist_enable_tenant_rls('competitor_analysis');
SELECT strategist_enable_tenant_rls('content_strategies');
SELECT strategist_enable_tenant_rls('experiments');
SELECT strategist_enable_tenant_rls('rules');
SELECT strategist_enable_tenant_rls('report_schedules');
SELECT strategist_enable_tenant_rls('models');
SELECT strategist_enable_tenant_rls('jobs');
