-- Strategies carry the brief's headline figures as columns so lists need not read payloads;
-- models carry their trained artifact (base64 of the forecast engine's bytes) beside the
-- validation summary in payload. A tenant's model versions count up from 1.
ALTER TABLE marketing_strategies ADD COLUMN objective TEXT;
ALTER TABLE marketing_strategies ADD COLUMN budget_micros BIGINT;
ALTER TABLE marketing_strategies ADD COLUMN currency TEXT;
CREATE INDEX marketing_strategies_by_created ON marketing_strategies (tenant_id, created_at, id);
CREATE INDEX marketing_strategies_by_client_created ON marketing_strategies (tenant_id, client_id, created_at, id);

ALTER TABLE models ADD COLUMN artifact TEXT;
CREATE UNIQUE INDEX models_by_version ON models (tenant_id, version);
