import type { CommandSpec, HandlerContext, Module } from '../core/module.js';
import { hasRole } from '../core/roles.js';
import { type Reply, encodeConversationId } from '../core/types.js';
import { forms, formById } from './definitions/index.js';
import { repeatPrompt, stepAction, stepText } from './engine.js';
import { adminCommands } from './feature-admin.js';
import { viewReports } from './feature-view.js';
import type { FormsInternals } from './service.js';
import { SESSION_NAME, runStep, startForm } from './session.js';
import type { FormDefinition } from './types.js';

/** Who a unit form is filed for: an officer's own unit; staff may name any unit. */
async function ownerFor(
  ctx: HandlerContext,
  fi: FormsInternals,
  def: FormDefinition,
  args: string,
): Promise<string | Reply[]> {
  if (def.owner === 'person') return ctx.identity;
  // Only an officer (or staff) files for a unit; a worker still holding a binding files nothing.
  if (!hasRole(ctx.role, 'officer')) return [{ text: ctx.t('forms.not_bound') }];
  const own = await fi.units.unitOf(ctx.identity);
  const staff = hasRole(ctx.role, 'staff');
  if (args) {
    const u = await fi.units.findUnit(args);
    // Only staff learn which units exist: an officer naming anything but their own unit hears the same.
    if (!staff && (u === 'ambiguous' || u?.id !== own)) return [{ text: ctx.t('forms.not_your_unit') }];
    if (u === 'ambiguous') return [{ text: ctx.t('forms.unit_ambiguous', { name: args }) }];
    if (!u) return [{ text: ctx.t('forms.unit_unknown', { name: args }) }];
    if (!staff && u.id !== own) return [{ text: ctx.t('forms.not_your_unit') }];
    return u.id;
  }
  if (own) return own;
  return [{ text: ctx.t(staff ? 'forms.staff_name_unit' : 'forms.not_bound') }];
}

function startCommand(fi: FormsInternals, def: FormDefinition): CommandSpec {
  return {
    names: def.command.names,
    bareAliases: def.command.bareAliases,
    help: def.command.help,
    handler: async (ctx, args) => {
      const owner = await ownerFor(ctx, fi, def, args.trim());
      if (typeof owner !== 'string') return owner;
      return startForm(ctx, fi, def, owner);
    },
  };
}

/** The chat side of forms: one start command per form, the in-form conversation, buttons, admin commands. */
export function createFormsModule(fi: FormsInternals): Module {
  const activeDef = async (ctx: HandlerContext): Promise<FormDefinition | null> => {
    const id = await fi.drafts.active(encodeConv(ctx), ctx.identity);
    return id ? formById(id) : null;
  };
  /** A unit form's draft is filed only by an officer (or staff): a demoted officer's draft stops. */
  const mayFile = (ctx: HandlerContext, def: FormDefinition) => def.owner === 'person' || hasRole(ctx.role, 'officer');
  return {
    name: SESSION_NAME,
    commands: [
      ...Object.values(forms).map((def) => startCommand(fi, def)),
      {
        names: ['reports', '查看月报'],
        help: 'forms.help.reports',
        role: 'officer',
        handler: (ctx, args) => viewReports(ctx, fi, args),
      },
      ...adminCommands(fi),
    ],
    actions: [
      {
        prefix: 'form',
        handler: async (ctx, args) => {
          const def = await activeDef(ctx);
          if (!def) return [{ text: ctx.t('forms.no_draft') }];
          if (!mayFile(ctx, def)) return [{ text: ctx.t('forms.officer_only') }];
          return runStep(ctx, fi, def, (env, d) => stepAction(env, d, args));
        },
      },
    ],
    session: {
      async prompt(ctx) {
        const def = await activeDef(ctx);
        return def ? runStep(ctx, fi, def, async (env, d) => repeatPrompt(env, d)) : [];
      },
      async onText(ctx, text) {
        const def = await activeDef(ctx);
        if (!def) {
          await ctx.session.release();
          return null;
        }
        if (!mayFile(ctx, def)) {
          await ctx.session.release();
          return [{ text: ctx.t('forms.officer_only') }];
        }
        return runStep(ctx, fi, def, (env, d) => stepText(env, d, text));
      },
    },
  };
}

function encodeConv(ctx: HandlerContext): string {
  return encodeConversationId(ctx.conv);
}
