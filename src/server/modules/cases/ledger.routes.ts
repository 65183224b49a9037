import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { caseLedgerSchema } from '../../../contracts/ledger.js';
import { principal } from '../../http/auth.js';
import type { LedgerService } from './ledger.service.js';

/** Debtor 360: the case's loans replayed by the ledger engine (permission cases.read, the case's data scope). */
export function ledgerRoutes(ledger: LedgerService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/cases/:id/ledger',
      { config: { permission: 'cases.read' }, schema: { tags: ['cases'], params: z.strictObject({ id: idSchema }), response: { 200: caseLedgerSchema } } },
      async (req) => ledger.forCase(principal(req), req.params.id),
    );
  };
}
