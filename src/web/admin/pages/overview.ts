import type { FastifyInstance } from 'fastify';
import { barChart, lineChart } from '../chart.js';
import { type AdminCtx, page, sendPage, unavailable } from '../context.js';
import { type CtxOf, takeFlash } from '../flow.js';
import { type SafeHtml, html, view } from '../html.js';
import { displayMonths, thisMonth } from '../months.js';
import type { ProgressLike } from '../ports.js';
import { feedbackWeeks } from './feedback-weeks.js';

/** The campaign's targets, from 无锡市两争一树活动意见(2006) 三、(一) 总体目标. */
export const DOC_TARGETS = [
  { key: 'enterprises', service: 'learningEnterprises', target: 1000, unit: '' },
  { key: 'unions', service: 'learningUnions', target: 1000, unit: '' },
  { key: 'teams', service: 'learningGroups', target: 10000, unit: '' },
  { key: 'coverage', service: 'coverage', target: 70, unit: '%' },
] as const;

const pct = (a: number, b: number): number => (b > 0 ? (a * 100) / b : 0);

/** The forms service's progress figure for one of the document's targets (by the service's key). */
function findTarget(
  p: ProgressLike | undefined,
  serviceKey: (typeof DOC_TARGETS)[number]['service'],
): { value: number; target: number; label?: string } | undefined {
  return p?.targets.find((t) => t.key === serviceKey);
}

async function body(ctx: AdminCtx): Promise<SafeHtml> {
  const forms = ctx.ports.forms;
  const month = thisMonth(ctx);
  if (!forms) {
    const cards = DOC_TARGETS.map(
      (d) =>
        html`<div class="card"><h3>${ctx.t(`admin.target.${d.key}`)}</h3><p class="big">— / ${d.target}${d.unit}</p></div>`,
    );
    return html`<section class="cards">${cards}</section>${unavailable(ctx, ctx.t('admin.what.forms'))}`;
  }
  const months = displayMonths(await forms.reportMonths(), month);
  const progress = await Promise.all(months.map((m) => forms.progress(m).catch(() => undefined)));
  const now = progress[progress.length - 1];
  const rate = now ? pct(now.submitted.length, now.units) : 0;
  const cards = DOC_TARGETS.map((d) => {
    const t = findTarget(now, d.service);
    const value = t?.value ?? 0;
    const target = t?.target ?? d.target;
    return html`<div class="card" data-target="${d.key}"><h3>${ctx.t(`admin.target.${d.key}`)}</h3>
<p class="big">${Math.round(value * 100) / 100}${d.unit} <small>/ ${target}${d.unit}</small></p>
<div class="meter" role="meter" aria-valuemin="0" aria-valuemax="${target}" aria-valuenow="${value}"><span class="w${Math.min(100, Math.round(pct(value, target) / 5) * 5)}"></span></div></div>`;
  });
  const charts = DOC_TARGETS.map((d) => {
    const title = ctx.t(`admin.target.${d.key}`);
    const values = progress.map((p) => findTarget(p, d.service)?.value ?? null);
    const target = findTarget(now, d.service)?.target ?? d.target;
    return html`<figure class="chart-box"><figcaption>${title}</figcaption>${lineChart({ title, months, series: { label: title, values }, target, unit: d.unit })}</figure>`;
  });
  const rates = progress.map((p) => (p ? pct(p.submitted.length, p.units) : 0));
  return view(
    'overview',
    {
      month,
      rate: `${Math.round(rate)}%`,
      submitted: now?.submitted.length ?? 0,
      units: now?.units ?? 0,
      cards,
      charts,
      rateChart: barChart({ title: ctx.t('admin.overview.rate_chart'), months, values: rates }),
    },
    ctx.t,
  );
}

export function registerOverview(scope: FastifyInstance, ctxOf: CtxOf): void {
  scope.get('/', async (req, reply) => {
    const ctx = ctxOf(req);
    const flash = await takeFlash(ctx);
    const b = html`${await body(ctx)}${await feedbackWeeks(ctx)}`;
    return sendPage(reply, page(ctx, 'overview', ctx.t('admin.nav.overview'), b, flash));
  });
}
