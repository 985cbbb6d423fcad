import type { Citation, Incoming, Lang, Reply } from '../core/types.js';
import type { Deps } from '../core/deps.js';
import type { QaService } from '../qa/index.js';
import { loadSalt, newId, pseudonym, textHash } from './identity.js';
import { type Vector, groupBySimilarity, matchFit, similarity, vectorOf } from './match.js';
import { createPairStore } from './pairs.js';
import { type PassageSource, passagesOf } from './passages.js';
import { type WeekStats, createFeedbackStore, lastWeeks } from './store.js';
import type { AskRecord, CuratedCitation, CuratedPair, PairKind, PassageHit, Vote } from './types.js';

/** Questions of one review group, as the console lists them. */
export interface PendingGroup {
  /** The newest ask of the group (its id names the group). */
  id: string;
  question: string;
  questions: string[];
  askIds: string[];
  count: number;
  refused: number;
  down: number;
  lowConfidence: number;
  reasons: string[];
  lastAt: string;
  /** Who asked, as salted hashes (never the raw ids). */
  who: string[];
  /** What the bot answered the newest time. */
  answer: string;
}

export interface PairView extends CuratedPair {
  /** Cited passages that are no longer in the corpus: the pair is not served. */
  missing: string[];
}

export interface CurateInput {
  /** Any ask of the review group (the group's questions all go onto the pair). */
  askId: string;
  kind: PairKind;
  /** Passages as `doc|locator`; at least one for an answer. */
  passages: string[];
  answer: string;
  author: string;
}

export type CurateResult =
  | { ok: true; pair: CuratedPair }
  | { ok: false; error: 'no_passage' | 'no_answer' | 'unknown' | 'gone' };

/** A lead sentence shorter than this (第一款 headings, "有下列情形之一的：") takes the next one too. */
const LEAD_MIN = 24;
const LEAD_MAX = 240;

/** The rule an article opens with: its first sentence (two when the first is only a lead-in). */
export function leadOf(text: string): string {
  const ss = text.replace(/(?<!\s)\s*\n\s*/g, '').match(/[^。！？]+[。！？]?/g) ?? [text];
  let out = '';
  for (const s of ss) {
    out += s;
    if (out.length >= LEAD_MIN && !/[：:]$/.test(out)) break;
  }
  return out.length > LEAD_MAX ? `${out.slice(0, LEAD_MAX)}…` : out;
}

/**
 * Feedback and staff-curated answers: every answer is kept with its votes, refused / low-confidence /
 * 没用 ones wait in a review queue, staff turn them into curated pairs, and a question close enough to
 * a pair gets the office's answer before the Q&A runs.
 */
export function createFeedback(
  deps: Pick<Deps, 'redis' | 'keys' | 'config' | 'logger' | 'clock'>,
  opts: { qa: QaService; passages?: PassageSource },
) {
  const { redis, keys, config, clock } = deps;
  const zone = config.TIMEZONE;
  const store = createFeedbackStore(redis, keys, zone);
  const pairs = createPairStore(redis, keys);
  const passages = opts.passages ?? passagesOf(opts.qa);
  let salt: Promise<string> | null = null;
  const who = async (identity: string): Promise<string> => {
    salt ??= loadSalt(redis, keys, config.FEEDBACK_SALT);
    return pseudonym(await salt, identity);
  };
  const idf = (t: string) => passages.idf(t);
  const threshold = (): number => matchFit().threshold;
  const vectors = new Map<string, Vector[]>();
  const pairVectors = async (p: CuratedPair): Promise<Vector[]> => {
    const key = `${p.id}:${p.version}`;
    let v = vectors.get(key);
    if (!v) {
      v = await Promise.all(p.questions.map((q) => vectorOf(q, idf)));
      vectors.set(key, v);
    }
    return v;
  };

  /** Cited passages of a pair no longer in the corpus. */
  const missing = async (p: CuratedPair): Promise<string[]> => {
    const out: string[] = [];
    for (const c of p.citations) if (!(await passages.find(c.doc, c.locator))) out.push(`${c.doc} ${c.locator}`);
    return out;
  };

  /** The active, still-valid pair closest to the question, when close enough. */
  async function match(question: string): Promise<{ pair: CuratedPair; score: number } | null> {
    const active = (await pairs.all()).filter((p) => p.status === 'active');
    if (active.length === 0) return null;
    const q = await vectorOf(question, idf);
    let best: { pair: CuratedPair; score: number } | null = null;
    for (const p of active) {
      const score = Math.max(0, ...(await pairVectors(p)).map((v) => similarity(q, v)));
      if (score >= threshold() && (!best || score > best.score)) best = { pair: p, score };
    }
    if (!best) return null;
    if ((await missing(best.pair)).length > 0) {
      deps.logger.warn(
        { pair: best.pair.id },
        'feedback: curated pair cites a passage no longer in the corpus; not served',
      );
      return null;
    }
    return best;
  }

  /** The curated pair as a reply: the office's answer, its articles quoted as they stand now. */
  async function pairReply(p: CuratedPair, lang: Lang): Promise<Reply> {
    const citations: Citation[] = [];
    for (const c of p.citations) {
      const now = await passages.find(c.doc, c.locator);
      citations.push({ doc: c.doc, locator: c.locator, quote: now?.text ?? c.quote });
    }
    return { text: p.answer, citations, answer: { lang, confirmed: true } };
  }

  async function record(
    inc: Incoming,
    identity: string,
    lang: Lang,
    question: string,
    reply: Reply,
    pairId?: string,
  ): Promise<AskRecord> {
    const a: AskRecord = {
      id: newId(),
      question: question.slice(0, 1000),
      answer: reply.text.slice(0, 2000),
      citations: (reply.citations ?? []).map((c) => ({ ...c, quote: c.quote.slice(0, 2000) })),
      refused: !reply.answer,
      lowConfidence: reply.answer?.lowConfidence === true,
      channel: inc.channel,
      who: await who(identity),
      lang,
      at: clock.now().toISOString(),
    };
    if (pairId) a.pairId = pairId;
    await store.saveAsk(a);
    return a;
  }

  return {
    store,
    pairs,
    passages,
    who,
    match,
    pairReply,
    record,
    missing,

    async vote(askId: string, identity: string, vote: Vote, channel: Incoming['channel']): Promise<boolean> {
      return store.vote(askId, await who(identity), { vote, channel, at: clock.now().toISOString() });
    },

    async reason(askId: string, identity: string, text: string): Promise<boolean> {
      return store.reason(askId, await who(identity), text);
    },

    /** The review queue grouped by similar wording, newest group first. */
    async pending(): Promise<PendingGroup[]> {
      const queued = await store.queue();
      const asks = await store.asks(queued.map((q) => q.id));
      const byId = new Map(asks.map((a) => [a.id, a]));
      const items: { item: { ask: AskRecord; at: number }; vector: Vector }[] = [];
      for (const q of queued) {
        const ask = byId.get(q.id);
        if (ask) items.push({ item: { ask, at: q.at }, vector: await vectorOf(ask.question, idf) });
      }
      const groups = groupBySimilarity(items, threshold());
      const out: PendingGroup[] = [];
      for (const g of groups) {
        const first = g.items[0]!;
        const reasons: string[] = [];
        let down = 0;
        for (const { ask } of g.items) {
          for (const v of Object.values(await store.votes(ask.id))) {
            if (v.vote !== 'down') continue;
            down++;
            if (v.reason) reasons.push(v.reason);
          }
        }
        out.push({
          id: first.ask.id,
          question: first.ask.question,
          questions: [...new Set(g.items.map((x) => x.ask.question))],
          askIds: g.items.map((x) => x.ask.id),
          count: g.items.length,
          refused: g.items.filter((x) => x.ask.refused).length,
          lowConfidence: g.items.filter((x) => x.ask.lowConfidence).length,
          down,
          reasons,
          lastAt: new Date(first.at).toISOString(),
          who: [...new Set(g.items.map((x) => x.ask.who))],
          answer: first.ask.answer,
        });
      }
      return out;
    },

    /** Passages for staff to choose from, ranked as the Q&A ranks them. */
    search(query: string, k = 10): Promise<PassageHit[]> {
      return passages.search(query, k);
    },

    /** Save a curated pair for a review group: a new pair, or the next version of the one it matches. */
    async curate(input: CurateInput): Promise<CurateResult> {
      const groups = await this.pending();
      const group = groups.find((g) => g.askIds.includes(input.askId));
      const ask = group ? null : await store.ask(input.askId);
      if (!group && !ask) return { ok: false, error: 'unknown' };
      const questions = group?.questions ?? [ask!.question];
      const cited: CuratedCitation[] = [];
      for (const ref of input.passages) {
        const [doc, locator] = ref.split('|');
        const p = doc && locator ? await passages.find(doc, locator) : null;
        if (!p) return { ok: false, error: 'gone' };
        cited.push({ doc: p.doc, locator: p.locator, quote: p.text, hash: textHash(p.text) });
      }
      let answer = input.answer.trim();
      if (input.kind === 'answer') {
        if (cited.length === 0) return { ok: false, error: 'no_passage' };
        if (answer === '') answer = leadOf(cited[0]!.quote);
      } else if (answer === '') return { ok: false, error: 'no_answer' };
      const at = clock.now().toISOString();
      const existing = await match(questions[0]!);
      const change = { kind: input.kind, answer, citations: input.kind === 'answer' ? cited : [] };
      const pair = existing
        ? await pairs.revise(
            existing.pair.id,
            { ...change, questions: [...existing.pair.questions, ...questions] },
            input.author,
            at,
          )
        : await pairs.create({ id: newId(6), questions, ...change, author: input.author, at });
      if (!pair) return { ok: false, error: 'unknown' };
      await store.resolve(group?.askIds ?? [input.askId]);
      deps.logger.info({ pair: pair.id, version: pair.version, author: input.author }, 'feedback: curated pair saved');
      return { ok: true, pair };
    },

    /** Take questions out of the queue without a curated answer. */
    dismiss: async (askIds: string[]) => store.resolve(askIds),

    async withdraw(pairId: string, author: string): Promise<CuratedPair | null> {
      return pairs.revise(pairId, { status: 'withdrawn' }, author, clock.now().toISOString());
    },

    /** Every pair with the passages it cites that have gone from the corpus. */
    async pairViews(): Promise<PairView[]> {
      const all = await pairs.all();
      return Promise.all(all.map(async (p) => ({ ...p, missing: await missing(p) })));
    },

    /** Answered, refused, 有用 and 没用 per ISO week, the last `n` weeks. */
    weeks(n = 8): Promise<WeekStats[]> {
      return store.weeks(lastWeeks(clock.now(), zone, n));
    },
  };
}

export type Feedback = ReturnType<typeof createFeedback>;
