// Where artifacts go: memory (the desktop app's worker, tests) or a folder (the CLI). Both see the
// same chunks, and the writer hashes those chunks, so the manifest is the same either way.
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export const ARTIFACT_NAMES = [
  'cycles.jsonl',
  'timeseries.csv',
  'sessions.csv',
  'summary.json',
  'manifest.json',
] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];

export interface ArtifactSink {
  /** Appends UTF-8 bytes to an artifact; `bytes` may be reused by the caller once this returns. */
  write(name: ArtifactName, bytes: Uint8Array): void;
  /** Every artifact is complete. */
  finish(): void;
  /** The run stopped (cancel, failure): leave nothing half-written behind. */
  abort(): void;
}

export class MemorySink implements ArtifactSink {
  private readonly parts = new Map<ArtifactName, Uint8Array[]>();

  write(name: ArtifactName, bytes: Uint8Array): void {
    let list = this.parts.get(name);
    if (!list) this.parts.set(name, (list = []));
    list.push(Buffer.from(bytes));
  }

  finish(): void {}

  abort(): void {
    this.parts.clear();
  }

  /** One artifact's bytes. */
  bytes(name: ArtifactName): Buffer {
    return Buffer.concat(this.parts.get(name) ?? []);
  }

  /** The artifacts' text by name, in the order of ARTIFACT_NAMES. */
  files(): Record<ArtifactName, string> {
    const out = {} as Record<ArtifactName, string>;
    for (const n of ARTIFACT_NAMES) out[n] = this.bytes(n).toString('utf8');
    return out;
  }
}

/**
 * Writes into `dir` (created when the run starts) through `<name>.part` files renamed at the end,
 * so an interrupted run never leaves an artifact that looks complete.
 */
export class DirectorySink implements ArtifactSink {
  private readonly fds = new Map<ArtifactName, number>();
  private createdDir = false;
  private madeDir = false;

  constructor(readonly dir: string) {}

  private fd(name: ArtifactName): number {
    let fd = this.fds.get(name);
    if (fd === undefined) {
      if (!this.createdDir) {
        // mkdir answers the first folder it created (undefined when the folder was there).
        this.createdDir = true;
        this.madeDir = mkdirSync(this.dir, { recursive: true }) !== undefined;
      }
      fd = openSync(join(this.dir, `${name}.part`), 'w');
      this.fds.set(name, fd);
    }
    return fd;
  }

  write(name: ArtifactName, bytes: Uint8Array): void {
    const fd = this.fd(name);
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
  }

  finish(): void {
    for (const [name, fd] of this.fds) {
      closeSync(fd);
      renameSync(join(this.dir, `${name}.part`), join(this.dir, name));
    }
    this.fds.clear();
  }

  abort(): void {
    for (const [name, fd] of this.fds) {
      closeSync(fd);
      rmSync(join(this.dir, `${name}.part`), { force: true });
    }
    this.fds.clear();
    if (this.madeDir && readdirSync(this.dir).length === 0) rmdirSync(this.dir);
  }
}
