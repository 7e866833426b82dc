-- Tenants, their clients, and who may act for them.
-- Conventions (PostgreSQL): tenant_id is the first column of every table and leads every primary
-- key and index; timestamps are TIMESTAMPTZ; dates are DATE; money is BIGINT micros; JSON is
-- JSONB. Every tenant table gets row-level security as a second wall behind the repositories.
-- Ids are opaque text compared bytewise (COLLATE "C"): the same order as SQLite, and B-tree
-- comparisons several times cheaper than a linguistic collation on the hot metrics key.

-- Enables and forces row-level security on a tenant table: rows are visible and writable only
-- when their tenant column equals the transaction's app.tenant_id, or in a system transaction
-- (app.system = 'on'). Both settings are set transaction-locally by store::Database.
CREATE FUNCTION strategist_enable_tenant_rls(tbl regclass, col text DEFAULT 'tenant_id')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  rule text := format(
    '(%I = current_setting(''app.tenant_id'', true) OR current_setting(''app.system'', true) = ''on'')',
    col);
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING %s WITH CHECK %s', tbl, rule, rule);
END
$$;

CREATE TABLE tenants (
  id TEXT COLLATE "C" NOT NULL PRIMARY KEY,            -- this table's tenant_id
  name TEXT NOT NULL,
  data_version BIGINT NOT NULL DEFAULT 0,  -- bumped by every metrics ingest (cache keys)
  created_at TIMESTAMPTZ NOT NULL
);
SELECT strategist_enable_tenant_rls('tenants', 'id');

CREATE TABLE clients (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  currency CHAR(3) NOT NULL,
  time_zone TEXT NOT NULL,
  industry TEXT,
  website TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX clients_by_name ON clients (tenant_id, name);
SELECT strategist_enable_tenant_rls('clients');

CREATE TABLE users (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  client_id TEXT COLLATE "C",
  created_at TIMESTAMPTZ NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
SELECT strategist_enable_tenant_rls('users');

CREATE TABLE api_keys (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT COLLATE "C" NOT NULL,
  role TEXT NOT NULL,
  client_id TEXT COLLATE "C",
  created_at TIMESTAMPTZ NOT NULL,
  last_used_at TIMESTAMPTZ,
  revoked_at TIMESTAMPTZ,
  created_by TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
-- The one index that does not lead with tenant_id: a key is looked up by its hash before the
-- tenant is known, so the hash must be unique across all tenants.
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (key_hash);
SELECT strategist_enable_tenant_rls('api_keys');

CREATE TABLE platform_connections (
  tenant_id TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C" NOT NULL,
  platform TEXT NOT NULL,
  account_id TEXT NOT NULL,
  encrypted_credentials TEXT NOT NULL,     -- sealed by security/, base64 text
  status TEXT NOT NULL,
  last_sync_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, client_id, platform, account_id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
SELECT strategist_enable_tenant_rls('platform_connections');
