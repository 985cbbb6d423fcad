import type { Module } from '../core/module.js';
import { broadcastAction, broadcastCommand } from './cmd-broadcast.js';
import { eventCommand } from './cmd-event.js';
import { eventsCommand, subscribeCommand, unsubscribeCommand } from './cmd-subscribe.js';
import type { CalendarService } from './service.js';

/** Chat commands of the campaign calendar. */
export function createCalendarModule(svc: CalendarService): Module {
  return {
    name: 'calendar',
    commands: [
      {
        names: ['event', '活动管理'],
        help: 'calendar.help.event',
        role: 'staff',
        handler: (ctx, args) => eventCommand(svc, ctx, args),
      },
      {
        names: ['events', '活动', '日程'],
        help: 'calendar.help.events',
        bareAliases: ['活动安排', '日程'],
        handler: (ctx) => eventsCommand(svc, ctx),
      },
      {
        names: ['subscribe', '订阅'],
        help: 'calendar.help.subscribe',
        handler: (ctx, a) => subscribeCommand(svc, ctx, a),
      },
      {
        names: ['unsubscribe', '退订'],
        help: 'calendar.help.unsubscribe',
        handler: (ctx) => unsubscribeCommand(svc, ctx),
      },
      {
        names: ['broadcast', '群发'],
        help: 'calendar.help.broadcast',
        role: 'staff',
        handler: (ctx, args) => broadcastCommand(svc, ctx, args),
      },
    ],
    actions: [{ prefix: 'bc', handler: (ctx, args) => broadcastAction(svc, ctx, args) }],
  };
}
