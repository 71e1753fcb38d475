// Migration 1: the whole schema of the first release. Tables marked "append-only" are history:
// normal operation only ever INSERTs into them.
export const name = 'initial';

export const sql = `
CREATE TABLE microgrids (
  id          TEXT PRIMARY KEY,
  depot_id    TEXT NOT NULL,
  name        TEXT NOT NULL,
  version     INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);

-- append-only: every accepted configuration version with its full document
CREATE TABLE revisions (
  microgrid_id TEXT NOT NULL REFERENCES microgrids(id),
  version      INTEGER NOT NULL,
  at           TEXT NOT NULL,
  by           TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('CREATED', 'TOPOLOGY', 'LIMITS', 'ALIASES', 'LEGACY_TOU')),
  summary      TEXT NOT NULL,
  document     TEXT NOT NULL,
  PRIMARY KEY (microgrid_id, version)
);

-- the circuit aliases of each microgrid's current version: an index for global lookups by circuit id
CREATE TABLE circuit_aliases (
  microgrid_id TEXT NOT NULL REFERENCES microgrids(id),
  position     INTEGER NOT NULL,
  circuit_id   TEXT NOT NULL,
  node_id      TEXT NOT NULL,
  PRIMARY KEY (microgrid_id, position)
);
CREATE INDEX circuit_aliases_by_circuit ON circuit_aliases (circuit_id);

-- received operating envelopes; never changed after insert (supersede and withdraw are events)
CREATE TABLE envelopes (
  microgrid_id   TEXT NOT NULL REFERENCES microgrids(id),
  id             TEXT NOT NULL,
  target_node_id TEXT NOT NULL,
  source_id      TEXT NOT NULL,
  external_ref   TEXT NOT NULL,
  valid_from_ms  INTEGER NOT NULL,
  valid_to_ms    INTEGER NOT NULL,
  record         TEXT NOT NULL,
  PRIMARY KEY (microgrid_id, id),
  UNIQUE (microgrid_id, source_id, external_ref)
);
CREATE INDEX envelopes_by_window ON envelopes (microgrid_id, valid_to_ms, valid_from_ms);
CREATE INDEX envelopes_by_source ON envelopes (microgrid_id, source_id, target_node_id);

-- append-only
CREATE TABLE envelope_events (
  seq          INTEGER PRIMARY KEY,
  microgrid_id TEXT NOT NULL,
  envelope_id  TEXT NOT NULL,
  event        TEXT NOT NULL,
  FOREIGN KEY (microgrid_id, envelope_id) REFERENCES envelopes (microgrid_id, id)
);
CREATE INDEX envelope_events_by_envelope ON envelope_events (microgrid_id, envelope_id, seq);

CREATE TABLE capability_bindings (
  microgrid_id  TEXT NOT NULL REFERENCES microgrids(id),
  id            TEXT NOT NULL,
  capability    TEXT NOT NULL,
  scope_node_id TEXT NOT NULL,
  source_id     TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED')),
  created_at    TEXT NOT NULL,
  released_at   TEXT,
  PRIMARY KEY (microgrid_id, id)
);

-- append-only
CREATE TABLE capability_events (
  seq            INTEGER PRIMARY KEY,
  microgrid_id   TEXT NOT NULL REFERENCES microgrids(id),
  source_id      TEXT NOT NULL,
  event_ref      TEXT NOT NULL,
  capability     TEXT NOT NULL,
  scope_node_id  TEXT NOT NULL,
  state          TEXT NOT NULL,
  observed_at    TEXT NOT NULL,
  observed_at_ms INTEGER NOT NULL,
  received_at    TEXT NOT NULL,
  UNIQUE (microgrid_id, source_id, event_ref)
);
CREATE INDEX capability_events_by_scope ON capability_events (microgrid_id, capability, scope_node_id, observed_at_ms);

-- append-only
CREATE TABLE telemetry_samples (
  seq            INTEGER PRIMARY KEY,
  microgrid_id   TEXT NOT NULL,
  point          TEXT NOT NULL,
  at_ms          INTEGER NOT NULL,
  received_at_ms INTEGER NOT NULL,
  sample         TEXT NOT NULL
);
CREATE INDEX telemetry_by_point ON telemetry_samples (microgrid_id, point, at_ms);

-- the newest sample per point (a cache of telemetry_samples kept in the same transaction)
CREATE TABLE telemetry_latest (
  microgrid_id TEXT NOT NULL,
  point        TEXT NOT NULL,
  at_ms        INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  sample       TEXT NOT NULL,
  PRIMARY KEY (microgrid_id, point)
);

-- append-only; result is the cycle result's JSON, raw-deflated (a 500-charger result is ~100 kB of
-- JSON and ~6 kB deflated: fewer bytes to sync per cycle, a database that grows 15 times slower)
CREATE TABLE cycles (
  seq          INTEGER PRIMARY KEY,
  microgrid_id TEXT NOT NULL REFERENCES microgrids(id),
  cycle_id     TEXT NOT NULL,
  at_ms        INTEGER NOT NULL,
  summary      TEXT NOT NULL,
  setpoints    TEXT NOT NULL,
  result       BLOB NOT NULL,
  UNIQUE (microgrid_id, cycle_id)
);
CREATE INDEX cycles_by_time ON cycles (microgrid_id, at_ms, seq);

-- append-only
CREATE TABLE breaches (
  seq          INTEGER PRIMARY KEY,
  microgrid_id TEXT NOT NULL,
  cycle_seq    INTEGER NOT NULL REFERENCES cycles(seq),
  at_ms        INTEGER NOT NULL,
  node_id      TEXT NOT NULL,
  breach       TEXT NOT NULL
);
CREATE INDEX breaches_by_time ON breaches (microgrid_id, at_ms, cycle_seq);

-- append-only
CREATE TABLE alias_usage (
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  at_ms        INTEGER NOT NULL,
  endpoint     TEXT NOT NULL,
  circuit_id   TEXT NOT NULL,
  microgrid_id TEXT,
  node_id      TEXT,
  outcome      TEXT NOT NULL,
  client       TEXT NOT NULL
);
CREATE INDEX alias_usage_by_circuit ON alias_usage (circuit_id, seq);

CREATE TABLE id_sequences (
  kind  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
`;
