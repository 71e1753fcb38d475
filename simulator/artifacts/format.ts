// Number and row formats of the artifacts: kW with at most 3 decimals (from integer watts), kWh
// with at most 3 decimals (from integer watt-hours), CSV rows with a fixed column order.

/** Below this many thousandths the digits are written from the integer (see thousandths). */
const EXACT_BELOW = 1e12;

/**
 * String(n / 1000) for an integer n, written from the integer's digits: the same text (a double
 * n / 1000 with at most three decimals prints as exactly those decimals, without trailing zeros),
 * several times faster than formatting the double — a depot day writes ~260,000 of them.
 * format.test.ts holds the two equal.
 */
export function thousandths(n: number): string {
  if (!Number.isInteger(n) || n <= -EXACT_BELOW || n >= EXACT_BELOW) return String(n / 1000);
  const abs = n < 0 ? -n : n;
  const whole = Math.floor(abs / 1000);
  let frac = abs - whole * 1000;
  let text: string;
  if (frac === 0) text = `${whole}`;
  else {
    let digits = 3;
    while (frac % 10 === 0) {
      frac /= 10;
      digits--;
    }
    const pad =
      digits === 3 ? (frac < 10 ? '00' : frac < 100 ? '0' : '') : digits === 2 && frac < 10 ? '0' : '';
    text = `${whole}.${pad}${frac}`;
  }
  return n < 0 ? `-${text}` : text;
}

export function kw(watts: number): string {
  return thousandths(watts);
}

export function kwh(wattHours: number): string {
  return thousandths(wattHours);
}

/** String(value) for a kW figure of a cycle result (whole watts, so at most three decimals). */
export function kwText(value: number): string {
  const watts = Math.round(value * 1000);
  return watts / 1000 === value ? thousandths(watts) : String(value);
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
