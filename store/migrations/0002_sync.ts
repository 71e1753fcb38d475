// Migration 2: the desktop app's sync with site controllers. The controller never writes these
// tables (the two share one migration set); the app keeps its saved controller connections, the
// base of every draft linked to a controller, and an append-only log of what each sync did.
export const name = 'sync';

export const sql = `
-- a saved controller connection; the bearer token stays here and is never sent to the page
CREATE TABLE sync_connections (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  url         TEXT NOT NULL,
  token       TEXT,
  actor       TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- a local microgrid linked to the controller microgrid of the same id: the draft's base
CREATE TABLE sync_drafts (
  microgrid_id       TEXT PRIMARY KEY REFERENCES microgrids(id),
  connection_id      TEXT NOT NULL REFERENCES sync_connections(id),
  base_version       INTEGER NOT NULL,
  base_local_version INTEGER NOT NULL,
  base_document      TEXT NOT NULL,
  linked_at          TEXT NOT NULL,
  last_pull_at       TEXT,
  last_push_at       TEXT
);
CREATE INDEX sync_drafts_by_connection ON sync_drafts (connection_id);

-- append-only: every pull, push, re-apply and refused push
CREATE TABLE sync_log (
  seq            INTEGER PRIMARY KEY,
  at             TEXT NOT NULL,
  microgrid_id   TEXT NOT NULL,
  connection_id  TEXT,
  action         TEXT NOT NULL,
  outcome        TEXT NOT NULL,
  local_version  INTEGER,
  base_version   INTEGER,
  remote_version INTEGER,
  actor          TEXT,
  detail         TEXT NOT NULL
);
CREATE INDEX sync_log_by_microgrid ON sync_log (microgrid_id, seq);
`;
