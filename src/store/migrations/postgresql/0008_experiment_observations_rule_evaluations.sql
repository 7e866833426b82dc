-- Experiment results as they arrive (experiments/, issue 6): per variant, metric and day, the
-- units (users or exposures) and the sum and sum of squares of the metric's value per unit
-- (conversions for a rate), with the pre-period covariate's sums for CUPED. Sending a day again
-- replaces its row, so a retried upload changes nothing.
CREATE TABLE experiment_observations (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  experiment_id TEXT COLLATE "C" NOT NULL,
  variant TEXT COLLATE "C" NOT NULL,
  metric TEXT COLLATE "C" NOT NULL,
  day DATE NOT NULL,
  units BIGINT NOT NULL CHECK (units >= 0),
  total DOUBLE PRECISION NOT NULL,
  total_squares DOUBLE PRECISION,
  covariate_total DOUBLE PRECISION,
  covariate_squares DOUBLE PRECISION,
  covariate_cross DOUBLE PRECISION,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, experiment_id, variant, metric, day),
  FOREIGN KEY (tenant_id, experiment_id) REFERENCES experiments (tenant_id, id) ON DELETE CASCADE
);

-- Every evaluation of an automated rule for a campaign, and whether it fired (the action and
-- the change it recommends in payload).
CREATE TABLE rule_evaluations (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  id TEXT COLLATE "C" NOT NULL,
  rule_id TEXT COLLATE "C" NOT NULL,
  campaign_id TEXT COLLATE "C",
  evaluated_on DATE NOT NULL,
  fired BOOLEAN NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES rules (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX rule_evaluations_by_rule ON rule_evaluations (tenant_id, rule_id, created_at, id);
CREATE INDEX rule_evaluations_fired ON rule_evaluations (tenant_id, rule_id, campaign_id, fired, evaluated_on);

SELECT strategist_enable_tenant_rls('experiment_observations');
SELECT strategist_enable_tenant_rls('rule_evaluations');
