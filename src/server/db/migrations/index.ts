// The ordered list. Append only: never edit a migration that has shipped.
import type { ConcordMigration } from '../migrator.js';
import { m0001Foundation } from './0001-foundation.js';
import { m0002Cases } from './0002-cases.js';
import { m0003Staff } from './0003-staff.js';
import { m0004Compliance } from './0004-compliance.js';
import { m0005Intake } from './0005-intake.js';
import { m0006AccountBalance } from './0006-account-balance.js';
import { m0007Negotiation } from './0007-negotiation.js';
import { m0008NegotiationPolicy } from './0008-negotiation-policy.js';
import { m0009Visits } from './0009-visits.js';
import { m0011Nightly } from './0011-nightly.js';
import { m0012Messaging } from './0012-messaging.js';
import { m0013DeskQueue } from './0013-desk-queue.js';
import { m0014Sms } from './0014-sms.js';
import { m0015DeskCallback } from './0015-desk-callback.js';
import { m0016Telephony } from './0016-telephony.js';
import { m0017Documents } from './0017-documents.js';
import { m0019CallScript } from './0019-call-script.js';
import { m0020TeamBoard } from './0020-team-board.js';
import { m0021DeskQueueOrder } from './0021-desk-queue-order.js';
import { m0022Campaigns } from './0022-campaigns.js';
import { m0023FieldVisits } from './0023-field-visits.js';
import { m0024DeskNamePrefix } from './0024-desk-name-prefix.js';
import { m0025DeskNameCover } from './0025-desk-name-cover.js';

export const migrations: ConcordMigration[] = [m0001Foundation, m0002Cases, m0003Staff, m0004Compliance, m0005Intake, m0006AccountBalance, m0007Negotiation, m0008NegotiationPolicy, m0009Visits, m0011Nightly, m0012Messaging, m0013DeskQueue, m0014Sms, m0015DeskCallback, m0016Telephony, m0017Documents, m0019CallScript, m0020TeamBoard, m0021DeskQueueOrder, m0022Campaigns, m0023FieldVisits, m0024DeskNamePrefix, m0025DeskNameCover];
