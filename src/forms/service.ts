import type { Deps } from '../core/deps.js';
import { type Citation, MONTH_RE } from '../core/types.js';
import { AppError } from '../errors.js';
import { checkReport } from './checks.js';
import { formById, monthlyReport } from './definitions/index.js';
import { createDraftStore, type DraftStore } from './drafts.js';
import { type ExportTable, exportRows } from './export.js';
import { computeProgress, type Progress } from './progress.js';
import { createReportStore, type ReportStore, type ReportVersion } from './reports.js';
import { createUnitStore, type Unit, type UnitStore } from './units.js';

export type { ReportVersion } from './reports.js';
export type { Unit, UnitType } from './units.js';
export type { Progress } from './progress.js';

/** Forms as other modules see it (report chasing, admin console, Slack App Home and modal). */
export interface FormsService {
  listUnits(): Promise<Unit[]>;
  getUnit(id: string): Promise<Unit | null>;
  upsertUnit(u: Omit<Unit, 'createdAt' | 'id'> & { id?: string }): Promise<Unit>;
  /** Also makes the person an officer (never demotes staff/admin). */
  bindOfficer(identity: string, unitId: string): Promise<void>;
  unitOf(identity: string): Promise<string | null>;
  officersOf(unitId: string): Promise<string[]>;
  createInvite(unitId: string): Promise<string>;
  /** Latest version; month 'YYYY-MM'. */
  getReport(unitId: string, month: string): Promise<ReportVersion | null>;
  reportHistory(unitId: string, month: string): Promise<ReportVersion[]>;
  /** Registered units without a report for the month. */
  missingReports(month: string): Promise<Unit[]>;
  progress(month: string): Promise<Progress>;
  reportMonths(): Promise<string[]>;
  exportRows(month: string): Promise<ExportTable>;
  /**
   * Record `data` as the unit's next version of a monthly form (month 'YYYY-MM'), atomically. The data
   * is checked with the form's schema (its month field defaults to `month` and must agree with it);
   * throws AppError (code forms_invalid_report, forms_unknown_form, forms_unknown_unit) otherwise.
   */
  submitReport(
    formId: string,
    unitId: string,
    month: string,
    data: Record<string, unknown>,
    by: string,
    /** The officer confirmed the values the form's rules flag (src/forms/checks.ts); otherwise they are refused. */
    opts?: { confirmed?: boolean },
  ): Promise<ReportVersion>;
}

/** What forms need from Q&A: side questions asked in the middle of a form are answered with citations. */
export interface FormsQa {
  answer(
    q: string,
    opts?: { lang?: 'zh' | 'en' },
  ): Promise<{ answer: string; citations: Citation[]; refused: boolean }>;
}

/** The service plus the stores the chat module uses directly (inside src/forms only). */
export interface FormsInternals {
  service: FormsService;
  /** Null: side questions get no answer (the form just repeats its question). */
  qa: FormsQa | null;
  units: UnitStore;
  reports: ReportStore;
  drafts: DraftStore;
}


export function createFormsInternals(deps: Deps, qa: FormsQa | null): FormsInternals {
  const { redis, keys } = deps;
  const units = createUnitStore(redis, keys, deps.roles, () => deps.clock.now());
  const reports = createReportStore(redis, keys);
  const drafts = createDraftStore(redis, keys, deps.config.FORM_TTL_DAYS * 24 * 3600);
  const form = monthlyReport.id;
  const service: FormsService = {
    listUnits: units.listUnits,
    getUnit: units.getUnit,
    upsertUnit: units.upsertUnit,
    bindOfficer: units.bindOfficer,
    unitOf: units.unitOf,
    officersOf: units.officersOf,
    createInvite: units.createInvite,
    getReport: (unitId, month) => reports.get(form, unitId, month),
    reportHistory: (unitId, month) => reports.history(form, unitId, month),
    async missingReports(month) {
      const all = await units.listUnits();
      const done = new Set(await reports.owners(form, month));
      return all.filter((u) => !done.has(u.id));
    },
    progress: async (month) => computeProgress(reports, await units.listUnits(), month),
    reportMonths: () => reports.periods(form),
    exportRows: async (month) => exportRows(reports, await units.listUnits(), month),
    async submitReport(formId, unitId, month, data, by, opts) {
      const def = formById(formId);
      if (!def?.periodField || def.owner !== 'unit') {
        throw new AppError(`forms: ${formId} is not a monthly unit form`, 'forms_unknown_form');
      }
      if (!MONTH_RE.test(month)) throw new AppError(`forms: month must be YYYY-MM, got ${month}`, 'forms_invalid_report');
      const values = { ...data, [def.periodField]: data[def.periodField] ?? month };
      if (values[def.periodField] !== month) {
        throw new AppError(
          `forms: data is for ${String(values[def.periodField])}, not ${month}`,
          'forms_invalid_report',
        );
      }
      const parsed = checkReport(def, values, opts?.confirmed ? 'all' : {});
      if (!parsed.ok) {
        const issues = parsed.issues.map((i) => `${i.field || '(form)'}: ${i.detail}`).join('; ');
        throw new AppError(`forms: invalid ${formId} report: ${issues}`, 'forms_invalid_report');
      }
      if (!(await units.getUnit(unitId))) throw new AppError(`forms: no unit ${unitId}`, 'forms_unknown_unit');
      const at = deps.clock.now().toISOString();
      return reports.record({ form: def.id, owner: unitId, period: month, data: parsed.data, by, at });
    },
  };
  return { service, qa, units, reports, drafts };
}
