import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import {
  checkInSchema, checkOutSchema, evidenceListSchema, evidenceQuerySchema, evidenceSchema, fieldReportListSchema, fieldReportQuerySchema, fieldTodaySchema,
  incidentListSchema, incidentSchema, leaveSchema, outcomeSchema, sosSchema,
} from '../../../contracts/field.js';
import { principal } from '../../http/auth.js';
import { AppError } from '../../platform/errors.js';
import { EvidenceErrors, MAX_EVIDENCE_BYTES, type FieldEvidenceService } from './field-evidence.service.js';
import type { FieldService } from './field.service.js';

const idParams = z.strictObject({ id: idSchema });
const evidenceParams = z.strictObject({ id: idSchema, evidenceId: idSchema });

/** Reads an upload into memory, refusing it as soon as it passes the evidence limit. */
async function readLimited(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_EVIDENCE_BYTES) {
      body.destroy();
      throw new AppError(EvidenceErrors['field.evidence_too_large'], { limitMb: MAX_EVIDENCE_BYTES / 1024 / 1024, issues: [{ path: 'file', message: '文件过大', messageEn: 'File too large' }] });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The field collector's day: today's route with dossiers, check-in, outcome, check-out, "asked to leave", SOS and
 * evidence uploads (contacts.attempt), each mutation idempotent by the phone's client id; evidence lists and files
 * (a collector on the route, or a supervisor in scope; downloads audited); incidents and visit reports for
 * supervisors (visits.plan). A stop not on the caller's routes, or whose case is outside the scope, is 404.
 */
export function fieldRoutes(f: FieldService, ev: FieldEvidenceService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['field'];
    // Photos and recordings arrive as the raw body (no multipart); the route reads them with its own limit.
    app.addContentTypeParser(/^(image|audio)\//, (_req, payload, done) => done(null, payload));

    app.get('/api/field/today', { config: { permission: 'contacts.attempt' }, schema: { tags, response: { 200: fieldTodaySchema } } }, async (req) => f.today(principal(req)));
    app.post('/api/field/stops/:id/check-in', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: checkInSchema } }, async (req, reply) => {
      reply.status(201);
      return f.checkIn(principal(req), req.params.id, req.body);
    });
    app.post('/api/field/stops/:id/outcome', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: outcomeSchema } }, async (req) =>
      f.outcome(principal(req), req.params.id, req.body),
    );
    app.post('/api/field/stops/:id/leave', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: leaveSchema } }, async (req) =>
      f.leave(principal(req), req.params.id, req.body),
    );
    app.post('/api/field/stops/:id/check-out', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: checkOutSchema } }, async (req) =>
      f.checkOut(principal(req), req.params.id, req.body),
    );
    app.put('/api/field/stops/:id/evidence/:evidenceId', { config: { permission: 'contacts.attempt' }, schema: { tags, params: evidenceParams, querystring: evidenceQuerySchema } }, async (req, reply) => {
      const body = req.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw new AppError(EvidenceErrors['field.evidence_type'], { issues: [{ path: 'Content-Type', message: '只接受照片或录音', messageEn: 'Only image/* or audio/*' }] });
      const content = await readLimited(body);
      const r = await ev.upload(principal(req), req.params.id, req.params.evidenceId, req.headers['content-type'] ?? '', content, req.query);
      reply.status(r.created ? 201 : 200);
      return evidenceSchema.parse(r.evidence);
    });
    app.get('/api/field/stops/:id/evidence', { config: { permission: 'cases.read' }, schema: { tags, params: idParams, response: { 200: evidenceListSchema } } }, async (req) =>
      ev.list(principal(req), req.params.id),
    );
    app.get('/api/field/evidence/:id/file', { config: { permission: 'cases.read' }, schema: { tags, params: idParams } }, async (req, reply) => {
      const { evidence, content } = await ev.download(principal(req), req.params.id);
      reply.type(evidence.mimeType).header('cache-control', 'private, no-store').header('x-content-sha256', evidence.sha256);
      return content;
    });
    app.get('/api/field/reports', { config: { permission: 'visits.plan' }, schema: { tags, querystring: fieldReportQuerySchema, response: { 200: fieldReportListSchema } } }, async (req) =>
      ev.reports(principal(req), req.query.date),
    );
    app.post('/api/field/sos', { config: { permission: 'contacts.attempt' }, schema: { tags, body: sosSchema, response: { 201: incidentSchema } } }, async (req, reply) => {
      reply.status(201);
      return f.sos(principal(req), req.body);
    });
    app.get('/api/field/incidents', { config: { permission: 'visits.plan' }, schema: { tags, response: { 200: incidentListSchema } } }, async (req) => f.incidents(principal(req)));
  };
}
