import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from './decode.js';
import { attachAsks } from './expansions.js';
import { normalizeDisplay } from './normalize.js';
import { looksLikeLaw, parseLaw } from './parse-law.js';
import { parseDoc } from './parse-doc.js';
import type { Passage } from './types.js';

export const CORPUS_EXTENSIONS = ['.txt', '.md', '.docx', '.pdf'] as const;

export interface CorpusFile {
  file: string;
  doc: string;
  size: number;
  mtimeMs: number;
}

/** Every supported file under the corpus folders, sorted for a stable hash. */
export async function listCorpus(dirs: string[]): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if ((CORPUS_EXTENSIONS as readonly string[]).includes(path.extname(e.name).toLowerCase())) {
        const st = await stat(full);
        out.push({ file: full, doc: path.basename(e.name, path.extname(e.name)), size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  };
  for (const d of dirs) await walk(d);
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Content hash of the corpus (names + bytes) plus the index format version. */
export async function hashCorpus(files: CorpusFile[], version: string): Promise<string> {
  const h = createHash('sha256').update(version);
  for (const f of files) {
    h.update(`\n${f.doc}\n`);
    h.update(await readFile(f.file));
  }
  return h.digest('hex').slice(0, 32);
}

async function pdfText(buf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(buf), useSystemFonts: true, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text);
  }
  await pdf.destroy();
  return pages.join('\n');
}

/** Raw text of one corpus file (encoding detected for text files). */
export async function readCorpusText(file: string): Promise<string> {
  const buf = await readFile(file);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.docx') {
    const mammoth = await import('mammoth');
    return (await mammoth.extractRawText({ buffer: buf })).value;
  }
  if (ext === '.pdf') return pdfText(buf);
  return decodeText(buf);
}

/** Parse a document's text into passages with locators. */
export function parseText(doc: string, raw: string): { title: string; passages: Passage[] } {
  const lines = normalizeDisplay(raw).split('\n');
  return looksLikeLaw(lines) ? parseLaw(doc, lines) : parseDoc(doc, lines);
}

export async function loadFile(f: CorpusFile): Promise<{ title: string; passages: Passage[] }> {
  const parsed = parseText(f.doc, await readCorpusText(f.file));
  attachAsks(parsed.passages);
  return parsed;
}
