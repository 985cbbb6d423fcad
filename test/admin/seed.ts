import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createReportStore } from '../../src/forms/reports.js';
import { projectRoot } from '../../src/paths.js';
import type { TestApp } from '../helpers/app.js';

/** The campaign document, from `../shared` beside the project. */
export const SEED_DOC = path.resolve(projectRoot, '../shared/corpus/seed/无锡市两争一树活动意见(2006).txt');

/** A corpus folder holding the campaign document (for CORPUS_DIRS). */
export function tempCorpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ud-admin-corpus-'));
  cpSync(SEED_DOC, path.join(dir, path.basename(SEED_DOC)));
  return dir;
}

/** Submit a monthly report through the real report store (as the chat form would). */
export async function submitReport(
  t: TestApp,
  unitId: string,
  month: string,
  data: Record<string, unknown>,
  by = 'web:officer1',
) {
  const { redis, keys } = t.app.deps;
  const reports = createReportStore(redis, keys);
  const draftId = `seed-${unitId}-${month}-${Math.random().toString(36).slice(2)}`;
  const draftKey = keys.formDraft('monthly', 'seed', `${unitId}:${month}`);
  await redis.set(draftKey, JSON.stringify({ id: draftId }));
  return reports.submit({
    form: 'monthly',
    owner: unitId,
    period: month,
    draftId,
    draftKey,
    activeKey: keys.formActive('seed', unitId),
    data: { month, ...data },
    by,
    at: t.app.deps.clock.now().toISOString(),
  });
}

/** Two districts, three units, reports over three months (one amended, one missing). */
export async function seedForms(t: TestApp) {
  const forms = t.app.services.forms;
  const a = await forms.upsertUnit({ name: '无锡一棉', district: '梁溪区', type: '企业', highTrainingNeeds: false });
  const b = await forms.upsertUnit({ name: '滨湖机械厂', district: '滨湖区', type: '企业', highTrainingNeeds: true });
  const c = await forms.upsertUnit({
    name: '市第一中学',
    district: '梁溪区',
    type: '事业单位',
    highTrainingNeeds: false,
  });
  const base = { enterpriseStatus: 'ongoing', unionStatus: 'started', groupsNew: 2, trainingSessions: 3 };
  await submitReport(t, a.id, '2026-09', { ...base, groupsTotal: 10 });
  await submitReport(t, a.id, '2026-10', { ...base, groupsTotal: 12 });
  await submitReport(t, a.id, '2026-11', { ...base, enterpriseStatus: 'reached', groupsTotal: 14 });
  await submitReport(t, b.id, '2026-10', { ...base, groupsTotal: 5 });
  await submitReport(t, b.id, '2026-11', { ...base, groupsTotal: 6 });
  await submitReport(t, b.id, '2026-11', { ...base, groupsTotal: 7, unionStatus: 'reached' }, 'web:officer2');
  return { a, b, c };
}
