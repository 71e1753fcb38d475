// Number and row formats of the artifacts: kW with at most 3 decimals (from integer watts), kWh
// with at most 3 decimals (from integer watt-hours), CSV rows with a fixed column order.

export function kw(watts: number): string {
  return String(watts / 1000);
}

export function kwh(wattHours: number): string {
  return String(wattHours / 1000);
}

/** Values never hold a comma, quote or newline (ids, instants, enum words, numbers). */
export function csvRow(values: readonly (string | number)[]): string {
  return `${values.join(',')}\n`;
}

export const TIMESERIES_COLUMNS = [
  'at',
  'node_id',
  'limit_kw',
  'demand_kw',
  'charging_kw',
  'non_controllable_kw',
  'source_mode',
] as const;

export const SESSIONS_COLUMNS = [
  'vehicle_id',
  'origin',
  'charger_id',
  'arrive',
  'depart',
  'priority',
  'max_kw',
  'energy_kwh',
  'delivered_kwh',
  'unmet_kwh',
  'status',
] as const;

/** Pretty JSON with a final newline: summary.json and manifest.json. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
