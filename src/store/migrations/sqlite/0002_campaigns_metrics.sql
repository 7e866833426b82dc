-- Campaigns and their daily performance rows.

CREATE TABLE campaigns (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  name TEXT NOT NULL,
  platform TEXT NOT NULL,
  objective TEXT NOT NULL,
  status TEXT NOT NULL,
  external_id TEXT,
  daily_budget_micros BIGINT,
  lifetime_budget_micros BIGINT,
  start_date TEXT,
  end_date TEXT,
  targeting TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(targeting)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE UNIQUE INDEX campaigns_by_external_id ON campaigns (tenant_id, client_id, platform, external_id)
  WHERE external_id IS NOT NULL;
-- One index per list sort key (each ends with id, the cursor's tie-breaker), plus the filters.
CREATE INDEX campaigns_by_client ON campaigns (tenant_id, client_id, platform, name);
CREATE INDEX campaigns_by_name ON campaigns (tenant_id, name, id);
CREATE INDEX campaigns_by_created ON campaigns (tenant_id, created_at, id);
CREATE INDEX campaigns_by_updated ON campaigns (tenant_id, updated_at, id);
CREATE INDEX campaigns_by_start ON campaigns (tenant_id, start_date, id);
CREATE INDEX campaigns_by_status ON campaigns (tenant_id, status, platform);

-- Grain: tenant, campaign, day. Rows live in the primary-key B-tree (WITHOUT ROWID): upserts
-- touch one tree instead of a table and an index.
CREATE TABLE campaign_metrics (
  tenant_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  date TEXT NOT NULL,
  impressions BIGINT NOT NULL,
  clicks BIGINT NOT NULL,
  spend_micros BIGINT NOT NULL,
  conversions DOUBLE NOT NULL,
  conversion_value_micros BIGINT NOT NULL,
  reach BIGINT,
  frequency DOUBLE,
  video_views BIGINT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, campaign_id, date),
  FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
