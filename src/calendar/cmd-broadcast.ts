import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { HandlerContext } from '../core/module.js';
import { hasRole } from '../core/roles.js';
import type { Reply } from '../core/types.js';
import type { CalendarService } from './service.js';

const DRAFT_TTL_S = 3600;

interface Draft {
  draftId: string;
  text: string;
  tag?: string;
}

async function statusReply(svc: CalendarService, ctx: HandlerContext, id: string): Promise<Reply[]> {
  if (!id) {
    const recent = await svc.listBroadcasts(5);
    if (recent.length === 0) return [{ text: ctx.t('calendar.bc_none') }];
    const zone = ctx.deps.config.TIMEZONE;
    const lines = recent.map(
      (b) => `${b.id}  ${DateTime.fromISO(b.at, { zone }).toFormat('yyyy-MM-dd HH:mm')}  ${b.text.slice(0, 30)}`,
    );
    return [{ text: `${ctx.t('calendar.bc_recent')}\n${lines.join('\n')}` }];
  }
  const r = await svc.broadcastReport(id);
  if (!r) return [{ text: ctx.t('calendar.bc_unknown', { id }) }];
  const SHOWN = 20;
  const list = (items: string[], more: number) =>
    more > 0 ? [...items, ctx.t('calendar.bc_more', { count: more })] : items;
  const delivered = list(
    r.delivered.slice(0, SHOWN).map((c) => `✓ ${c}`),
    r.delivered.length - SHOWN,
  );
  const failed = list(
    r.failed.slice(0, SHOWN).map((f) => `✗ ${f.conv}: ${f.reason}`),
    r.failed.length - SHOWN,
  );
  return [
    {
      text: [
        ctx.t('calendar.bc_report', { id, total: r.total, sent: r.sent, failed: r.failed.length, pending: r.pending }),
        ...(delivered.length ? [ctx.t('calendar.bc_delivered_to'), ...delivered] : []),
        ...(failed.length ? [ctx.t('calendar.bc_failed_to'), ...failed] : []),
      ].join('\n'),
    },
  ];
}

/** /broadcast [#tag] TEXT → preview with buttons; /broadcast status [id] → delivery report. Staff only. */
export async function broadcastCommand(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const trimmed = args.trim();
  const st = /^(status|状态|报告)(?:\s+(\S+))?$/i.exec(trimmed);
  if (st) return statusReply(svc, ctx, st[2] ?? '');
  let text = trimmed;
  let tag: string | undefined;
  const t = /^(?:--tag\s+|#|标签[=＝:：])(\S+)\s+([\s\S]*)$/.exec(trimmed);
  if (t) {
    tag = t[1]!;
    text = t[2]!.trim();
  }
  if (!text) return [{ text: ctx.t('calendar.bc_usage') }];
  const { recipients } = await svc.previewBroadcast(text, tag);
  if (recipients === 0)
    return [{ text: ctx.t('calendar.bc_no_recipients', { tag: tag ?? ctx.t('calendar.all_chats') }) }];
  const draft: Draft = { draftId: randomBytes(4).toString('hex'), text };
  if (tag) draft.tag = tag;
  await ctx.deps.redis.set(ctx.deps.keys.broadcastDraft(ctx.identity), JSON.stringify(draft), 'EX', DRAFT_TTL_S);
  return [
    {
      text: ctx.t('calendar.bc_preview', { count: recipients, tag: tag ?? ctx.t('calendar.all_chats'), text }),
      choices: [
        { label: ctx.t('calendar.bc_confirm_btn'), value: `bc:confirm:${draft.draftId}` },
        { label: ctx.t('calendar.bc_cancel_btn'), value: `bc:cancel:${draft.draftId}` },
      ],
      confirm: true,
    },
  ];
}

/** Buttons `bc:confirm:<draftId>` / `bc:cancel:<draftId>`. */
export async function broadcastAction(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  if (!hasRole(ctx.role, 'staff')) return [{ text: ctx.t('error.forbidden', { role: ctx.t('role.staff') }) }];
  const [what, draftId] = args.split(':');
  const key = ctx.deps.keys.broadcastDraft(ctx.identity);
  const raw = await ctx.deps.redis.get(key);
  const draft = raw ? (JSON.parse(raw) as Draft) : null;
  if (!draft || draft.draftId !== draftId) return [{ text: ctx.t('error.stale_action') }];
  await ctx.deps.redis.del(key);
  if (what === 'cancel') return [{ text: ctx.t('calendar.bc_cancelled') }];
  if (what !== 'confirm') return [{ text: ctx.t('error.stale_action') }];
  const input: { text: string; tag?: string; by: string } = { text: draft.text, by: ctx.identity };
  if (draft.tag) input.tag = draft.tag;
  const id = await svc.sendBroadcast(input);
  return [{ text: ctx.t('calendar.bc_queued', { id }) }];
}
