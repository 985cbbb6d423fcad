import path from 'node:path';
import type { DocInfo } from './types.js';

/**
 * Documents uploaded in the console (src/web/admin/pages/knowledge.ts) are written to this folder of
 * the first corpus folder. They are untrusted: marked as such in the model's prompt, and the model's
 * answer from them is kept only when grounded (src/qa/grounding.ts).
 */
export const UPLOADS_DIR = 'uploads';

export function isUploadFile(file: string): boolean {
  return path.basename(path.dirname(file)) === UPLOADS_DIR;
}

/** The names (`doc`) of the uploaded documents among `docs`. */
export function uploadedDocs(docs: readonly DocInfo[]): Set<string> {
  return new Set(docs.filter((d) => isUploadFile(d.file)).map((d) => d.doc));
}
