// Public face of the messaging module (issue 6, first slice: templates, outbox, email over SMTP).
export { createMessagingService, DELIVER_JOB_KEY, enqueueMessage, enqueueMessages, MessagingErrors, templateFacts, type EnqueueInput, type MessagingService } from './messaging.service.js';
export { messagingRoutes } from './messaging.routes.js';
export { messagingJobs } from './messaging.jobs.js';
export type { MessagingTables } from './messaging.tables.js';
export { render, type TemplateValues } from './messaging.render.js';
export type { MessageChannel } from './messaging.tables.js';
