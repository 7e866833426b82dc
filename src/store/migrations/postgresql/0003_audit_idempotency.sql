-- Who did what, and replayable responses for Idempotency-Key.

CREATE TABLE audit_log (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id BIGINT GENERATED ALWAYS AS IDENTITY,
  at TIMESTAMPTZ NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  details JSONB NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_by_resource ON audit_log (tenant_id, resource_type, resource_id);
SELECT strategist_enable_tenant_rls('audit_log');

CREATE TABLE idempotency_keys (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  key TEXT COLLATE "C" NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (tenant_id, created_at);
SELECT strategist_enable_tenant_rls('idempotency_keys');
