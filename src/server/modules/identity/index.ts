// Public face of the identity module: users, teams, creditors, API tokens, sessions.
export { createAuthService, AuthErrors, type AuthService, type LoginResult } from './auth.service.js';
export { meOf, userOut } from './user.mappers.js';
export { createIdentityService, IdentityErrors, type IdentityService } from './identity.service.js';
export { identityRoutes } from './identity.routes.js';
export { ensureBootstrap, generatePassword, type BootstrapResult } from './bootstrap.js';
export { identityJobs } from './identity.jobs.js';
export type { IdentityTables } from './identity.tables.js';
