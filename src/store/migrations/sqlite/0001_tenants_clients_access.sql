-- Tenants, their clients, and who may act for them.
-- Conventions (SQLite): tenant_id is the first column of every table and leads every primary key
-- and index; timestamps are ISO-8601 UTC text with microseconds ("2024-05-01T12:00:00.000000Z");
-- dates are 'YYYY-MM-DD' text; money is BIGINT micros; JSON is text checked with json_valid.

CREATE TABLE tenants (
  id TEXT NOT NULL PRIMARY KEY,            -- this table's tenant_id
  name TEXT NOT NULL,
  data_version BIGINT NOT NULL DEFAULT 0,  -- bumped by every metrics ingest (cache keys)
  created_at TEXT NOT NULL
);

CREATE TABLE clients (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  currency CHAR(3) NOT NULL,
  time_zone TEXT NOT NULL,
  industry TEXT,
  website TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX clients_by_name ON clients (tenant_id, name);

CREATE TABLE users (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  client_id TEXT,
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);

CREATE TABLE api_keys (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  client_id TEXT,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT,
  created_by TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
-- The one index that does not lead with tenant_id: a key is looked up by its hash before the
-- tenant is known, so the hash must be unique across all tenants.
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (key_hash);

CREATE TABLE platform_connections (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  account_id TEXT NOT NULL,
  encrypted_credentials TEXT NOT NULL,     -- sealed by security/, base64 text
  status TEXT NOT NULL,
  last_sync_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, client_id, platform, account_id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
