import type { AdminCtx } from '../context.js';
import { html } from '../html.js';
import { field, localToIso, tags } from '../input.js';

/** Validate the add/edit event form; returns the error text or the cleaned input. */
export function readEventForm(ctx: AdminCtx, body: unknown) {
  const values = {
    title: field(body, 'title'),
    start: field(body, 'start'),
    place: field(body, 'place'),
    description: field(body, 'description'),
    audience: field(body, 'audience'),
  };
  const start = localToIso(values.start, ctx.deps.config.TIMEZONE);
  let error: string | undefined;
  if (values.title.length < 2 || values.title.length > 100) error = ctx.t('admin.cal.bad_title');
  else if (!start) error = ctx.t('admin.cal.bad_start');
  else if (values.place.length > 200 || values.description.length > 2000) error = ctx.t('admin.cal.too_long');
  return { values, error, start: start ?? '', audience: tags(values.audience) };
}

/** The event form's template fields (add form on the calendar page, edit form on an event's page): error and values. */
export function eventFormFields(error: string | undefined, v: Record<string, string>) {
  return {
    error: error ? html`<p class="error" role="alert">${error}</p>` : '',
    title: v['title'] ?? '',
    start: v['start'] ?? '',
    place: v['place'] ?? '',
    description: v['description'] ?? '',
    audience: v['audience'] ?? '',
  };
}
