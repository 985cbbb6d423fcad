import type { FastifyInstance } from 'fastify';
import { ROLES, isRole } from '../../../core/roles.js';
import { IDENTITY_RE } from '../../../core/types.js';
import { type AdminCtx, page, sendPage, unavailable } from '../context.js';
import { type CtxOf, redirectWith, takeFlash } from '../flow.js';
import { type SafeHtml, html, view } from '../html.js';
import { field, showTime } from '../input.js';


async function body(ctx: AdminCtx, extra: { error?: string; invite?: SafeHtml } = {}): Promise<SafeHtml> {
  const zone = ctx.deps.config.TIMEZONE;
  const csrf = ctx.session?.csrf ?? '';
  const isAdmin = ctx.session?.level === 'admin';
  const roles = (await ctx.deps.roles.list()).sort((a, b) => a.identity.localeCompare(b.identity));
  const roleRows = roles.map(
    (r) => html`<tr><td><code>${r.identity}</code></td><td>${ctx.t(`admin.people.role.${r.role}`)}</td></tr>`,
  );
  const options = ROLES.map((r) => html`<option value="${r}">${ctx.t(`admin.people.role.${r}`)}</option>`);
  const staff = (await ctx.env.staff.list()).map(
    (a) =>
      html`<tr><td>${a.name}</td><td>${ctx.t(`admin.people.level.${a.level}`)}</td><td>${showTime(a.createdAt, zone)}</td></tr>`,
  );
  const forms = ctx.ports.forms;
  let units: SafeHtml = unavailable(ctx, ctx.t('admin.what.forms'));
  if (forms) {
    const list = await forms.listUnits();
    const officers = await Promise.all(list.map((u) => forms.officersOf(u.id).catch(() => [] as string[])));
    const rows = list.map(
      (u, i) => html`<tr><td>${u.name}</td><td>${u.district ?? ''}</td>
<td>${officers[i]?.length ? officers[i]!.map((o) => html`<code>${o}</code> `) : html`<span class="muted">${ctx.t('admin.people.no_officers')}</span>`}</td>
<td><form method="post" action="/admin/people/invite" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="unitId" value="${u.id}"><button type="submit" class="secondary">${ctx.t('admin.people.invite')}</button></form></td></tr>`,
    );
    const unitOptions = list.map((u) => html`<option value="${u.id}">${u.name}</option>`);
    units = view(
      'people-units',
      {
        rows: list.length ? rows : html`<tr><td colspan="4" class="muted">${ctx.t('admin.reports.no_units')}</td></tr>`,
        csrf,
        unitOptions,
      },
      ctx.t,
    );
  }
  return view(
    'people',
    {
      csrf,
      error: extra.error ? html`<p class="error" role="alert">${extra.error}</p>` : '',
      invite: extra.invite ?? '',
      roles: roles.length
        ? roleRows
        : html`<tr><td colspan="2" class="muted">${ctx.t('admin.people.no_roles')}</td></tr>`,
      roleForm: isAdmin
        ? view('people-role-form', { csrf, options }, ctx.t)
        : html`<p class="hint">${ctx.t('admin.people.admin_only')}</p>`,
      staff,
      units,
    },
    ctx.t,
  );
}

export function registerPeople(scope: FastifyInstance, ctxOf: CtxOf): void {
  const render = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0], b: SafeHtml, status = 200, flash?: string) =>
    sendPage(reply, page(ctx, 'people', ctx.t('admin.nav.people'), b, flash), status);

  scope.get('/people', async (req, reply) => {
    const ctx = ctxOf(req);
    return render(ctx, reply, await body(ctx), 200, await takeFlash(ctx));
  });

  scope.post('/people/role', async (req, reply) => {
    const ctx = ctxOf(req);
    if (ctx.session?.level !== 'admin')
      return render(ctx, reply, await body(ctx, { error: ctx.t('admin.people.admin_only') }), 403);
    const identity = field(req.body, 'identity');
    const role = field(req.body, 'role');
    if (!IDENTITY_RE.test(identity) || !isRole(role)) {
      return render(ctx, reply, await body(ctx, { error: ctx.t('admin.people.bad_role') }), 400);
    }
    await ctx.deps.roles.set(identity, role);
    ctx.deps.logger.info({ user: ctx.session.user, identity, role }, 'admin: role set');
    return redirectWith(
      ctx,
      reply,
      '/admin/people',
      ctx.t('admin.people.role_set', { identity, role: ctx.t(`admin.people.role.${role}`) }),
    );
  });

  scope.post('/people/invite', async (req, reply) => {
    const ctx = ctxOf(req);
    const forms = ctx.ports.forms;
    if (!forms) return render(ctx, reply, unavailable(ctx, ctx.t('admin.what.forms')));
    const unit = await forms.getUnit(field(req.body, 'unitId'));
    if (!unit) return render(ctx, reply, await body(ctx, { error: ctx.t('admin.reports.no_unit') }), 404);
    const code = String(await forms.createInvite(unit.id));
    const invite = html`<section class="panel" id="invite"><p>${ctx.t('admin.people.invite_for', { unit: unit.name })}</p>
<p class="code" data-code>${code}</p><p class="hint">${ctx.t('admin.people.invite_hint', { code })}</p></section>`;
    return render(ctx, reply, await body(ctx, { invite }));
  });

  scope.post('/people/bind', async (req, reply) => {
    const ctx = ctxOf(req);
    const forms = ctx.ports.forms;
    if (!forms) return render(ctx, reply, unavailable(ctx, ctx.t('admin.what.forms')));
    const identity = field(req.body, 'identity');
    const unit = await forms.getUnit(field(req.body, 'unitId'));
    if (!IDENTITY_RE.test(identity) || !unit) {
      return render(ctx, reply, await body(ctx, { error: ctx.t('admin.people.bad_bind') }), 400);
    }
    await forms.bindOfficer(identity, unit.id);
    return redirectWith(ctx, reply, '/admin/people', ctx.t('admin.people.bound', { identity, unit: unit.name }));
  });
}
