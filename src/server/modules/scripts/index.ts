// Public face of the scripts module (issue 5, item 2): the call script panel and the supervisors' script editor.
export { createScriptService, ScriptErrors, type ScriptService } from './scripts.service.js';
export { scriptRoutes } from './scripts.routes.js';
export type { ScriptTables } from './scripts.tables.js';
