import { type SafeHtml, html } from './html.js';

export interface Series {
  label: string;
  values: (number | null)[];
}

const W = 360;
const H = 180;
const PAD = { l: 44, r: 12, t: 14, b: 30 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (n: number): string => (n >= 10000 ? `${Math.round(n / 1000)}k` : String(Math.round(n * 100) / 100));

/**
 * A line chart as inline SVG (no script, no external library): one line of values per month and
 * an optional dashed target line. `x` labels are months (YYYY-MM).
 */
export function lineChart(opts: {
  title: string;
  months: string[];
  series: Series;
  target?: number;
  unit?: string;
}): SafeHtml {
  const { months, series, target } = opts;
  const known = series.values.filter((v): v is number => v !== null);
  const max = niceMax(Math.max(target ?? 0, ...known, 1));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const x = (i: number) => PAD.l + (months.length <= 1 ? iw / 2 : (i * iw) / (months.length - 1));
  const y = (v: number) => PAD.t + ih - (Math.min(v, max) / max) * ih;
  const points = series.values
    .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
    .filter((p): p is string => p !== null);
  const ticks = [0, 0.5, 1].map((f) => f * max);
  const step = Math.max(1, Math.ceil(months.length / 6));
  const unit = opts.unit ?? '';
  let last: number | undefined;
  series.values.forEach((v, i) => {
    if (v !== null) last = i;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${opts.title}" xmlns="http://www.w3.org/2000/svg">
<title>${opts.title}</title>
${ticks.map((t) => html`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(t)}" y2="${y(t)}" stroke="#e3e6ea"/><text x="${PAD.l - 6}" y="${y(t) + 4}" text-anchor="end" font-size="10" fill="#6b7280">${fmt(t)}${unit}</text>`)}
${target !== undefined ? html`<line class="target" x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(target)}" y2="${y(target)}" stroke="#c0392b" stroke-dasharray="5 4"/><text x="${W - PAD.r}" y="${y(target) - 4}" text-anchor="end" font-size="10" fill="#c0392b">${fmt(target)}${unit}</text>` : ''}
${points.length > 1 ? html`<polyline class="series" points="${points.join(' ')}" fill="none" stroke="#b91c1c" stroke-width="2.5"/>` : ''}
${series.values.map((v, i) => (v === null ? '' : html`<circle cx="${x(i)}" cy="${y(v)}" r="3.5" fill="#b91c1c"><title>${months[i]}: ${fmt(v)}${unit}</title></circle>`))}
${last !== undefined ? html`<text class="latest" x="${x(last) - 6}" y="${y(series.values[last] ?? 0) - 8}" text-anchor="end" font-size="11" font-weight="700" fill="#b91c1c">${fmt(series.values[last] ?? 0)}${unit}</text>` : ''}
${months.map((m, i) => (i % step === 0 || i === months.length - 1 ? html`<text x="${x(i)}" y="${H - 10}" text-anchor="middle" font-size="10" fill="#6b7280">${m.slice(2)}</text>` : ''))}
</svg>`;
}

/** Vertical bars (0–100 %) per month, e.g. the reporting rate. */
export function barChart(opts: { title: string; months: string[]; values: number[] }): SafeHtml {
  const { months, values } = opts;
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const bw = Math.max(4, Math.min(36, (iw / Math.max(months.length, 1)) * 0.6));
  const x = (i: number) => PAD.l + ((i + 0.5) * iw) / Math.max(months.length, 1);
  const y = (v: number) => PAD.t + ih - (Math.max(0, Math.min(v, 100)) / 100) * ih;
  const step = Math.max(1, Math.ceil(months.length / 6));
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${opts.title}" xmlns="http://www.w3.org/2000/svg">
<title>${opts.title}</title>
${[0, 50, 100].map((t) => html`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(t)}" y2="${y(t)}" stroke="#e3e6ea"/><text x="${PAD.l - 6}" y="${y(t) + 4}" text-anchor="end" font-size="10" fill="#6b7280">${t}%</text>`)}
${values.map((v, i) => html`<rect class="bar" x="${(x(i) - bw / 2).toFixed(1)}" y="${y(v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(PAD.t + ih - y(v)).toFixed(1)}" fill="#b91c1c"><title>${months[i]}: ${Math.round(v)}%</title></rect>`)}
${months.map((m, i) => (i % step === 0 || i === months.length - 1 ? html`<text x="${x(i)}" y="${H - 10}" text-anchor="middle" font-size="10" fill="#6b7280">${m.slice(2)}</text>` : ''))}
</svg>`;
}
