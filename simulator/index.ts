// The simulator's public surface: read and validate a profile, run it (in process or against a
// controller), and compare two artifact sets. Plain module API: the CLI and the desktop app's
// worker call the same functions and get the same manifest for the same profile and seed.
export { readProfileText, formatOf, type ProfileFormat, type ReadResult } from './profile/read.ts';
export { validateProfile, PROFILE_CODES, type ProfileReport } from './profile/validate.ts';
export { canonicalProfile, canonicalJson, profileDigest } from './profile/canonical.ts';
export type { Profile, ProfileInput } from './profile/schema.ts';
export {
  runSimulation,
  SimulationCancelled,
  SimulationError,
  type Manifest,
  type Progress,
  type RunOptions,
  type SimulationResult,
} from './run.ts';
export {
  ARTIFACT_NAMES,
  DirectorySink,
  MemorySink,
  type ArtifactName,
  type ArtifactSink,
} from './artifacts/sink.ts';
export type { Summary, EventRecord } from './artifacts/summary.ts';
export { TOOL_NAME, TOOL_VERSION } from './version.ts';
