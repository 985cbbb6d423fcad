import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IndexData } from './index-bm25.js';
import type { DocInfo, Passage } from './types.js';

/**
 * Binary cache of a built index, keyed by corpus content hash:
 * "UDQA1\n" | u32 header length | JSON header | strings blob | 4-byte aligned typed arrays.
 */

const MAGIC = 'UDQA1\n';
const SEP = '\u0000';

export interface CachedCorpus {
  docs: DocInfo[];
  passages: Passage[];
  index: IndexData;
}

export function cacheFile(cacheDir: string, hash: string): string {
  return path.join(cacheDir, `qa-index-${hash}.bin`);
}

export async function saveCache(file: string, c: CachedCorpus): Promise<void> {
  const docIdx = new Map(c.docs.map((d, i) => [d.doc, i]));
  const pDoc = new Int32Array(c.passages.length);
  const parts: string[] = [];
  c.passages.forEach((p, i) => {
    pDoc[i] = docIdx.get(p.doc) ?? 0;
    parts.push(p.locator, p.heading, p.text);
  });
  const strings = Buffer.from(parts.join(SEP), 'utf8');
  const termsBuf = Buffer.from(c.index.terms.join(SEP), 'utf8');
  const arrays = [pDoc, c.index.offsets, c.index.postDocs, c.index.postTf, c.index.norm];
  const header = Buffer.from(
    JSON.stringify({
      docs: c.docs,
      passages: c.passages.length,
      strings: strings.length,
      terms: termsBuf.length,
      lengths: arrays.map((a) => a.length),
    }),
    'utf8',
  );
  const pad = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const chunks: Buffer[] = [Buffer.from(MAGIC), len, header, strings, termsBuf];
  let size = chunks.reduce((s, b) => s + b.length, 0);
  chunks.push(pad(size));
  size += (4 - (size % 4)) % 4;
  for (const a of arrays) chunks.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, Buffer.concat(chunks));
  await rename(tmp, file);
}

export async function loadCache(file: string): Promise<CachedCorpus | null> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch {
    return null;
  }
  if (raw.subarray(0, MAGIC.length).toString() !== MAGIC) return null;
  // Typed-array views need 4-byte alignment; copy only when the read buffer is not aligned.
  let buf: Uint8Array = raw;
  if (raw.byteOffset % 4 !== 0) {
    buf = new Uint8Array(raw.length);
    buf.set(raw);
  }
  const base = buf.byteOffset;
  const view = Buffer.from(buf.buffer, base, buf.length);
  let at = MAGIC.length;
  const hLen = view.readUInt32LE(at);
  at += 4;
  const header = JSON.parse(view.toString('utf8', at, at + hLen)) as {
    docs: DocInfo[];
    passages: number;
    strings: number;
    terms: number;
    lengths: number[];
  };
  at += hLen;
  const strings = view.toString('utf8', at, at + header.strings).split(SEP);
  at += header.strings;
  const terms = header.terms > 0 ? view.toString('utf8', at, at + header.terms).split(SEP) : [];
  at += header.terms;
  at += (4 - (at % 4)) % 4;
  const [nDoc = 0, nOff = 0, nPost = 0, nTf = 0, nNorm = 0] = header.lengths;
  const take = <T>(Ctor: new (b: ArrayBuffer, o: number, n: number) => T, n: number): T => {
    const arr = new Ctor(buf.buffer as ArrayBuffer, base + at, n);
    at += n * 4;
    return arr;
  };
  const pDoc = take(Int32Array, nDoc);
  const offsets = take(Int32Array, nOff);
  const postDocs = take(Int32Array, nPost);
  const postTf = take(Float32Array, nTf);
  const norm = take(Float32Array, nNorm);
  const passages: Passage[] = new Array(header.passages);
  for (let i = 0; i < header.passages; i++) {
    const d = header.docs[pDoc[i] ?? 0] as DocInfo;
    passages[i] = {
      doc: d.doc,
      title: d.title,
      locator: strings[i * 3] ?? '',
      heading: strings[i * 3 + 1] ?? '',
      text: strings[i * 3 + 2] ?? '',
    };
  }
  return { docs: header.docs, passages, index: { terms, offsets, postDocs, postTf, norm } };
}
