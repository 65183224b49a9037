// Prometheus metrics: one registry per app instance (tests build many apps in one process).
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function registerMetrics(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'concord_' });
  const duration = new Histogram({
    name: 'concord_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({ name: 'concord_http_errors_total', help: 'HTTP responses with status ≥ 500', labelNames: ['route'], registers: [registry] });
  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the raw URL: ids and search terms stay out of label values.
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ route });
  });
  return { contentType: registry.contentType, render: () => registry.metrics() };
}
