// Envelopes on a timeline, one lane per scope (target node): each a bar over its validity window,
// coloured by its status at the instant shown (a line marks that instant).
import type { EnvelopeView } from '../../../../domain/envelopes/envelopes.ts';

const COLOR: Record<string, string> = {
  ACTIVE: '#1f8a4c',
  PENDING: '#0b6bcb',
  EXPIRED: '#9aa8b8',
  WITHDRAWN: '#d18b00',
  SUPERSEDED: '#b06ab3',
};

const LANE = 34;
const LEFT = 150;
const WIDTH = 1000;

export function EnvelopeTimeline({
  envelopes,
  at,
  names,
}: {
  envelopes: readonly EnvelopeView[];
  at: string;
  names: ReadonlyMap<string, string>;
}) {
  if (envelopes.length === 0)
    return <p className="muted">No operating envelopes have been received for this microgrid.</p>;
  const scopes = [...new Set(envelopes.map((e) => e.target_node_id))].sort();
  const t = (iso: string) => Date.parse(iso);
  const atMs = t(at);
  const from = Math.min(atMs, ...envelopes.map((e) => t(e.valid_from)));
  const to = Math.max(atMs, ...envelopes.map((e) => t(e.valid_to)));
  const span = Math.max(1, to - from);
  const x = (ms: number) => LEFT + ((ms - from) / span) * (WIDTH - LEFT - 10);
  const top = 16;
  const height = top + scopes.length * LANE + 20;
  return (
    <div className="timeline" data-testid="envelope-timeline">
      <svg width={WIDTH} height={height} role="img" aria-label="operating envelopes by scope over time">
        {scopes.map((scope, lane) => {
          const own = envelopes.filter((e) => e.target_node_id === scope);
          const y = top + lane * LANE + 4;
          return (
            <g key={scope} data-scope={scope}>
              <text x={4} y={y + 18} fontSize={12}>
                {names.get(scope) ?? scope} ({scope})
              </text>
              <rect x={LEFT} y={y} width={WIDTH - LEFT - 10} height={LANE - 8} fill="#f3f5f8" />
              {own.map((e, k) => {
                const x0 = x(t(e.valid_from));
                const x1 = Math.max(x0 + 3, x(t(e.valid_to)));
                // Overlapping envelopes on one scope share the lane in thin rows.
                const rows = own.length;
                const h = (LANE - 8) / rows;
                return (
                  <rect
                    key={e.id}
                    data-envelope-id={e.id}
                    data-status={e.status}
                    x={x0}
                    y={y + k * h}
                    width={x1 - x0}
                    height={Math.max(3, h - 1)}
                    fill={COLOR[e.status] ?? '#666'}
                    opacity={0.85}
                  >
                    <title>
                      {e.id} {e.status} {e.capacity_kw} kW {e.valid_from} → {e.valid_to} ({e.source.type}{' '}
                      {e.source.source_id})
                    </title>
                  </rect>
                );
              })}
            </g>
          );
        })}
        <line x1={x(atMs)} x2={x(atMs)} y1={top - 2} y2={height - 18} stroke="#c0262d" strokeWidth={2} />
        <text x={Math.min(x(atMs) + 4, WIDTH - 170)} y={11} fontSize={11} fill="#c0262d">
          shown at {at}
        </text>
        <text x={LEFT} y={height - 4} fontSize={10} fill="#5b6878">
          {new Date(from).toISOString().slice(0, 16)}Z
        </text>
        <text x={WIDTH - 10} y={height - 4} fontSize={10} fill="#5b6878" textAnchor="end">
          {new Date(to).toISOString().slice(0, 16)}Z
        </text>
      </svg>
      <p className="legend muted">
        {Object.entries(COLOR).map(([status, color]) => (
          <span key={status} style={{ marginRight: 12 }}>
            <span
              style={{ display: 'inline-block', width: 10, height: 10, background: color, marginRight: 4 }}
            />
            {status}
          </span>
        ))}
      </p>
    </div>
  );
}
