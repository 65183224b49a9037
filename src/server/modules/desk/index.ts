// Public face of the desk module (issue 5): My queue and logging a contact.
export { createDeskService, type DeskService } from './desk.service.js';
export { deskRoutes } from './desk.routes.js';
export { DeskErrors } from './outcome.service.js';
export { TimelineErrors } from './timeline.service.js';
export type { DeskTables } from './desk.tables.js';
