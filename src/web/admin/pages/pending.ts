import type { FastifyInstance } from 'fastify';
import { citeLabel } from '../../../core/answer-view.js';
import type { PairView, PendingGroup } from '../../../feedback/service.js';
import { type AdminCtx, page, sendPage, unavailable } from '../context.js';
import { type CtxOf, redirectWith, takeFlash } from '../flow.js';
import { type SafeHtml, html, view } from '../html.js';
import { showTime } from '../input.js';
import type { FeedbackPort } from '../ports.js';
import { registerPendingItem } from './pending-item.js';

/** A group of questions in the review queue, one table row. */
function groupRow(ctx: AdminCtx, g: PendingGroup): SafeHtml {
  const zone = ctx.deps.config.TIMEZONE;
  const kinds = [
    g.refused ? html`<span class="tag">${ctx.t('admin.pending.kind.refused')} ${g.refused}</span>` : '',
    g.down ? html`<span class="tag warn">${ctx.t('admin.pending.kind.down')} ${g.down}</span>` : '',
    g.lowConfidence ? html`<span class="tag">${ctx.t('admin.pending.kind.low')} ${g.lowConfidence}</span>` : '',
  ];
  const others =
    g.questions.length > 1
      ? html`<br><small class="muted">${ctx.t('admin.pending.wordings', { n: g.questions.length - 1 })}</small>`
      : '';
  return html`<tr data-group="${g.id}"><td><a href="/admin/pending/${g.id}">${g.question}</a>${others}</td>
<td class="num" data-count>${g.count}</td><td>${kinds}</td>
<td>${g.reasons.length ? g.reasons.slice(0, 3).map((r) => html`<q>${r}</q> `) : html`<span class="muted">—</span>`}</td>
<td>${showTime(g.lastAt, zone)}</td></tr>`;
}

/** One curated pair, with its state: served, withdrawn, or flagged because a cited article is gone. */
function pairRow(ctx: AdminCtx, p: PairView): SafeHtml {
  const zone = ctx.deps.config.TIMEZONE;
  const csrf = ctx.session?.csrf ?? '';
  const state =
    p.status === 'withdrawn'
      ? html`<span class="tag">${ctx.t('admin.pending.pair.withdrawn')}</span>`
      : p.missing.length
        ? html`<span class="tag warn" data-stale>${ctx.t('admin.pending.pair.stale', { what: p.missing.join('、') })}</span>`
        : html`<span class="tag ok">${ctx.t('admin.pending.pair.active')}</span>`;
  const cites = p.citations.map((c) => html`<li>${citeLabel(c)}</li>`);
  const withdraw =
    p.status === 'active'
      ? html`<form method="post" action="/admin/pending/pairs/${p.id}/withdraw" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">${ctx.t('admin.pending.pair.withdraw')}</button></form>`
      : '';
  return html`<tr data-pair="${p.id}"><td>${p.questions[0] ?? ''}${p.questions.length > 1 ? html`<br><small class="muted">${ctx.t('admin.pending.wordings', { n: p.questions.length - 1 })}</small>` : ''}</td>
<td>${p.kind === 'out_of_scope' ? html`<span class="tag">${ctx.t('admin.pending.pair.oos')}</span> ` : ''}${p.answer}${cites.length ? html`<ul class="cites">${cites}</ul>` : ''}</td>
<td>${state}</td><td>v${p.version} · ${p.author}<br><small>${showTime(p.at, zone)}</small></td><td>${withdraw}</td></tr>`;
}

async function body(ctx: AdminCtx, fb: FeedbackPort): Promise<SafeHtml> {
  const [groups, pairs] = await Promise.all([fb.pending(), fb.pairViews()]);
  return view(
    'pending',
    {
      groups: groups.length
        ? groups.map((g) => groupRow(ctx, g))
        : html`<tr><td colspan="5" class="muted">${ctx.t('admin.pending.none')}</td></tr>`,
      total: groups.reduce((s, g) => s + g.count, 0),
      pairs: pairs.length
        ? pairs.map((p) => pairRow(ctx, p))
        : html`<tr><td colspan="5" class="muted">${ctx.t('admin.pending.no_pairs')}</td></tr>`,
    },
    ctx.t,
  );
}

/** The console page 待处理问题: what workers asked that the bot could not answer well, and the curated answers. */
export function registerPending(scope: FastifyInstance, ctxOf: CtxOf): void {
  const none = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0]) =>
    sendPage(reply, page(ctx, 'pending', ctx.t('admin.nav.pending'), unavailable(ctx, ctx.t('admin.what.qa'))));

  scope.get('/pending', async (req, reply) => {
    const ctx = ctxOf(req);
    const fb = ctx.ports.feedback;
    if (!fb) return none(ctx, reply);
    const flash = await takeFlash(ctx);
    return sendPage(reply, page(ctx, 'pending', ctx.t('admin.nav.pending'), await body(ctx, fb), flash));
  });

  scope.post('/pending/pairs/:id/withdraw', async (req, reply) => {
    const ctx = ctxOf(req);
    const fb = ctx.ports.feedback;
    if (!fb) return none(ctx, reply);
    const id = (req.params as { id: string }).id;
    const p = await fb.withdraw(id, ctx.session?.user ?? '?');
    return redirectWith(
      ctx,
      reply,
      '/admin/pending',
      p ? ctx.t('admin.pending.withdrawn', { q: p.questions[0] ?? '' }) : ctx.t('admin.not_found'),
    );
  });

  registerPendingItem(scope, ctxOf);
}
