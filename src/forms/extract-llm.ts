import { loadPrompt } from '../core/prompts.js';
import type { Llm } from '../core/deps.js';
import { violations } from './checks.js';
import { type Extraction, statedFor, validOnly } from './extract.js';
import type { FieldDef, FormDefinition } from './types.js';

function jsonType(f: FieldDef): Record<string, unknown> {
  switch (f.type) {
    case 'integer':
      return { type: ['integer', 'null'] };
    case 'percent':
      return { type: ['number', 'null'] };
    case 'yesno':
      return { type: ['boolean', 'null'] };
    case 'choice':
      return { type: ['string', 'null'], enum: [...(f.choices ?? []).map((c) => c.value), null] };
    default:
      return { type: ['string', 'null'] };
  }
}

/** The strict JSON schema for structured outputs: every field present, null when not mentioned. */
export function extractionJsonSchema(def: FormDefinition): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const f of def.fields) properties[f.key] = { ...jsonType(f), description: f.label.zh };
  return { type: 'object', properties, required: def.fields.map((f) => f.key), additionalProperties: false };
}

function describe(def: FormDefinition): string {
  return def.fields
    .map((f) => {
      const opts = f.choices ? `（选项：${f.choices.map((c) => `${c.value}=${c.label.zh}`).join('，')}）` : '';
      return `- ${f.key}：${f.label.zh}，${f.type}${opts}`;
    })
    .join('\n');
}

/**
 * Paragraph extraction with OpenAI structured outputs. The answer is checked field by field with the
 * form's zod types (a wrong value is dropped, never stored). Throws on API error or timeout; the
 * caller falls back to the rules.
 */
export async function extractWithLlm(
  llm: Llm,
  def: FormDefinition,
  text: string,
  month: string,
): Promise<Record<string, unknown>> {
  const system = loadPrompt('forms/extract-system.md', { title: def.title.zh, month, fields: describe(def) });
  const res = await llm.client.chat.completions.create(
    {
      model: llm.model,
      temperature: 0,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: text },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: `form_${def.id}`, strict: true, schema: extractionJsonSchema(def) },
      },
    },
    { timeout: llm.timeoutMs },
  );
  const content = res.choices[0]?.message?.content;
  if (!content) throw new Error('empty structured output');
  const parsed = JSON.parse(content) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('structured output is not an object');
  return validOnly(def, parsed as Record<string, unknown>);
}

/**
 * What a model's proposal may add to the rules' reading, under the same checks: only fields the rules
 * left empty; a number only when it is the one number the paragraph states where it fits that field
 * (measure word, cues, no 计划/全年 in the way) and the rules did not file it elsewhere; never a month the rules did
 * not read; nothing that breaks a cross-field rule. A model never files a number the paragraph does
 * not state.
 */
export function groundLlm(
  def: FormDefinition,
  text: string,
  rules: Extraction,
  proposed: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const placed = new Set(Object.values(rules.values).filter((v) => typeof v === 'number'));
  for (const f of def.fields) {
    const v = proposed[f.key];
    if (v === undefined || v === null || f.key in rules.values || f.type === 'month') continue;
    if (f.type === 'integer' || f.type === 'percent') {
      // The model may say which field a number belongs to, never pick one of several (技师1名、高级技师3名).
      const fits = new Set(statedFor(text, f));
      if (typeof v !== 'number' || placed.has(v) || fits.size !== 1 || !fits.has(v)) continue;
    }
    out[f.key] = v;
  }
  for (const bad of violations(def, { ...rules.values, ...out })) {
    delete out[bad.field];
    delete out[bad.other];
  }
  return out;
}
