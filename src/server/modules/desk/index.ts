// Public face of the desk module (issue 5): My queue so far.
export { createDeskService, type DeskService } from './desk.service.js';
export { deskRoutes } from './desk.routes.js';
