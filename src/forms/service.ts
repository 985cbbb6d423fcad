import type { Deps } from '../deps.js';
import { monthlyReport } from './definitions/index.js';
import { createDraftStore, type DraftStore } from './drafts.js';
import { type ExportTable, exportRows } from './export.js';
import { computeProgress, type Progress } from './progress.js';
import { createReportStore, type ReportStore, type ReportVersion } from './reports.js';
import { createUnitStore, type Unit, type UnitStore } from './units.js';

export type { ReportVersion } from './reports.js';
export type { Unit, UnitType } from './units.js';
export type { Progress } from './progress.js';

/** The forms capability as other capabilities see it (report chasing, admin console, Slack modal). */
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
}

declare module '../deps.js' {
  interface Services {
    forms: FormsService;
  }
}

/** The service plus the stores the chat feature uses directly. */
export interface FormsInternals {
  service: FormsService;
  units: UnitStore;
  reports: ReportStore;
  drafts: DraftStore;
}

export function createFormsInternals(deps: Deps): FormsInternals {
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
  };
  return { service, units, reports, drafts };
}
