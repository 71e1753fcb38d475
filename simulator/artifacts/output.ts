// Where a run's text goes: through ArtifactWriter into a sink on this thread, or — for an artifact
// folder — to a worker thread that encodes, hashes and writes while the run goes on. Both give the
// same bytes and the same digests.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DirectorySink, type ArtifactName, type ArtifactSink } from './sink.ts';
import { ArtifactWriter } from './writer.ts';

export interface ArtifactOutput {
  write(name: ArtifactName, text: string): void;
  /** Appends UTF-8 bytes; the caller may reuse `bytes` once this returns. */
  writeBytes(name: ArtifactName, bytes: Uint8Array): void;
  /** The file is complete: its sha256 (hex). */
  close(name: ArtifactName): Promise<string>;
  /** Every file is complete and in place. */
  finish(): Promise<void>;
  /** The run stopped: nothing half-written is left. */
  abort(): Promise<void>;
}

class SinkOutput implements ArtifactOutput {
  private readonly writer: ArtifactWriter;

  constructor(private readonly sink: ArtifactSink) {
    this.writer = new ArtifactWriter(sink);
  }

  write(name: ArtifactName, text: string): void {
    this.writer.write(name, text);
  }

  writeBytes(name: ArtifactName, bytes: Uint8Array): void {
    this.writer.writeBytes(name, bytes);
  }

  async close(name: ArtifactName): Promise<string> {
    return this.writer.close(name);
  }

  async finish(): Promise<void> {
    this.sink.finish();
  }

  async abort(): Promise<void> {
    this.sink.abort();
  }
}

const WORKER_URL = new URL('./directory-writer.worker.mjs', import.meta.url);

const CHUNK_BYTES = 1 << 20;

/**
 * Chunks the writer threads have written and handed back, kept for the next chunk of any run in
 * this process: memory the process has touched before is much cheaper than fresh pages (on these
 * VMs mapping a fresh MiB in costs ~4 ms, more than encoding it). A few chunks are in flight at a
 * time, so a few suffice.
 */
const freeChunks: ArrayBuffer[] = [];
const FREE_CHUNKS_KEPT = 8;

/** Writer threads between runs (starting one takes ~60 ms here); they never keep the process alive. */
const idleWriters: Worker[] = [];
const IDLE_WRITERS_KEPT = 2;

function writerThread(): Worker {
  const idle = idleWriters.pop();
  if (idle) return idle;
  const worker = new Worker(WORKER_URL);
  // A thread that fails or stops while idle is simply not used again.
  const forget = () => {
    const at = idleWriters.indexOf(worker);
    if (at >= 0) idleWriters.splice(at, 1);
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  return worker;
}

class ThreadedDirectoryOutput implements ArtifactOutput {
  private readonly worker: Worker;
  /** Per file, the chunk being filled; its memory is handed over to the worker when full. */
  private readonly chunks = new Map<ArtifactName, { buf: Buffer; used: number }>();
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private next = 0;
  private dead: Error | null = null;

  private readonly onMessage = (m: {
    id: number;
    value?: unknown;
    error?: string;
    recycle?: ArrayBuffer;
  }) => {
    if (m.recycle) {
      if (freeChunks.length < FREE_CHUNKS_KEPT) freeChunks.push(m.recycle);
      return;
    }
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(`writing the artifacts failed: ${m.error}`));
    else p?.resolve(m.value);
  };
  private readonly onError = (e: Error) => {
    this.dead ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  };
  private readonly onExit = (code: number) =>
    this.onError(new Error(`the artifact writer stopped (exit ${code})`));

  constructor(dir: string) {
    this.worker = writerThread();
    this.worker.ref();
    this.worker.on('message', this.onMessage);
    this.worker.on('error', this.onError);
    this.worker.on('exit', this.onExit);
    this.worker.postMessage({ op: 'begin', dir });
  }

  /** After a run that ended well the thread waits, unreferenced, for the next run in this process. */
  private release(): Promise<void> {
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
    if (this.dead || idleWriters.length >= IDLE_WRITERS_KEPT) return this.worker.terminate().then(() => {});
    this.worker.unref();
    idleWriters.push(this.worker);
    return Promise.resolve();
  }

  private ask<T>(message: Record<string, unknown>): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private send(name: ArtifactName, buf: Buffer, used: number): void {
    if (this.dead || used === 0) return;
    // The chunk owns its ArrayBuffer (never a pooled slice), so it can be transferred, not copied.
    const chunk = buf.buffer as ArrayBuffer;
    this.worker.postMessage({ op: 'write', name, chunk, length: used }, [chunk]);
  }

  private chunk(minBytes: number): Buffer {
    const reused = minBytes <= CHUNK_BYTES ? freeChunks.pop() : undefined;
    return reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, minBytes));
  }

  /** The chunk of `name` with room for `bytes` more. */
  private room(name: ArtifactName, bytes: number): { buf: Buffer; used: number } {
    let c = this.chunks.get(name);
    if (!c) this.chunks.set(name, (c = { buf: this.chunk(bytes), used: 0 }));
    if (c.used + bytes > c.buf.length) {
      this.send(name, c.buf, c.used);
      c.buf = this.chunk(bytes);
      c.used = 0;
    }
    return c;
  }

  write(name: ArtifactName, text: string): void {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    const c = this.room(name, text.length * 3);
    c.used += c.buf.write(text, c.used, 'utf8');
  }

  writeBytes(name: ArtifactName, bytes: Uint8Array): void {
    const c = this.room(name, bytes.length);
    c.buf.set(bytes, c.used);
    c.used += bytes.length;
  }

  close(name: ArtifactName): Promise<string> {
    const c = this.chunks.get(name);
    if (c) this.send(name, c.buf, c.used);
    this.chunks.delete(name);
    return this.ask<string>({ op: 'close', name });
  }

  async finish(): Promise<void> {
    try {
      await this.ask({ op: 'finish' });
    } catch (e) {
      await this.worker.terminate();
      throw e;
    }
    await this.release();
  }

  async abort(): Promise<void> {
    try {
      if (!this.dead) await this.ask({ op: 'abort' });
    } catch {
      // The worker is gone: there is nothing more it could remove.
    } finally {
      await this.worker.terminate();
    }
  }
}

/** A folder gets the threaded writer when its worker file ships beside this one (it does in the repository). */
export function openOutput(sink: ArtifactSink): ArtifactOutput {
  if (
    sink instanceof DirectorySink &&
    WORKER_URL.protocol === 'file:' &&
    existsSync(fileURLToPath(WORKER_URL))
  )
    return new ThreadedDirectoryOutput(sink.dir);
  return new SinkOutput(sink);
}
