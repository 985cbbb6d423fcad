import type { FastifyInstance } from 'fastify';
import { type AdminCtx, page, sendPage, unavailable } from '../context.js';
import { toCsv, toXlsx } from '../export.js';
import { fieldLabel, fieldValue, orderedKeys } from '../fields.js';
import { type CtxOf, takeFlash } from '../flow.js';
import { showTime } from '../input.js';
import { type SafeHtml, html, view } from '../html.js';
import { MONTH_RE as MONTH } from '../../../core/types.js';
import { displayMonths, thisMonth } from '../months.js';
import type { FormsPort, ReportLike, UnitLike } from '../ports.js';

export type Status = 'submitted' | 'amended' | 'missing';

export function statusOf(r: ReportLike | null): Status {
  if (!r) return 'missing';
  return (r.version ?? 1) > 1 ? 'amended' : 'submitted';
}

const MARK: Record<Status, string> = { submitted: '✓', amended: '✎', missing: '✗' };

function badge(ctx: AdminCtx, s: Status): SafeHtml {
  return html`<span class="st st-${s}" title="${ctx.t(`admin.reports.${s}`)}">${MARK[s]}<span class="sr"> ${ctx.t(`admin.reports.${s}`)}</span></span>`;
}

async function matrix(ctx: AdminCtx, forms: FormsPort, district: string, n: number): Promise<SafeHtml> {
  const all = await forms.listUnits();
  const districts = [...new Set(all.map((u) => u.district ?? '').filter(Boolean))].sort();
  const units = district ? all.filter((u) => u.district === district) : all;
  const months = displayMonths(await forms.reportMonths(), thisMonth(ctx), n);
  const cells = await Promise.all(
    units.map((u) => Promise.all(months.map((m) => forms.getReport(u.id, m).catch(() => null)))),
  );
  const head = html`<tr><th>${ctx.t('admin.reports.unit')}</th><th>${ctx.t('admin.reports.district')}</th>${months.map((m) => html`<th>${m}</th>`)}</tr>`;
  const rows = units.map(
    (u: UnitLike, i) =>
      html`<tr><th scope="row">${u.name}</th><td>${u.district ?? ''}</td>${months.map((m, j) => {
        const s = statusOf(cells[i]?.[j] ?? null);
        const href = `/admin/reports/${encodeURIComponent(u.id)}/${m}`;
        return html`<td data-status="${s}">${s === 'missing' ? badge(ctx, s) : html`<a href="${href}">${badge(ctx, s)}</a>`}</td>`;
      })}</tr>`,
  );
  const options = districts.map(
    (d) => html`<option value="${d}"${d === district ? html` selected` : ''}>${d}</option>`,
  );
  const month = months[months.length - 1] ?? thisMonth(ctx);
  return view(
    'reports',
    {
      options,
      months: n,
      table: units.length
        ? html`<div class="table-wrap"><table class="matrix"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`
        : html`<p class="muted">${ctx.t('admin.reports.no_units')}</p>`,
      legend: (['submitted', 'amended', 'missing'] as const).map(
        (s) => html`${badge(ctx, s)} ${ctx.t(`admin.reports.${s}`)} `,
      ),
      exportMonths: months
        .slice()
        .reverse()
        .map((m) => html`<option value="${m}"${m === month ? html` selected` : ''}>${m}</option>`),
    },
    ctx.t,
  );
}

async function detail(ctx: AdminCtx, forms: FormsPort, unitId: string, month: string): Promise<SafeHtml | null> {
  const unit = await forms.getUnit(unitId);
  if (!unit) return null;
  const versions = (await forms.reportHistory(unitId, month)).slice().reverse();
  if (versions.length === 0) {
    return html`<p><a href="/admin/reports">← ${ctx.t('admin.nav.reports')}</a></p><section class="panel"><p>${ctx.t('admin.reports.none_for', { unit: unit.name, month })}</p></section>`;
  }
  const keys = orderedKeys(versions.map((v) => v.data ?? {}));
  const head = html`<tr><th>${ctx.t('admin.reports.field')}</th>${versions.map((v) => html`<th>v${v.version ?? '?'}${v === versions[0] ? html` <small>(${ctx.t('admin.reports.latest')})</small>` : ''}</th>`)}</tr>`;
  const rows = keys.map(
    (k) =>
      html`<tr><th scope="row">${fieldLabel(k, ctx.lang)}</th>${versions.map((v, i) => {
        const val = fieldValue(k, v.data?.[k], ctx.lang);
        const older = versions[i + 1];
        const changed = older !== undefined && fieldValue(k, older.data?.[k], ctx.lang) !== val;
        return html`<td${changed ? html` class="changed"` : ''}>${val}</td>`;
      })}</tr>`,
  );
  const meta = html`<tr><th scope="row">${ctx.t('admin.reports.by')}</th>${versions.map((v) => html`<td>${v.by}<br><small>${showTime(v.at, ctx.deps.config.TIMEZONE)}</small></td>`)}</tr>`;
  return html`<p><a href="/admin/reports">← ${ctx.t('admin.nav.reports')}</a></p>
<section class="panel"><p><strong>${unit.name}</strong> · ${unit.district ?? ''} · ${month} · ${badge(ctx, statusOf(versions[0] ?? null))} ${ctx.t(`admin.reports.${statusOf(versions[0] ?? null)}`)}</p>
<p class="hint">${ctx.t('admin.reports.versions', { n: versions.length })}</p></section>
<div class="table-wrap"><table class="history"><thead>${head}</thead><tbody>${meta}${rows}</tbody></table></div>`;
}

export function registerReports(scope: FastifyInstance, ctxOf: CtxOf): void {
  scope.get('/reports', async (req, reply) => {
    const ctx = ctxOf(req);
    const title = ctx.t('admin.nav.reports');
    const forms = ctx.ports.forms;
    if (!forms) return sendPage(reply, page(ctx, 'reports', title, unavailable(ctx, ctx.t('admin.what.forms'))));
    const q = req.query as Record<string, string | undefined>;
    const n = Math.min(24, Math.max(1, Number.parseInt(q['months'] ?? '6', 10) || 6));
    const flash = await takeFlash(ctx);
    return sendPage(reply, page(ctx, 'reports', title, await matrix(ctx, forms, q['district'] ?? '', n), flash));
  });

  scope.get('/reports/export.:format', async (req, reply) => {
    const ctx = ctxOf(req);
    const forms = ctx.ports.forms;
    const { format } = req.params as { format: string };
    const month = (req.query as Record<string, string | undefined>)['month'] ?? thisMonth(ctx);
    if (!forms)
      return sendPage(
        reply,
        page(ctx, 'reports', ctx.t('admin.nav.reports'), unavailable(ctx, ctx.t('admin.what.forms'))),
        404,
      );
    if (!MONTH.test(month) || (format !== 'csv' && format !== 'xlsx')) {
      return sendPage(
        reply,
        page(
          ctx,
          'reports',
          ctx.t('admin.nav.reports'),
          html`<p class="error">${ctx.t('admin.reports.bad_export')}</p>`,
        ),
        400,
      );
    }
    const table = await forms.exportRows(month);
    const name = `reports-${month}.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await toXlsx(table, month));
  });

  scope.get('/reports/:unitId/:month', async (req, reply) => {
    const ctx = ctxOf(req);
    const { unitId, month } = req.params as { unitId: string; month: string };
    const title = ctx.t('admin.reports.detail');
    const forms = ctx.ports.forms;
    if (!forms) return sendPage(reply, page(ctx, 'reports', title, unavailable(ctx, ctx.t('admin.what.forms'))));
    if (!MONTH.test(month)) {
      return sendPage(
        reply,
        page(ctx, 'reports', title, html`<p class="error">${ctx.t('admin.reports.bad_month')}</p>`),
        400,
      );
    }
    const body = await detail(ctx, forms, unitId, month);
    if (!body)
      return sendPage(
        reply,
        page(ctx, 'reports', title, html`<p class="error">${ctx.t('admin.reports.no_unit')}</p>`),
        404,
      );
    return sendPage(reply, page(ctx, 'reports', title, body));
  });
}
