import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, okSchema } from '../../../contracts/common.js';
import {
  certificateSchema,
  createCertificateSchema,
  createTrainingSchema,
  expiringListSchema,
  expiringQuerySchema,
  qualificationsSchema,
  trainingSchema,
  updateCertificateSchema,
} from '../../../contracts/staff.js';
import { principal } from '../../http/auth.js';
import type { StaffService } from './staff.service.js';

const idParams = z.strictObject({ id: idSchema });
const userParams = z.strictObject({ userId: idSchema });

export function staffRoutes(staff: StaffService): FastifyPluginAsyncZod {
  return async (app) => {
    // Read by staff.manage or by the user themself: the service decides.
    app.get('/api/staff/:userId/qualifications', { schema: { tags: ['staff'], params: userParams, response: { 200: qualificationsSchema } } }, async (req) =>
      staff.qualifications(principal(req), req.params.userId),
    );
    app.get('/api/staff/certificates/expiring', { config: { permission: 'staff.manage' }, schema: { tags: ['staff'], querystring: expiringQuerySchema, response: { 200: expiringListSchema } } }, async (req) =>
      staff.expiring(principal(req), req.query.days),
    );

    app.post(
      '/api/staff/:userId/certificates',
      { config: { permission: 'staff.manage' }, schema: { tags: ['staff'], params: userParams, body: createCertificateSchema, response: { 201: certificateSchema } } },
      async (req, reply) => {
        reply.status(201);
        return staff.createCertificate(principal(req), req.params.userId, req.body);
      },
    );
    app.patch(
      '/api/staff/certificates/:id',
      { config: { permission: 'staff.manage' }, schema: { tags: ['staff'], params: idParams, body: updateCertificateSchema, response: { 200: certificateSchema } } },
      async (req) => staff.updateCertificate(principal(req), req.params.id, req.body),
    );
    app.delete('/api/staff/certificates/:id', { config: { permission: 'staff.manage' }, schema: { tags: ['staff'], params: idParams, response: { 200: okSchema } } }, async (req) => {
      await staff.deleteCertificate(principal(req), req.params.id);
      return { ok: true as const };
    });

    app.post(
      '/api/staff/:userId/trainings',
      { config: { permission: 'staff.manage' }, schema: { tags: ['staff'], params: userParams, body: createTrainingSchema, response: { 201: trainingSchema } } },
      async (req, reply) => {
        reply.status(201);
        return staff.createTraining(principal(req), req.params.userId, req.body);
      },
    );
    app.delete('/api/staff/trainings/:id', { config: { permission: 'staff.manage' }, schema: { tags: ['staff'], params: idParams, response: { 200: okSchema } } }, async (req) => {
      await staff.deleteTraining(principal(req), req.params.id);
      return { ok: true as const };
    });
  };
}
