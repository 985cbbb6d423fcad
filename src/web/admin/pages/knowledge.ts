import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { fromRoot } from '../../../paths.js';
import { UPLOADS_DIR } from '../../../qa/uploads.js';
import { type AdminCtx, page, sendPage, unavailable } from '../context.js';
import { type CtxOf, redirectWith, takeFlash } from '../flow.js';
import { type SafeHtml, html, view } from '../html.js';
import { field, showTime } from '../input.js';
import type { QaPort } from '../ports.js';

const MAX_UPLOAD_CHARS = 500_000;
const MAX_QUESTION = 500;

/** A file name for an uploaded text: letters (Chinese too), digits, _ - ( ); never a path. */
export function safeDocName(name: string): string | null {
  const n = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_()-]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  return n.length >= 2 ? n : null;
}

async function body(
  ctx: AdminCtx,
  qa: QaPort,
  extra: { question?: string; answer?: SafeHtml; error?: string } = {},
): Promise<SafeHtml> {
  const zone = ctx.deps.config.TIMEZONE;
  const docs = qa.documents();
  const rows = docs.map(
    (d) =>
      html`<tr><td>${d.title}</td><td><code>${d.doc}</code></td><td>${d.passages}</td><td>${showTime(d.loadedAt, zone)}</td></tr>`,
  );
  return view(
    'knowledge',
    {
      csrf: ctx.session?.csrf ?? '',
      count: docs.length,
      passages: docs.reduce((s, d) => s + d.passages, 0),
      docs: docs.length ? rows : html`<tr><td colspan="4" class="muted">${ctx.t('admin.kb.no_docs')}</td></tr>`,
      question: extra.question ?? '',
      answer: extra.answer ?? '',
      error: extra.error ? html`<p class="error" role="alert">${extra.error}</p>` : '',
      dir: ctx.deps.config.CORPUS_DIRS[0] ?? 'corpus',
    },
    ctx.t,
  );
}

async function answerHtml(ctx: AdminCtx, qa: QaPort, question: string): Promise<SafeHtml> {
  const a = await qa.answer(question, { lang: ctx.lang });
  const cites = a.citations.map((c) => html`<li><strong>${c.doc}</strong> · ${c.locator}<br><q>${c.quote}</q></li>`);
  const sugg = a.suggestions?.length
    ? html`<p>${ctx.t('admin.kb.suggestions')}</p><ul>${a.suggestions.map((s) => html`<li>${s}</li>`)}</ul>`
    : '';
  return html`<section class="panel qa-answer" id="qa-answer" data-refused="${a.refused ? 'yes' : 'no'}">
<h3>${ctx.t('admin.kb.answer')}${a.refused ? html` <small>(${ctx.t('admin.kb.refused')})</small>` : ''}</h3>
<div class="answer">${a.answer}</div>
${cites.length ? html`<h3>${ctx.t('admin.kb.citations')}</h3><ol class="citations">${cites}</ol>` : ''}${sugg}</section>`;
}

export function registerKnowledge(scope: FastifyInstance, ctxOf: CtxOf): void {
  const render = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0], b: SafeHtml, status = 200, flash?: string) =>
    sendPage(reply, page(ctx, 'knowledge', ctx.t('admin.nav.knowledge'), b, flash), status);
  const none = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0]) =>
    render(ctx, reply, unavailable(ctx, ctx.t('admin.what.qa')));

  scope.get('/knowledge', async (req, reply) => {
    const ctx = ctxOf(req);
    const qa = ctx.ports.qa;
    if (!qa) return none(ctx, reply);
    return render(ctx, reply, await body(ctx, qa), 200, await takeFlash(ctx));
  });

  scope.post('/knowledge/ask', async (req, reply) => {
    const ctx = ctxOf(req);
    const qa = ctx.ports.qa;
    if (!qa) return none(ctx, reply);
    const question = field(req.body, 'q');
    if (!question || question.length > MAX_QUESTION) {
      return render(
        ctx,
        reply,
        await body(ctx, qa, { question, error: ctx.t('admin.kb.bad_question', { max: MAX_QUESTION }) }),
        400,
      );
    }
    return render(ctx, reply, await body(ctx, qa, { question, answer: await answerHtml(ctx, qa, question) }));
  });

  scope.post('/knowledge/reload', async (req, reply) => {
    const ctx = ctxOf(req);
    const qa = ctx.ports.qa;
    if (!qa) return none(ctx, reply);
    const r = await qa.reload();
    return redirectWith(ctx, reply, '/admin/knowledge', ctx.t('admin.kb.reloaded', r));
  });

  scope.post('/knowledge/upload', async (req, reply) => {
    const ctx = ctxOf(req);
    const qa = ctx.ports.qa;
    if (!qa) return none(ctx, reply);
    const name = safeDocName(field(req.body, 'name'));
    const text = field(req.body, 'content');
    if (!name || !text || text.length > MAX_UPLOAD_CHARS) {
      const error = ctx.t('admin.kb.bad_upload', { max: MAX_UPLOAD_CHARS });
      return render(ctx, reply, await body(ctx, qa, { error }), 400);
    }
    const dir = path.join(fromRoot(ctx.deps.config.CORPUS_DIRS[0] ?? 'corpus'), UPLOADS_DIR);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${name}.txt`), `${text}\n`, 'utf8');
    ctx.deps.logger.info({ user: ctx.session?.user, doc: name }, 'admin: document uploaded');
    const r = await qa.reload();
    return redirectWith(ctx, reply, '/admin/knowledge', ctx.t('admin.kb.uploaded', { name, ...r }));
  });
}
