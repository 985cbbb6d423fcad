import { B, type IndexData, K1 } from './index-bm25.js';
import { normalizeSearch } from './normalize.js';
import { CHAR_PREFIX, charGrams, tokenize, tokenizeSearch } from './segment.js';
import type { Passage } from './types.js';

/**
 * Index construction in two phases so it can run in parallel: `accumulate` segments a slice of
 * passages into per-passage (term id, weighted tf) lists with a local term table; `finishIndex`
 * merges slices into the global CSR postings.
 */

/**
 * asks (the passage's expansion questions, expansions.ts) at 0.5: chosen by 5-fold CV on train among
 * 0.25 / 0.5 / 1 (answer accuracy 0.883 / 0.883 / 0.878 after the first round of questions).
 */
export const FIELD_WEIGHTS = { text: 1, heading: 1.5, title: 0.6, locator: 2, asks: 0.5 } as const;
/** Character bigrams (CHAR_PREFIX terms): text at 1, headings at this weight, titles at half of it. */
export const CHAR_HEADING_WEIGHT = 1;

export interface Accumulated {
  terms: string[];
  /** Passage p's entries are [starts[p], starts[p+1]) of ids/tfs. */
  starts: Int32Array;
  ids: Int32Array;
  tfs: Float32Array;
  lens: Float32Array;
}

/** Character-bigram pruning: df above this share of passages, but never below CHAR_MIN_LIMIT. */
export const CHAR_MAX_DF_SHARE = 0.01;
export const CHAR_MIN_LIMIT = 1000;

export function accumulate(passages: Passage[]): Accumulated {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const idOf = (t: string): number => {
    let id = termIds.get(t);
    if (id === undefined) {
      id = terms.length;
      termIds.set(t, id);
      terms.push(t);
    }
    return id;
  };
  let acc = new Float32Array(1 << 16);
  const touched: number[] = [];
  const bump = (id: number, w: number): void => {
    if (id >= acc.length) {
      const bigger = new Float32Array(acc.length * 2);
      bigger.set(acc);
      acc = bigger;
    }
    if (acc[id] === 0) touched.push(id);
    acc[id] = (acc[id] as number) + w;
  };
  // Character bigrams of the text by numeric key (two UTF-16 codes), so the hot loop neither builds
  // nor hashes a string per bigram; ids come out in the same order as charGrams + idOf.
  const gramIds = new Map<number, number>();
  const charIds = (ns: string, each: (id: number) => void): void => {
    let runStart = -1;
    for (let k = 0; k <= ns.length; k++) {
      const c = k < ns.length ? ns.charCodeAt(k) : 0;
      if (c >= 0x3400 && c <= 0x9fff) {
        if (runStart < 0) runStart = k;
        else {
          const key = ns.charCodeAt(k - 1) * 65536 + c;
          let id = gramIds.get(key);
          if (id === undefined) {
            id = idOf(CHAR_PREFIX + ns.slice(k - 1, k + 1));
            gramIds.set(key, id);
          }
          each(id);
        }
      } else {
        if (runStart >= 0 && k - runStart === 1) {
          const key = ns.charCodeAt(runStart);
          let id = gramIds.get(key);
          if (id === undefined) {
            id = idOf(CHAR_PREFIX + ns[runStart]);
            gramIds.set(key, id);
          }
          each(id);
        }
        runStart = -1;
      }
    }
  };
  // Headings, locators and titles repeat across passages: segment each once.
  const memo = new Map<string, Int32Array>();
  const fieldIds = (key: string, text: string): Int32Array => {
    let ids = memo.get(key);
    if (!ids) {
      if (memo.size > 100_000) memo.clear();
      const grams = charGrams(normalizeSearch(text));
      ids = Int32Array.from([...tokenize(text).map((t) => idOf(t.term)), ...grams.map((g) => -1 - idOf(g))]);
      memo.set(key, ids);
    }
    return ids;
  };

  const starts = new Int32Array(passages.length + 1);
  let ids = new Int32Array(1 << 20);
  let tfs = new Float32Array(1 << 20);
  let n = 0;
  const lens = new Float32Array(passages.length);
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i] as Passage;
    let len = 0;
    const ns = normalizeSearch(p.text);
    for (const t of tokenizeSearch(ns)) {
      bump(idOf(t.term), FIELD_WEIGHTS.text);
      len += FIELD_WEIGHTS.text;
    }
    charIds(ns, (id) => bump(id, 1));
    // Field ids ≥ 0 are word terms, −1−id character bigrams (weighted separately).
    const field = (ids: Int32Array, w: number, cw: number): void => {
      for (const id of ids)
        if (id >= 0) bump(id, w);
        else if (cw > 0) bump(-1 - id, cw);
    };
    field(fieldIds(`h\u0000${p.heading}`, p.heading), FIELD_WEIGHTS.heading, CHAR_HEADING_WEIGHT);
    field(fieldIds(`l\u0000${p.locator}`, p.locator), FIELD_WEIGHTS.locator, 0);
    // The file name is part of the title field (无锡市两争一树活动意见 names the document too).
    const titleText = `${p.doc} ${p.title}`;
    field(fieldIds(`t\u0000${titleText}`, titleText), FIELD_WEIGHTS.title, CHAR_HEADING_WEIGHT / 2);
    // How people ask about it (expansions.ts): words and character bigrams, at a lower weight.
    // Their words count in the passage's length as well (as in BM25F), so a one-line passage with
    // a dozen expansion questions does not outscore the article that states the rule.
    if (p.asks) {
      const na = normalizeSearch(p.asks);
      for (const t of tokenizeSearch(na)) {
        bump(idOf(t.term), FIELD_WEIGHTS.asks);
        len += FIELD_WEIGHTS.asks;
      }
      charIds(na, (id) => bump(id, FIELD_WEIGHTS.asks));
    }
    lens[i] = len;
    if (n + touched.length > ids.length) {
      const size = Math.max(ids.length * 2, n + touched.length);
      const ni = new Int32Array(size);
      ni.set(ids.subarray(0, n));
      ids = ni;
      const nt = new Float32Array(size);
      nt.set(tfs.subarray(0, n));
      tfs = nt;
    }
    for (const id of touched) {
      ids[n] = id;
      tfs[n++] = acc[id] as number;
      acc[id] = 0;
    }
    touched.length = 0;
    starts[i + 1] = n;
  }
  return { terms, starts, ids: ids.slice(0, n), tfs: tfs.slice(0, n), lens };
}

/** Merge accumulated slices (in passage order) into one index. */
export function finishIndex(parts: Accumulated[]): IndexData {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const remaps = parts.map((part) => {
    const remap = new Int32Array(part.terms.length);
    part.terms.forEach((t, i) => {
      let id = termIds.get(t);
      if (id === undefined) {
        id = terms.length;
        termIds.set(t, id);
        terms.push(t);
      }
      remap[i] = id;
    });
    return remap;
  });
  const offsets = new Int32Array(terms.length + 1);
  parts.forEach((part, k) => {
    const remap = remaps[k] as Int32Array;
    for (const local of part.ids) {
      const id = remap[local] as number;
      offsets[id + 1] = (offsets[id + 1] as number) + 1;
    }
  });
  // Character bigrams in more than CHAR_MAX_DF_SHARE of a large corpus's passages carry little and
  // cost most of the postings: they are dropped (kept as terms with empty postings).
  const nAll = parts.reduce((s, p) => s + p.lens.length, 0);
  const charLimit = Math.max(CHAR_MIN_LIMIT, Math.floor(CHAR_MAX_DF_SHARE * nAll));
  const pruned = new Uint8Array(terms.length);
  for (let t = 0; t < terms.length; t++)
    if ((offsets[t + 1] as number) > charLimit && (terms[t] as string).startsWith(CHAR_PREFIX)) {
      pruned[t] = 1;
      offsets[t + 1] = 0;
    }
  for (let t = 0; t < terms.length; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
  const nPost = offsets[terms.length] as number;
  const postDocs = new Int32Array(nPost);
  const postTf = new Float32Array(nPost);
  const fill = offsets.slice(0, terms.length);
  const nPassages = parts.reduce((s, p) => s + p.lens.length, 0);
  const norm = new Float32Array(nPassages);
  let total = 0;
  for (const part of parts) for (const l of part.lens) total += l;
  const avg = nPassages > 0 && total > 0 ? total / nPassages : 1;
  let base = 0;
  parts.forEach((part, k) => {
    const remap = remaps[k] as Int32Array;
    for (let d = 0; d < part.lens.length; d++) {
      norm[base + d] = K1 * (1 - B + (B * (part.lens[d] as number)) / avg);
      for (let j = part.starts[d] as number; j < (part.starts[d + 1] as number); j++) {
        const id = remap[part.ids[j] as number] as number;
        if (pruned[id] === 1) continue;
        const at = fill[id] as number;
        postDocs[at] = base + d;
        postTf[at] = part.tfs[j] as number;
        fill[id] = at + 1;
      }
    }
    base += part.lens.length;
  });
  return { terms, offsets, postDocs, postTf, norm };
}

export function buildIndex(passages: Passage[]): IndexData {
  return finishIndex([accumulate(passages)]);
}
