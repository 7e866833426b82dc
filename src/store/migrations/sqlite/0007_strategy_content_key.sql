-- A strategy is a pure function of its brief, the client's data, the serving model and the
-- day; content_key identifies that combination so generating the same brief again returns the
-- stored strategy instead of a copy (NULL for rows stored before this migration).
ALTER TABLE marketing_strategies ADD COLUMN content_key TEXT;
CREATE UNIQUE INDEX marketing_strategies_by_content ON marketing_strategies (tenant_id, content_key);
