import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import {
  batchRequestSchema, batchResponseSchema, importJobSchema, importListQuerySchema, importListSchema, importPreviewSchema, mappingSchema, previewQuerySchema, runImportSchema,
  templateParamsSchema, templateQuerySchema, uploadQuerySchema,
} from '../../../contracts/intake.js';
import { principal } from '../../http/auth.js';
import { requestLocale } from '../../http/locale.js';
import { AppError } from '../../platform/errors.js';
import { IntakeErrors, type IntakeService } from './intake.service.js';

const idParams = z.strictObject({ id: idSchema });
/** Largest uploaded file. */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
/** A JSON batch of 5,000 rows of about 60 fields. */
const BATCH_BODY_LIMIT = 32 * 1024 * 1024;

const attachment = (name: string) => `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * Upload: the file is the request body (`Content-Type: application/octet-stream`, or text/csv), with
 * `?creditorId=&kind=&fileName=[&encoding=][&stage=true]`. No multipart: the body streams straight to the data directory.
 * With `stage=true` the job waits (`staged`) for GET …/preview and POST …/run (or DELETE to discard it).
 */
export function intakeRoutes(intake: IntakeService): FastifyPluginAsyncZod {
  return async (app) => {
    // The raw body stream, for this plugin's routes only; the upload route counts its bytes itself.
    for (const type of ['application/octet-stream', 'text/csv']) {
      app.addContentTypeParser(type, (_req, payload, done) => done(null, payload));
    }

    app.post(
      '/api/intake/imports',
      { config: { permission: 'intake.manage' }, schema: { tags: ['intake'], querystring: uploadQuerySchema, response: { 202: importJobSchema } } },
      async (req, reply) => {
        const body = req.body as Readable | undefined;
        if (!body || typeof (body as Readable).pipe !== 'function') throw new AppError('common.unsupported_media');
        await mkdir(intake.uploadDir, { recursive: true });
        const ext = path.extname(req.query.fileName).toLowerCase().replace(/[^.\w]/g, '').slice(0, 8);
        const file = path.join(intake.uploadDir, `${randomUUID()}${ext}`);
        let bytes = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            bytes += chunk.length;
            if (bytes > MAX_UPLOAD_BYTES) cb(new AppError(IntakeErrors['intake.file_too_large'], { limit: MAX_UPLOAD_BYTES }));
            else cb(null, chunk);
          },
        });
        try {
          await pipeline(body, limit, createWriteStream(file));
        } catch (e) {
          await rm(file, { force: true });
          throw e;
        }
        let job;
        try {
          job = await intake.createImport(
            principal(req),
            { creditorId: req.query.creditorId, kind: req.query.kind, filePath: file, fileName: req.query.fileName, encoding: req.query.encoding },
            { stage: req.query.stage === 'true' },
          );
        } catch (e) {
          await rm(file, { force: true }); // refused (e.g. another creditor's id): keep nothing
          throw e;
        }
        reply.code(202);
        return job;
      },
    );
    app.get(
      '/api/intake/imports/:id/preview',
      { config: { permission: 'intake.manage' }, schema: { tags: ['intake'], params: idParams, querystring: previewQuerySchema, response: { 200: importPreviewSchema } } },
      async (req) => {
        let mapping;
        if (req.query.mapping !== undefined) {
          let raw: unknown;
          try {
            raw = JSON.parse(req.query.mapping);
          } catch {
            throw new AppError('common.bad_request', { reason: 'mapping: not JSON' });
          }
          const parsed = mappingSchema.safeParse(raw);
          if (!parsed.success) throw new AppError('common.bad_request', { reason: 'mapping: an object of field → column index' });
          mapping = parsed.data;
        }
        return intake.previewImport(principal(req), req.params.id, { locale: requestLocale(req), ...(mapping ? { mapping } : {}) });
      },
    );
    app.post(
      '/api/intake/imports/:id/run',
      { config: { permission: 'intake.manage' }, schema: { tags: ['intake'], params: idParams, body: runImportSchema, response: { 202: importJobSchema } } },
      async (req, reply) => {
        const job = await intake.runStaged(principal(req), req.params.id, req.body, requestLocale(req));
        reply.code(202);
        return job;
      },
    );
    app.delete('/api/intake/imports/:id', { config: { permission: 'intake.manage' }, schema: { tags: ['intake'], params: idParams, response: { 200: importJobSchema } } }, async (req) =>
      intake.discardImport(principal(req), req.params.id),
    );
    app.get('/api/intake/imports', { config: { permission: 'intake.manage' }, schema: { tags: ['intake'], querystring: importListQuerySchema, response: { 200: importListSchema } } }, async (req) =>
      intake.listImports(principal(req), req.query),
    );
    app.get('/api/intake/imports/:id', { config: { permission: 'intake.manage' }, schema: { tags: ['intake'], params: idParams, response: { 200: importJobSchema } } }, async (req) =>
      intake.getImport(principal(req), req.params.id),
    );
    app.get('/api/intake/imports/:id/rejected', { config: { permission: 'intake.manage' }, schema: { tags: ['intake'], params: idParams } }, async (req, reply) => {
      const f = await intake.rejectedFile(principal(req), req.params.id);
      reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(f.fileName)).header('content-length', f.size);
      return reply.send(f.stream);
    });
    app.get('/api/intake/templates/:kind', { config: { permission: 'intake.manage' }, schema: { tags: ['intake'], params: templateParamsSchema, querystring: templateQuerySchema } }, async (req, reply) => {
      const csv = intake.template(principal(req), req.params.kind, req.query.locale);
      reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`${req.params.kind}-template.csv`));
      return csv;
    });
    app.post(
      '/api/intake/batches',
      { bodyLimit: BATCH_BODY_LIMIT, config: { permission: 'intake.manage' }, schema: { tags: ['intake'], body: batchRequestSchema, response: { 200: batchResponseSchema } } },
      async (req) => intake.importBatch(principal(req), req.body),
    );
  };
}
