// The artifact folder's writer on its own thread: it hashes and writes the encoded chunks the run
// transfers to it (no copy), so the run's thread only builds and encodes the text. Plain
// JavaScript (no loader needed in a worker). Same bytes and digests as writer.ts + DirectorySink, which it mirrors:
// `<name>.part` files renamed when the run finishes, removed (with a folder it made) on abort.
// One run at a time, from `begin` (its folder) to `finish` or `abort`; then it may serve another
// (starting a thread costs more than a short run's writing).
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
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
import { parentPort } from 'node:worker_threads';

let dir = '';
const files = new Map();
let createdDir = false;
let madeDir = false;

function open(name) {
  let f = files.get(name);
  if (!f) {
    if (!createdDir) {
      createdDir = true;
      madeDir = mkdirSync(dir, { recursive: true }) !== undefined;
    }
    f = { fd: openSync(join(dir, `${name}.part`), 'w'), hash: createHash('sha256') };
    files.set(name, f);
  }
  return f;
}

function write(name, chunk, length) {
  const f = open(name);
  const bytes = Buffer.from(chunk, 0, length);
  f.hash.update(bytes);
  for (let off = 0; off < bytes.length;) off += writeSync(f.fd, bytes, off);
}

const handlers = {
  begin: (m) => {
    dir = m.dir;
    files.clear();
    createdDir = false;
    madeDir = false;
    failed = null;
  },
  write: (m) => {
    write(m.name, m.chunk, m.length);
    // Hand the memory back for the next chunk: fresh pages for every chunk cost more than the copy.
    parentPort.postMessage({ recycle: m.chunk }, [m.chunk]);
  },
  // An artifact with no bytes at all is still created.
  close: (m) => open(m.name).hash.digest('hex'),
  finish: () => {
    for (const [name, f] of files) {
      closeSync(f.fd);
      renameSync(join(dir, `${name}.part`), join(dir, name));
    }
    files.clear();
  },
  abort: () => {
    for (const [name, f] of files) {
      closeSync(f.fd);
      rmSync(join(dir, `${name}.part`), { force: true });
    }
    files.clear();
    if (madeDir && readdirSync(dir).length === 0) rmdirSync(dir);
  },
};

let failed = null;
parentPort.on('message', (m) => {
  // After a failure only abort is honoured, and every answer carries the first failure.
  if (failed && m.op !== 'abort' && m.op !== 'begin') {
    if (m.id !== undefined) parentPort.postMessage({ id: m.id, error: failed });
    return;
  }
  try {
    const value = handlers[m.op](m);
    if (m.id !== undefined) parentPort.postMessage({ id: m.id, value });
  } catch (e) {
    failed ??= e instanceof Error ? e.message : String(e);
    if (m.id !== undefined) parentPort.postMessage({ id: m.id, error: failed });
  }
});
