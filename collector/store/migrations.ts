/**
 * Schema versions, applied in order and recorded in `PRAGMA user_version`. Never edit a shipped entry:
 * add a new one. Times are ms since epoch (INTEGER) where the collector computes with them, and the
 * agent's own ISO strings (TEXT) where they are reported facts.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('license_admin', 'license_user')),
    password_hash TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, name)
  );
  CREATE TABLE licenses (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    slc TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    product TEXT,
    product_version TEXT,
    description TEXT,
    care_plus_expires_at TEXT,
    obsolete INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, slc)
  );
  CREATE TABLE locations (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    UNIQUE (account_id, name)
  );
  CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL CHECK (kind IN ('enroll', 'noc')),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT,
    customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    slc TEXT,
    uses_left INTEGER,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
  );
  CREATE TABLE agents (
    agent_id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    secret_hash TEXT NOT NULL,
    hostname TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    slc TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    state_ts TEXT,
    errors_boot_id TEXT,
    errors_seq INTEGER,
    errors_ts TEXT
  );
  CREATE TABLE servers (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    agent_id TEXT UNIQUE REFERENCES agents(agent_id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    license_id INTEGER REFERENCES licenses(id) ON DELETE SET NULL,
    location_id INTEGER REFERENCES locations(id) ON DELETE SET NULL,
    role TEXT,
    product TEXT,
    product_version TEXT,
    birth TEXT,
    birth_ts TEXT,
    heartbeat_interval_s INTEGER NOT NULL DEFAULT 30,
    reporting INTEGER NOT NULL DEFAULT 0,
    last_seen_at INTEGER,
    deadline_at INTEGER,
    last_heartbeat_ts TEXT,
    cpu_pct REAL,
    mem_pct REAL,
    disk_free_pct REAL,
    monitoring_status TEXT NOT NULL DEFAULT 'not_reporting',
    error_state TEXT NOT NULL DEFAULT 'none',
    created_at INTEGER NOT NULL
  );
  CREATE INDEX servers_deadline ON servers (deadline_at) WHERE reporting = 1;
  CREATE INDEX servers_account ON servers (account_id, name);
  CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    detail TEXT,
    status TEXT NOT NULL CHECK (status IN ('new', 'being_fixed', 'closed')),
    raised_by TEXT NOT NULL CHECK (raised_by IN ('agent', 'collector')),
    occurred_at TEXT NOT NULL,
    last_reported_at TEXT NOT NULL,
    closed_at TEXT
  );
  -- One open error per (server, code, value): a repeated report keeps it open with its first time.
  CREATE UNIQUE INDEX errors_open ON errors (server_id, code, value) WHERE status <> 'closed';
  CREATE INDEX errors_server ON errors (server_id, status, occurred_at);
  CREATE INDEX errors_recent ON errors (occurred_at) WHERE status <> 'closed';
  CREATE TABLE heartbeats (
    agent_id TEXT NOT NULL,
    boot_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    server_id TEXT NOT NULL,
    ts TEXT NOT NULL,
    cpu_pct REAL NOT NULL,
    mem_used_bytes INTEGER NOT NULL,
    mem_total_bytes INTEGER NOT NULL,
    disks TEXT,
    services TEXT,
    vms TEXT,
    PRIMARY KEY (agent_id, boot_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX heartbeats_server_ts ON heartbeats (server_id, ts);

  -- What pages, the REST API and the live feed show of a server (ServerStatus) and where it belongs.
  -- The customer is the license's; for a server whose license has none, the one its enrollment named.
  CREATE VIEW server_view AS
  SELECT s.id AS serverId, s.name AS name,
         COALESCE(lc.name, ac.name, 'Unspecified') AS customer,
         l.slc AS slc, loc.name AS location,
         s.monitoring_status AS monitoringStatus, s.error_state AS errorState,
         s.last_heartbeat_ts AS lastHeartbeat, s.cpu_pct AS cpuPct, s.mem_pct AS memPct,
         s.disk_free_pct AS diskFreePct,
         s.account_id AS accountId, COALESCE(l.customer_id, a.customer_id) AS customerId,
         s.license_id AS licenseId
  FROM servers s
  LEFT JOIN licenses l ON l.id = s.license_id
  LEFT JOIN customers lc ON lc.id = l.customer_id
  LEFT JOIN agents a ON a.agent_id = s.agent_id
  LEFT JOIN customers ac ON ac.id = a.customer_id
  LEFT JOIN locations loc ON loc.id = s.location_id;

  CREATE VIEW error_view AS
  SELECT e.id AS id, e.status AS status, e.code AS code, e.value AS value, e.detail AS detail,
         sv.customer AS customer, sv.slc AS slc, e.server_id AS serverId, sv.name AS server,
         sv.location AS location, e.occurred_at AS occurredAt, e.closed_at AS closedAt,
         sv.accountId AS accountId, sv.customerId AS customerId, sv.licenseId AS licenseId
  FROM errors e JOIN server_view sv ON sv.serverId = e.server_id;
  `,
  // Error filters (the manual's "Error filters" pages). An open error hidden by a filter keeps its
  // lifecycle status and records the filter; `hidden_until` is set when a threshold filter hides it
  // only until it has lasted long enough to count.
  `
  CREATE TABLE error_filters (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    license_id INTEGER NOT NULL REFERENCES licenses(id) ON DELETE CASCADE,
    server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
    code TEXT,
    value TEXT,
    action TEXT NOT NULL CHECK (action IN ('ignore_error_from_device', 'ignore_error_on_server', 'ignore_all_from_device', 'ignore_all_from_server', 'do_not_monitor')),
    duration TEXT NOT NULL,
    threshold_s INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL
  );
  CREATE INDEX error_filters_server ON error_filters (server_id);
  CREATE INDEX error_filters_expiry ON error_filters (expires_at) WHERE expires_at IS NOT NULL;
  CREATE INDEX error_filters_created ON error_filters (account_id, created_at);

  ALTER TABLE errors ADD COLUMN filter_id INTEGER REFERENCES error_filters(id) ON DELETE SET NULL;
  ALTER TABLE errors ADD COLUMN hidden_until INTEGER;
  CREATE INDEX errors_hidden_until ON errors (hidden_until) WHERE hidden_until IS NOT NULL;
  CREATE INDEX errors_code ON errors (code, occurred_at);

  DROP VIEW error_view;
  DROP VIEW server_view;
  CREATE VIEW server_view AS
  SELECT s.id AS serverId, s.name AS name,
         COALESCE(lc.name, ac.name, 'Unspecified') AS customer,
         l.slc AS slc, loc.name AS location,
         s.monitoring_status AS monitoringStatus, s.error_state AS errorState,
         s.last_heartbeat_ts AS lastHeartbeat, s.cpu_pct AS cpuPct, s.mem_pct AS memPct,
         s.disk_free_pct AS diskFreePct,
         s.account_id AS accountId, COALESCE(l.customer_id, a.customer_id) AS customerId,
         s.license_id AS licenseId, COALESCE(l.obsolete, 0) AS obsolete, s.last_seen_at AS lastSeenAt
  FROM servers s
  LEFT JOIN licenses l ON l.id = s.license_id
  LEFT JOIN customers lc ON lc.id = l.customer_id
  LEFT JOIN agents a ON a.agent_id = s.agent_id
  LEFT JOIN customers ac ON ac.id = a.customer_id
  LEFT JOIN locations loc ON loc.id = s.location_id;

  -- status is what people see: an open error hidden by a filter is "filtered".
  CREATE VIEW error_view AS
  SELECT e.id AS id,
         CASE WHEN e.status <> 'closed' AND e.filter_id IS NOT NULL THEN 'filtered' ELSE e.status END AS status,
         e.status AS lifecycle, e.code AS code, e.value AS value, e.detail AS detail,
         sv.customer AS customer, sv.slc AS slc, e.server_id AS serverId, sv.name AS server,
         sv.location AS location, e.occurred_at AS occurredAt, e.closed_at AS closedAt,
         e.filter_id AS filterId, e.hidden_until AS hiddenUntil,
         sv.accountId AS accountId, sv.customerId AS customerId, sv.licenseId AS licenseId,
         sv.obsolete AS obsolete, sv.lastSeenAt AS lastSeenAt
  FROM errors e JOIN server_view sv ON sv.serverId = e.server_id;
  `,
  // The Errors page at distributor scale (a million error rows): list indexes that match its three
  // views, and error counts per (server, code, bucket) kept by triggers, so a page's total is a sum
  // over servers rather than a count over errors.
  `
  CREATE INDEX errors_filter ON errors (filter_id) WHERE filter_id IS NOT NULL;
  CREATE INDEX errors_active_time ON errors (occurred_at) WHERE status <> 'closed' AND filter_id IS NULL;
  CREATE INDEX errors_filtered_time ON errors (occurred_at) WHERE status <> 'closed' AND filter_id IS NOT NULL;
  CREATE INDEX errors_closed_time ON errors (occurred_at) WHERE status = 'closed';
  CREATE INDEX errors_time ON errors (occurred_at);

  CREATE TABLE error_counts (
    server_id TEXT NOT NULL,
    code TEXT NOT NULL,
    bucket TEXT NOT NULL CHECK (bucket IN ('new', 'being_fixed', 'filtered', 'closed')),
    n INTEGER NOT NULL,
    PRIMARY KEY (server_id, bucket, code)
  ) WITHOUT ROWID;
  INSERT INTO error_counts (server_id, code, bucket, n)
    SELECT server_id, code, CASE WHEN status = 'closed' THEN 'closed' WHEN filter_id IS NOT NULL THEN 'filtered' ELSE status END, count(*)
    FROM errors GROUP BY 1, 2, 3;

  CREATE TRIGGER error_counts_insert AFTER INSERT ON errors BEGIN
    INSERT INTO error_counts (server_id, code, bucket, n) VALUES (NEW.server_id, NEW.code, CASE WHEN NEW.status = 'closed' THEN 'closed' WHEN NEW.filter_id IS NOT NULL THEN 'filtered' ELSE NEW.status END, 1)
      ON CONFLICT (server_id, bucket, code) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER error_counts_delete AFTER DELETE ON errors BEGIN
    UPDATE error_counts SET n = n - 1 WHERE server_id = OLD.server_id AND code = OLD.code AND bucket = CASE WHEN OLD.status = 'closed' THEN 'closed' WHEN OLD.filter_id IS NOT NULL THEN 'filtered' ELSE OLD.status END;
  END;
  CREATE TRIGGER error_counts_update AFTER UPDATE OF status, filter_id, code, server_id ON errors
    WHEN CASE WHEN OLD.status = 'closed' THEN 'closed' WHEN OLD.filter_id IS NOT NULL THEN 'filtered' ELSE OLD.status END <> CASE WHEN NEW.status = 'closed' THEN 'closed' WHEN NEW.filter_id IS NOT NULL THEN 'filtered' ELSE NEW.status END OR OLD.code <> NEW.code OR OLD.server_id <> NEW.server_id
  BEGIN
    UPDATE error_counts SET n = n - 1 WHERE server_id = OLD.server_id AND code = OLD.code AND bucket = CASE WHEN OLD.status = 'closed' THEN 'closed' WHEN OLD.filter_id IS NOT NULL THEN 'filtered' ELSE OLD.status END;
    INSERT INTO error_counts (server_id, code, bucket, n) VALUES (NEW.server_id, NEW.code, CASE WHEN NEW.status = 'closed' THEN 'closed' WHEN NEW.filter_id IS NOT NULL THEN 'filtered' ELSE NEW.status END, 1)
      ON CONFLICT (server_id, bucket, code) DO UPDATE SET n = n + 1;
  END;
  `,
  // The registry (Licenses, Customers, License groups, Test licenses pages). Licenses discovered from an
  // agent's birth have no registered_at until someone in the account registers them. The numbers the
  // lists show (servers and devices per license; licenses, servers and devices per customer and per
  // license group) and the customer's name on the license are kept by triggers, so the pages search,
  // filter and sort 100,000 licenses without joining or counting row by row. care_plus_expires_at keeps
  // its meaning for the status rules (end of Care Plus or higher; "Basic only": collector/registry/care.ts).
  `
  ALTER TABLE accounts ADD COLUMN test_license_pool INTEGER NOT NULL DEFAULT 15;

  ALTER TABLE licenses ADD COLUMN kind TEXT NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'test'));
  ALTER TABLE licenses ADD COLUMN customer_name TEXT;
  -- What the Licenses page's Search looks in (SLC, product and version, description, customer), one
  -- string per license so a search reads one column; fields are kept apart by a control character.
  ALTER TABLE licenses ADD COLUMN search_text TEXT;
  ALTER TABLE licenses ADD COLUMN registered_at INTEGER;
  ALTER TABLE licenses ADD COLUMN registered_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
  ALTER TABLE licenses ADD COLUMN activation_mac TEXT;
  ALTER TABLE licenses ADD COLUMN care_premium_expires_at TEXT;
  ALTER TABLE licenses ADD COLUMN company_name TEXT;
  ALTER TABLE licenses ADD COLUMN company_phone TEXT;
  ALTER TABLE licenses ADD COLUMN company_address TEXT;
  ALTER TABLE licenses ADD COLUMN device_licenses INTEGER;
  ALTER TABLE licenses ADD COLUMN aac_licenses INTEGER;
  ALTER TABLE licenses ADD COLUMN expires_on TEXT;
  ALTER TABLE licenses ADD COLUMN deactivated_at INTEGER;
  ALTER TABLE licenses ADD COLUMN expiration_reminder INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE licenses ADD COLUMN upgraded_from_id INTEGER REFERENCES licenses(id) ON DELETE SET NULL;
  ALTER TABLE licenses ADD COLUMN upgraded_to_id INTEGER REFERENCES licenses(id) ON DELETE SET NULL;
  ALTER TABLE licenses ADD COLUMN upgraded_at INTEGER;
  -- When the product's next release after this version came out (from the catalog): "Upgrade available"
  -- is then a comparison with the Care Plus expiry on the row itself.
  ALTER TABLE licenses ADD COLUMN next_release_on TEXT;
  ALTER TABLE licenses ADD COLUMN server_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE licenses ADD COLUMN device_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE licenses ADD COLUMN device_licenses_used INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE customers ADD COLUMN license_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE customers ADD COLUMN server_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE customers ADD COLUMN device_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE servers ADD COLUMN description TEXT;

  -- Licenses given Care or a description before this version were registered through the old helper.
  UPDATE licenses SET registered_at = created_at WHERE care_plus_expires_at IS NOT NULL OR description IS NOT NULL;
  UPDATE licenses SET server_count = (SELECT count(*) FROM servers s WHERE s.license_id = licenses.id),
    customer_name = (SELECT name FROM customers c WHERE c.id = licenses.customer_id);
  UPDATE licenses SET search_text = slc || char(1) || COALESCE(product, '') || ' ' || COALESCE(product_version, '') || char(1) ||
    COALESCE(description, '') || char(1) || COALESCE(customer_name, 'Unspecified');
  UPDATE customers SET license_count = (SELECT count(*) FROM licenses l WHERE l.customer_id = customers.id AND l.obsolete = 0),
    server_count = (SELECT COALESCE(sum(server_count), 0) FROM licenses l WHERE l.customer_id = customers.id);

  CREATE INDEX servers_license ON servers (license_id);
  CREATE INDEX servers_location ON servers (location_id);
  CREATE INDEX licenses_customer ON licenses (customer_id);
  -- The Licenses page unfiltered, in SLC, server or device order; the Care Plus windows.
  CREATE INDEX licenses_list ON licenses (account_id, kind, slc);
  CREATE INDEX licenses_by_servers ON licenses (account_id, kind, server_count);
  CREATE INDEX licenses_by_devices ON licenses (account_id, kind, device_count);
  CREATE INDEX licenses_care ON licenses (care_plus_expires_at);
  CREATE INDEX licenses_test ON licenses (account_id, expires_on) WHERE kind = 'test';
  CREATE INDEX customers_account ON customers (account_id, name COLLATE NOCASE);

  CREATE TABLE license_groups (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    description TEXT,
    license_count INTEGER NOT NULL DEFAULT 0,
    server_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, name)
  );
  CREATE TABLE license_group_members (
    group_id INTEGER NOT NULL REFERENCES license_groups(id) ON DELETE CASCADE,
    license_id INTEGER NOT NULL REFERENCES licenses(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, license_id)
  ) WITHOUT ROWID;
  CREATE INDEX license_group_members_license ON license_group_members (license_id, group_id);

  -- "Activated device licenses" of a license: one row per activated hardware device.
  CREATE TABLE device_activations (
    id INTEGER PRIMARY KEY,
    license_id INTEGER NOT NULL REFERENCES licenses(id) ON DELETE CASCADE,
    server_id TEXT REFERENCES servers(id) ON DELETE SET NULL,
    activated_on TEXT NOT NULL,
    mac TEXT,
    dlk_description TEXT,
    device_name TEXT NOT NULL,
    licenses_used INTEGER NOT NULL DEFAULT 1 CHECK (licenses_used >= 0)
  );
  CREATE INDEX device_activations_license ON device_activations (license_id, activated_on);
  CREATE INDEX device_activations_server ON device_activations (server_id);

  -- "Extensions and plug-ins" of a license.
  CREATE TABLE license_extensions (
    id INTEGER PRIMARY KEY,
    license_id INTEGER NOT NULL REFERENCES licenses(id) ON DELETE CASCADE,
    product TEXT NOT NULL,
    slc TEXT,
    expires_on TEXT,
    developed_by TEXT
  );
  CREATE INDEX license_extensions_license ON license_extensions (license_id);

  -- Servers and activated devices per license.
  CREATE TRIGGER license_servers_insert AFTER INSERT ON servers WHEN NEW.license_id IS NOT NULL BEGIN
    UPDATE licenses SET server_count = server_count + 1 WHERE id = NEW.license_id;
  END;
  CREATE TRIGGER license_servers_delete AFTER DELETE ON servers WHEN OLD.license_id IS NOT NULL BEGIN
    UPDATE licenses SET server_count = server_count - 1 WHERE id = OLD.license_id;
  END;
  CREATE TRIGGER license_servers_update AFTER UPDATE OF license_id ON servers WHEN OLD.license_id IS NOT NEW.license_id BEGIN
    UPDATE licenses SET server_count = server_count - 1 WHERE id = OLD.license_id;
    UPDATE licenses SET server_count = server_count + 1 WHERE id = NEW.license_id;
  END;
  CREATE TRIGGER license_devices_insert AFTER INSERT ON device_activations BEGIN
    UPDATE licenses SET device_count = device_count + 1, device_licenses_used = device_licenses_used + NEW.licenses_used WHERE id = NEW.license_id;
  END;
  CREATE TRIGGER license_devices_delete AFTER DELETE ON device_activations BEGIN
    UPDATE licenses SET device_count = device_count - 1, device_licenses_used = device_licenses_used - OLD.licenses_used WHERE id = OLD.license_id;
  END;
  CREATE TRIGGER license_devices_update AFTER UPDATE OF license_id, licenses_used ON device_activations BEGIN
    UPDATE licenses SET device_count = device_count - 1, device_licenses_used = device_licenses_used - OLD.licenses_used WHERE id = OLD.license_id;
    UPDATE licenses SET device_count = device_count + 1, device_licenses_used = device_licenses_used + NEW.licenses_used WHERE id = NEW.license_id;
  END;

  -- A license's customer name, and the numbers per customer and per license group, follow the license.
  CREATE TRIGGER license_customer_insert AFTER INSERT ON licenses WHEN NEW.customer_id IS NOT NULL BEGIN
    UPDATE licenses SET customer_name = (SELECT name FROM customers WHERE id = NEW.customer_id) WHERE id = NEW.id;
    UPDATE customers SET license_count = license_count + (NEW.obsolete = 0), server_count = server_count + NEW.server_count,
      device_count = device_count + NEW.device_count WHERE id = NEW.customer_id;
  END;
  CREATE TRIGGER license_customer_update AFTER UPDATE OF customer_id, obsolete, server_count, device_count ON licenses BEGIN
    UPDATE customers SET license_count = license_count - (OLD.obsolete = 0), server_count = server_count - OLD.server_count,
      device_count = device_count - OLD.device_count WHERE id = OLD.customer_id;
    UPDATE customers SET license_count = license_count + (NEW.obsolete = 0), server_count = server_count + NEW.server_count,
      device_count = device_count + NEW.device_count WHERE id = NEW.customer_id;
    UPDATE licenses SET customer_name = (SELECT name FROM customers WHERE id = NEW.customer_id)
      WHERE id = NEW.id AND OLD.customer_id IS NOT NEW.customer_id;
    UPDATE license_groups SET server_count = server_count + NEW.server_count - OLD.server_count
      WHERE NEW.server_count <> OLD.server_count AND id IN (SELECT group_id FROM license_group_members WHERE license_id = NEW.id);
  END;
  CREATE TRIGGER license_customer_delete AFTER DELETE ON licenses BEGIN
    UPDATE customers SET license_count = license_count - (OLD.obsolete = 0), server_count = server_count - OLD.server_count,
      device_count = device_count - OLD.device_count WHERE id = OLD.customer_id;
  END;
  CREATE TRIGGER license_search_insert AFTER INSERT ON licenses BEGIN
    UPDATE licenses SET search_text = slc || char(1) || COALESCE(product, '') || ' ' || COALESCE(product_version, '') || char(1) ||
      COALESCE(description, '') || char(1) || COALESCE(customer_name, 'Unspecified') WHERE id = NEW.id;
  END;
  CREATE TRIGGER license_search_update AFTER UPDATE OF slc, product, product_version, description, customer_name ON licenses BEGIN
    UPDATE licenses SET search_text = slc || char(1) || COALESCE(product, '') || ' ' || COALESCE(product_version, '') || char(1) ||
      COALESCE(description, '') || char(1) || COALESCE(customer_name, 'Unspecified') WHERE id = NEW.id;
  END;
  CREATE TRIGGER customer_rename AFTER UPDATE OF name ON customers BEGIN
    UPDATE licenses SET customer_name = NEW.name WHERE customer_id = NEW.id;
  END;
  CREATE TRIGGER group_member_insert AFTER INSERT ON license_group_members BEGIN
    UPDATE license_groups SET license_count = license_count + 1,
      server_count = server_count + COALESCE((SELECT server_count FROM licenses WHERE id = NEW.license_id), 0) WHERE id = NEW.group_id;
  END;
  CREATE TRIGGER group_member_delete AFTER DELETE ON license_group_members BEGIN
    UPDATE license_groups SET license_count = license_count - 1,
      server_count = server_count - COALESCE((SELECT server_count FROM licenses WHERE id = OLD.license_id), 0) WHERE id = OLD.group_id;
  END;
  CREATE TRIGGER group_member_update AFTER UPDATE ON license_group_members BEGIN
    UPDATE license_groups SET license_count = license_count - 1,
      server_count = server_count - COALESCE((SELECT server_count FROM licenses WHERE id = OLD.license_id), 0) WHERE id = OLD.group_id;
    UPDATE license_groups SET license_count = license_count + 1,
      server_count = server_count + COALESCE((SELECT server_count FROM licenses WHERE id = NEW.license_id), 0) WHERE id = NEW.group_id;
  END;

  -- What the registry's lists show of a license, with the accountId/customerId that visibilityWhere uses.
  CREATE VIEW license_view AS
  SELECT l.id AS id, l.account_id AS accountId, l.customer_id AS customerId, l.slc AS slc, l.kind AS kind,
         l.product AS product, l.product_version AS version, COALESCE(l.customer_name, 'Unspecified') AS customer,
         l.customer_name AS customerName, l.search_text AS searchText, l.description AS description, l.server_count AS servers, l.device_count AS activatedDevices,
         l.care_plus_expires_at AS carePlus, l.care_premium_expires_at AS carePremium, l.obsolete AS obsolete,
         l.expires_on AS expiresOn, l.deactivated_at AS deactivatedAt, l.registered_at AS registeredAt,
         l.next_release_on AS nextReleaseOn, l.created_at AS createdAt, l.expiration_reminder AS expirationReminder
  FROM licenses l;
  `
]
