import type { AdminCtx } from '../context.js';
import { type SafeHtml, html } from '../html.js';

const COLUMNS = ['answered', 'refused', 'curated', 'up', 'down'] as const;

/** The overview's Q&A figures: answered, refused, curated, 有用 and 没用 per ISO week (last 8). */
export async function feedbackWeeks(ctx: AdminCtx): Promise<SafeHtml> {
  const fb = ctx.ports.feedback;
  if (!fb) return html``;
  const weeks = await fb.weeks(8);
  const rows = [...weeks]
    .reverse()
    .map(
      (w) =>
        html`<tr data-week="${w.week}"><td>${w.week}</td>${COLUMNS.map((c) => html`<td class="num" data-col="${c}">${w[c]}</td>`)}</tr>`,
    );
  return html`<section class="panel" id="qa-weeks"><h2>${ctx.t('admin.feedback.title')}</h2>
<div class="table-wrap"><table class="weeks"><thead><tr><th>${ctx.t('admin.feedback.week')}</th>${COLUMNS.map((c) => html`<th>${ctx.t(`admin.feedback.${c}`)}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}
