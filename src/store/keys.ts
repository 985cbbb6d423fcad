/**
 * The one place that names every Redis key. All keys start with the configured prefix
 * (REDIS_PREFIX, default `ud:`) so several deployments or test files share one Redis safely.
 * Add new keys here, grouped by module; never build key strings elsewhere.
 */
export function createKeys(prefix: string) {
  const k = (...parts: (string | number)[]): string => prefix + parts.join(':');
  return {
    prefix,
    /** BullMQ's own prefix (queues live under it). */
    bullPrefix: k('bull'),

    // core
    roleIndex: () => k('roles'),
    lang: (identity: string) => k('lang', identity),
    session: (conv: string, identity: string) => k('session', conv, identity),
    dedupe: (channel: string, eventId: string) => k('dedupe', channel, eventId),
    /** Button values too long for a platform's limit (Telegram callback_data ≤ 64 bytes), by hash. */
    longAction: (hash: string) => k('long-action', hash),
    /** Who holds a platform's one long connection (channels/lease.ts). */
    lease: (name: string) => k('lease', name),
    /** WeCom pushes handed to the process holding the long connection (channels/wecom/relay.ts): a list; answers go by pub/sub to the sender's channel. */
    wecomRelay: () => k('wecom-relay'),
    wecomRelayReply: (sender: string) => k('wecom-relay', sender),

    // web chat outbox (messages the bot sends on its own to a web chat)
    outbox: (chatId: string) => k('outbox', chatId),
    outboxSeq: () => k('outbox-seq'),
    /** The secret signing web visitors' cookies when WEB_COOKIE_SECRET is unset (generated once). */
    webCookieSecret: () => k('web', 'cookie-secret'),

    // qa
    qaHistory: (conv: string) => k('qa', 'history', conv),

    // feedback: every answer, its 有用/没用 votes, the review queue and staff-curated answers
    /** One asked question with its answer (JSON), by ask id. */
    feedbackAsk: (askId: string) => k('fb', 'ask', askId),
    /** Votes on one answer: field = pseudonymous voter → JSON {vote, reason, at, channel}. */
    feedbackVotes: (askId: string) => k('fb', 'votes', askId),
    /** The review queue (refused, low-confidence and 没用 answers): zset ask id → time. */
    feedbackQueue: () => k('fb', 'queue'),
    /** Answered/refused/up/down counters of one ISO week (2026-W48). */
    feedbackWeek: (week: string) => k('fb', 'week', week),
    /** The salt of pseudonymous identities when FEEDBACK_SALT is unset (generated once). */
    feedbackSalt: () => k('fb', 'salt'),
    /** A 没用 waiting for its optional short reason in one conversation. */
    feedbackPendingReason: (conv: string, identity: string) => k('fb', 'pending-reason', conv, identity),
    /** A curated question–answer pair, its current version (JSON). */
    curatedPair: (pairId: string) => k('fb', 'pair', pairId),
    /** Every version of a curated pair, oldest first (list of JSON). */
    curatedPairVersions: (pairId: string) => k('fb', 'pair-versions', pairId),
    /** All curated pair ids: zset id → last change time. */
    curatedPairs: () => k('fb', 'pairs'),

    // forms
    formDraft: (formId: string, conv: string, identity: string) => k('form', 'draft', formId, conv, identity),
    formLock: (formId: string, identity: string) => k('form', 'lock', formId, identity),
    formActive: (conv: string, identity: string) => k('form', 'active', conv, identity),
    unit: (unitId: string) => k('unit', unitId),
    units: () => k('units'),
    officerUnit: (identity: string) => k('officer', identity),
    unitOfficers: (unitId: string) => k('unit-officers', unitId),
    invite: (code: string) => k('invite', code),
    report: (formId: string, unitId: string, month: string) => k('report', formId, unitId, month),
    reportVersions: (formId: string, unitId: string, month: string) => k('report-versions', formId, unitId, month),
    reportsByMonth: (formId: string, month: string) => k('reports-by-month', formId, month),
    reportMonths: (formId: string) => k('report-months', formId),
    identityLink: (code: string) => k('link', code),
    /** A redeemed /link code waiting for its issuer's 确认, by the issuing identity. */
    identityLinkPending: (issuer: string) => k('link-pending', issuer),
    person: (identity: string) => k('person', identity),

    // calendar
    event: (eventId: string) => k('event', eventId),
    events: () => k('events'),
    eventSeq: () => k('event-seq'),
    /** Bumped on every event write: the /calendar.ics cache is valid while it stays. */
    eventsVersion: () => k('events-version'),
    subscriptions: () => k('subs'),
    subscription: (conv: string) => k('sub', conv),
    subscriptionsByTag: (tag: string) => k('subs-tag', tag),
    /** The web chats one identity subscribed (the per-identity cap). */
    subscriptionsBy: (identity: string) => k('subs-by', identity),
    delivery: (deliveryId: string) => k('delivery', deliveryId),
    broadcast: (id: string) => k('broadcast', id),
    broadcasts: () => k('broadcasts'),
    broadcastDeliveries: (id: string) => k('broadcast-deliveries', id),
    broadcastDraft: (identity: string) => k('broadcast-draft', identity),
    rate: (bucket: string) => k('rate', bucket),
    /** Reminder delivery states of one event: field `${startMs} ${lead} ${conv}` → scheduled:ISO | sent | failed:why. */
    eventDeliveries: (eventId: string) => k('event-deliveries', eventId),

    // admin console
    staffAccount: (name: string) => k('staff', name),
    staffAccounts: () => k('staff-accounts'),
    adminSession: (sid: string) => k('admin-session', sid),
    loginAttempts: (ip: string) => k('login-attempts', ip),
    /** /join tries of one identity this hour (invite-code guessing). */
    joinAttempts: (identity: string) => k('join-attempts', identity),
    /** Chat intake counters, one per identity or IP and minute. */
    chatRate: (who: string, minute: number) => k('chat-rate', who, minute),
    loginAttemptsAccount: (name: string) => k('login-attempts-account', name),

    // dingtalk (transient)
    /** The values of the numbered choices last offered in a DingTalk conversation (a reply "1" picks one). */
    dingtalkChoices: (conv: string) => k('dingtalk', 'choices', conv),
    /** One message of a multi-message DingTalk delivery went out (a retried delivery skips it). */
    dingtalkSent: (deliveryId: string, index: number) => k('dingtalk', 'sent', deliveryId, index),
  };
}

export type Keys = ReturnType<typeof createKeys>;

/**
 * The durable record families, as SCAN patterns after the prefix: what `cli backup` saves and
 * `cli restore` writes back. Everything else (sessions, drafts, dedupe marks, rate buckets,
 * locks, outboxes, queues, console sessions) is transient and rebuilt or re-entered.
 * A new record family added above belongs here too (test/store/backup.test.ts checks the list).
 */
export const DURABLE: readonly string[] = [
  // people and roles (the web cookie secret keeps web visitors who they are across a restore)
  'roles',
  'web:cookie-secret',
  'lang:*',
  'person:*',
  // units, officers, invites, reports with every version
  'unit:*',
  'units',
  'officer:*',
  'unit-officers:*',
  'invite:*',
  'report:*',
  'report-versions:*',
  'reports-by-month:*',
  'report-months:*',
  // calendar and subscriptions
  'event:*',
  'events',
  'event-seq',
  'sub:*',
  'subs',
  'subs-tag:*',
  'subs-by:*',
  // console accounts
  'staff:*',
  'staff-accounts',
  // answers workers asked about, their votes, the review queue and the office's curated answers
  'fb:ask:*',
  'fb:votes:*',
  'fb:queue',
  'fb:week:*',
  'fb:salt',
  'fb:pair:*',
  'fb:pair-versions:*',
  'fb:pairs',
];
