// pino with redaction: personal data never reaches a log line (DESIGN §4).
import { pino, type Logger, type LoggerOptions } from 'pino';

/** Field names that may carry personal data or secrets anywhere in a log object. */
export const REDACTED_KEYS = [
  'password', 'newPassword', 'passwordHash', 'password_hash', 'token', 'secret', 'apiToken', 'cookie', 'authorization',
  'nationalId', 'national_id', 'idNumber', 'phone', 'phones', 'mobile', 'number', 'email', 'emails',
  'address', 'addresses', 'detail', 'street', 'reason', 'x-csrf-token',
];

const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`, `req.body.${k}`]);

export function createLogger(level: LoggerOptions['level'] = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths, censor: '[REDACTED]' },
      base: { svc: 'concord' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
