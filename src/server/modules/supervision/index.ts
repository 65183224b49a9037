// Public face of the supervision module (issue 5, item 6): the team board, reassigning and recalling cases.
export { createSupervisionService, SupervisionErrors, type SupervisionService } from './supervision.service.js';
export { supervisionRoutes } from './supervision.routes.js';
