-- Experiment results as they arrive (experiments/, issue 6): per variant, metric and day, the
-- units (users or exposures) and the sum and sum of squares of the metric's value per unit
-- (conversions for a rate), with the pre-period covariate's sums for CUPED. Sending a day again
-- replaces its row, so a retried upload changes nothing.
CREATE TABLE experiment_observations (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  experiment_id TEXT NOT NULL,
  variant TEXT NOT NULL,
  metric TEXT NOT NULL,
  day TEXT NOT NULL,
  units INTEGER NOT NULL CHECK (units >= 0),
  total REAL NOT NULL,
  total_squares REAL,
  covariate_total REAL,
  covariate_squares REAL,
  covariate_cross REAL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, experiment_id, variant, metric, day),
  FOREIGN KEY (tenant_id, experiment_id) REFERENCES experiments (tenant_id, id) ON DELETE CASCADE
);

-- Every evaluation of an automated rule for a campaign, and whether it fired (the action and
-- the change it recommends in payload).
CREATE TABLE rule_evaluations (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  id TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  campaign_id TEXT,
  evaluated_on TEXT NOT NULL,
  fired INTEGER NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES rules (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX rule_evaluations_by_rule ON rule_evaluations (tenant_id, rule_id, created_at, id);
CREATE INDEX rule_evaluations_fired ON rule_evaluations (tenant_id, rule_id, campaign_id, fired, evaluated_on);
