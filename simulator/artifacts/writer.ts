// Buffered, hashed artifact output: text is encoded straight into one reusable 4 MiB buffer per
// file (no joining of strings, few system calls), and each file's sha256 is taken over exactly the
// bytes handed to the sink.
import { createHash, type Hash } from 'node:crypto';
import type { ArtifactName, ArtifactSink } from './sink.ts';

const BUFFER_BYTES = 4 << 20;

interface Open {
  buf: Buffer;
  used: number;
  hash: Hash;
  /** Whether the sink has seen this file (an empty artifact must still be created). */
  touched: boolean;
}

export class ArtifactWriter {
  private readonly files = new Map<ArtifactName, Open>();

  constructor(private readonly sink: ArtifactSink) {}

  private open(name: ArtifactName): Open {
    let f = this.files.get(name);
    if (!f)
      this.files.set(
        name,
        (f = { buf: Buffer.allocUnsafe(BUFFER_BYTES), used: 0, hash: createHash('sha256'), touched: false }),
      );
    return f;
  }

  private emit(name: ArtifactName, f: Open, bytes: Uint8Array): void {
    f.hash.update(bytes);
    this.sink.write(name, bytes);
    f.touched = true;
  }

  /** The file, its buffer flushed first when `bytes` more would not fit. */
  private room(name: ArtifactName, bytes: number): Open {
    const f = this.open(name);
    if (f.used + bytes > f.buf.length) this.flush(name, f);
    return f;
  }

  write(name: ArtifactName, text: string): void {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes: text that might not fit goes as bytes.
    if (text.length * 3 > BUFFER_BYTES) return this.writeBytes(name, Buffer.from(text, 'utf8'));
    const f = this.room(name, text.length * 3);
    f.used += f.buf.write(text, f.used, 'utf8');
  }

  /** Appends bytes as they are; the caller may reuse them once this returns. */
  writeBytes(name: ArtifactName, bytes: Uint8Array): void {
    const f = this.room(name, bytes.length);
    if (bytes.length > f.buf.length) this.emit(name, f, bytes);
    else {
      f.buf.set(bytes, f.used);
      f.used += bytes.length;
    }
  }

  private flush(name: ArtifactName, f: Open): void {
    if (f.used === 0 && f.touched) return;
    this.emit(name, f, f.buf.subarray(0, f.used));
    f.used = 0;
  }

  /** Flushes the file and returns its sha256 (hex); the file may not be written to again. */
  close(name: ArtifactName): string {
    const f = this.open(name);
    this.flush(name, f);
    this.files.delete(name);
    return f.hash.digest('hex');
  }
}
