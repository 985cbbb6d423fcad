/** What other folders (channels, web, cli) use of forms; everything else in src/forms is internal. */
export { currentMonth, formatValue, parseAnswer } from './answers.js';
export { checkReport } from './checks.js';
export { monthlyReport } from './definitions/index.js';
export { type Forms, createForms } from './module.js';
export type { FormsQa, FormsService, Progress, ReportVersion, Unit, UnitType } from './service.js';
export { type Bilingual, type FieldDef, type FormDefinition, pick } from './types.js';
