import type { Deps } from './deps.js';
import { detectLang } from './i18n.js';
import type { Incoming, Lang } from './types.js';

type Store = Pick<Deps, 'redis' | 'keys'>;

/** A person who linked several platform identities is known by the first one (keys.person). */
export async function personOf(deps: Store, identity: string): Promise<string> {
  return (await deps.redis.get(deps.keys.person(identity))) ?? identity;
}

/**
 * The one language decision, for every channel: the message's own (`Incoming.lang`, e.g. the web
 * chat's switch), else the person's `/lang` choice, else what the text is written in, else Chinese.
 */
export async function languageOf(deps: Store, inc: Pick<Incoming, 'lang' | 'text'>, person: string): Promise<Lang> {
  if (inc.lang) return inc.lang;
  const pref = await deps.redis.get(deps.keys.lang(person));
  if (pref === 'en' || pref === 'zh') return pref;
  return detectLang(inc.text) ?? 'zh';
}
