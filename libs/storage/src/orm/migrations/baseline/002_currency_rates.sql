-- Exchange rates into each tenant's reporting currency (platform.tenants.currency): 1 unit = rate reporting units.
CREATE TABLE platform.currency_rates (
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rate numeric NOT NULL CHECK (rate > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, currency)
);
