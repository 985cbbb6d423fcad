import { DateTime } from 'luxon';
import { translate } from '../../core/i18n.js';
import { personOf } from '../../core/person.js';
import type { Lang } from '../../core/types.js';
import type { SlackContext } from './handlers.js';
import { type Block, escapeMrkdwn } from './blocks.js';

const MAX_EVENTS = 5;

function when(iso: string, monthOnly: boolean, lang: Lang, zone: string): string {
  const d = DateTime.fromISO(iso, { zone });
  if (!d.isValid) return iso;
  if (monthOnly) return lang === 'en' ? d.toFormat('LLLL yyyy') : d.toFormat('yyyy年M月');
  return lang === 'en' ? d.toFormat('EEE d LLL yyyy HH:mm') : d.toFormat('yyyy年M月d日 HH:mm');
}

/** Unit and this month's report. */
async function unitBlocks(sc: SlackContext, person: string, lang: Lang): Promise<Block[]> {
  const { deps, forms } = sc;
  const t = (k: string, v?: Record<string, string | number>) => translate(lang, k, v);
  const unitId = await forms.unitOf(person);
  const unit = unitId ? await forms.getUnit(unitId) : null;
  if (!unit) return [{ type: 'section', text: { type: 'mrkdwn', text: t('channels.home_no_unit') } }];
  const month = DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.TIMEZONE }).toFormat('yyyy-MM');
  const report = await forms.getReport(unit.id, month);
  const status = report
    ? t('channels.home_report_done', {
        version: report.version,
        at: when(report.at, false, lang, deps.config.TIMEZONE),
      })
    : t('channels.home_report_missing');
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: t('channels.home_unit', { unit: escapeMrkdwn(`${unit.name}（${unit.district}）`) }),
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: t('channels.home_report', { month, status }) } },
  ];
}

/** The next few events. */
async function eventBlocks(sc: SlackContext, lang: Lang): Promise<Block[]> {
  const { deps, calendar } = sc;
  const t = (k: string) => translate(lang, k);
  const events = (await calendar.listEvents({ from: deps.clock.now() })).slice(0, MAX_EVENTS);
  const lines = events.map((e) => {
    const place = e.place ? ` · ${escapeMrkdwn(e.place)}` : '';
    return `• *${escapeMrkdwn(e.title)}* — ${when(e.start, e.monthOnly, lang, deps.config.TIMEZONE)}${place}`;
  });
  return [
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: t('channels.home_events') } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.length ? lines.join('\n') : t('channels.home_no_events') } },
  ];
}

/** The App Home tab: who you are here, your unit and this month's report, the next events. */
export async function homeView(
  sc: SlackContext,
  slackUserId: string,
  lang: Lang = 'zh',
): Promise<{ type: 'home'; blocks: Block[] }> {
  const person = await personOf(sc.deps, `slack:${slackUserId}`);
  const role = await sc.deps.roles.get(person);
  const t = (k: string, v?: Record<string, string | number>) => translate(lang, k, v);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: t('channels.home_title') } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t('channels.home_intro')) } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t('whoami', { identity: person, role: t(`role.${role}`) })) }],
    },
    { type: 'divider' },
    ...(await unitBlocks(sc, person, lang)),
    ...(await eventBlocks(sc, lang)),
    { type: 'divider' },
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t('channels.home_help')) }] },
  ];
  return { type: 'home', blocks };
}
