// pino with redaction: personal data never reaches a log line (DESIGN §4).
import { pino, type Logger, type LoggerOptions } from 'pino';

/** Field names that may carry personal data or secrets anywhere in a log object. */
export const REDACTED_KEYS = [
  'password', 'newPassword', 'passwordHash', 'password_hash', 'token', 'secret', 'apiToken', 'cookie', 'authorization',
  'nationalId', 'national_id', 'idNumber', 'phone', 'phones', 'mobile', 'number', 'email', 'emails',
  'address', 'addresses', 'detail', 'street', 'reason', 'x-csrf-token',
];

const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`, `req.body.${k}`]);

/** Strip values that may be personal data (a phone number or id typed in a search box) from logged URLs. */
export function redactUrl(url: string): string {
  return url.replace(/\d{6,}[\dXx]?/g, '***');
}

type ReqLike = { method?: string; url?: string; id?: unknown; ip?: string; headers?: Record<string, unknown> };

export function createLogger(level: LoggerOptions['level'] = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths, censor: '[REDACTED]' },
      base: { svc: 'concord' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        // Fastify's request log line: method, path with digits runs masked, request id, client address. No headers.
        req: (req: ReqLike) => ({ method: req.method, url: redactUrl(String(req.url ?? '')), id: req.id, ip: req.ip }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}

export type { Logger };
