import type { FastifyInstance } from 'fastify';
import { citeLabel } from '../../../core/answer-view.js';
import type { CurateResult, PendingGroup } from '../../../feedback/service.js';
import { type AdminCtx, page, sendPage, unavailable } from '../context.js';
import { type CtxOf, redirectWith } from '../flow.js';
import { type SafeHtml, html, view } from '../html.js';
import { field, showTime } from '../input.js';
import type { FeedbackPort } from '../ports.js';

const MAX_QUERY = 200;
const MAX_ANSWER = 1000;
const RESULTS = 10;

/** Every value of a repeated form field (checkboxes). */
function fields(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string' && x.length <= 400).slice(0, 10);
}

async function findGroup(fb: FeedbackPort, id: string): Promise<PendingGroup | null> {
  const groups = await fb.pending();
  const g = groups.find((x) => x.askIds.includes(id));
  if (g) return g;
  // Already curated or dismissed: still show the single question so staff can redo it.
  const ask = await fb.store.ask(id);
  if (!ask) return null;
  return {
    id,
    question: ask.question,
    questions: [ask.question],
    askIds: [id],
    count: 1,
    refused: ask.refused ? 1 : 0,
    down: 0,
    lowConfidence: ask.lowConfidence ? 1 : 0,
    reasons: [],
    lastAt: ask.at,
    who: [ask.who],
    answer: ask.answer,
  };
}

async function body(
  ctx: AdminCtx,
  fb: FeedbackPort,
  g: PendingGroup,
  query: string,
  error?: string,
): Promise<SafeHtml> {
  const csrf = ctx.session?.csrf ?? '';
  const hits = await fb.search(query, RESULTS);
  const results = hits.map(
    (p) => html`<li><label class="passage"><input type="checkbox" name="p" value="${`${p.doc}|${p.locator}`}">
<strong>${citeLabel(p)}</strong>${p.heading ? html` <small class="muted">${p.heading}</small>` : ''}<br><span class="quote">${p.text.length > 400 ? `${p.text.slice(0, 400)}…` : p.text}</span></label></li>`,
  );
  return view(
    'pending-item',
    {
      id: g.id,
      csrf,
      question: g.question,
      questions: g.questions.map((q) => html`<li>${q}</li>`),
      count: g.count,
      who: g.who.map((w) => html`<code>${w}</code> `),
      last: showTime(g.lastAt, ctx.deps.config.TIMEZONE),
      answer: g.answer,
      reasons: g.reasons.length
        ? html`<p>${ctx.t('admin.pending.reasons')}：${g.reasons.map((r) => html`<q>${r}</q> `)}</p>`
        : '',
      query,
      results: hits.length ? results : html`<li class="muted">${ctx.t('admin.pending.no_results')}</li>`,
      oosDefault: ctx.t('admin.pending.oos_default'),
      error: error ? html`<p class="error" role="alert">${error}</p>` : '',
    },
    ctx.t,
  );
}

/** One group of the review queue: search passages, save a curated answer, mark out of scope, dismiss. */
export function registerPendingItem(scope: FastifyInstance, ctxOf: CtxOf): void {
  const render = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0], b: SafeHtml, status = 200) =>
    sendPage(reply, page(ctx, 'pending', ctx.t('admin.nav.pending'), b), status);
  const none = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0]) =>
    render(ctx, reply, unavailable(ctx, ctx.t('admin.what.qa')));
  const notFound = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0]) =>
    render(ctx, reply, view('message', { text: ctx.t('admin.not_found') }, ctx.t), 404);

  scope.get('/pending/:id', async (req, reply) => {
    const ctx = ctxOf(req);
    const fb = ctx.ports.feedback;
    if (!fb) return none(ctx, reply);
    const g = await findGroup(fb, (req.params as { id: string }).id);
    if (!g) return notFound(ctx, reply);
    const q = field(req.query, 'q').slice(0, MAX_QUERY) || g.question;
    return render(ctx, reply, await body(ctx, fb, g, q));
  });

  const save = async (
    req: Parameters<CtxOf>[0],
    reply: Parameters<typeof sendPage>[0],
    kind: 'answer' | 'out_of_scope',
  ) => {
    const ctx = ctxOf(req);
    const fb = ctx.ports.feedback;
    if (!fb) return none(ctx, reply);
    const id = (req.params as { id: string }).id;
    const g = await findGroup(fb, id);
    if (!g) return notFound(ctx, reply);
    const answer = field(req.body, 'answer').slice(0, MAX_ANSWER);
    const r: CurateResult = await fb.curate({
      askId: id,
      kind,
      passages: kind === 'answer' ? fields(req.body, 'p') : [],
      answer,
      author: ctx.session?.user ?? '?',
    });
    if (!r.ok) {
      const q = field(req.body, 'q').slice(0, MAX_QUERY) || g.question;
      return render(ctx, reply, await body(ctx, fb, g, q, ctx.t(`admin.pending.error.${r.error}`)), 400);
    }
    return redirectWith(
      ctx,
      reply,
      '/admin/pending',
      ctx.t('admin.pending.saved', { q: g.question, v: r.pair.version }),
    );
  };

  scope.post('/pending/:id/curate', (req, reply) => save(req, reply, 'answer'));
  scope.post('/pending/:id/out-of-scope', (req, reply) => save(req, reply, 'out_of_scope'));

  scope.post('/pending/:id/dismiss', async (req, reply) => {
    const ctx = ctxOf(req);
    const fb = ctx.ports.feedback;
    if (!fb) return none(ctx, reply);
    const g = await findGroup(fb, (req.params as { id: string }).id);
    if (!g) return notFound(ctx, reply);
    await fb.dismiss(g.askIds);
    return redirectWith(ctx, reply, '/admin/pending', ctx.t('admin.pending.dismissed', { q: g.question }));
  });
}
