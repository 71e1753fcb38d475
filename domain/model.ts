// The canonical model in its wire form (snake_case, kW). Structural parsing lives in document.ts;
// the rules of domain.md live in validation/. Power becomes integer watts where it is computed.

export const NODE_KINDS = [
  'GRID_CONNECTION',
  'TRANSFORMER',
  'SWITCHBOARD',
  'DISTRIBUTION_BOARD',
  'FEEDER',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const ASSET_KINDS = ['CHARGER', 'PV', 'BATTERY', 'BUILDING_LOAD'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const LIMIT_SCOPES = ['NODE', 'AGGREGATE'] as const;
export type LimitScope = (typeof LIMIT_SCOPES)[number];

export const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Day = (typeof DAYS)[number];

export interface MicrogridSettings {
  stale_after_s?: number;
  fail_safe_after_s?: number;
  cycle_interval_s?: number;
}

export interface MicrogridIdentity {
  id: string;
  depot_id: string;
  name: string;
  timezone: string;
  root_node_id: string;
  settings?: MicrogridSettings;
}

export interface MicrogridNode {
  id: string;
  parent_id: string | null;
  name: string;
  kind: NodeKind;
  /** Optional on the wire so that a missing rating is reported as RATING_INVALID, not a schema error. */
  physical_rating_kw?: number;
  metered: boolean;
}

export interface Asset {
  id: string;
  node_id: string;
  name: string;
  kind: AssetKind;
  rating_kw?: number;
  /** CHARGER only: the lowest non-zero power it can run at. */
  min_kw?: number;
  /** Non-controllable only: the demand to assume when telemetry is stale. */
  fallback_kw?: number;
}

export interface TouWindow {
  /** Strings, not Day: a bad day name is the domain error SCHEDULE_WINDOW_INVALID. */
  days: string[];
  start: string;
  end: string;
  cap_kw?: number;
}

export interface LimitPolicy {
  id: string;
  scope: LimitScope;
  node_id: string;
  hard_cap_kw?: number;
  schedule: TouWindow[];
}

export interface CircuitAlias {
  circuit_id: string;
  node_id: string;
}

export interface MicrogridDocument {
  microgrid: MicrogridIdentity;
  nodes: MicrogridNode[];
  assets: Asset[];
  limits: LimitPolicy[];
  circuit_aliases: CircuitAlias[];
  version?: number;
  updated_at?: string;
  updated_by?: string;
}

export const DEFAULT_STALE_AFTER_S = 90;
export const DEFAULT_FAIL_SAFE_AFTER_S = 900;
