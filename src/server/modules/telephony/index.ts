// Public face of the telephony module (issue 5, item 5): the click-to-call adapter (tel: links or a dialer's webhook).
export { createTelephonyService, TelephonyErrors, type TelephonyService } from './telephony.service.js';
export { telephonyRoutes } from './telephony.routes.js';
export type { TelephonyTables } from './telephony.tables.js';
