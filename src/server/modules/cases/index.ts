// Public face of the cases module (debtors, contacts, addresses, accounts).
export { createCaseService, CaseErrors, type CaseService } from './case.service.js';
export { caseRoutes } from './case.routes.js';
export { accountLedger, createLedgerService, policyOf, refreshCaseFigures, computeCaseFigures, CASE_FIGURE_COLUMNS, type FreshFigures, type LedgerService } from './ledger.service.js';
export { ledgerRoutes } from './ledger.routes.js';
export { scopeFilter } from './case.repository.js';
export type { CaseTables, PaymentTable } from './case.tables.js';
