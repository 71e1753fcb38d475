// Instants on the wire are UTC ISO-8601 with `Z`; inside the domain they are epoch milliseconds.

const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

export function isUtcInstant(value: unknown): value is string {
  return typeof value === 'string' && UTC_ISO.test(value) && Number.isFinite(Date.parse(value));
}

export function parseInstant(value: string): number {
  const ms = Date.parse(value);
  if (!UTC_ISO.test(value) || !Number.isFinite(ms)) {
    throw new RangeError(`not a UTC ISO-8601 instant ending in Z: ${JSON.stringify(value)}`);
  }
  return ms;
}

/** `2026-03-02T07:30:00Z`; milliseconds are shown only when there are some. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
