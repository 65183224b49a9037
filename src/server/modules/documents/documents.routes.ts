import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { documentListSchema } from '../../../contracts/documents.js';
import { principal } from '../../http/auth.js';
import type { DocumentService } from './documents.service.js';

const idParams = z.strictObject({ id: idSchema });
const fileQuery = z.strictObject({ download: z.enum(['0', '1']).optional() });

/** A case's documents (cases.read, within the case's data scope) and their files (each download audited). */
export function documentRoutes(docs: DocumentService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['documents'];
    app.get('/api/cases/:id/documents', { config: { permission: 'cases.read' }, schema: { tags, params: idParams, response: { 200: documentListSchema } } }, async (req) =>
      docs.listForCase(principal(req), req.params.id),
    );
    app.get('/api/documents/:id/file', { config: { permission: 'cases.read' }, schema: { tags, params: idParams, querystring: fileQuery } }, async (req, reply) => {
      const { doc, content } = await docs.download(principal(req), req.params.id);
      const ascii = doc.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      reply
        .type(doc.mimeType)
        .header('content-disposition', `${req.query.download === '1' ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256', doc.sha256);
      return content;
    });
  };
}
