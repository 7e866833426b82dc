-- Who did what, and replayable responses for Idempotency-Key.

-- id counts per tenant (assigned as MAX(id)+1 inside the writing transaction, which SQLite
-- serialises), so the primary key can lead with tenant_id like every other one.
CREATE TABLE audit_log (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  id INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_by_resource ON audit_log (tenant_id, resource_type, resource_id);

CREATE TABLE idempotency_keys (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (tenant_id, created_at);
