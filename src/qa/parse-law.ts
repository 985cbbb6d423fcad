import type { Passage } from './types.js';

/**
 * Laws in Markdown: `# title`, `## 第X章`, `### 第X节`, articles `第X条` whose following
 * paragraphs (款) and items (（一）项) belong to the article until the next article or heading.
 */

const ARTICLE = /^(第[零〇一二两三四五六七八九十百千万\d]+条(?:之[一二三四五六七八九十]+)?)(?:\s+|$)(\S.*|)$/; // (\S.*|): linear (bench/redos.ts)

export function looksLikeLaw(lines: string[]): boolean {
  let articles = 0;
  for (const l of lines) if (ARTICLE.test(l) && ++articles >= 2) return true;
  return false;
}

export function parseLaw(doc: string, lines: string[]): { title: string; passages: Passage[] } {
  const titles: string[] = [];
  const headings: string[] = [];
  const passages: Passage[] = [];
  let current: { locator: string; heading: string; lines: string[] } | null = null;
  let inPreamble = lines.some((l) => l.startsWith('<!-- INFO END'));
  let title = '';

  const flush = (): void => {
    if (current && current.lines.length > 0) {
      passages.push({ doc, title, locator: current.locator, heading: current.heading, text: current.lines.join('\n') });
    }
    current = null;
  };

  for (const line of lines) {
    if (line === '') continue;
    const h = /^(#{1,6})\s*(\S.*|)$/.exec(line);
    if (h) {
      const level = (h[1] ?? '#').length;
      const text = (h[2] ?? '').trim();
      if (level === 1 && passages.length === 0 && current === null) {
        titles.push(text);
        title = titles.join(' ');
        continue;
      }
      flush();
      headings.length = Math.max(0, level - 2);
      headings[level - 2] = text;
      continue;
    }
    if (inPreamble) {
      if (line.startsWith('<!-- INFO END')) inPreamble = false;
      continue;
    }
    if (line.startsWith('<!--')) continue;
    const a = ARTICLE.exec(line);
    if (a) {
      flush();
      current = { locator: a[1] ?? '', heading: headings.filter(Boolean).join(' '), lines: [] };
      if (a[2]) current.lines.push(a[2]);
      continue;
    }
    if (current === null) {
      const heading = headings.filter(Boolean).join(' ');
      current = { locator: heading.split(' ').pop() || '序言', heading, lines: [] };
    }
    current.lines.push(line);
  }
  flush();
  return { title: title || doc, passages };
}
