import type { CommandSpec, HandlerContext, Module } from './module.js';
import { hasRole, isRole } from './roles.js';
import { IDENTITY_RE, type Reply, isWebVisitor } from './types.js';

/** /help lists what this user may do, in their language. */
function helpFor(ctx: HandlerContext, commands: () => CommandSpec[]): Reply[] {
  const lines = commands()
    .filter((c) => !c.role || hasRole(ctx.role, c.role))
    .map((c) => {
      const alias = c.names.slice(1).join(' / ');
      return `/${c.names[0]}${alias ? `（${alias}）` : ''} — ${ctx.t(c.help)}`;
    });
  return [{ text: `${ctx.t('help.title')}\n${lines.join('\n')}\n\n${ctx.t('help.ask_hint')}` }];
}

/** Built-in commands every deployment has: help, language, who am I, role management. */
export function createBasicsModule(commands: () => CommandSpec[]): Module {
  return {
    name: 'basics',
    commands: [
      {
        names: ['help', '帮助'],
        help: 'help.help',
        bareAliases: ['帮助'],
        stateless: true,
        handler: async (ctx) => helpFor(ctx, commands),
      },
      {
        names: ['start'],
        help: 'help.start',
        stateless: true,
        handler: async (ctx) => [{ text: ctx.t('welcome') }, ...helpFor(ctx, commands)],
      },
      {
        names: ['lang', '语言'],
        help: 'help.lang',
        handler: async (ctx, args) => {
          const want = args.trim().toLowerCase();
          const lang = want.startsWith('en') || want === '英文' ? 'en' : want.startsWith('zh') || want === '中文' ? 'zh' : null;
          if (!lang) return [{ text: ctx.t('lang.usage') }];
          await ctx.deps.redis.set(ctx.deps.keys.lang(ctx.identity), lang);
          return [{ text: lang === 'en' ? 'Language set to English. 语言已设为英文。' : '语言已设为中文。Language set to Chinese.' }];
        },
      },
      {
        names: ['whoami', '我是谁'],
        help: 'help.whoami',
        handler: async (ctx) => [{ text: ctx.t('whoami', { identity: ctx.identity, role: ctx.t(`role.${ctx.role}`) }) }],
      },
      {
        names: ['role', '角色'],
        help: 'help.role',
        role: 'admin',
        handler: async (ctx, args) => {
          const [who, role] = args.split(/\s+/);
          if (!who || !role || !isRole(role) || !IDENTITY_RE.test(who)) {
            return [{ text: ctx.t('role.usage') }];
          }
          if (isWebVisitor(who)) return [{ text: ctx.t('role.visitor') }];
          await ctx.deps.roles.set(who, role);
          return [{ text: ctx.t('role.set', { identity: who, role: ctx.t(`role.${role}`) }) }];
        },
      },
    ],
  };
}
