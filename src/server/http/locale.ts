import type { FastifyRequest } from 'fastify';
import type { Locale } from '../platform/errors.js';

/** zh-CN unless the client prefers English (Accept-Language: en…) before any Chinese tag. */
export function requestLocale(req: FastifyRequest): Locale {
  const header = String(req.headers['accept-language'] ?? '').toLowerCase();
  const tags = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((t) => t.tag)
    .sort((a, b) => b.q - a.q);
  for (const t of tags) {
    if (t.tag.startsWith('zh')) return 'zh-CN';
    if (t.tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
