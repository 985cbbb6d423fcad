import type { Feature } from '../core/module.js';
import { broadcastAction, broadcastCommand } from './cmd-broadcast.js';
import { eventCommand } from './cmd-event.js';
import { eventsCommand, subscribeCommand, unsubscribeCommand } from './cmd-subscribe.js';

/** Chat commands of the campaign calendar. */
export function createCalendarFeature(): Feature {
  return {
    name: 'calendar',
    commands: [
      { names: ['event', '活动管理'], help: 'calendar.help.event', role: 'staff', handler: eventCommand },
      {
        names: ['events', '活动', '日程'],
        help: 'calendar.help.events',
        bareAliases: ['活动安排', '日程'],
        handler: eventsCommand,
      },
      { names: ['subscribe', '订阅'], help: 'calendar.help.subscribe', handler: subscribeCommand },
      { names: ['unsubscribe', '退订'], help: 'calendar.help.unsubscribe', handler: unsubscribeCommand },
      { names: ['broadcast', '群发'], help: 'calendar.help.broadcast', role: 'staff', handler: broadcastCommand },
    ],
    actions: [{ prefix: 'bc', handler: broadcastAction }],
  };
}
