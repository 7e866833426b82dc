-- Campaigns and their daily performance rows.

CREATE TABLE campaigns (
  tenant_id TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  platform TEXT NOT NULL,
  objective TEXT NOT NULL,
  status TEXT NOT NULL,
  external_id TEXT COLLATE "C",
  daily_budget_micros BIGINT,
  lifetime_budget_micros BIGINT,
  start_date DATE,
  end_date DATE,
  targeting JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE UNIQUE INDEX campaigns_by_external_id ON campaigns (tenant_id, client_id, platform, external_id)
  WHERE external_id IS NOT NULL;
-- One index per list sort key (each ends with id, the cursor's tie-breaker), plus the filters.
-- Names sort bytewise (COLLATE "C", as SQLite does); a missing start_date sorts first.
CREATE INDEX campaigns_by_client ON campaigns (tenant_id, client_id, platform, name);
CREATE INDEX campaigns_by_name ON campaigns (tenant_id, name COLLATE "C", id);
CREATE INDEX campaigns_by_created ON campaigns (tenant_id, created_at, id);
CREATE INDEX campaigns_by_updated ON campaigns (tenant_id, updated_at, id);
CREATE INDEX campaigns_by_start ON campaigns (tenant_id, start_date NULLS FIRST, id);
CREATE INDEX campaigns_by_status ON campaigns (tenant_id, status, platform);
SELECT strategist_enable_tenant_rls('campaigns');

-- Grain: tenant, campaign, day. No foreign key to campaigns here (SQLite has one): a per-row
-- RI check costs ~40% of a bulk upsert. metrics::upsert instead locks each campaign it writes
-- (FOR NO KEY UPDATE), so a campaign cannot disappear under an import, and campaigns::remove
-- deletes the campaign's rows itself.
CREATE TABLE campaign_metrics (
  tenant_id TEXT COLLATE "C" NOT NULL,
  campaign_id TEXT COLLATE "C" NOT NULL,
  date DATE NOT NULL,
  impressions BIGINT NOT NULL,
  clicks BIGINT NOT NULL,
  spend_micros BIGINT NOT NULL,
  conversions DOUBLE PRECISION NOT NULL,
  conversion_value_micros BIGINT NOT NULL,
  reach BIGINT,
  frequency DOUBLE PRECISION,
  video_views BIGINT,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, campaign_id, date)
);
SELECT strategist_enable_tenant_rls('campaign_metrics');
