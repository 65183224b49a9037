// Public face of the staff module: qualifications (certificates, training records) of users.
export { createStaffService, StaffErrors, AGENCY_TIME_ZONE, calendarDate, certificateStatus, type AgentQualifications, type StaffService } from './staff.service.js';
export { staffRoutes } from './staff.routes.js';
export type { StaffTables } from './staff.tables.js';
