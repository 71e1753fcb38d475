// The sync commands of the bridge (issue 8): saved controller connections, the state of a local
// draft against its controller, pull, push, the re-apply of local changes onto the latest version,
// and the live view. Merged into `Commands` (contract.ts). Type-only imports, like contract.ts.
import type { CycleSummary, MicrogridSummary } from '../domain/ports.ts';
import type { ElementChange, ElementConflict, ElementRef, Side } from '../domain/sync/index.ts';
import type { StatusView } from '../domain/usecases/cycles.ts';

export type ConnectivityState = 'ONLINE' | 'UNAUTHENTICATED' | 'UNREACHABLE' | 'ERROR';

export interface ControllerConnectionView {
  id: string;
  name: string;
  url: string;
  /** The token itself never reaches the page. */
  has_token: boolean;
  actor: string | null;
  /** Sent as X-Actor: the connection's actor, else the app's user. */
  effective_actor: string;
  created_at: string;
  updated_at: string;
}

export interface ConnectivityView {
  connection_id: string;
  url: string;
  state: ConnectivityState;
  checked_at: string;
  message: string;
  code?: string;
  microgrid_count?: number;
}

export interface SyncLogRow {
  at: string;
  action: 'LINK' | 'PULL' | 'PUSH' | 'REAPPLY' | 'UNLINK';
  outcome: string;
  local_version: number | null;
  base_version: number | null;
  remote_version: number | null;
  actor: string | null;
  detail: string;
}

/** The controller side as last seen: reachable or not, and its version of the microgrid. */
export interface ControllerSideView {
  connection_id: string;
  state: ConnectivityState;
  checked_at: string;
  message: string;
  code?: string;
  /** Whether the controller has this microgrid (when it answered). */
  exists?: boolean;
  version?: number;
  updated_at?: string;
  updated_by?: string;
}

export interface SyncLinkView {
  connection: ControllerConnectionView | null;
  /** The controller version the draft is based on (sent as If-Match on push). */
  base_version: number;
  base_updated_at: string;
  base_updated_by: string;
  /** The local version when the base was last set. */
  local_version_at_base: number;
  linked_at: string;
  last_pull_at: string | null;
  last_push_at: string | null;
}

export interface SyncStatusView {
  microgrid_id: string;
  local: { version: number; updated_at: string; updated_by: string; name: string } | null;
  link: SyncLinkView | null;
  controller: ControllerSideView | null;
  /** Base → local, element by element: what a push would send. */
  pending_changes: ElementChange[];
  /** The controller holds a newer version than the base (null when not known). */
  behind: boolean | null;
  /** Newest first. */
  log: SyncLogRow[];
}

/** Every sync command that changes state says so, and that it is not undoable. */
export interface SyncChange {
  undoable: false;
  microgrid_id: string;
}

export interface PullResult extends SyncChange {
  /** created: new local microgrid; updated: local replaced by the controller's newer version;
   * linked: local already equal, now linked; up-to-date: nothing to do. */
  outcome: 'created' | 'updated' | 'linked' | 'up-to-date';
  local_version: number;
  base_version: number;
}

export interface PushStepResult {
  part: 'topology' | 'limits' | 'aliases';
  bridge: boolean;
  version: number;
}

export interface PushResult extends SyncChange {
  /** pushed: versions written; created: the microgrid created on the controller; nothing: no pending change. */
  outcome: 'pushed' | 'created' | 'nothing';
  from_version: number;
  version: number;
  steps: PushStepResult[];
  local_version: number;
}

/** The details of a refused push (code CONFIG_VERSION_CONFLICT): what the conflict view shows. */
export interface ConflictDetails {
  microgrid_id: string;
  expected_version: number;
  current_version: number;
  updated_at: string;
  updated_by: string;
  changed_kinds: string[];
  /** base → controller's current version. */
  remote_changes: ElementChange[];
  /** base → local draft. */
  local_changes: ElementChange[];
  /** Keys of the elements both sides changed. */
  both: string[];
}

export interface ReapplyPreview {
  microgrid_id: string;
  local_version: number;
  base_version: number;
  remote_version: number;
  remote_updated_at: string;
  remote_updated_by: string;
  local_changes: ElementChange[];
  remote_changes: ElementChange[];
  reapplied: ElementRef[];
  agreed: ElementRef[];
  conflicts: ElementConflict[];
  /** The base already is the controller's latest version: nothing to re-apply onto. */
  up_to_date: boolean;
}

export interface ReapplyResult extends SyncChange {
  local_version: number;
  base_version: number;
  reapplied: ElementRef[];
  agreed: ElementRef[];
  chosen: { key: string; choice: Side }[];
  pending_changes: ElementChange[];
}

export interface LiveView {
  microgrid_id: string;
  connection_id: string;
  fetched_at: string;
  status: StatusView;
  recent_cycles: CycleSummary[];
}

export interface SyncCommands {
  listConnections: { input: Record<string, never>; result: { connections: ControllerConnectionView[] } };
  /** Without `id`: a new connection. `token` absent keeps the saved one; null or '' clears it. */
  saveConnection: {
    input: { id?: string; name: string; url: string; token?: string | null; actor?: string | null };
    result: ControllerConnectionView;
  };
  removeConnection: { input: { connection_id: string }; result: { removed: string } };
  checkConnection: { input: { connection_id: string }; result: ConnectivityView };
  listRemoteMicrogrids: {
    input: { connection_id: string };
    result: { connection_id: string; microgrids: MicrogridSummary[] };
  };
  /** `connection_id` names the controller to compare with when the microgrid is not linked yet. */
  syncStatus: { input: { microgrid_id: string; connection_id?: string }; result: SyncStatusView };
  pullMicrogrid: {
    input: { microgrid_id: string; connection_id?: string; discard_local?: boolean };
    result: PullResult;
  };
  pushMicrogrid: { input: { microgrid_id: string; connection_id?: string }; result: PushResult };
  previewReapply: { input: { microgrid_id: string }; result: ReapplyPreview };
  reapplyChanges: {
    input: { microgrid_id: string; remote_version: number; choices: Record<string, Side> };
    result: ReapplyResult;
  };
  unlinkMicrogrid: { input: { microgrid_id: string }; result: SyncChange };
  liveStatus: { input: { microgrid_id: string; connection_id?: string }; result: LiveView };
}
