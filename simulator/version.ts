// The tool version recorded in every manifest: the package's own version, so a run is tied to the
// code that produced it (same profile + seed + version = same bytes).
import pkg from '../package.json' with { type: 'json' };

export const TOOL_NAME: string = pkg.name;
export const TOOL_VERSION: string = pkg.version;
