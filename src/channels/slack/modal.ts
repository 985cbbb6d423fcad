import { translate } from '../../core/i18n.js';
import type { Lang } from '../../core/types.js';
import type { Deps } from '../../core/deps.js';
import {
  type FieldDef,
  type FormDefinition,
  type FormsService,
  checkReport,
  currentMonth,
  formatValue,
  monthlyReport,
  parseAnswer,
  pick,
} from '../../forms/index.js';
import type { Block } from './blocks.js';

/** Generated from the form definition (src/forms/definitions): one input block per field. */
export const REPORT_CALLBACK = 'ud_report';
const ACTION = 'v';
const YES = 'yes';
const NO = 'no';
const CONFIRM = 'confirm';

export interface ModalMeta {
  /** Where /report was typed (the confirmation goes to the DM when it was typed there). */
  channel: string;
  person: string;
  unitId: string;
  lang: Lang;
}

const plain = (text: string, max = 150) => ({ type: 'plain_text', text: text.slice(0, max), emoji: true });

function element(f: FieldDef, lang: Lang, initial: unknown): Block {
  const opt = (value: string, label: string) => ({ text: plain(label, 75), value });
  switch (f.type) {
    case 'integer':
    case 'percent': {
      const e: Block = { type: 'number_input', action_id: ACTION, is_decimal_allowed: f.type === 'percent' };
      if (f.min !== undefined) e['min_value'] = String(f.min);
      if (f.max !== undefined) e['max_value'] = String(f.max);
      if (typeof initial === 'number') e['initial_value'] = String(initial);
      return e;
    }
    case 'choice': {
      const options = (f.choices ?? []).map((c) => opt(c.value, pick(c.label, lang)));
      const e: Block = { type: 'static_select', action_id: ACTION, options };
      const init = options.find((o) => o.value === initial);
      if (init) e['initial_option'] = init;
      return e;
    }
    case 'yesno': {
      const options = [opt(YES, lang === 'en' ? 'Yes' : '是'), opt(NO, lang === 'en' ? 'No' : '否')];
      const e: Block = { type: 'radio_buttons', action_id: ACTION, options };
      if (typeof initial === 'boolean') e['initial_option'] = options[initial ? 0 : 1];
      return e;
    }
    case 'text':
    case 'month': {
      const e: Block = {
        type: 'plain_text_input',
        action_id: ACTION,
        multiline: f.type === 'text' && (f.max ?? 0) > 100,
      };
      if (f.type === 'text' && f.max) e['max_length'] = f.max;
      if (typeof initial === 'string') e['initial_value'] = initial;
      return e;
    }
  }
}

/** The Block Kit modal for a form, prefilled with `initial` (the month's last version, when amending). */
export function formModal(def: FormDefinition, meta: ModalMeta, initial: Record<string, unknown>): Block {
  const { lang } = meta;
  return {
    type: 'modal',
    callback_id: REPORT_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: plain(translate(lang, 'channels.modal_title'), 24),
    submit: plain(translate(lang, 'channels.modal_submit'), 24),
    close: plain(translate(lang, 'channels.modal_cancel'), 24),
    blocks: [
      ...def.fields.map((f) => ({
        type: 'input',
        block_id: f.key,
        optional: !f.required,
        label: plain(pick(f.label, lang), 2000),
        hint: plain(pick(f.hint, lang), 2000),
        element: element(f, lang, initial[f.key]),
      })),
      ...(def.checks?.length ? [confirmBlock(lang)] : []),
    ],
  };
}

/** “我已核对，数值无误”: how an officer confirms a value the form's rules flag (def.checks). */
function confirmBlock(lang: Lang): Block {
  return {
    type: 'input',
    block_id: CONFIRM,
    optional: true,
    label: plain(translate(lang, 'channels.modal_confirm_label'), 2000),
    element: {
      type: 'checkboxes',
      action_id: ACTION,
      options: [{ text: plain(translate(lang, 'channels.modal_confirm_option'), 75), value: YES }],
    },
  };
}

type StateValues = Record<
  string,
  Record<
    string,
    {
      type?: string;
      value?: string | null;
      selected_option?: { value?: string } | null;
      selected_options?: { value?: string }[];
    }
  >
>;

/** What the user entered in a field, as text the chat parser understands; '' when left empty. */
function rawValue(f: FieldDef, state: StateValues): string {
  const v = state[f.key]?.[ACTION];
  if (!v) return '';
  if (v.selected_option?.value) {
    if (f.type === 'yesno') return v.selected_option.value === YES ? '是' : '否';
    return v.selected_option.value;
  }
  return (v.value ?? '').trim();
}

export type ModalResult =
  | { ok: true; values: Record<string, unknown>; confirmed: boolean }
  | { ok: false; errors: Record<string, string> };

/** Check every field with the same parser and schema as the chat form; errors keyed by block for Slack to show inline. */
export function readModal(def: FormDefinition, state: StateValues, lang: Lang, now: Date, tz: string): ModalResult {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of def.fields) {
    const raw = rawValue(f, state);
    if (raw === '') continue;
    const r =
      f.type === 'choice' && (f.choices ?? []).some((c) => c.value === raw)
        ? { ok: true as const, value: raw }
        : parseAnswer(f, raw, { now, tz, lang });
    if (r.ok) values[f.key] = r.value;
    else errors[f.key] = translate(lang, r.error, r.vars);
  }
  if (Object.keys(errors).length === 0) {
    // The form definition's rules, as in the chat form: a flagged value needs the 核对 box ticked.
    const confirmed = (state[CONFIRM]?.[ACTION]?.selected_options ?? []).some((o) => o.value === YES);
    const checked = checkReport(def, values, confirmed ? 'all' : {});
    if (checked.ok) return { ok: true, values: checked.data, confirmed };
    for (const issue of checked.issues) {
      const f = def.fields.find((x) => x.key === issue.field) ?? def.fields[0]!;
      const rule = def.checks?.find((c) => c.message === issue.message && c.field === f.key);
      errors[f.key] ??= !issue.message
        ? translate(lang, 'forms.err.invalid', { label: pick(f.label, lang) })
        : rule?.kind === 'confirmAbove'
          ? translate(lang, 'channels.modal_confirm_needed', {
              value: formatValue(f, values[f.key], lang),
              max: formatValue(f, rule.above, lang),
            })
          : `${translate(lang, issue.message)}${rule ? translate(lang, 'channels.modal_confirm_hint') : ''}`;
    }
  }
  return { ok: false, errors };
}

/** Record a modal submission as the unit's next report version (FormsService checks and stores it atomically). */
export async function submitModal(
  forms: Pick<FormsService, 'submitReport'>,
  def: FormDefinition,
  meta: ModalMeta,
  values: Record<string, unknown>,
  confirmed = false,
): Promise<{ version: number; period: string }> {
  const period = String(values[def.periodField ?? 'month']);
  const saved = await forms.submitReport(def.id, meta.unitId, period, values, meta.person, { confirmed });
  return { version: saved.version, period };
}

export const reportForm = (): FormDefinition => monthlyReport;
export const thisMonth = (deps: Deps): string => currentMonth(deps.clock.now(), deps.config.TIMEZONE);
