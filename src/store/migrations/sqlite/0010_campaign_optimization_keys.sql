-- Recommendations from POST /api/v1/campaign/optimize (issue 6). A recommendation is identified
-- by what it changes (its kind, campaigns and the settings it touches): content_key. Running the
-- analysis again refreshes the open recommendation with that key instead of adding a copy, so at
-- most one open row per key. applied_on is the day an applied change took effect, from which its
-- real effect is measured.
ALTER TABLE campaign_optimizations ADD COLUMN content_key TEXT;
ALTER TABLE campaign_optimizations ADD COLUMN applied_on TEXT;
CREATE UNIQUE INDEX campaign_optimizations_open_key ON campaign_optimizations (tenant_id, content_key)
  WHERE status = 'open';
CREATE INDEX campaign_optimizations_by_client ON campaign_optimizations (tenant_id, client_id, created_at, id);
